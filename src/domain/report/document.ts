/**
 * The report's words, tables and charts in reading order (issue 16, ADR 0024).
 * Pure. Both renderers (HTML and PDF) draw this one document, so the two
 * always carry the same content; they differ only in layout.
 */
import type { EngagementReport } from '../../contracts/report';
import { budgetChart, type Chart, fanChart, outcomesChart, trustChart } from './charts';

export type Block =
  | { kind: 'p'; text: string; muted?: boolean }
  | { kind: 'facts'; items: [string, string][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; columns: string[]; rows: (string | number | null)[][] }
  | { kind: 'chart'; chart: Chart }
  | { kind: 'h3'; text: string };

export interface DocSection {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDoc {
  title: string;
  subtitle: string;
  /** The title page's facts: period, who generated it for which role, when, the chain head. */
  meta: [string, string][];
  notice: string;
  sections: DocSection[];
}

const label = (s: string) => s.replace(/_/g, ' ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pct = (n: number | null | undefined) => (n == null ? '–' : `${Math.round(n)} %`);
const num = (n: number | null | undefined, unit = '') => (n == null ? '–' : `${Math.round(n * 10) / 10}${unit}`);
const money = (n: number | null | undefined, currency: string) => (n == null ? '–' : `${Math.round(n).toLocaleString('en-GB')} ${currency}`);
const dayOf = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '–');
const score = (n: number | null) => (n == null ? 'not enough evidence' : String(Math.round(n)));
const moved = (from: number | null, to: number | null) => (from == null || to == null ? '' : to === from ? ' (unchanged)' : ` (${to > from ? '+' : ''}${Math.round(to - from)} since the period began)`);
/** Internal entries say so, so a provider reading its own report knows what not to pass on. */
const tag = (x: { internal: boolean }, text: string) => (x.internal ? `[internal] ${text}` : text);
const none = (text: string): Block => ({ kind: 'p', text, muted: true });
/** A text as the end of a sentence: its own final stop kept, none added twice. */
const sentence = (s: string) => (/[.!?…]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

const GATE_DECISION: Record<string, string> = { proceed: 'proceed', proceed_with_conditions: 'proceed with conditions', pause: 'pause', stop: 'stop' };
const REC_KIND: Record<string, string> = { do: 'do this work', dont: 'this work is not needed', defer: 'not now', alternative: 'a cheaper alternative' };
const COMPONENT: Record<string, string> = {
  predictability: 'Predictability',
  proactiveness: 'Proactiveness',
  transparency: 'Transparency',
  responsiveness: 'Responsiveness',
  advice: 'Advice in the client’s interest',
  client_voice: 'The client’s gate ratings',
  decisions: 'Decisions on time',
  dependencies: 'Dependencies delivered',
  engagement: 'Engagement',
  provider_voice: 'The provider’s gate ratings',
};

function outcomes(r: EngagementReport): DocSection | null {
  if (!r.outcomes) return null;
  const measured = r.outcomes.filter((o) => o.measuredInPeriod).length;
  return {
    id: 'outcomes',
    title: 'Outcomes and progress',
    blocks: [
      { kind: 'p', text: `${plural(r.outcomes.length, 'outcome')} in the agreed charter, ${measured} of them updated in the period.` },
      { kind: 'chart', chart: outcomesChart(r.outcomes) },
    ],
  };
}

function phases(r: EngagementReport): DocSection | null {
  if (!r.phases) return null;
  const { phases: ps, gateReviews } = r.phases;
  const blocks: Block[] = [];
  if (ps.length) {
    blocks.push({
      kind: 'table',
      caption: 'Phases',
      columns: ['Phase', 'Status', 'Planned', 'Time elapsed', 'Exit criteria met'],
      rows: ps.map((p) => [p.name, label(p.status), `${p.plannedStart} – ${p.plannedEnd}`, pct(p.percentElapsed), `${p.exitCriteriaMet} of ${p.exitCriteria}`]),
    });
  } else blocks.push(none('No phases planned yet.'));
  blocks.push({ kind: 'h3', text: 'Gate reviews' });
  if (gateReviews.length === 0) blocks.push(none('No gate review was opened, decided or waiting in the period.'));
  for (const g of gateReviews) {
    const head = g.decision
      ? sentence(`${g.phase}: decided ${dayOf(g.decidedAt)} to ${GATE_DECISION[g.decision] ?? label(g.decision)}${g.rationale ? `: ${g.rationale}` : ''}`)
      : `${g.phase}: opened ${dayOf(g.openedAt)}, ${label(g.status)}${g.waitingFor.length ? `; waiting for ${g.waitingFor.join(', ')}` : ''}.`;
    blocks.push({ kind: 'p', text: head });
    if (g.conditions.length) blocks.push({ kind: 'list', items: g.conditions.map((c) => `Condition (${c.side}, due ${c.dueDate}, ${label(c.status)}): ${c.what}`) });
  }
  return { id: 'phases', title: 'Phases and gate reviews', blocks };
}

function budget(r: EngagementReport): DocSection | null {
  const b = r.budget;
  if (!b) return null;
  const facts: [string, string][] = [
    ['Hours spent', `${num(b.spentHours, ' h')}${b.budgetHours != null ? ` of ${num(b.budgetHours, ' h')}` : ''}`],
    ['Money spent', b.budgetAmount != null || b.spentAmount != null ? `${money(b.spentAmount, b.currency)}${b.budgetAmount != null ? ` of ${money(b.budgetAmount, b.currency)}` : ''}` : '–'],
    ['Budget spent', pct(b.percentSpent)],
    ['Time elapsed', pct(b.percentElapsed)],
  ];
  return {
    id: 'budget',
    title: 'Budget burn',
    blocks: [
      { kind: 'facts', items: facts },
      { kind: 'chart', chart: budgetChart(b) },
      ...(b.alerts.length ? [{ kind: 'list' as const, items: b.alerts.map((a) => `${a.crossedOn}: ${a.message}`) }] : []),
    ],
  };
}

function forecast(r: EngagementReport): DocSection | null {
  const f = r.forecast;
  if (!f) return null;
  const blocks: Block[] = [];
  blocks.push({
    kind: 'p',
    text: f.completion
      ? `As of ${dayOf(f.asOf)}: 50 % likely done by ${f.completion.p50}, 85 % by ${f.completion.p85}, 95 % by ${f.completion.p95}${f.plannedEnd ? ` (planned end ${f.plannedEnd})` : ''}. ${f.summary}`
      : `No completion forecast yet: ${f.reason ?? ''} ${f.summary}`.trim(),
  });
  if (f.audience === 'shared') blocks.push(none('The forecast of the work the client sees.'));
  const chart = fanChart(f);
  if (chart) blocks.push({ kind: 'chart', chart });
  blocks.push({ kind: 'h3', text: 'How it moved' });
  if (f.moved.length === 0) blocks.push(none('No forecast was recorded in the period.'));
  else {
    const first = f.moved[0]!;
    const last = f.moved[f.moved.length - 1]!;
    if (f.moved.length > 1 && first.p85 && last.p85) {
      const days = Math.round((Date.parse(last.p85) - Date.parse(first.p85)) / 86_400_000);
      blocks.push({ kind: 'p', text: days === 0 ? `The 85 % date held at ${last.p85} over the period.` : `The 85 % date moved ${days > 0 ? 'later' : 'earlier'} by ${plural(Math.abs(days), 'day')}, from ${first.p85} to ${last.p85}.` });
    }
    blocks.push({ kind: 'table', caption: 'Forecasts recorded in the period', columns: ['Recorded', 'How', 'P50', 'P85', 'P95'], rows: f.moved.map((m) => [dayOf(m.asOf), m.trigger, m.p50, m.p85, m.p95]) });
  }
  return { id: 'forecast', title: 'Forecast', blocks };
}

function commitments(r: EngagementReport): DocSection | null {
  const c = r.commitments;
  if (!c) return null;
  const who = (s: string) => (s === 'provider' ? 'provider' : 'client');
  const table = (caption: string, rows: typeof c.kept): Block =>
    rows.length ? { kind: 'table', caption, columns: ['Commitment', 'Side', 'Due', 'On', 'Note'], rows: rows.map((x) => [tag(x, x.title), who(x.side), x.dueDate, x.on, x.note]) } : none(`${caption}: none in the period.`);
  return {
    id: 'commitments',
    title: 'Commitments',
    blocks: [
      { kind: 'p', text: `${plural(c.kept.length, 'commitment')} kept, ${c.renegotiated.length} renegotiated and ${c.missed.length} missed in the period.` },
      table('Kept', c.kept),
      table('Renegotiated', c.renegotiated),
      table('Missed', c.missed),
      { kind: 'facts', items: c.sayDo.map((s): [string, string] => [`Say/do, ${s.side}`, s.sayDo == null ? `no resolved commitments yet` : `${pct(s.sayDo * 100)} of ${plural(s.resolved, 'resolved commitment')}`]) },
    ],
  };
}

function raid(r: EngagementReport): DocSection | null {
  const x = r.raid;
  if (!x) return null;
  return {
    id: 'raid',
    title: 'Risks, assumptions, issues and dependencies',
    blocks: [
      { kind: 'h3', text: 'Changes in the period' },
      x.changes.length ? { kind: 'list', items: x.changes.map((c) => tag(c, `${dayOf(c.at)}: ${c.actor} ${c.text}`)) } : none('Nothing changed in the RAID log in the period.'),
      { kind: 'h3', text: 'Open at the end of the period' },
      x.open.length
        ? { kind: 'table', caption: 'Open RAID items', columns: ['Type', 'Title', 'Status', 'Severity', 'Owner'], rows: x.open.map((o) => [o.type, tag(o, o.title), label(o.status), o.severity ?? '–', o.owner]) }
        : none('Nothing open.'),
    ],
  };
}

function decisions(r: EngagementReport): DocSection | null {
  const d = r.decisions;
  if (!d) return null;
  return {
    id: 'decisions',
    title: 'Decisions',
    blocks: [
      { kind: 'h3', text: 'Taken in the period' },
      d.taken.length ? { kind: 'list', items: d.taken.map((x) => tag(x, `#${x.number} ${x.title} (${x.decider}, ${dayOf(x.decidedAt)}): ${x.outcome ?? ''}`)) } : none('No decision was taken in the period.'),
      { kind: 'h3', text: 'Waiting' },
      d.waiting.length
        ? { kind: 'table', caption: 'Decisions waiting', columns: ['#', 'Decision', 'Decider', 'Due'], rows: d.waiting.map((x) => [x.number, tag(x, x.title), x.decider, `${x.dueDate}${x.overdue ? ' (overdue)' : ''}`]) }
        : none('No decision is waiting.'),
    ],
  };
}

function escalations(r: EngagementReport): DocSection | null {
  const e = r.escalations;
  if (!e) return null;
  const blocks: Block[] = [];
  if (e.length === 0) blocks.push(none('No escalation was raised, acted on or open in the period.'));
  for (const x of e) {
    blocks.push({ kind: 'p', text: tag(x, sentence(`${x.title}: ${label(x.status)} at level ${x.level}, raised ${dayOf(x.raisedAt)}${x.outcome ? `; outcome: ${x.outcome}` : ''}`)) });
    if (x.events.length) blocks.push({ kind: 'list', items: x.events.map((v) => `${dayOf(v.at)}: ${label(v.kind)} (level ${v.level})${v.note ? `: ${v.note}` : ''}`) });
  }
  return { id: 'escalations', title: 'Escalations', blocks };
}

function recommendations(r: EngagementReport): DocSection | null {
  const x = r.recommendations;
  if (!x) return null;
  const row = (y: (typeof x.answered)[number]) =>
    tag(y, `${y.title} (${REC_KIND[y.kind] ?? y.kind}): ${label(y.status)}${y.respondedAt ? ` on ${dayOf(y.respondedAt)}` : ''}${y.avoidedHours ? `, avoids ${num(y.avoidedHours, ' h')}` : ''}${y.reason ? `. Reason: ${y.reason}` : ''}`);
  return {
    id: 'recommendations',
    title: 'Recommendations and work avoided',
    blocks: [
      {
        kind: 'facts',
        items: [
          ['Work avoided so far', `${num(x.avoided.hours, ' h')}, ${money(x.avoided.money, x.currency)} (${plural(x.avoided.recommendations, 'recommendation')})`],
          ['Acceptance rate', x.acceptanceRate == null ? '–' : pct(x.acceptanceRate * 100)],
        ],
      },
      { kind: 'h3', text: 'Answered in the period' },
      x.answered.length ? { kind: 'list', items: x.answered.map(row) } : none('No recommendation was answered in the period.'),
      { kind: 'h3', text: 'Waiting for an answer' },
      x.waiting.length ? { kind: 'list', items: x.waiting.map(row) } : none('None waiting.'),
    ],
  };
}

function trust(r: EngagementReport): DocSection | null {
  const t = r.trust;
  if (!t) return null;
  const blocks: Block[] = [
    {
      kind: 'facts',
      items: [
        ['Provider', `${score(t.provider)}${moved(t.providerFrom, t.provider)}`],
        ['Client', `${score(t.client)}${moved(t.clientFrom, t.client)}`],
        ['As of', t.asOf],
      ],
    },
    none('Computed from the evidence both sides share; the same for every member.'),
  ];
  const chart = trustChart(t);
  if (chart) blocks.push({ kind: 'chart', chart });
  blocks.push({
    kind: 'table',
    caption: 'Components and their reasons',
    columns: ['Side', 'Component', 'Score', 'Why'],
    rows: t.components.map((c) => [
      c.side,
      COMPONENT[c.key] ?? label(c.key),
      `${score(c.score)}${moved(c.from, c.score)}`,
      [c.explanation, ...c.reasons.map((x) => `${x.effect > 0 ? '+' : ''}${Math.round(x.effect * 10) / 10}: ${x.title}`)].join(' · '),
    ]),
  });
  return { id: 'trust', title: 'Trust index', blocks };
}

function agenda(r: EngagementReport): DocSection | null {
  const a = r.agenda;
  if (!a) return null;
  return {
    id: 'agenda',
    title: 'Future agenda',
    blocks: [
      { kind: 'p', text: a.nextReviewDue ? `Next review due ${a.nextReviewDue}${a.overdue ? ' (overdue)' : ''}.` : 'No review scheduled yet.' },
      a.entries.length
        ? { kind: 'table', caption: 'On the agenda', columns: ['Entry', 'Kind', 'Raised by', 'Status'], rows: a.entries.map((e) => [tag(e, e.title), label(e.kind), `${e.raisedBy} (${e.side})`, `${label(e.status)}${e.link ? `: ${e.link}` : ''}`]) }
        : none('Nothing on the future agenda.'),
      ...a.reviewsInPeriod.map((rv): Block => ({ kind: 'list', items: [`Review of ${rv.heldOn}: ${rv.outcomes.length ? rv.outcomes.map((o) => `${o.entry}: ${label(o.decision)}`).join('; ') : 'no decisions'}`] })),
    ],
  };
}

/** The report as a document: title page facts, then one section per capability present. */
export function reportDocument(r: EngagementReport): ReportDoc {
  const sections = [outcomes, phases, budget, forecast, commitments, raid, decisions, escalations, recommendations, trust, agenda].map((f) => f(r)).filter((s): s is DocSection => s !== null);
  return {
    title: `Engagement report: ${r.engagement.name}`,
    subtitle: `${r.engagement.provider} with ${r.engagement.client}`,
    meta: [
      ['Period', `${r.period.from} to ${r.period.to} (UTC days, inclusive)`],
      ['Generated', `${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC by ${r.generatedBy.name}`],
      ['For the role', `${r.role} (${r.side} side)`],
      ['Audit chain head', `record ${r.chain.seq}, hash ${r.chain.hash}`],
    ],
    notice: r.includesInternal
      ? 'This report was generated for a provider role and includes internal content. Do not share it with the client: generate it as a client role for that.'
      : 'This report holds what the client side may see; nothing internal to the provider.',
    sections,
  };
}
