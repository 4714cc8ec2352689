/**
 * The API's types, inferred from the server's zod contracts. Type-only
 * imports: no zod code reaches the browser bundle.
 */
import type { z } from 'zod';
import type * as Admin from '../../contracts/admin';
import type * as Auth from '../../contracts/auth';
import type * as Charter from '../../contracts/charter';
import type * as Common from '../../contracts/common';
import type * as Eng from '../../contracts/engagements';
import type * as Members from '../../contracts/members';
import type * as Notes from '../../contracts/notes';
import type * as Search from '../../contracts/search';

export type Role = z.infer<typeof Common.Role>;
export type Side = z.infer<typeof Common.Side>;
export type Visibility = z.infer<typeof Common.Visibility>;
export type UserRef = z.infer<typeof Common.UserRef>;

export type Me = z.infer<typeof Auth.Me>;
export type ApiToken = z.infer<typeof Auth.ApiToken>;
export type CreatedToken = z.infer<typeof Auth.CreatedToken>;

export type EngagementSummary = z.infer<typeof Eng.EngagementSummary>;
export type EngagementOverview = z.infer<typeof Eng.EngagementOverview>;
export type Outcome = z.infer<typeof Eng.Outcome>;
export type Member = z.infer<typeof Eng.Member>;
export type AuditEntry = z.infer<typeof Eng.AuditEntry>;
export type AuditPage = z.infer<typeof Eng.AuditPage>;
export type VerifyResult = z.infer<typeof Eng.VerifyResult>;
export type CharterSummary = z.infer<typeof Eng.CharterSummary>;
export type CreateEngagementInput = z.input<typeof Eng.CreateEngagementBody>;

export type CharterBody = z.infer<typeof Charter.CharterBody>;
export type CharterBodyInput = z.infer<typeof Charter.CharterBodyInput>;
export type CharterOutcome = z.infer<typeof Charter.CharterOutcome>;
export type RaciRow = z.infer<typeof Charter.RaciRow>;
export type Meeting = z.infer<typeof Charter.Meeting>;
export type EscalationLevel = z.infer<typeof Charter.EscalationLevel>;
export type CharterVersion = z.infer<typeof Charter.CharterVersion>;
export type CharterState = z.infer<typeof Charter.CharterState>;

export type Note = z.infer<typeof Notes.Note>;
export type NoteKind = z.infer<typeof Notes.NoteKind>;
export type NoteList = z.infer<typeof Notes.NoteList>;
export type CreateNoteInput = z.input<typeof Notes.CreateNoteBody>;

export type Invitation = z.infer<typeof Members.Invitation>;
export type CreatedInvitation = z.infer<typeof Members.CreatedInvitation>;
export type InvitationPreview = z.infer<typeof Members.InvitationPreview>;
export type AcceptedInvitation = z.infer<typeof Members.AcceptedInvitation>;

export type Organization = z.infer<typeof Admin.Organization>;
export type AdminUser = z.infer<typeof Admin.AdminUser>;
export type CreatedUser = z.infer<typeof Admin.CreatedUser>;
export type ResetLink = z.infer<typeof Admin.ResetLink>;

export type SearchHit = z.infer<typeof Search.SearchHit>;
export type SearchResult = z.infer<typeof Search.SearchResult>;
