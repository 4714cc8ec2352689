/**
 * Table types for Kysely. The same shapes on SQLite and PostgreSQL: ids are
 * text (UUIDv7), timestamps ISO-8601 UTC text, booleans 0/1 integers, JSON as
 * text. That keeps sorting and comparison identical on both engines.
 */
export type Visibility = 'shared' | 'internal';
export type OrgKind = 'provider' | 'client';
export type EngagementRole = 'lead' | 'member' | 'sponsor' | 'stakeholder';

export interface OrganizationsTable {
  id: string;
  name: string;
  kind: OrgKind;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  is_admin: number;
  org_id: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  id: string; // keyed hash of the cookie token
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface EngagementsTable {
  id: string;
  name: string;
  summary: string;
  provider_org_id: string;
  client_org_id: string;
  status: 'active' | 'closed';
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  engagement_id: string;
  user_id: string;
  role: EngagementRole;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  engagement_id: string;
  email: string;
  role: EngagementRole;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

export interface CharterVersionsTable {
  id: string;
  engagement_id: string;
  version: number;
  body: string; // JSON of CharterBody
  note: string;
  status: 'proposed' | 'agreed' | 'superseded' | 'withdrawn';
  proposed_by: string;
  created_at: string;
  provider_accepted_by: string | null;
  provider_accepted_at: string | null;
  client_accepted_by: string | null;
  client_accepted_at: string | null;
  agreed_at: string | null;
}

export interface OutcomesTable {
  id: string;
  engagement_id: string;
  title: string;
  indicator: string;
  unit: string;
  baseline: number;
  target: number;
  current: number;
  due_date: string | null;
  position: number;
  archived: number;
  created_at: string;
  updated_at: string;
}

export interface NotesTable {
  id: string;
  engagement_id: string;
  kind: 'meeting' | 'working';
  title: string;
  body: string;
  visibility: Visibility;
  meeting_date: string | null;
  author_id: string;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  chain_id: string; // an engagement id, or 'instance'
  seq: number;
  at: string;
  payload: string; // canonical JSON of the record's payload
  payload_hash: string;
  prev_hash: string;
  hash: string;
  visibility: Visibility;
  action: string;
  actor_id: string | null;
  object_type: string;
  object_id: string;
}

export interface AuditHeadsTable {
  chain_id: string;
  seq: number;
  hash: string;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  engagements: EngagementsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  charter_versions: CharterVersionsTable;
  outcomes: OutcomesTable;
  notes: NotesTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
}
