import { actorOf, type NameOf as DomainNameOf, type Sentence, sentenceFor, sentenceText } from '../../domain/audit/sentence';
import type { AuditEntry } from '../app/types';

/** "Maya Okafor <lead@…>" → "Maya Okafor"; records of the system read "Candor". */
export const actorName = (entry: AuditEntry): string => actorOf(entry);

/** Resolves a user id to a name (members of the engagement), when known. */
export type NameOf = DomainNameOf;

/** The sentence about the record's object (from its own payload), with the link to the object. */
export function sentenceOf(entry: AuditEntry, engagementId = '', nameOf?: NameOf): Sentence | null {
  if (entry.redacted) return null;
  return sentenceFor(entry, engagementId, nameOf);
}

/** A one-line description of what an audit record says happened (without the actor). */
export function describeAction(entry: AuditEntry, nameOf?: NameOf): string {
  if (entry.redacted) return 'Internal record (redacted)';
  return sentenceText(sentenceFor(entry, '', nameOf));
}

export const shortHash = (h: string | null | undefined, n = 12) => (h ? `${h.slice(0, n)}…` : '—');
