import { z } from 'zod';
import { Email, Id, IsoDateTime, OrgKind, Password, Text } from './common';

export const SignInBody = z.strictObject({ email: Email, password: z.string().min(1, 'is required').max(256) });

export const Me = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  org: z.object({ id: Id, name: z.string(), kind: OrgKind }).nullable(),
});
export type Me = z.infer<typeof Me>;

export const SessionResponse = z.object({ user: Me });

export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: Password });
export const ForgotPasswordBody = z.strictObject({ email: Email });
export const ResetPasswordBody = z.strictObject({ token: z.string().min(10).max(200), newPassword: Password });

export const CreateTokenBody = z.strictObject({ name: Text(100) });
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});
export const CreatedToken = z.object({ token: ApiToken, secret: z.string().describe('Shown once; store it now.') });
export const TokenList = z.object({ tokens: z.array(ApiToken) });
