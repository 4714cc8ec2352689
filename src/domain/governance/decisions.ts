/**
 * Decision records, pure: who decides (from the charter's collaboration
 * model), latency against due dates per side, and the Markdown log.
 */
/** The charter's RACI row for a decision kind (case-insensitive). People in it are ids or third parties (ADR 0016). */
export function raciFor<T extends { decisionKind: string }>(kind: string, rows: readonly T[]): T | undefined {
  return rows.find((r) => r.decisionKind.toLowerCase() === kind.trim().toLowerCase());
}

/**
 * Who may record a decision's outcome: its decider, by user id (a rename or a
 * namesake changes nothing); when the decider is not a member, the lead or
 * the sponsor records it on their behalf.
 */
export const mayDecide = (d: { status: string; deciderUserId: string | null }, actor: { userId: string; role: string }): boolean =>
  d.status === 'proposed' && (d.deciderUserId ? d.deciderUserId === actor.userId : actor.role === 'lead' || actor.role === 'sponsor');

const DAY = 86_400_000;

export interface DecisionFact {
  side: 'provider' | 'client' | null;
  createdAt: string;
  dueDate: string; // YYYY-MM-DD, due by the end of that day (UTC)
  decidedAt: string | null;
  status: string;
}

const endOfDay = (date: string) => Date.parse(`${date}T23:59:59.999Z`);

/** Per side: decided count, median days to decide, share decided on time, open overdue. */
export function decisionLatency(facts: DecisionFact[], now: Date) {
  const sides = ['provider', 'client', 'unknown'] as const;
  return sides.map((side) => {
    const mine = facts.filter((f) => (f.side ?? 'unknown') === side && f.status !== 'superseded');
    const decided = mine.filter((f) => f.decidedAt);
    const days = decided.map((f) => (Date.parse(f.decidedAt!) - Date.parse(f.createdAt)) / DAY).sort((a, b) => a - b);
    const onTime = decided.filter((f) => Date.parse(f.decidedAt!) <= endOfDay(f.dueDate)).length;
    const overdue = mine.filter((f) => !f.decidedAt && endOfDay(f.dueDate) < now.getTime()).length;
    const median = days.length === 0 ? null : days.length % 2 ? days[(days.length - 1) / 2]! : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
    return {
      side,
      decided: decided.length,
      medianDaysToDecide: median === null ? null : Math.round(median * 10) / 10,
      onTimeShare: decided.length === 0 ? null : onTime / decided.length,
      openOverdue: overdue,
    };
  });
}

export const isDecisionOverdue = (d: { status: string; dueDate: string }, now: Date): boolean =>
  d.status === 'proposed' && endOfDay(d.dueDate) < now.getTime();

export interface DecisionDoc {
  number: number;
  title: string;
  status: string;
  kind: string;
  decider: string;
  consulted: string[];
  dueDate: string;
  context: string;
  options: { title: string; description: string; cost: string; time: string; risk: string }[];
  recommendation: string;
  outcome: string | null;
  chosenOption: number | null;
  decidedBy: string | null;
  decidedAt: string | null;
  supersedes: number | null;
  supersededBy: number | null;
}

/** The decision log as Markdown, written to be read by non-engineers. */
export function decisionsToMarkdown(engagementName: string, decisions: DecisionDoc[]): string {
  const lines = [`# Decision log — ${engagementName}`, ''];
  for (const d of decisions) {
    lines.push(`## ${String(d.number).padStart(3, '0')}. ${d.title}`, '');
    const status =
      d.status === 'decided'
        ? `Decided by ${d.decidedBy ?? d.decider} on ${d.decidedAt?.slice(0, 10)}`
        : d.status === 'superseded'
          ? `Superseded${d.supersededBy ? ` by decision ${String(d.supersededBy).padStart(3, '0')}` : ''}`
          : `Waiting for ${d.decider}, due ${d.dueDate}`;
    lines.push(`**Status:** ${status}  `, `**Kind:** ${d.kind} · **Decides:** ${d.decider}${d.consulted.length ? ` · **Consulted:** ${d.consulted.join(', ')}` : ''}`);
    if (d.supersedes) lines.push(`**Replaces:** decision ${String(d.supersedes).padStart(3, '0')}`);
    lines.push('', '### Context', '', d.context || '_No context given._', '', '### Options', '');
    d.options.forEach((o, i) => {
      const chosen = d.chosenOption === i ? ' ✅ chosen' : '';
      lines.push(`${i + 1}. **${o.title}**${chosen}${o.description ? ` — ${o.description}` : ''}`);
      const tradeOffs = [o.cost && `cost: ${o.cost}`, o.time && `time: ${o.time}`, o.risk && `risk: ${o.risk}`].filter(Boolean);
      if (tradeOffs.length) lines.push(`   - Trade-offs: ${tradeOffs.join('; ')}`);
    });
    lines.push('', '### Our recommendation', '', d.recommendation || '_None given._', '');
    if (d.outcome) lines.push('### Outcome', '', d.outcome, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
