import type { Kysely } from 'kysely';
import type { SubjectType } from '../../domain/comments/comments';
import type { Visibility } from '../../domain/authz/policy';
import type { EngagementAccess } from '../authz/access';
import { type ScopedTable, scoped, unscoped } from '../authz/scoped';
import type { DB } from '../db/schema';
import { notFound } from '../http/errors';

/**
 * The subject registry (ADR 0020): for each kind of object a thread can hang
 * on, how to load it for the reader through `scoped()`. The subject's
 * visibility decides the comments' effective visibility, and a subject the
 * reader cannot see (or an unknown type) is 404, never a hint that it exists.
 */
export interface Subject {
  /** The scoped table the object lives in. */
  table: ScopedTable;
  /** How the object reads in a sentence: 'the work item'. */
  noun: string;
  /** The column that names the object. */
  titleColumn: 'title' | 'name' | 'id' | 'period_start';
  /** Whether the table carries a visibility column (phases do not: every member sees them). */
  hasVisibility: boolean;
  /** The object's page in the web app. */
  link: (engagementId: string, id: string) => string;
  /**
   * Comments on this subject are blind while this answers true: each side sees
   * only its own side's comments until the subject reveals them (gate reviews:
   * until both sides have submitted). Read unscoped by the hook: it answers a
   * yes/no about the subject, never content.
   */
  blindUntil?: (db: Kysely<DB>, subjectId: string) => Promise<boolean>;
}

const base = (e: string) => `/engagements/${e}`;

export const SUBJECTS: Partial<Record<SubjectType, Subject>> = {
  work_item: { table: 'work_items', noun: 'the work item', titleColumn: 'title', hasVisibility: true, link: (e, id) => `${base(e)}/items/${id}` },
  raid_item: { table: 'raid_items', noun: 'the RAID item', titleColumn: 'title', hasVisibility: true, link: (e, id) => `${base(e)}/raid/${id}` },
  decision: { table: 'decisions', noun: 'the decision', titleColumn: 'title', hasVisibility: true, link: (e, id) => `${base(e)}/decisions/${id}` },
  commitment: { table: 'commitments', noun: 'the commitment', titleColumn: 'title', hasVisibility: true, link: (e, id) => `${base(e)}/commitments/${id}` },
  phase: { table: 'phases', noun: 'the phase', titleColumn: 'name', hasVisibility: false, link: (e) => `${base(e)}/phases` },
  recommendation: { table: 'recommendations', noun: 'the recommendation', titleColumn: 'title', hasVisibility: true, link: (e, id) => `${base(e)}/recommendations/${id}` },
  status_update: { table: 'status_updates', noun: 'the status update of the week of', titleColumn: 'period_start', hasVisibility: true, link: (e, id) => `${base(e)}/status-updates/${id}` },
  failure_report: { table: 'failure_reports', noun: 'the failure report', titleColumn: 'title', hasVisibility: true, link: (e, id) => `${base(e)}/failure-reports/${id}` },
  // a gate review's thread is blind like its answers (ADR 0015): each side sees only its own comments until both have submitted
  gate_review: {
    table: 'gate_reviews',
    noun: 'the gate review',
    titleColumn: 'id',
    hasVisibility: false,
    link: (e, id) => `${base(e)}/gate-reviews/${id}`,
    blindUntil: async (db, id) => {
      const r = await unscoped(db, 'the gate review thread asks only whether both sides have submitted')
        .selectFrom('gate_reviews')
        .select(['provider_submitted_at', 'client_submitted_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return !r?.provider_submitted_at || !r.client_submitted_at;
    },
  },
};

/** Registers (or replaces) a subject type: for tables that land after this module (status updates, gate reviews). */
export function registerSubject(type: SubjectType, subject: Subject) {
  SUBJECTS[type] = subject;
}

export interface LoadedSubject {
  type: SubjectType;
  id: string;
  title: string;
  visibility: Visibility;
  subject: Subject;
}

// biome-ignore lint/suspicious/noExplicitAny: the table comes from the registry, so the builder is untyped here
type AnyBuilder = any;

/** The subject as the reader may see it, or 404 (unknown type, no such object, or not visible to the reader). */
export async function loadSubject(db: Kysely<DB>, access: EngagementAccess, type: SubjectType, id: string): Promise<LoadedSubject> {
  const subject = SUBJECTS[type];
  if (!subject) throw notFound('Nothing to comment on here');
  const cols = [`${subject.table}.id`, `${subject.table}.${subject.titleColumn} as title`];
  if (subject.hasVisibility) cols.push(`${subject.table}.visibility`);
  const row = await (scoped(db, access, subject.table) as AnyBuilder).select(cols).where(`${subject.table}.id`, '=', id).executeTakeFirst();
  if (!row) throw notFound('Nothing to comment on here');
  return { type, id, title: String(row.title), visibility: subject.hasVisibility ? row.visibility : 'shared', subject };
}
