import type { AuditEntry } from '../app/types';

const rec = (x: unknown): Record<string, unknown> => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {});
const str = (x: unknown) => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '');
const quoted = (x: unknown) => (str(x) ? `“${str(x)}”` : '');

/** "Maya Okafor <lead@…>" → "Maya Okafor". */
export function actorName(entry: AuditEntry): string {
  const label = entry.actor?.label ?? 'system';
  return label.replace(/\s*<[^>]*>$/, '') || label;
}

/** Resolves a user id to a name (members of the engagement), when known. */
export type NameOf = (userId: string) => string | undefined;

/** A one-line, human description of what an audit record says happened. */
export function describeAction(entry: AuditEntry, nameOf?: NameOf): string {
  if (entry.redacted) return 'Internal record (redacted)';
  const before = rec(entry.before);
  const after = rec(entry.after);
  const who = entry.object?.type === 'user' ? nameOf?.(entry.object.id) : undefined;
  switch (entry.action) {
    case 'engagement.created':
      return `started the engagement ${quoted(after.name)}`.trim();
    case 'engagement.updated':
      return `changed the engagement (${Object.keys(after).join(', ')})`;
    case 'charter.proposed':
      return `proposed charter version ${str(after.version)}`;
    case 'charter.accepted':
      return `accepted charter version ${str(after.version)} for the ${str(after.side)} side`;
    case 'charter.agreed':
      return `accepted charter version ${str(after.version)}: the charter is agreed`;
    case 'charter.withdrawn':
      return `withdrew charter version ${str(after.version)}`;
    case 'note.created':
      return `wrote the note ${quoted(after.title)}`;
    case 'note.updated':
      return `edited the note ${quoted(after.title ?? before.title)}`;
    case 'note.deleted':
      return `deleted the note ${quoted(before.title)}`;
    case 'outcome.measured':
      return `recorded an outcome value: ${str(before.current)} → ${str(after.current)}`;
    case 'member.added':
      return who ? `added ${who} as ${str(after.role)}` : `added a member as ${str(after.role)}`;
    case 'member.joined':
      return 'joined the engagement';
    case 'member.removed':
      return who ? `removed ${who} (${str(before.role)})` : `removed a member (${str(before.role)})`;
    case 'invitation.created':
      return `invited ${str(after.email)} as ${str(after.role)}`;
    case 'invitation.revoked':
      return `revoked the invitation of ${str(before.email)}`;
    case 'organization.created':
      return `created the organization ${quoted(after.name)}`;
    case 'organization.renamed':
      return `renamed an organization from ${quoted(before.name)} to ${quoted(after.name)}`;
    case 'user.created':
      return `created the account of ${str(after.email)}`;
    case 'user.updated':
      return `changed an account (${Object.keys(after).join(', ')})`;
    case 'user.password_changed':
      return 'changed their password';
    case 'user.password_reset':
      return 'reset a password with a link';
    case 'api_token.created':
      return `created the API token ${quoted(after.name)}`;
    case 'api_token.revoked':
      return `revoked the API token ${quoted(before.name)}`;
    default:
      return entry.action ? entry.action.replace(/[._]/g, ' ') : 'unknown change';
  }
}

export const shortHash = (h: string | null | undefined, n = 12) => (h ? `${h.slice(0, n)}…` : '—');
