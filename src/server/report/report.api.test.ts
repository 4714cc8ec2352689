import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { esc } from '../../domain/report/html';

/** The text of every page of a PDF, extracted with PDF.js (a maintained reader, not a system tool). */
async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    parts.push(content.items.map((x) => ('str' in x ? x.str : '')).join(' '));
  }
  await doc.destroy();
  return { pages: doc.numPages, text: parts.join('\n') };
}
const squash = (s: string) => s.replace(/\s+/g, '');

// one unique string per kind of object the report shows, each created internal by the provider
const CANARY = {
  risk: 'QvxRiskCanary5521',
  decision: 'QvxDecisionCanary5522',
  keptCommitment: 'QvxKeptCanary5523',
  renegotiatedCommitment: 'QvxRenegCanary5524',
  escalation: 'QvxEscalationCanary5525',
  recommendation: 'QvxRecoCanary5526',
  agenda: 'QvxAgendaCanary5527',
} as const;

describe.skipIf(pgMissing)('engagement report (web page and PDF)', () => {
  let ctx: TestContext;
  let E: string;
  const api = (path = '') => `/api/v1/engagements/${E}${path}`;
  const call = (who: DemoKey | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const ok = async (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await call(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const head = async () => (await ok('lead', 'POST', api('/audit/verify'), {})) as { ok: boolean; headSeq: number; headHash: string };
  const PERIOD = '?from=2026-10-01&to=2026-11-02';

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  }, 180_000);
  afterAll(() => ctx?.close());

  it('defaults the period to the engagement’s start, then to the day of the last report; records each generation', async () => {
    const settings = await ok('lead', 'GET', api('/delivery/settings'));
    const before = await ok('sponsor', 'GET', api('/reports'));
    expect(before.generated).toEqual([]);
    expect(before.defaultPeriod).toEqual({ from: settings.startDate, to: '2026-11-02', basis: 'engagement-start' });

    const h0 = await head();
    const res = await call('lead', 'GET', api('/report'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain(`${settings.startDate} to 2026-11-02`);

    // one audit record, shared (the sponsor reads it), with the period, format and role and nothing of the content
    const h1 = await head();
    expect(h1.ok).toBe(true);
    expect(h1.headSeq).toBe(h0.headSeq + 1);
    const [rec] = (await ok('sponsor', 'GET', api('/audit?limit=1'))).entries;
    expect(rec).toMatchObject({ action: 'report.generated', redacted: false, visibility: 'shared', object: { type: 'report' } });
    expect(rec.after).toEqual({ from: settings.startDate, to: '2026-11-02', basis: 'engagement-start', format: 'html', role: 'lead', side: 'provider' });
    // the page prints the head after its own record: the hash `candor audit verify` reports now
    expect(res.body).toContain(`record ${h1.headSeq}, hash ${h1.headHash}`);
    expect(rec.hash).toBe(h1.headHash);

    const after = await ok('sponsor', 'GET', api('/reports'));
    expect(after.defaultPeriod).toEqual({ from: '2026-11-02', to: '2026-11-02', basis: 'last-report' });
    expect(after.generated[0]).toMatchObject({ by: 'Maya Okafor', role: 'lead', format: 'html', from: settings.startDate, to: '2026-11-02' });

    // three days on, the default period starts on the day of the last report, for either side
    ctx.clock.set(new Date('2026-11-05T10:00:00.000Z'));
    try {
      const later = await ok('sponsor', 'GET', api('/reports'));
      expect(later.defaultPeriod).toEqual({ from: '2026-11-02', to: '2026-11-05', basis: 'last-report' });
      const page = await call('sponsor', 'GET', api('/report'));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('2026-11-02 to 2026-11-05');
      // an explicit `to` before the last report's day: the default `from` follows it
      expect((await ok('sponsor', 'GET', api('/reports'))).defaultPeriod.from).toBe('2026-11-05');
      const early = await call('sponsor', 'GET', api('/report?to=2026-10-20'));
      expect(early.statusCode, early.body).toBe(200);
      expect(early.body).toContain('2026-10-20 to 2026-10-20');
    } finally {
      ctx.clock.set(new Date('2026-11-02T09:00:00.000Z'));
    }
  });

  it('refuses bad periods in Candor’s error shape, without writing an audit record', async () => {
    const h0 = await head();
    const bad = async (query: string, field: string) => {
      for (const path of ['/report', '/report.pdf']) {
        const res = await call('lead', 'GET', api(`${path}${query}`));
        expect(res.statusCode, `${path}${query}: ${res.body}`).toBe(400);
        const body = res.json();
        expect(body.error.code).toBeTypeOf('string');
        expect(body.error.message).toBeTypeOf('string');
        expect(body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    };
    await bad('?from=2026-13-01', 'from');
    await bad('?from=2026-02-30', 'from');
    await bad('?to=yesterday', 'to');
    await bad('?from=2026-11-02&to=2026-11-01', 'from');
    await bad('?from=2026-10-01&format=docx', 'format');
    expect((await head()).headSeq).toBe(h0.headSeq);
    // outsiders learn nothing; anonymous callers sign in first
    expect((await call('admin', 'GET', api('/report'))).statusCode).toBe(404);
    expect((await call(null, 'GET', api('/report.pdf'))).statusCode).toBe(401);
    expect((await call('admin', 'GET', '/api/v1/engagements/no-such-engagement/report.pdf')).statusCode).toBe(404);
  });

  it('holds what the pages answer the reader, section by section', async () => {
    const html = (await call('sponsor', 'GET', api(`/report${PERIOD}`))).body;
    // outcomes: every outcome the sponsor's outcome list holds, with its progress
    const outcomes = (await ok('sponsor', 'GET', api('/outcomes'))).outcomes as { title: string; progress: number }[];
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) {
      expect(html).toContain(esc(o.title));
      expect(html).toContain(`${Math.round(o.progress * 100)} %`);
    }
    // phases: every phase of the phases page
    const phases = (await ok('sponsor', 'GET', api('/phases'))).phases as { name: string }[];
    for (const p of phases) expect(html).toContain(esc(p.name));
    // decisions waiting: the decision log's proposed ones
    const waiting = (await ok('sponsor', 'GET', api('/decisions?status=proposed'))).decisions as { title: string; number: number }[];
    for (const d of waiting) expect(html).toContain(`<td>${esc(d.title)}</td>`);
    // commitments kept in the period: the ledger's kept ones with keptAt in October or on 1–2 November
    const commitments = (await ok('sponsor', 'GET', api('/commitments'))).commitments as { title: string; status: string; keptAt: string | null }[];
    const kept = commitments.filter((c) => c.status === 'kept' && c.keptAt && c.keptAt >= '2026-10-01' && c.keptAt < '2026-11-03');
    expect(kept.length).toBeGreaterThan(0);
    for (const c of kept) expect(html).toContain(esc(c.title));
    // trust: the trust page's scores as of today
    const trust = await ok('sponsor', 'GET', api('/trust'));
    const facts = html.slice(html.indexOf('id="trust"'));
    if (trust.provider.score != null) expect(facts).toMatch(new RegExp(`<dt>Provider</dt><dd>${Math.round(trust.provider.score)}\\b`));
    // the forecast: the client's view (the forecast page's own audience for a client)
    const forecast = await ok('sponsor', 'GET', api('/forecast'));
    expect(forecast.audience).toBe('shared');
    if (forecast.completion.kind === 'forecast') expect(html).toContain(`85 % by ${forecast.completion.p85}`);
    // charts are SVG, each with its data table
    expect(html).toContain('<svg viewBox=');
    for (const id of ['chart-outcomes', 'chart-budget']) {
      const fig = html.slice(html.indexOf(`id="${id}"`), html.indexOf('</figure>', html.indexOf(`id="${id}"`)));
      expect(fig).toContain('<svg');
      expect(fig).toContain('<table>');
    }
    // every section of the issue that exists here
    for (const id of ['outcomes', 'phases', 'budget', 'forecast', 'commitments', 'raid', 'decisions', 'escalations', 'recommendations', 'trust', 'agenda']) {
      expect(html, id).toContain(`<section class="report-section" id="${id}"`);
    }
  });

  it('the PDF: title page, page numbers, the period, who for which role, and the chain head', async () => {
    const res = await call('stakeholder', 'GET', api(`/report.pdf${PERIOD}`));
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="engagement-report-2026-10-01-to-2026-11-02.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const h = await head();
    const { pages, text } = await pdfText(res.rawPayload);
    expect(pages).toBeGreaterThan(5);
    const flat = squash(text);
    expect(flat).toContain(squash('2026-10-01 to 2026-11-02'));
    expect(flat).toContain(squash(`Page 1 of ${pages}`));
    expect(flat).toContain(squash(`Page ${pages} of ${pages}`));
    expect(flat).toContain(squash('stakeholder (client side)'));
    expect(flat).toContain(h.headHash);
    // the same sections as the web page
    for (const title of ['Outcomes and progress', 'Budget burn', 'Forecast', 'Commitments', 'Trust index', 'Future agenda']) expect(flat).toContain(squash(title));
    const [rec] = (await ok('lead', 'GET', api('/audit?limit=1'))).entries;
    expect(rec.after).toMatchObject({ format: 'pdf', role: 'stakeholder', from: '2026-10-01', to: '2026-11-02' });
  });

  it('never shows a client role internal content, in the page or the PDF (and shows it to the lead)', async () => {
    const risk = await ok('lead', 'POST', api('/raid'), { type: 'risk', title: `Risk ${CANARY.risk}`, owner: { name: 'Ops', external: true }, probability: 3, impact: 4, visibility: 'internal' });
    expect(risk.visibility).toBe('internal');
    const decision = await ok('lead', 'POST', api('/decisions'), { title: `Decide ${CANARY.decision}`, options: [{ title: 'A' }], kind: 'Scope', dueDate: '2026-11-20', visibility: 'internal' });
    expect(decision.visibility).toBe('internal');
    const kept = await ok('lead', 'POST', api('/commitments'), { side: 'provider', title: `Promise ${CANARY.keptCommitment}`, dueDate: '2026-11-10', visibility: 'internal' });
    await ok('lead', 'POST', api(`/commitments/${kept.id}/keep`), { note: 'done' });
    const reneg = await ok('lead', 'POST', api('/commitments'), { side: 'provider', title: `Promise ${CANARY.renegotiatedCommitment}`, dueDate: '2026-11-10', visibility: 'internal' });
    await ok('lead', 'POST', api(`/commitments/${reneg.id}/renegotiate`), { newDueDate: '2026-11-20', reason: 'more time' });
    const esc1 = await ok('lead', 'POST', api('/escalations'), { subjectType: 'concern', title: `Concern ${CANARY.escalation}`, visibility: 'internal' });
    expect(esc1.visibility).toBe('internal');
    await ok('lead', 'POST', api('/recommendations'), { kind: 'do', title: `Reco ${CANARY.recommendation}`, recommendation: 'We recommend it, because it helps.', visibility: 'internal' });
    await ok('lead', 'POST', api('/agenda'), { kind: 'idea', title: `Idea ${CANARY.agenda}`, visibility: 'internal' });

    const reportOf = async (who: DemoKey) => {
      const html = (await call(who, 'GET', api(`/report${PERIOD}`))).body;
      const pdf = await call(who, 'GET', api(`/report.pdf${PERIOD}`));
      expect(pdf.statusCode).toBe(200);
      return { html, pdf: squash((await pdfText(pdf.rawPayload)).text) };
    };
    const lead = await reportOf('lead');
    for (const c of Object.values(CANARY)) {
      expect(lead.html, `lead's page lacks ${c}`).toContain(c);
      expect(lead.pdf, `lead's PDF lacks ${c}`).toContain(c);
    }
    expect(lead.html).toContain('includes internal content');
    // and marks them, so the lead knows what not to pass on
    expect(lead.html).toContain(`[internal] Promise ${CANARY.keptCommitment}`);
    expect(lead.html).toContain(`[internal] Idea ${CANARY.agenda}`);
    expect(lead.pdf).toContain(squash(`[internal] Decide ${CANARY.decision}`));
    for (const who of ['sponsor', 'stakeholder'] as const) {
      const r = await reportOf(who);
      for (const c of Object.values(CANARY)) {
        expect(r.html, `${who}'s page shows ${c}`).not.toContain(c);
        expect(r.pdf, `${who}'s PDF shows ${c}`).not.toContain(c);
      }
      expect(r.html).toContain('nothing internal to the provider');
    }
  });

  it('leaves out the RAID changes of an item a client role cannot open now (made internal after it was shared)', async () => {
    const canary = 'QvxFlippedRiskCanary5528';
    const risk = await ok('lead', 'POST', api('/raid'), { type: 'risk', title: `Risk ${canary}`, owner: { name: 'Ops', external: true }, probability: 2, impact: 3, visibility: 'shared' });
    const flipped = await ok('lead', 'PATCH', api(`/raid/${risk.id}`), { visibility: 'internal', version: risk.version });
    expect(flipped.item.visibility).toBe('internal');
    // the sponsor's own register no longer holds it
    expect(((await ok('sponsor', 'GET', api('/raid'))).items as { id: string }[]).some((i) => i.id === risk.id)).toBe(false);
    const lead = (await call('lead', 'GET', api(`/report${PERIOD}`))).body;
    // the lead still reads its history, marked internal
    expect(lead).toMatch(new RegExp(`<li>\\[internal\\] 2026-11-02: [^<]*${canary}`));
    for (const who of ['sponsor', 'stakeholder'] as const) {
      const html = (await call(who, 'GET', api(`/report${PERIOD}`))).body;
      expect(html, `${who}'s page names the item made internal`).not.toContain(canary);
      const pdf = await call(who, 'GET', api(`/report.pdf${PERIOD}`));
      expect(squash((await pdfText(pdf.rawPayload)).text), `${who}'s PDF names the item made internal`).not.toContain(canary);
    }
  });
});
