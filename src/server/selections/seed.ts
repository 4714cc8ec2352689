import { unscoped } from '../authz/scoped';
import { appendAudit, INSTANCE_CHAIN } from '../audit/append';
import { selectionAccessFor } from '../authz/selection-access';
import type { SeedTimeline } from '../db/seed/timeline';
import type { Actor } from '../http/context';
import { newId } from '../ids';
import { addCandidate, addEvaluator, addEvidence, createSelection, decideSelection, linkSelectionToEngagement, raiseRedFlag, saveScores, setRedFlagRules } from './service';

type Key = 'sponsor' | 'stakeholder';

// criteria in the template's order: business_understanding, collaboration_clarity, risk_openness, beyond_scope, outcomes_focus, proactive_communication
const KEYS = ['business_understanding', 'collaboration_clarity', 'risk_openness', 'beyond_scope', 'outcomes_focus', 'proactive_communication'] as const;
/** Scores per evaluator per candidate; the evaluators disagree on one criterion only (risk openness, for Brightline). */
const SCORES: Record<'sponsor' | 'stakeholder' | 'ops', Record<'brightline' | 'nordcode' | 'kestrel', number[]>> = {
  sponsor: { brightline: [5, 4, 4, 4, 4, 4], nordcode: [3, 3, 3, 3, 3, 3], kestrel: [3, 3, 2, 3, 2, 3] },
  stakeholder: { brightline: [4, 4, 2, 4, 4, 4], nordcode: [3, 3, 3, 2, 3, 3], kestrel: [2, 3, 2, 3, 2, 2] },
  ops: { brightline: [5, 4, 5, 4, 4, 4], nordcode: [3, 4, 3, 3, 3, 3], kestrel: [3, 3, 3, 3, 2, 3] },
};
const COMMENTS: Partial<Record<'sponsor' | 'stakeholder' | 'ops', Partial<Record<(typeof KEYS)[number], string>>>> = {
  stakeholder: { risk_openness: 'The proposal names no risk of the carrier integrations; we had to ask.' },
  ops: { risk_openness: 'They opened the workshop with the three things most likely to go wrong.' },
  sponsor: { business_understanding: 'First to ask about our seasonal peaks before talking about screens.' },
};

/**
 * The partner selection that came before the demo engagement (issue 15): Fjord
 * Logistics scored Brightline Software against two other candidates with
 * three evaluators, who disagree on risk openness; Brightline was chosen, and
 * the engagement it started is linked as its origin.
 */
export function seedSelection(t: SeedTimeline, actor: (key: Key) => Actor, engagementId: () => string) {
  const deps = t.deps;
  const ids = { selection: '', brightline: '', nordcode: '', kestrel: '' };
  let ops: Actor;
  const owner = () => selectionAccessFor(actor('sponsor'), ids.selection, ['owner', 'evaluator'], 'selection.manage');
  const as = (who: Actor, roles: ('owner' | 'evaluator')[]) => selectionAccessFor(who, ids.selection, roles, 'selection.read');

  t.on(t.at(-63, 10), 'selection: a third evaluator at Fjord Logistics', async () => {
    const sponsor = actor('sponsor');
    const now = deps.clock.now().toISOString();
    const id = newId();
    ops = { userId: id, email: 'ops@fjord.demo.candor.dev', name: 'Lena Dahl', isAdmin: false, orgId: sponsor.orgId, via: 'session' };
    await deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values({ id, email: ops.email, name: ops.name, password_hash: null, is_admin: 0, org_id: sponsor.orgId, created_at: now, disabled_at: null }).execute();
      await appendAudit(trx, deps, { chain: INSTANCE_CHAIN, actor: null, action: 'user.created', object: { type: 'user', id }, visibility: 'internal', before: null, after: { email: ops.email, name: ops.name, isAdmin: false, seed: 'demo' } });
    });
  });

  t.on(t.at(-63, 10, 30), 'selection: started with candidates and evaluators', async () => {
    const s = await createSelection(deps, actor('sponsor'), { title: 'Customer portal partner' });
    ids.selection = s.id;
    const brightline = await unscoped(deps.db, 'the demo seed').selectFrom('organizations').select('id').where('name', '=', 'Brightline Software').executeTakeFirstOrThrow();
    ids.brightline = (await addCandidate(deps, owner(), { providerOrgId: brightline.id })).id;
    ids.nordcode = (await addCandidate(deps, owner(), { name: 'Nordcode AS' })).id;
    ids.kestrel = (await addCandidate(deps, owner(), { name: 'Kestrel Apps' })).id;
    await addEvaluator(deps, owner(), actor('sponsor').userId);
    await addEvaluator(deps, owner(), actor('stakeholder').userId);
    await addEvaluator(deps, owner(), ops.userId);
  });

  t.on(t.at(-62, 14), 'selection: evidence from the proposals and workshops', async () => {
    const o = owner();
    await addEvidence(deps, o, ids.brightline, { kind: 'note', title: 'Workshop, 2 hours', body: 'Asked about our seasonal peaks and the service desk’s call volume before showing anything. Explained their weekly demo and how we escalate.' });
    await addEvidence(deps, o, ids.brightline, { kind: 'document', title: 'Proposal (summary)', fileName: 'brightline-proposal.md', contentType: 'text/markdown', data: Buffer.from('# Customer portal\n\nPhases: discovery, tracking, invoicing. Risks: carrier APIs, data quality of the 2014 portal.\n').toString('base64') });
    await addEvidence(deps, o, ids.nordcode, { kind: 'note', title: 'Sales call', body: 'Every question answered with “yes, by March”.' });
    await addEvidence(deps, o, ids.kestrel, { kind: 'link', title: 'Rate card', url: 'https://example.com/kestrel-rates' });
  });

  t.on(t.at(-61, 11), 'selection: red flags and the rule', async () => {
    await raiseRedFlag(deps, as(actor('stakeholder'), ['evaluator']), ids.nordcode, { kind: 'yes_to_everything', evidence: 'Sales call: “we can do all of it by March”, with no question back about scope.' });
    await raiseRedFlag(deps, owner(), ids.kestrel, { kind: 'hours_and_rates_only', evidence: 'The proposal is a rate card and an hour estimate; no outcomes.' });
    await setRedFlagRules(deps, owner(), { rules: [{ kind: 'yes_to_everything', effect: 'cost', points: 10 }] });
  });

  const score = (who: 'sponsor' | 'stakeholder' | 'ops', at: Date) =>
    t.on(at, `selection: ${who} scores`, async () => {
      const a = who === 'ops' ? ops : actor(who);
      const access = selectionAccessFor(a, ids.selection, who === 'sponsor' ? ['owner', 'evaluator'] : ['evaluator'], 'selection.score');
      for (const c of ['brightline', 'nordcode', 'kestrel'] as const) {
        const scores = KEYS.map((criterion, i) => ({ criterion, score: SCORES[who][c][i]!, comment: c === 'brightline' ? (COMMENTS[who]?.[criterion] ?? '') : '' }));
        await saveScores(deps, access, { candidateId: ids[c], scores, submit: true });
      }
    });
  score('stakeholder', t.at(-58, 16));
  score('ops', t.at(-57, 9, 30));
  score('sponsor', t.at(-56, 15));

  t.on(t.at(-54, 10), 'selection: decided', async () => {
    await decideSelection(deps, owner(), {
      candidateId: ids.brightline,
      reasons: 'Brightline understood our business, not only the screens, and was the only candidate to raise the carrier-integration risk themselves. We discuss their risk openness, where we disagreed, at the first gate review.',
    });
  });

  t.on(t.at(-44, 11), 'selection: the engagement it led to', async () => {
    await linkSelectionToEngagement(deps, owner(), engagementId());
  });
}
