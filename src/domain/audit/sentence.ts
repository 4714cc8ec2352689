/**
 * Activity that says what happened (issue 10): one audit record as a sentence
 * about its object, with a link to it. Pure: everything comes from the
 * record's own payload (`before`/`after`, which the reader is already allowed
 * to see, or the record would be redacted); nothing else is looked up, except
 * member names through `nameOf` for records written before payloads carried
 * them.
 *
 * "Maya Okafor" + verb "recorded the commitment" + title "Polling service…"
 * + tail ", due 5 Dec".
 */

export interface AuditRecordView {
  action: string | null;
  object: { type: string; id: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actor?: { id: string | null; label: string } | null;
}

export interface Sentence {
  /** What the actor did, up to the object, e.g. "recorded the commitment". */
  verb: string;
  /** The object's own name, e.g. a title, "charter version 3" or a person; null when the record has none. */
  object: string | null;
  /** Whether `object` is a title the reader should see set off (quoted or in italics). */
  titled: boolean;
  /** The rest, starting with its own punctuation or space, e.g. ", due 5 Dec". */
  tail: string;
  /** The object's page inside the engagement, when it still exists. */
  link: string | null;
}

const rec = (x: unknown): Record<string, unknown> => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {});
const str = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-12-05" (or a timestamp) → "5 Dec"; the year only when asked. */
export function shortDate(x: unknown, withYear = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(str(x));
  if (!m) return str(x);
  const [, y, mo, d] = m;
  return `${Number(d)} ${MONTHS[Number(mo) - 1]}${withYear ? ` ${y}` : ''}`;
}

const hours = (minutes: unknown) => {
  const n = Number(minutes);
  if (!Number.isFinite(n)) return '';
  const h = Math.floor(n / 60);
  const m = n % 60;
  return h && m ? `${h} h ${m} min` : h ? `${h} h` : `${m} min`;
};

const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const label = (s: string) => s.replace(/_/g, ' ');

const REC_KIND: Record<string, string> = { do: 'do this work', dont: 'this work is not needed', defer: 'not now', alternative: 'a cheaper alternative' };
const REACTION_WORD: Record<string, string> = { thumbs_up: '👍 to', check: '✅ to', eyes: '👀 to', heart: '❤️ to', tada: '🎉 to', question: '❓ to' };
const RAID_NOUN: Record<string, string> = { risk: 'risk', issue: 'issue', assumption: 'assumption', dependency: 'dependency' };
const RAID_CREATED: Record<string, string> = { risk: 'flagged the risk', issue: 'raised the issue', assumption: 'stated the assumption', dependency: 'added the dependency' };

const AGENDA_KIND: Record<string, string> = { idea: 'an idea', need: 'a need', market_change: 'a market change', improvement: 'an improvement opportunity' };
const AGENDA_DECISION: Record<string, string> = { keep: 'keep it on the agenda', drop: 'drop it', phase: 'turned into a phase', recommendation: 'turned into a recommendation', decision: 'turned into a decision record' };

/** The page of an audited object inside its engagement (null for deleted or instance-level objects). */
export function linkFor(engagementId: string, object: { type: string; id: string } | null, action: string | null): string | null {
  if (!object || !engagementId) return null;
  if (action?.endsWith('.deleted') || action === 'member.removed' || action === 'invitation.revoked') return null;
  const base = `/engagements/${engagementId}`;
  const id = encodeURIComponent(object.id);
  switch (object.type) {
    case 'engagement':
    case 'outcome':
      return base;
    case 'charter_version':
      return `${base}/charter`;
    case 'note':
      return `${base}/notes`;
    case 'user':
    case 'invitation':
      return `${base}/members`;
    case 'phase':
      return `${base}/phases`;
    case 'work_item':
      return `${base}/items/${id}`;
    case 'import':
      return `${base}/imports`;
    case 'time_entry':
    case 'time_lock':
      return `${base}/time`;
    case 'delivery_settings':
    case 'rates':
      return `${base}/budget`;
    case 'capacity_plan':
      return `${base}/forecast`;
    case 'risk':
    case 'issue':
    case 'assumption':
    case 'dependency':
      return `${base}/raid/${id}`;
    case 'decision':
      return `${base}/decisions/${id}`;
    case 'escalation':
      return `${base}/escalations/${id}`;
    case 'commitment':
      return `${base}/commitments/${id}`;
    case 'failure_report':
      return `${base}/failure-reports/${id}`;
    case 'forecast':
      return `${base}/forecast`;
    case 'status_update':
      return `${base}/status-updates/${id}`;
    case 'status_update_due':
      return `${base}/status-updates`;
    case 'recommendation':
      return `${base}/recommendations/${id}`;
    case 'gate_review':
      return `${base}/gate-reviews/${id}`;
    case 'agenda_entry':
    case 'agenda_review':
      return `${base}/agenda`;
    case 'report':
      return `${base}/report`;
    case 'webhook':
      return `${base}/webhooks`;
    default:
      return null;
  }
}

/** Resolves a member's user id to their name (for older records without names in the payload). */
export type NameOf = (userId: string) => string | undefined;

/** The sentence for one record (the actor's name goes in front of it). */
export function sentenceFor(entry: AuditRecordView, engagementId = '', nameOf?: NameOf): Sentence {
  const before = rec(entry.before);
  const after = rec(entry.after);
  const action = entry.action ?? '';
  const link = linkFor(engagementId, entry.object, entry.action);
  const s = (verb: string, object: string | null = null, tail = '', titled = true): Sentence => ({ verb, object: object || null, titled: titled && !!object, tail, link });
  const plain = (verb: string, object: string | null, tail = '') => s(verb, object, tail, false);
  const title = str(after.title) || str(before.title);
  const person = () => str(after.name) || (entry.object ? nameOf?.(entry.object.id) : undefined) || '';
  const [type = '', verb = ''] = action.split('.');

  if (RAID_NOUN[type]) {
    const noun = RAID_NOUN[type];
    if (verb === 'created') {
      const tail = type === 'dependency' && after.neededBy ? `, needed by ${shortDate(after.neededBy)}` : type === 'risk' && after.probability && after.impact ? ` (probability ${str(after.probability)}, impact ${str(after.impact)})` : '';
      return s(RAID_CREATED[type]!, title, tail);
    }
    if (verb === 'updated') {
      if (after.status !== undefined && after.status !== before.status) return s(`set the ${noun}`, title, ` to ${label(str(after.status))}`);
      const fields = Object.keys(after).filter((k) => !['updated_at', 'resolved_at'].includes(k));
      return s(`edited the ${noun}`, title, fields.length ? ` (${fields.map(label).join(', ')})` : '');
    }
    if (action === 'risk.occurred') {
      const days = after.flaggedAt && after.occurredAt ? Math.round((Date.parse(str(after.occurredAt)) - Date.parse(str(after.flaggedAt))) / 86_400_000) : null;
      return s('recorded that the risk', title, ` happened${days !== null && days > 0 ? `, flagged ${days} ${days === 1 ? 'day' : 'days'} before` : ''}`);
    }
  }

  switch (action) {
    case 'engagement.created':
      return s('started the engagement', str(after.name));
    case 'engagement.updated':
      return s('changed the engagement', str(after.name), ` (${Object.keys(after).map(label).join(', ')})`);
    case 'charter.proposed':
      return plain('proposed', `charter version ${str(after.version)}`);
    case 'charter.accepted':
      return plain('accepted', `charter version ${str(after.version)}`, after.side ? ` for the ${str(after.side)} side` : '');
    case 'charter.agreed':
      return plain('accepted', `charter version ${str(after.version)}`, ': both sides have now agreed it');
    case 'charter.withdrawn':
      return plain('withdrew', `charter version ${str(after.version)}`);
    case 'note.created':
      return s(after.kind === 'meeting' ? 'wrote the meeting note' : 'wrote the note', title);
    case 'note.updated':
      return s('edited the note', title);
    case 'note.deleted':
      return s('deleted the note', str(before.title));
    case 'outcome.measured':
      return title
        ? s('measured the outcome', title, `: ${str(before.current)} → ${str(after.current)}`)
        : plain('recorded an outcome value', null, `: ${str(before.current)} → ${str(after.current)}`);
    case 'member.added':
      return plain('added', person() || 'a member', ` as ${str(after.role)}`);
    case 'member.joined':
      return plain('joined the engagement', null, after.role ? ` as ${str(after.role)}` : '');
    case 'member.removed':
      return plain('removed', str(before.name) || person() || 'a member', before.role ? ` (${str(before.role)})` : '');
    case 'invitation.created':
      return plain('invited', str(after.email), ` as ${str(after.role)}`);
    case 'invitation.revoked':
      return plain('revoked the invitation of', str(before.email));
    case 'organization.created':
      return s('created the organization', str(after.name));
    case 'organization.renamed':
      return s('renamed the organization', str(after.name), before.name ? ` (was “${str(before.name)}”)` : '');
    case 'user.created':
      return plain('created the account of', str(after.name) || str(after.email), after.email && after.name ? ` <${str(after.email)}>` : '');
    case 'user.updated':
      return plain('changed the account of', str(before.name) || person() || 'a user', ` (${Object.keys(after).map(label).join(', ')})`);
    case 'user.password_changed':
      return plain('changed their password', null);
    case 'user.password_reset':
      return plain('reset their password with a link', null);
    case 'notification_preferences.updated':
      return plain('changed their notification preferences', null, rec(after.digest).enabled === false ? ' (weekly digest off)' : rec(after.digest).day ? ` (weekly digest on ${str(rec(after.digest).day)})` : '');
    case 'api_token.created':
      return s('created the API token', str(after.name));
    case 'api_token.revoked':
      return s('revoked the API token', str(before.name));
    case 'phase.created':
      return s('planned the phase', str(after.name), after.plannedStart ? `, ${shortDate(after.plannedStart)} to ${shortDate(after.plannedEnd)}` : '');
    case 'phase.updated':
      return after.status !== before.status
        ? s('set the phase', str(after.name) || str(before.name), ` to ${label(str(after.status))}`)
        : s('changed the phase', str(after.name) || str(before.name));
    case 'phase.deleted':
      return s('deleted the phase', str(before.name));
    case 'phase.review_requested':
      return s(
        'asked for the gate review of the phase',
        str(after.name),
        after.exitCriteria !== undefined ? ` (${str(after.exitCriteriaMet)} of ${str(after.exitCriteria)} exit criteria met)` : '',
      );
    case 'phase.closed_by_gate':
      return s('closed the phase', str(after.name), ' at its gate review');
    case 'phase.stopped_by_gate':
      return s('stopped the phase', str(after.name), ' at its gate review');
    case 'phase.paused_by_gate':
      return s('paused the phase', str(after.name), ' in review at its gate review');
    case 'gate_review.opened':
      return s('opened the gate review of', str(after.phaseName), after.answersDueOn ? `: both sides answer by ${shortDate(after.answersDueOn)}` : '');
    case 'gate_review.draft_saved':
      // no content: the other side reads this record while the answers are blind (ADR 0015)
      return plain(`saved a draft of ${after.side === 'client' ? "the client's" : "the provider's"} gate review answers`, null, after.answered !== undefined ? ` (${str(after.answered)} of ${str(after.of)} scored)` : '');
    case 'gate_review.submitted':
      return plain(`submitted ${after.side === 'client' ? "the client's" : "the provider's"} gate review answers`, null, after.hash ? ` (sealed, hash ${str(after.hash).slice(0, 10)}…)` : '');
    case 'gate_review.remark_added':
      return plain(`added a remark for ${after.side === 'client' ? 'the client' : 'the provider'} to the gate review`, null, ' (hidden until both sides have answered)');
    case 'gate_review.revealed':
      return plain('revealed both sides\' gate review answers', null, ': both had submitted, and the answers match their sealed hashes');
    case 'gate_review.decided': {
      const said: Record<string, string> = { proceed: 'proceed', proceed_with_conditions: 'proceed with conditions', pause: 'pause', stop: 'stop' };
      const n = Array.isArray(after.conditions) ? after.conditions.length : 0;
      return s(
        `decided to ${said[str(after.decision)] ?? label(str(after.decision))} at the gate review of`,
        str(after.phaseName),
        `${n ? ` (${n} condition${n === 1 ? '' : 's'} in the ledger)` : ''}${after.revisitOn ? `, to revisit on ${shortDate(after.revisitOn)}` : ''}`,
      );
    }
    case 'engagement.stopped':
      return plain('stopped the engagement', null, after.phaseName ? ` at the gate review of "${str(after.phaseName)}"` : '');
    case 'engagement.reopen_requested':
      return plain('asked to reopen the stopped engagement', null, after.reason ? `: ${clip(str(after.reason))}` : '');
    case 'engagement.reopened':
      return plain('reopened the engagement', null, after.reason ? `: ${clip(str(after.reason))}` : '');
    case 'phase.reopened_by_gate':
      return s('reopened the phase', str(after.name), after.decision ? ` at its gate review (${label(str(after.decision))})` : ' at its gate review');
    case 'work_item.created':
      return s('added the work item', title);
    case 'work_item.updated':
      return after.status !== before.status ? s('moved the work item', title, ` to ${label(str(after.status))}`) : s('edited the work item', title);
    case 'work_items.imported':
      return plain('imported work items', null, `${after.fileName ? ` from ${str(after.fileName)}` : ''}: ${str(after.created)} new, ${str(after.updated)} updated`);
    case 'time_entries.imported':
      return plain('imported time entries', null, `${after.fileName ? ` from ${str(after.fileName)}` : ''}: ${str(after.created)} entries`);
    case 'time_entry.created':
      return plain('logged', hours(after.minutes), ` for ${shortDate(after.dateWorked, true)}`);
    case 'time_entry.updated':
      return plain('changed a time entry of', shortDate(after.dateWorked ?? before.dateWorked, true), after.minutes !== before.minutes ? ` (${hours(before.minutes)} → ${hours(after.minutes)})` : '');
    case 'time_entry.deleted':
      return plain('deleted a time entry of', shortDate(before.dateWorked, true), ` (${hours(before.minutes)})`);
    case 'time_period.locked':
      return plain('locked the time from', `${shortDate(after.periodStart, true)} to ${shortDate(after.periodEnd, true)}`);
    case 'time_period.unlocked':
      return plain('unlocked the time from', `${shortDate(before.periodStart, true)} to ${shortDate(before.periodEnd, true)}`);
    case 'delivery.settings_updated':
      return plain('changed the delivery settings', null);
    case 'capacity_plan.replaced': {
      const n = Array.isArray(after.periods) ? after.periods.length : 0;
      return plain('changed the capacity plan', null, n ? `: ${n} period${n === 1 ? '' : 's'}` : ': no periods');
    }
    case 'glossary.term_added':
      return s('added the glossary term', str(after.term));
    case 'glossary.term_updated':
      return s('explained the glossary term', str(after.term) || str(before.term), ' anew');
    case 'glossary.term_removed':
      return s('removed the glossary term', str(before.term));
    case 'delivery.budget_set':
      return plain('set the budget', null);
    case 'delivery.rates_set':
      return plain('set the hourly rates', null);
    case 'decision.requested':
      return s('asked for the decision', title, `${after.decider ? ` from ${str(after.decider)}` : ''}${after.dueDate ? `, due ${shortDate(after.dueDate)}` : ''}`);
    case 'decision.decided':
      return title ? s('decided', title, after.outcome ? `: ${clip(str(after.outcome))}` : '') : plain('recorded a decision', null, after.outcome ? `: ${clip(str(after.outcome))}` : '');
    case 'escalation.raised':
      return s('escalated', title, after.person ? ` to ${str(after.person)}` : '');
    case 'escalation.acknowledged':
      return s('acknowledged the escalation', title, after.level ? ` at level ${str(after.level)}` : '');
    case 'escalation.resolved':
      return s('resolved the escalation', title, after.note ? `: ${clip(str(after.note))}` : '');
    case 'escalation.deescalated':
      return after.status === 'deescalated'
        ? s('withdrew the escalation', title)
        : s('de-escalated', title || 'the escalation', after.level ? ` to level ${str(after.level)}` : '', !!title);
    case 'escalation.climbed':
      return s('moved the escalation', title || null, ` up to level ${str(after.level)}: nobody answered in time`);
    case 'escalation.top_reached':
      return s('noted that the escalation', title || null, ' reached the top of the ladder unanswered');
    case 'comment.created':
      return s('commented on', str(after.subjectTitle), after.body ? `: ${clip(str(after.body).replace(/@\[([^\]]+)\]\([^)]+\)/g, '@$1').replace(/\s+/g, ' '))}` : '');
    case 'comment.edited':
      return s('edited a comment on', str(after.subjectTitle));
    case 'comment.deleted':
      return s('deleted a comment on', str(after.subjectTitle) || str(before.subjectTitle));
    case 'comment.reacted':
      return s(`reacted ${REACTION_WORD[str(after.reaction)] ?? 'to'} a comment on`, str(after.subjectTitle));
    case 'comment.unreacted':
      return s('took back a reaction to a comment on', str(after.subjectTitle));
    case 'failure_report.created':
      return s('drafted the failure report', title);
    case 'failure_report.updated':
      return s('edited the failure report', title);
    case 'failure_report.published':
      return s('published the failure report', title, Array.isArray(after.followUpCommitmentIds) && after.followUpCommitmentIds.length ? `, with ${after.followUpCommitmentIds.length} follow-up commitment${after.followUpCommitmentIds.length === 1 ? '' : 's'}` : '');
    case 'failure_report.acknowledged':
      return s('acknowledged the failure report', title);
    case 'commitment.created':
    case 'commitment.recorded':
      return s('recorded the commitment', title, after.dueDate ? `, due ${shortDate(after.dueDate)}` : '');
    case 'commitment.updated':
      return s('edited the commitment', title, Object.keys(after).length ? ` (${Object.keys(after).map(label).join(', ')})` : '');
    case 'commitment.renegotiated':
      return s(
        'renegotiated the commitment',
        title,
        `: due ${shortDate(after.dueDate)} instead of ${shortDate(before.dueDate)}${after.daysInAdvance !== undefined ? `, ${Number(after.daysInAdvance) >= 0 ? `${str(after.daysInAdvance)} days ahead` : `${-Number(after.daysInAdvance)} days late`}` : ''}`,
      );
    case 'commitment.kept':
      return s('kept the commitment', title, after.deliveredOn ? `, delivered ${shortDate(after.deliveredOn)}` : '');
    case 'commitment.delivered_late':
      return s('delivered the commitment', title, ` late${after.deliveredOn ? `, on ${shortDate(after.deliveredOn)}` : ''}`);
    case 'commitment.missed':
      return after.automatic
        ? s('noted that the commitment', title || null, ` was missed${before.dueDate ? `: due ${shortDate(before.dueDate)}` : ''}, nothing delivered`)
        : s('marked the commitment', title, ' missed');
    case 'agenda_entry.raised':
      return s(`put ${AGENDA_KIND[str(after.kind)] ?? 'an entry'} on the future agenda:`, title);
    case 'agenda_entry.updated':
      return s('edited the future agenda entry', title, Object.keys(after).length ? ` (${Object.keys(after).map(label).join(', ')})` : '');
    case 'agenda_entry.decided':
      return s('recorded for the future agenda entry', title, `: ${AGENDA_DECISION[str(after.decision)] ?? label(str(after.decision))}`);
    case 'agenda_review.recorded': {
      const n = Number(after.decisions ?? 0);
      return plain('recorded the future agenda review', after.heldOn ? `of ${shortDate(after.heldOn, true)}` : null, n ? `: ${n} ${n === 1 ? 'entry' : 'entries'} decided` : '');
    }
    case 'recommendation.created':
      return s(`recommended (${REC_KIND[str(after.kind)] ?? 'a recommendation'})`, title);
    case 'recommendation.updated':
      return s('edited the recommendation', title, `${Object.keys(after).filter((k) => k !== 'version').length ? ` (${Object.keys(after).filter((k) => k !== 'version').map(label).join(', ')})` : ''}${after.version ? `: version ${str(after.version)}` : ''}`);
    case 'recommendation.shared':
      return s('shared the recommendation', title, ' with the client');
    case 'recommendation.accepted':
      return s('accepted the recommendation', title);
    case 'recommendation.declined':
      return s('declined the recommendation', title, after.reason ? `: ${clip(str(after.reason))}` : '');
    case 'recommendation.deferred':
      return s('deferred the recommendation', title, after.until ? ` until ${shortDate(after.until, true)}` : '');
    case 'status_update.drafted':
      return plain('drafted a status update', null, after.health ? ` (${label(str(after.health))})` : '');
    case 'status_update.edited':
      return plain('edited the draft status update', null, Array.isArray(after.changes) && after.changes.length ? ` (${(after.changes as unknown[]).map((c) => label(str(c))).join(', ')})` : '');
    case 'status_update.published':
      return s(
        'published',
        title || 'a status update',
        `: ${label(str(after.health))}${Number(after.lateWorkingDays) > 0 ? `, ${str(after.lateWorkingDays)} working day${Number(after.lateWorkingDays) === 1 ? '' : 's'} late` : ''}${after.overrode ? ' (the data suggested otherwise)' : ''}`,
        false,
      );
    case 'status_update.acknowledged':
      return s('acknowledged', title || 'the status update', after.comment ? `: ${clip(str(after.comment))}` : '', false);
    case 'status_update.replied':
      return s('replied to', title || 'the status update', after.comment ? `: ${clip(str(after.comment))}` : '', false);
    case 'status_update.overdue':
      return plain('noted that the status update', null, ` due ${shortDate(after.dueDate)} was not published on time`);
    // Partner selection (issue 15, ADR 0023): the selection's own chain; scores stay sealed until the decision
    case 'selection.created':
      return s('started the partner selection', title);
    case 'selection.criteria_changed':
      return plain('changed the scorecard’s criteria', null, after.afterScoringStarted ? ' after scoring had started' : '');
    case 'selection.candidate_added':
      return s('added the candidate', str(after.name));
    case 'selection.evaluator_added':
      return plain('added an evaluator:', person() || 'a colleague');
    case 'selection.evidence_added':
      return s(`added ${after.kind === 'document' ? 'a document' : after.kind === 'link' ? 'a link' : 'a note'} on ${str(after.candidate) || 'a candidate'}:`, title);
    case 'selection.red_flag_raised':
      return plain(`raised a red flag on ${str(after.candidate) || 'a candidate'}:`, label(str(after.kind)), after.evidence ? ` (“${clip(str(after.evidence))}”)` : '');
    case 'selection.rules_changed':
      return plain('set the red-flag rules', null, Array.isArray(after.rules) ? ` (${after.rules.length} rule${after.rules.length === 1 ? '' : 's'})` : '');
    case 'selection.scores_saved':
      return plain(`saved a draft of their scores for ${str(after.candidate) || 'a candidate'}`, null, after.scored !== undefined ? ` (${str(after.scored)} of ${str(after.of)} scored)` : '');
    case 'selection.scores_submitted':
      return plain(`submitted their scores for ${str(after.candidate) || 'a candidate'}`, null, after.hash ? ` (sealed, hash ${str(after.hash).slice(0, 10)}…)` : '');
    case 'selection.scores_revealed':
      return plain('revealed every submitted score', null, Array.isArray(after.submissions) ? ` (${after.submissions.length} sealed submission${after.submissions.length === 1 ? '' : 's'})` : '');
    case 'selection.decided':
      return s('chose', str(after.candidate), after.reasons ? `: ${clip(str(after.reasons))}` : '', false);
    case 'selection.invitation_sent':
      return plain(`invited ${str(after.provider) || 'the chosen provider'} to start the engagement`, null, after.email ? ` (${str(after.email)})` : '');
    case 'selection.invitation_accepted':
      return plain(`accepted the invitation for ${str(after.provider) || 'the provider'}: the engagement started`, null);
    case 'selection.result_shared':
      return plain(`shared its own result with ${str(after.candidate) || 'a candidate'}`, null);
    case 'selection.engagement_linked':
      return plain('linked the engagement this selection led to', null);
    // the engagement report (issue 16, ADR 0024): the period, format and role, never the content
    case 'report.generated':
      return plain(
        'generated the engagement report',
        after.from ? `for ${shortDate(after.from, true)} to ${shortDate(after.to, true)}` : null,
        ` (${after.format === 'pdf' ? 'PDF' : 'web page'}${after.role ? `, as ${str(after.role)}` : ''})`,
      );
    // integration (issue 16): who set up which feed or endpoint, never its URL or secret
    case 'calendar_feed.created':
      return plain('created a calendar feed', after.name ? `“${clip(str(after.name))}”` : null);
    case 'calendar_feed.revoked':
      return plain('revoked a calendar feed', before.name ? `“${clip(str(before.name))}”` : null);
    case 'webhook.created':
      return plain(`registered a ${after.side === 'client' ? 'client-side ' : ''}webhook endpoint`, null, Array.isArray(after.events) ? ` for ${after.events.map(String).join(', ')}` : '');
    case 'webhook.updated':
      return plain('changed a webhook endpoint', null, after.urlChanged ? ' (its address)' : Array.isArray(after.events) ? ` (now ${after.events.map(String).join(', ')})` : '');
    case 'webhook.enabled':
      return plain('enabled a webhook endpoint', null);
    case 'webhook.disabled':
      return plain('disabled a webhook endpoint', null);
    case 'webhook.secret_rotated':
      return plain("rotated a webhook endpoint's signing secret", null, ' (the old one stays valid for 24 hours)');
    case 'webhook.deleted':
      return plain('deleted a webhook endpoint', null);
    case 'engagement.imported':
      return plain('imported the engagement', after.name ? `“${clip(str(after.name))}”` : null, after.from ? ` from another Candor instance (${clip(str(after.from))})` : ' from another Candor instance');
    case 'forecast.recorded':
      return plain('recorded a forecast', null, after.scope ? ` for ${typeof after.scope === 'string' ? after.scope : str(rec(after.scope).name) || 'the engagement'}` : '');
    default:
      return plain(action ? label(action.replace(/\./g, ' ')) : 'made an unknown change', null);
  }
}

/** The sentence as plain text, without the actor. */
export const sentenceText = (s: Sentence): string => `${s.verb}${s.object ? ` ${s.titled ? `“${s.object}”` : s.object}` : ''}${s.tail}`;

/** Who did it: "Maya Okafor <lead@…>" → "Maya Okafor"; the system → "Candor". */
export function actorOf(entry: Pick<AuditRecordView, 'actor'>): string {
  const l = entry.actor?.label ?? 'system';
  if (l === 'system') return 'Candor';
  return l.replace(/\s*<[^>]*>$/, '') || l;
}
