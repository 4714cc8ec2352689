import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DEMO_PASSWORD, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { scoresHash } from '../../domain/selection/handoff';
import { unscoped } from '../authz/scoped';
import { verifyChain } from '../audit/service';
import { hashPassword } from '../auth/passwords';
import { newId } from '../ids';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in this test
type Json = Record<string, any>;

const KEYS = ['business_understanding', 'collaboration_clarity', 'risk_openness', 'beyond_scope', 'outcomes_focus', 'proactive_communication'];
const DRAFT_SECRET = 'EVAL-draft-7731';
const SUBMIT_SECRET = 'EVAL-submit-5520';

describe.skipIf(pgMissing)('partner selection', () => {
  let ctx: TestContext;
  let otherCookie: string;
  let otherUserId: string;
  let S: string;
  const cand: Record<string, string> = {};
  const url = (path = '') => `/api/v1/selections/${S}${path}`;
  type Who = DemoKey | 'other' | null;
  const call = async (who: Who, method: 'GET' | 'POST' | 'PUT', u: string, payload?: object) => {
    if (who === 'other') return ctx.app.inject({ method, url: u, headers: { cookie: otherCookie }, ...(payload ? { payload } : {}) });
    return ctx.as(who, { method, url: u, ...(payload ? { payload } : {}) });
  };
  const ok = async (who: Who, method: 'GET' | 'POST' | 'PUT', u: string, payload?: object, status = 200): Promise<Json> => {
    const res = await call(who, method, u, payload);
    if (res.statusCode !== status) throw new Error(`${method} ${u} as ${who}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const refused = async (who: Who, method: 'GET' | 'POST' | 'PUT', u: string, payload: object | undefined, status: number, field?: string) => {
    const res = await call(who, method, u, payload);
    expect(res.statusCode, `${method} ${u} as ${who}: ${res.body}`).toBe(status);
    if (field) expect(res.json().error.details.map((d: Json) => d.field)).toContain(field);
    return res.json();
  };
  const all = (score: number, comment = '') => KEYS.map((criterion) => ({ criterion, score, comment }));

  beforeAll(async () => {
    ctx = await createTestContext();
    // a user of another client organization
    const now = ctx.clock.now().toISOString();
    const orgId = newId();
    otherUserId = newId();
    await ctx.deps.db.insertInto('organizations').values({ id: orgId, name: 'Harbour Freight', kind: 'client', created_at: now }).execute();
    await ctx.deps.db
      .insertInto('users')
      .values({ id: otherUserId, email: 'cto@harbour.test', name: 'Other Client', password_hash: await hashPassword(DEMO_PASSWORD), is_admin: 0, org_id: orgId, created_at: now, disabled_at: null })
      .execute();
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'cto@harbour.test', password: DEMO_PASSWORD } });
    otherCookie = `candor_session=${res.cookies.find((c) => c.name === 'candor_session')!.value}`;
  });
  afterAll(() => ctx?.close());

  it('the demo holds a finished selection: Fjord chose Brightline over two others; three evaluators disagree on one criterion', async () => {
    const list = (await ok('sponsor', 'GET', '/api/v1/selections')).selections as Json[];
    const demo = list.find((x) => x.title === 'Customer portal partner')!;
    expect(demo).toMatchObject({ status: 'decided', decidedCandidate: 'Brightline Software', candidates: 3, evaluators: 3, clientOrg: { name: 'Fjord Logistics' } });
    const detail = await ok('stakeholder', 'GET', `/api/v1/selections/${demo.id}`);
    expect(detail.engagementId).toBe(ctx.seed.engagementId);
    expect(detail.scores).toHaveLength(3 * 3 * 6);
    const r = await ok('sponsor', 'GET', `/api/v1/selections/${demo.id}/results`);
    expect(r.ranking[0]).toMatchObject({ name: 'Brightline Software', rank: 1 });
    expect(r.disagreements.map((d: Json) => `${d.criterion}`)).toEqual(['risk_openness']);
    expect(r.agreement.byCriterion.risk_openness.alpha).toBeLessThan(r.agreement.alpha);
    expect((await verifyChain(ctx.deps.db, demo.id)).ok).toBe(true);
    const baseline = (await ok('lead', 'GET', `/api/v1/engagements/${ctx.seed.engagementId}/selection-baseline`)).baseline;
    expect(baseline.criteria.find((c: Json) => c.key === 'risk_openness')).toMatchObject({ min: 2, max: 5 });
    // the candidate's own users never see the selection
    for (const who of ['lead', 'member', 'admin'] as const) expect((await call(who, 'GET', `/api/v1/selections/${demo.id}`)).statusCode).toBe(404);
  });

  it('any user of a client organization starts one; provider users and the admin get 403; the weights must sum to 100', async () => {
    await refused('lead', 'POST', '/api/v1/selections', { title: 'Not ours' }, 403);
    await refused('admin', 'POST', '/api/v1/selections', { title: 'Not ours' }, 403);
    await refused('sponsor', 'POST', '/api/v1/selections', { title: 'Bad weights', criteria: [{ key: 'a', label: 'A', weight: 50 }, { key: 'b', label: 'B', weight: 40 }] }, 400, 'criteria');
    await refused('sponsor', 'POST', '/api/v1/selections', { title: 'Dup', criteria: [{ key: 'a', label: 'A', weight: 50 }, { key: 'a', label: 'B', weight: 50 }] }, 400, 'criteria.1.key');
    const created = await ok('sponsor', 'POST', '/api/v1/selections', { title: 'Route planning partner' }, 201);
    S = created.id;
    expect(created).toMatchObject({ status: 'draft', myRoles: ['owner'], scoringStarted: false, decision: null });
    expect(created.criteria.map((c: Json) => c.key)).toEqual(KEYS);
    expect(created.criteria.reduce((a: number, c: Json) => a + c.weight, 0)).toBe(100);
    expect((await ok('sponsor', 'GET', '/api/v1/selections')).selections.map((s: Json) => s.id)).toContain(S);
    for (const who of ['stakeholder', 'lead', 'admin'] as const) expect((await ok(who, 'GET', '/api/v1/selections')).selections.map((s: Json) => s.id)).not.toContain(S);
  });

  it('candidates, evaluators, evidence, red flags and rules; bad input names the field', async () => {
    const dir = await ok('sponsor', 'GET', '/api/v1/selection-directory');
    const brightline = dir.providers.find((p: Json) => p.name === 'Brightline Software');
    expect(dir.colleagues.map((c: Json) => c.email)).toContain('stakeholder@demo.candor.dev');
    expect(dir.colleagues.map((c: Json) => c.email)).not.toContain('cto@harbour.test');
    await refused('lead', 'GET', '/api/v1/selection-directory', undefined, 403);

    cand.brightline = (await ok('sponsor', 'POST', url('/candidates'), { providerOrgId: brightline.id }, 201)).id;
    cand.nordcode = (await ok('sponsor', 'POST', url('/candidates'), { name: 'Nordcode' }, 201)).id;
    cand.kestrel = (await ok('sponsor', 'POST', url('/candidates'), { name: 'Kestrel Apps' }, 201)).id;
    await refused('sponsor', 'POST', url('/candidates'), {}, 400, 'name');
    const clientOrg = (await ctx.deps.db.selectFrom('organizations').select('id').where('name', '=', 'Fjord Logistics').executeTakeFirstOrThrow()).id;
    await refused('sponsor', 'POST', url('/candidates'), { providerOrgId: clientOrg }, 400, 'providerOrgId');
    await refused('sponsor', 'POST', url('/candidates'), { providerOrgId: brightline.id }, 409);

    const stakeholder = dir.colleagues.find((c: Json) => c.email === 'stakeholder@demo.candor.dev');
    const sponsor = dir.colleagues.find((c: Json) => c.email === 'sponsor@demo.candor.dev');
    await refused('sponsor', 'POST', url('/evaluators'), { userId: otherUserId }, 400, 'userId');
    await refused('sponsor', 'POST', url('/evaluators'), { userId: ctx.seed.users.lead }, 400, 'userId');
    expect(await ok('sponsor', 'POST', url('/evaluators'), { userId: stakeholder.id }, 201)).toMatchObject({ roles: ['evaluator'] });
    expect(await ok('sponsor', 'POST', url('/evaluators'), { userId: sponsor.id }, 201)).toMatchObject({ roles: ['owner', 'evaluator'] });
    // an evaluator does not manage
    await refused('stakeholder', 'POST', url('/candidates'), { name: 'Someone' }, 403);

    await ok('stakeholder', 'POST', url(`/candidates/${cand.nordcode}/red-flags`), { kind: 'yes_to_everything', evidence: 'Proposal p. 4: “we can do all of it by March”' }, 201);
    await ok('sponsor', 'POST', url(`/candidates/${cand.kestrel}/red-flags`), { kind: 'unclear_governance', evidence: 'No escalation path in the proposal' }, 201);
    await refused('sponsor', 'POST', url(`/candidates/${cand.kestrel}/red-flags`), { kind: 'too_cheap', evidence: 'x' }, 400, 'kind');
    await refused('sponsor', 'PUT', url('/red-flag-rules'), { rules: [{ kind: 'yes_to_everything', effect: 'cost' }] }, 400, 'rules.0.points');
    expect(await ok('sponsor', 'PUT', url('/red-flag-rules'), { rules: [{ kind: 'yes_to_everything', effect: 'cost', points: 10 }] })).toEqual({
      rules: [{ kind: 'yes_to_everything', effect: 'cost', points: 10 }],
    });

    await ok('sponsor', 'POST', url(`/candidates/${cand.brightline}/evidence`), { kind: 'note', title: 'Workshop', body: 'Asked about our seasonal peaks first.' }, 201);
    await ok('sponsor', 'POST', url(`/candidates/${cand.brightline}/evidence`), { kind: 'link', title: 'Case study', url: 'https://example.com/case' }, 201);
    await refused('sponsor', 'POST', url(`/candidates/${cand.brightline}/evidence`), { kind: 'link', title: 'x', url: 'javascript:alert(1)' }, 400, 'url');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const doc = await ok('stakeholder', 'POST', url(`/candidates/${cand.brightline}/evidence`), { kind: 'document', title: 'Proposal', fileName: 'proposal.pdf', contentType: 'application/pdf', data: pdf.toString('base64') }, 201);
    expect(doc).toMatchObject({ kind: 'document', size: pdf.length, contentType: 'application/pdf' });
    await refused('sponsor', 'POST', url(`/candidates/${cand.brightline}/evidence`), { kind: 'document', title: 'Zip', fileName: 'a.zip', contentType: 'application/zip', data: pdf.toString('base64') }, 400, 'contentType');
    await refused('sponsor', 'POST', url(`/candidates/${cand.brightline}/evidence`), { kind: 'document', title: 'Fake', fileName: 'a.pdf', contentType: 'application/pdf', data: Buffer.from('MZ not a pdf').toString('base64') }, 400, 'data');
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0x41);
    big.write('%PDF-');
    const tooBig = await call('sponsor', 'POST', url(`/candidates/${cand.brightline}/evidence`), { kind: 'document', title: 'Big', fileName: 'big.pdf', contentType: 'application/pdf', data: big.toString('base64') });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.details[0].field).toBe('data');
    const file = await call('stakeholder', 'GET', url(`/candidates/${cand.brightline}/evidence/${doc.id}/file`));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('proposal.pdf');
    expect(Buffer.from(file.rawPayload).equals(pdf)).toBe(true);
  });

  it('results are refused before any evaluator submitted', async () => {
    await refused('sponsor', 'GET', url('/results'), undefined, 409, 'scores');
  });

  it('scoring is blind per candidate until the evaluator submits it; bad scores name the field', async () => {
    await refused('stakeholder', 'POST', url('/scores'), { candidateId: cand.brightline, scores: [{ criterion: 'risk_openness', score: 6, comment: '' }] }, 400, 'scores.0.score');
    await refused('stakeholder', 'POST', url('/scores'), { candidateId: cand.brightline, scores: [{ criterion: 'risk_openness', score: 0, comment: '' }] }, 400, 'scores.0.score');
    await refused('stakeholder', 'POST', url('/scores'), { candidateId: cand.brightline, scores: [{ criterion: 'price', score: 3, comment: '' }] }, 400, 'scores.0.criterion');
    await refused('stakeholder', 'POST', url('/scores'), { candidateId: cand.brightline, scores: [{ criterion: 'risk_openness', score: 3, comment: '' }], submit: true }, 400, 'scores');
    // nothing of the refused submit was written
    expect((await ok('stakeholder', 'GET', url())).scores).toEqual([]);

    const draft = await ok('stakeholder', 'POST', url('/scores'), { candidateId: cand.brightline, scores: [{ criterion: 'risk_openness', score: 2, comment: DRAFT_SECRET }] });
    expect(draft.status).toBe('scoring');
    expect(draft.scores).toHaveLength(1);
    expect(draft.scores[0]).toMatchObject({ criterion: 'risk_openness', score: 2, submittedAt: null });
    // the owner-evaluator sees nothing of it, by the detail or the results
    expect(JSON.stringify(await ok('sponsor', 'GET', url()))).not.toContain(DRAFT_SECRET);

    // the stakeholder submits every candidate
    await ok('stakeholder', 'POST', url('/scores'), { candidateId: cand.brightline, scores: [...all(4).filter((s) => s.criterion !== 'risk_openness'), { criterion: 'risk_openness', score: 2, comment: SUBMIT_SECRET }], submit: true });
    await ok('stakeholder', 'POST', url('/scores'), { candidateId: cand.nordcode, scores: all(3), submit: true });
    await ok('stakeholder', 'POST', url('/scores'), { candidateId: cand.kestrel, scores: all(2, 'thin on governance'), submit: true });
    await refused('stakeholder', 'POST', url('/scores'), { candidateId: cand.kestrel, scores: all(5), submit: false }, 409);

    // the sponsor evaluates too: blind until she submits, results refused to her until then
    const blind = await ok('sponsor', 'GET', url());
    expect(blind.scores).toEqual([]);
    expect(JSON.stringify(blind)).not.toContain(SUBMIT_SECRET);
    expect(blind.members.find((m: Json) => m.user.email === 'stakeholder@demo.candor.dev').submitted).toHaveLength(3);
    await refused('sponsor', 'GET', url('/results'), undefined, 409, 'scores');
    // the stakeholder, having submitted all, reads results already (only its own scores so far)
    expect((await ok('stakeholder', 'GET', url('/results'))).submittedBy).toBe(1);

    await ok('sponsor', 'POST', url('/scores'), { candidateId: cand.brightline, scores: all(5), submit: true });
    const afterOne = await ok('sponsor', 'GET', url());
    expect(afterOne.scores.filter((s: Json) => s.evaluator.email === 'stakeholder@demo.candor.dev').every((s: Json) => s.candidateId === cand.brightline)).toBe(true);
    expect(JSON.stringify(afterOne)).toContain(SUBMIT_SECRET);
    expect(JSON.stringify(afterOne)).not.toContain(DRAFT_SECRET);
    await ok('sponsor', 'POST', url('/scores'), { candidateId: cand.nordcode, scores: all(4), submit: true });
    await ok('sponsor', 'POST', url('/scores'), { candidateId: cand.kestrel, scores: all(4), submit: true });
  });

  it('results: ranking with ranges, alpha overall and per criterion, disagreements, sensitivity', async () => {
    const r = await ok('sponsor', 'GET', url('/results'));
    // Nordcode 62.5 − 10 for its red flag = 52.5 stays ahead of Kestrel's 50
    expect(r.ranking.map((x: Json) => x.candidateId)).toEqual([cand.brightline, cand.nordcode, cand.kestrel]);
    const b = r.ranking[0];
    // stakeholder: 4s and a 2 on risk_openness (weight 20) → 65; sponsor: 5s → 100
    expect(b).toMatchObject({ rank: 1, min: 65, max: 100, score: 82.5, excluded: false });
    const n = r.ranking.find((x: Json) => x.candidateId === cand.nordcode);
    expect(n).toMatchObject({ penalty: 10, rawScore: 62.5, score: 52.5, min: 40, max: 65, redFlags: ['yes_to_everything'] });
    expect(typeof r.agreement.alpha).toBe('number');
    expect(Object.keys(r.agreement.byCriterion)).toEqual(KEYS);
    expect(r.disagreements[0]).toMatchObject({ criterion: 'risk_openness', candidateId: cand.brightline });
    expect(r.sensitivity.leader).toBe(cand.brightline);
    expect(r.sensitivity.runnerUp).toBe(cand.nordcode);
    expect(r.sensitivity.winnerStability).toBeGreaterThan(0.9);
    expect(r.sensitivity.swapWeights).toHaveLength(6);
    // seeded: the same figure twice
    expect((await ok('stakeholder', 'GET', url('/results'))).sensitivity).toEqual(r.sensitivity);
  });

  it('weights change after scoring started (audited); adding a criterion then is refused', async () => {
    const crit = KEYS.map((key, i) => ({ key, label: key, weight: i === 0 ? 25 : i === 1 ? 10 : [20, 15, 15, 15][i - 2]! }));
    await refused('sponsor', 'PUT', url('/criteria'), { criteria: crit.map((c) => ({ ...c, weight: 10 })) }, 400, 'criteria');
    await refused('sponsor', 'PUT', url('/criteria'), { criteria: [...crit.slice(0, 5), { key: 'price', label: 'Price', weight: 15 }] }, 409, 'criteria');
    await refused('stakeholder', 'PUT', url('/criteria'), { criteria: crit }, 403);
    const changed = await ok('sponsor', 'PUT', url('/criteria'), { criteria: crit });
    expect(changed.criteria[0]).toMatchObject({ key: 'business_understanding', weight: 25 });
    const rec = await ctx.deps.db.selectFrom('audit_log').select('payload').where('chain_id', '=', S).where('action', '=', 'selection.criteria_changed').executeTakeFirstOrThrow();
    expect(JSON.parse(rec.payload).after.afterScoringStarted).toBe(true);
  });

  it('nobody outside the selection learns it exists: another client, a candidate’s users, the admin', async () => {
    const paths: ['GET' | 'POST' | 'PUT', string, object?][] = [
      ['GET', url()],
      ['GET', url('/results')],
      ['POST', url('/scores'), { candidateId: cand.brightline, scores: all(3) }],
      ['POST', url('/candidates'), { name: 'X' }],
      ['POST', url('/evaluators'), { userId: otherUserId }],
      ['PUT', url('/criteria'), { criteria: [{ key: 'a', label: 'A', weight: 100 }] }],
      ['POST', url(`/candidates/${cand.brightline}/evidence`), { kind: 'note', title: 'x', body: 'y' }],
      ['POST', url('/decision'), { candidateId: cand.brightline, reasons: 'x' }],
      ['POST', url('/invitation'), {}],
    ];
    for (const who of ['other', 'lead', 'member', 'admin'] as const) {
      for (const [m, u, body] of paths) {
        const res = await call(who, m, u, body);
        expect(res.statusCode, `${m} ${u} as ${who}`).toBe(404);
        expect(res.body).not.toContain('Route planning');
      }
    }
  });

  it('decision, invitation of a new-name provider, acceptance: an engagement with lead and sponsor, a seeded charter, risks and a baseline', async () => {
    await refused('sponsor', 'POST', url('/invitation'), {}, 409, 'decision');
    await refused('stakeholder', 'POST', url('/decision'), { candidateId: cand.kestrel, reasons: 'x' }, 403);
    await refused('sponsor', 'POST', url('/decision'), { candidateId: 'nope', reasons: 'x' }, 400, 'candidateId');
    const decided = await ok('sponsor', 'POST', url('/decision'), { candidateId: cand.kestrel, reasons: 'Local team, and they thought beyond the brief' });
    expect(decided).toMatchObject({ status: 'decided', decision: { candidateId: cand.kestrel }, decidedCandidate: 'Kestrel Apps' });
    await refused('sponsor', 'POST', url('/decision'), { candidateId: cand.brightline, reasons: 'x' }, 409);
    await refused('stakeholder', 'POST', url('/scores'), { candidateId: cand.kestrel, scores: all(3) }, 409);

    // Kestrel is a new name: its organization is created, and with no user yet the invitation needs an e-mail
    await refused('sponsor', 'POST', url('/invitation'), {}, 400, 'email');
    await refused('sponsor', 'POST', url('/invitation'), { email: 'lead@demo.candor.dev' }, 400, 'email');
    const inv = await ok('sponsor', 'POST', url('/invitation'), { email: 'ceo@kestrel.test', engagementName: 'Route planning' }, 201);
    expect(inv.invitation).toMatchObject({ status: 'pending', email: 'ceo@kestrel.test', providerOrg: { name: 'Kestrel Apps' } });
    const token = decodeURIComponent(inv.link.split('/').pop());
    const preview = await ok(null, 'GET', `/api/v1/selection-invitations/${encodeURIComponent(token)}`);
    expect(preview).toMatchObject({ selectionTitle: 'Route planning partner', clientOrg: 'Fjord Logistics', providerOrg: 'Kestrel Apps', accountExists: false });
    // a user of another provider cannot take it; a new account needs name and password
    await refused('lead', 'POST', `/api/v1/selection-invitations/${encodeURIComponent(token)}/accept`, {}, 403);
    await refused(null, 'POST', `/api/v1/selection-invitations/${encodeURIComponent(token)}/accept`, { name: 'Kari Lund' }, 400, 'password');
    const accepted = await ctx.app.inject({ method: 'POST', url: `/api/v1/selection-invitations/${encodeURIComponent(token)}/accept`, payload: { name: 'Kari Lund', password: 'kestrel-pass-123' } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const E = accepted.json().engagementId as string;
    const kariCookie = `candor_session=${accepted.cookies.find((c) => c.name === 'candor_session')!.value}`;
    await refused(null, 'POST', `/api/v1/selection-invitations/${encodeURIComponent(token)}/accept`, { name: 'Again', password: 'kestrel-pass-123' }, 404);

    const members = await ok('sponsor', 'GET', `/api/v1/engagements/${E}/members`);
    const roles = Object.fromEntries((members.members as Json[]).map((m) => [m.email ?? m.user?.email, m.role]));
    expect(roles).toEqual({ 'ceo@kestrel.test': 'lead', 'sponsor@demo.candor.dev': 'sponsor' });
    const charter = await ctx.app.inject({ method: 'GET', url: `/api/v1/engagements/${E}/charter`, headers: { cookie: kariCookie } });
    expect(charter.statusCode, charter.body).toBe(200);
    const purpose = JSON.stringify(charter.json());
    expect(purpose).toContain('Route planning partner');
    expect(purpose).toContain('Assumption to discuss');
    const raid = await ok('sponsor', 'GET', `/api/v1/engagements/${E}/raid`);
    const risks = (raid.items as Json[]).filter((i) => i.type === 'risk');
    expect(risks.map((i) => i.title)).toEqual(['Red flag from the selection: unclear governance and escalation']);
    expect(risks[0]!.description).toBe('No escalation path in the proposal');
    const baseline = (await ok('sponsor', 'GET', `/api/v1/engagements/${E}/selection-baseline`)).baseline;
    expect(baseline).toMatchObject({ selectionId: S, candidateId: cand.kestrel });
    expect(baseline.criteria.find((c: Json) => c.key === 'collaboration_clarity')).toMatchObject({ mean: 3, min: 2, max: 4 });
    expect((await ok('lead', 'GET', `/api/v1/engagements/${ctx.seed.engagementId}/selection-baseline`)).baseline.selectionTitle).toBe('Customer portal partner');
    await refused('lead', 'GET', `/api/v1/engagements/${E}/selection-baseline`, undefined, 404);

    // the new lead of the chosen provider still does not see the selection
    const asKari = await ctx.app.inject({ method: 'GET', url: url(), headers: { cookie: kariCookie } });
    expect(asKari.statusCode).toBe(404);
    const after = await ok('sponsor', 'GET', url());
    expect(after).toMatchObject({ engagementId: E, invitation: { status: 'accepted', engagementId: E } });
  });

  it('the selection’s audit chain verifies; drafts and submissions carry only a salted hash, revealed verifiably by the decision', async () => {
    expect((await verifyChain(ctx.deps.db, S)).ok).toBe(true);
    const rows = await unscoped(ctx.deps.db, 'the test reads the chain').selectFrom('audit_log').select(['action', 'payload']).where('chain_id', '=', S).orderBy('seq').execute();
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['selection.created', 'selection.scores_saved', 'selection.scores_submitted', 'selection.scores_revealed', 'selection.decided', 'selection.invitation_sent', 'selection.invitation_accepted']));
    const beforeReveal = rows.slice(0, actions.indexOf('selection.scores_revealed'));
    expect(JSON.stringify(beforeReveal)).not.toContain(DRAFT_SECRET);
    expect(JSON.stringify(beforeReveal)).not.toContain(SUBMIT_SECRET);
    const reveal = JSON.parse(rows[actions.indexOf('selection.scores_revealed')]!.payload).after;
    expect(reveal.submissions).toHaveLength(6);
    const submitted = rows.filter((r) => r.action === 'selection.scores_submitted').map((r) => JSON.parse(r.payload).after.hash);
    for (const s of reveal.submissions) {
      expect(scoresHash(s.nonce, s.scores)).toBe(s.hash);
      expect(submitted).toContain(s.hash);
    }
    expect(JSON.stringify(reveal)).toContain(SUBMIT_SECRET);
    expect(JSON.stringify(reveal)).not.toContain(DRAFT_SECRET);
    const e = (await ok('sponsor', 'GET', url())).engagementId;
    expect((await verifyChain(ctx.deps.db, e)).ok).toBe(true);
  });
});
