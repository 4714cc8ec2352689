/**
 * The communication coach on the server: checking a text (never stored or
 * logged), counting dismissals per rule, and the engagement glossary.
 */
import { type CheckOptions, coach, type OptionalCategory } from '../../domain/coach';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { scoped } from '../authz/scoped';
import { can } from '../../domain/authz/policy';
import type { GlossaryTermsTable } from '../db/schema';
import { newId } from '../ids';
import type { Deps } from '../http/context';
import { conflict, notFound } from '../http/errors';

export async function glossaryTermsOf(deps: Deps, access: EngagementAccess): Promise<string[]> {
  const rows = await scoped(deps.db, access, 'glossary_terms').select('term').execute();
  return rows.map((r) => r.term);
}

export interface CheckInput {
  text: string;
  audience: 'client' | 'team';
  include: OptionalCategory[];
}

/** Checks a text; with an engagement, its glossary terms are not flagged. */
export async function checkText(deps: Deps, access: EngagementAccess | null, input: CheckInput) {
  const options: CheckOptions = { audience: input.audience, include: input.include };
  if (access) options.glossary = await glossaryTermsOf(deps, access);
  return { flags: coach(input.text, options) };
}

/** Counts one dismissal of a rule, with the optional reason: nothing about the text or who dismissed it. */
export async function recordDismissal(deps: Deps, input: { category: string; rule: string; reason?: string | undefined }) {
  const now = deps.clock.now().toISOString();
  const reason = input.reason?.trim() ?? '';
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('coach_rule_dismissals')
      .values({ rule: input.rule, category: input.category, dismissals: 1, last_dismissed_at: now })
      .onConflict((oc) => oc.column('rule').doUpdateSet((eb) => ({ dismissals: eb('coach_rule_dismissals.dismissals', '+', 1), last_dismissed_at: now })))
      .execute();
    if (reason) await trx.insertInto('coach_dismissal_reasons').values({ id: newId(), rule: input.rule, reason, created_at: now }).execute();
    const row = await trx.selectFrom('coach_rule_dismissals').select(['rule', 'category', 'dismissals']).where('rule', '=', input.rule).executeTakeFirstOrThrow();
    return { rule: row.rule, category: row.category as never, dismissals: Number(row.dismissals) };
  });
}

/** For the admin: dismissals per rule, most dismissed first, with the latest reasons. */
export async function dismissalStats(deps: Deps) {
  const rules = await deps.db.selectFrom('coach_rule_dismissals').selectAll().orderBy('dismissals', 'desc').orderBy('rule').execute();
  const reasons = await deps.db.selectFrom('coach_dismissal_reasons').select(['rule', 'reason', 'created_at']).orderBy('id', 'desc').limit(2000).execute();
  const byRule = new Map<string, { reason: string; at: string }[]>();
  for (const r of reasons) {
    const list = byRule.get(r.rule) ?? [];
    if (list.length < 20) list.push({ reason: r.reason, at: r.created_at });
    byRule.set(r.rule, list);
  }
  return {
    rules: rules.map((r) => ({
      rule: r.rule,
      category: r.category as never,
      dismissals: Number(r.dismissals),
      lastDismissedAt: r.last_dismissed_at,
      reasons: byRule.get(r.rule) ?? [],
    })),
  };
}

const presentTerm = (t: GlossaryTermsTable) => ({ id: t.id, term: t.term, explanation: t.explanation, createdAt: t.created_at, updatedAt: t.updated_at });

export async function listGlossary(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'glossary_terms').selectAll().orderBy('term_key').execute();
  return { terms: rows.map(presentTerm), canEdit: can(access.role, 'glossary.write') };
}

const termTaken = (term: string) => conflict(`The glossary already explains "${term}"`, [{ field: 'term', message: 'is already in the glossary' }]);

export async function addGlossaryTerm(deps: Deps, access: EngagementAccess, input: { term: string; explanation: string }) {
  const now = deps.clock.now().toISOString();
  const row: GlossaryTermsTable = {
    id: newId(),
    engagement_id: access.engagementId,
    term: input.term,
    term_key: input.term.toLowerCase(),
    explanation: input.explanation,
    created_by: access.actor.userId,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    const dup = await scoped(trx, access, 'glossary_terms').select('id').where('term_key', '=', row.term_key).executeTakeFirst();
    if (dup) throw termTaken(input.term);
    await trx.insertInto('glossary_terms').values(row).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'glossary.term_added',
      object: { type: 'glossary_term', id: row.id },
      visibility: 'shared',
      before: null,
      after: input,
    });
  });
  return presentTerm(row);
}

export async function updateGlossaryTerm(deps: Deps, access: EngagementAccess, termId: string, patch: { term?: string | undefined; explanation?: string | undefined }) {
  return deps.db.transaction().execute(async (trx) => {
    const t = await scoped(trx, access, 'glossary_terms').selectAll().where('id', '=', termId).executeTakeFirst();
    if (!t) throw notFound('Glossary term not found');
    const term = patch.term ?? t.term;
    const explanation = patch.explanation ?? t.explanation;
    const key = term.toLowerCase();
    if (key !== t.term_key) {
      const dup = await scoped(trx, access, 'glossary_terms').select('id').where('term_key', '=', key).executeTakeFirst();
      if (dup) throw termTaken(term);
    }
    const updated_at = deps.clock.now().toISOString();
    await trx.updateTable('glossary_terms').set({ term, term_key: key, explanation, updated_at }).where('id', '=', t.id).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'glossary.term_updated',
      object: { type: 'glossary_term', id: t.id },
      visibility: 'shared',
      before: { term: t.term, explanation: t.explanation },
      after: { term, explanation },
    });
    return presentTerm({ ...t, term, term_key: key, explanation, updated_at });
  });
}

export async function removeGlossaryTerm(deps: Deps, access: EngagementAccess, termId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const t = await scoped(trx, access, 'glossary_terms').selectAll().where('id', '=', termId).executeTakeFirst();
    if (!t) throw notFound('Glossary term not found');
    await trx.deleteFrom('glossary_terms').where('id', '=', t.id).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'glossary.term_removed',
      object: { type: 'glossary_term', id: t.id },
      visibility: 'shared',
      before: { term: t.term, explanation: t.explanation },
      after: null,
    });
  });
}
