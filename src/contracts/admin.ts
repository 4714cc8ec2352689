import { z } from 'zod';
import { Email, Id, IsoDateTime, OrgKind, Text } from './common';

export const Organization = z.object({ id: Id, name: z.string(), kind: OrgKind, createdAt: IsoDateTime, users: z.number().int() });
export const OrganizationList = z.object({ organizations: z.array(Organization) });
export const CreateOrganizationBody = z.strictObject({ name: Text(160), kind: OrgKind });
export const UpdateOrganizationBody = z.strictObject({ name: Text(160) });
export const OrgParams = z.strictObject({ orgId: Id });

export const AdminUser = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  org: z.object({ id: Id, name: z.string(), kind: OrgKind }).nullable(),
  createdAt: IsoDateTime,
  disabled: z.boolean(),
  engagements: z.number().int(),
});
export const AdminUserList = z.object({ users: z.array(AdminUser) });
export const CreateUserBody = z.strictObject({
  email: Email,
  name: Text(120),
  orgId: Id.nullable().default(null),
  isAdmin: z.boolean().default(false),
});
export const UpdateUserBody = z.strictObject({
  name: Text(120).optional(),
  orgId: Id.nullable().optional(),
  isAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
export const UserParams = z.strictObject({ userId: Id });
export const CreatedUser = z.object({
  user: AdminUser,
  emailed: z.boolean(),
  link: z.string().nullable().describe('Set-password link, shown when no e-mail was sent'),
});
export const ResetLink = z.object({ emailed: z.boolean(), link: z.string().nullable() });
