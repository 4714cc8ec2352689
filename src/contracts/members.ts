import { z } from 'zod';
import { Email, Id, IsoDateTime, OrgKind, Password, Role, Text, UserRef } from './common';

export const Invitation = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  invitedBy: UserRef,
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
});
export const InvitationList = z.object({ invitations: z.array(Invitation) });

export const CreateInvitationBody = z.strictObject({
  email: Email,
  role: Role,
  expiresInDays: z.number().int().min(1).max(60).default(14),
});
export const CreatedInvitation = z.object({
  invitation: Invitation,
  emailed: z.boolean(),
  link: z.string().nullable().describe('The invitation link, shown to the inviter when no e-mail was sent'),
});
export const InvitationParams = z.strictObject({ id: Id, invitationId: Id });

export const InvitationToken = z.strictObject({ token: z.string().min(10).max(200) });
export const InvitationPreview = z.object({
  engagementName: z.string(),
  organization: z.object({ name: z.string(), kind: OrgKind }),
  role: Role,
  email: z.string(),
  invitedBy: z.string(),
  expiresAt: IsoDateTime,
  accountExists: z.boolean(),
});
export const AcceptInvitationBody = z.strictObject({
  name: Text(120).optional(),
  password: Password.optional(),
});
export const AcceptedInvitation = z.object({ engagementId: Id, signedIn: z.boolean() });
