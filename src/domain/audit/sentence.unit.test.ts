import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditRecordView, actorOf, sentenceFor, sentenceText } from './sentence';

const E = 'eng-1';
const rec = (action: string, type: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null, id = 'obj-1'): AuditRecordView => ({
  action,
  object: { type, id },
  before,
  after,
  actor: { id: 'u1', label: 'Maya Okafor <lead@demo.candor.dev>' },
});

/**
 * Every action Candor's server writes, with a payload shaped as the server
 * writes it, and the sentence a reader gets. The last test checks this list
 * against the server's source, so a new action without a sentence fails here.
 */
const CASES: [AuditRecordView, string, string | null][] = [
  [rec('engagement.created', 'engagement', null, { name: 'Customer portal replatforming' }), 'started the engagement “Customer portal replatforming”', `/engagements/${E}`],
  [rec('engagement.updated', 'engagement', { summary: 'a' }, { summary: 'b' }), 'changed the engagement (summary)', `/engagements/${E}`],
  [rec('charter.proposed', 'charter_version', null, { version: 2, note: '', body: {} }), 'proposed charter version 2', `/engagements/${E}/charter`],
  [rec('charter.accepted', 'charter_version', { status: 'proposed' }, { status: 'proposed', version: 2, side: 'provider' }), 'accepted charter version 2 for the provider side', `/engagements/${E}/charter`],
  [rec('charter.agreed', 'charter_version', { status: 'proposed' }, { status: 'agreed', version: 3, side: 'client' }), 'accepted charter version 3: both sides have now agreed it', `/engagements/${E}/charter`],
  [rec('charter.withdrawn', 'charter_version', { status: 'proposed' }, { status: 'withdrawn', version: 4 }), 'withdrew charter version 4', `/engagements/${E}/charter`],
  [rec('note.created', 'note', null, { kind: 'meeting', title: 'Kick-off workshop' }), 'wrote the meeting note “Kick-off workshop”', `/engagements/${E}/notes`],
  [rec('capacity_plan.replaced', 'capacity_plan', null, { periods: [{ kind: 'closed' }, { kind: 'people' }] }), 'changed the capacity plan: 2 periods', `/engagements/${E}/forecast`],
  [rec('glossary.term_added', 'glossary_term', null, { term: 'p95', explanation: '95 of 100 requests are faster' }), 'added the glossary term “p95”', null],
  [rec('glossary.term_updated', 'glossary_term', { term: 'p95' }, { term: 'p95', explanation: 'x' }), 'explained the glossary term “p95” anew', null],
  [rec('glossary.term_removed', 'glossary_term', { term: 'p95' }, null), 'removed the glossary term “p95”', null],
  [rec('note.updated', 'note', { title: 'Old' }, { title: 'Kick-off workshop' }), 'edited the note “Kick-off workshop”', `/engagements/${E}/notes`],
  [rec('note.deleted', 'note', { title: 'Scratch' }, null), 'deleted the note “Scratch”', null],
  [rec('outcome.measured', 'outcome', { current: 35 }, { current: 52, title: 'Shippers track consignments themselves' }), 'measured the outcome “Shippers track consignments themselves”: 35 → 52', `/engagements/${E}`],
  [rec('member.added', 'user', null, { role: 'sponsor', name: 'Ingrid Halvorsen' }, 'u4'), 'added Ingrid Halvorsen as sponsor', `/engagements/${E}/members`],
  [rec('member.joined', 'user', null, { role: 'stakeholder', invitationId: 'i1' }), 'joined the engagement as stakeholder', `/engagements/${E}/members`],
  [rec('member.removed', 'user', { role: 'member' }, null, 'u2'), 'removed Tom Reyes (member)', null],
  [rec('invitation.created', 'invitation', null, { email: 'new@client.test', role: 'stakeholder' }), 'invited new@client.test as stakeholder', `/engagements/${E}/members`],
  [rec('invitation.revoked', 'invitation', { email: 'new@client.test', role: 'stakeholder' }, null), 'revoked the invitation of new@client.test', null],
  [rec('organization.created', 'organization', null, { name: 'Fjord Logistics', kind: 'client' }), 'created the organization “Fjord Logistics”', null],
  [rec('organization.renamed', 'organization', { name: 'Fjord' }, { name: 'Fjord Logistics' }), 'renamed the organization “Fjord Logistics” (was “Fjord”)', null],
  [rec('user.created', 'user', null, { email: 'sam@fjord.test', name: 'Sam Patel' }), 'created the account of Sam Patel <sam@fjord.test>', `/engagements/${E}/members`],
  [rec('user.updated', 'user', { name: 'Sam Patel' }, { disabled: true }), 'changed the account of Sam Patel (disabled)', `/engagements/${E}/members`],
  [rec('user.password_changed', 'user', null, null), 'changed their password', `/engagements/${E}/members`],
  [rec('user.password_reset', 'user', null, null), 'reset their password with a link', `/engagements/${E}/members`],
  [rec('notification_preferences.updated', 'user', { digest: { enabled: true, day: 'mon' } }, { digest: { enabled: true, day: 'fri' } }), 'changed their notification preferences (weekly digest on fri)', `/engagements/${E}/members`],
  [rec('api_token.created', 'api_token', null, { name: 'CI export', prefix: 'cnd_1' }), 'created the API token “CI export”', null],
  [rec('api_token.revoked', 'api_token', { name: 'CI export' }, null), 'revoked the API token “CI export”', null],
  [rec('phase.created', 'phase', null, { name: 'Tracking', plannedStart: '2026-11-12', plannedEnd: '2027-01-07' }), 'planned the phase “Tracking”, 12 Nov to 7 Jan', `/engagements/${E}/phases`],
  [rec('phase.updated', 'phase', { name: 'Tracking', status: 'planned' }, { name: 'Tracking', status: 'active' }), 'set the phase “Tracking” to active', `/engagements/${E}/phases`],
  [rec('phase.deleted', 'phase', { name: 'Spare' }, null), 'deleted the phase “Spare”', null],
  [rec('phase.review_requested', 'phase', { status: 'active' }, { status: 'in_review', exitCriteriaMet: 3, exitCriteria: 3, name: 'Discovery' }), 'asked for the gate review of the phase “Discovery” (3 of 3 exit criteria met)', `/engagements/${E}/phases`],
  [rec('phase.closed_by_gate', 'phase', { status: 'in_review' }, { status: 'done', decision: 'proceed', name: 'Discovery' }), 'closed the phase “Discovery” at its gate review', `/engagements/${E}/phases`],
  [rec('phase.stopped_by_gate', 'phase', { status: 'in_review' }, { status: 'stopped', decision: 'stop', name: 'Discovery' }), 'stopped the phase “Discovery” at its gate review', `/engagements/${E}/phases`],
  [rec('phase.paused_by_gate', 'phase', { status: 'in_review' }, { status: 'in_review', decision: 'pause', name: 'Discovery' }), 'paused the phase “Discovery” in review at its gate review', `/engagements/${E}/phases`],
  [rec('selection.created', 'selection', null, { title: 'Warehouse app partner' }), 'started the partner selection “Warehouse app partner”', null],
  [rec('selection.criteria_changed', 'selection', { criteria: [] }, { criteria: [], afterScoringStarted: true }), 'changed the scorecard’s criteria after scoring had started', null],
  [rec('selection.candidate_added', 'selection_candidate', null, { name: 'Brightline Software' }), 'added the candidate “Brightline Software”', null],
  [rec('selection.evaluator_added', 'selection_member', null, { name: 'Ola Berg' }), 'added an evaluator: Ola Berg', null],
  [rec('selection.evidence_added', 'selection_evidence', null, { candidate: 'Brightline', kind: 'document', title: 'Proposal' }), 'added a document on Brightline: “Proposal”', null],
  [rec('selection.red_flag_raised', 'selection_red_flag', null, { candidate: 'Nordcode', kind: 'yes_to_everything', evidence: 'Said yes to every ask' }), 'raised a red flag on Nordcode: yes to everything (“Said yes to every ask”)', null],
  [rec('selection.rules_changed', 'selection', { rules: [] }, { rules: [{ kind: 'unclear_governance' }] }), 'set the red-flag rules (1 rule)', null],
  [rec('selection.scores_saved', 'selection_candidate', null, { candidate: 'Brightline', scored: 3, of: 6, hash: 'ab' }), 'saved a draft of their scores for Brightline (3 of 6 scored)', null],
  [rec('selection.scores_submitted', 'selection_candidate', null, { candidate: 'Brightline', scored: 6, of: 6, hash: '0123456789abcdef' }), 'submitted their scores for Brightline (sealed, hash 0123456789…)', null],
  [rec('selection.scores_revealed', 'selection', null, { submissions: [{}, {}] }), 'revealed every submitted score (2 sealed submissions)', null],
  [rec('selection.decided', 'selection_candidate', null, { candidate: 'Brightline Software', reasons: 'Understood our business' }), 'chose Brightline Software: Understood our business', null],
  [rec('selection.invitation_sent', 'selection_invitation', null, { provider: 'Brightline Software', email: null }), 'invited Brightline Software to start the engagement', null],
  [rec('selection.invitation_accepted', 'selection_invitation', null, { provider: 'Brightline Software' }), 'accepted the invitation for Brightline Software: the engagement started', null],
  [rec('selection.result_shared', 'selection_result_share', null, { candidate: 'Nordcode AS' }), 'shared its own result with Nordcode AS', null],
  [rec('selection.engagement_linked', 'engagement', null, { engagementId: 'e1' }), 'linked the engagement this selection led to', `/engagements/${E}`],
  [rec('gate_review.opened', 'gate_review', null, { phaseName: 'Discovery', answersDueOn: '2026-12-07' }), 'opened the gate review of “Discovery”: both sides answer by 7 Dec', `/engagements/${E}/gate-reviews/obj-1`],
  [rec('gate_review.draft_saved', 'gate_review', null, { side: 'client', answered: 3, of: 6, hash: 'ab' }), "saved a draft of the client's gate review answers (3 of 6 scored)", `/engagements/${E}/gate-reviews/obj-1`],
  [rec('gate_review.submitted', 'gate_review', null, { side: 'provider', answered: 6, of: 6, hash: '0123456789abcdef' }), "submitted the provider's gate review answers (sealed, hash 0123456789…)", `/engagements/${E}/gate-reviews/obj-1`],
  [rec('gate_review.remark_added', 'gate_review', null, { side: 'client', remarkId: 'r1', question: null, hash: 'x' }), 'added a remark for the client to the gate review (hidden until both sides have answered)', `/engagements/${E}/gate-reviews/obj-1`],
  [rec('gate_review.revealed', 'gate_review', null, { provider: {}, client: {} }), "revealed both sides' gate review answers: both had submitted, and the answers match their sealed hashes", `/engagements/${E}/gate-reviews/obj-1`],
  [rec('gate_review.decided', 'gate_review', null, { decision: 'proceed_with_conditions', phaseName: 'Discovery', conditions: [{}, {}], revisitOn: null }), 'decided to proceed with conditions at the gate review of “Discovery” (2 conditions in the ledger)', `/engagements/${E}/gate-reviews/obj-1`],
  [rec('engagement.stopped', 'engagement', null, { reason: 'no fit', phaseName: 'Discovery' }), 'stopped the engagement at the gate review of "Discovery"', `/engagements/${E}`],
  [rec('engagement.reopen_requested', 'engagement', null, { reason: 'new budget', by: 'lead' }), 'asked to reopen the stopped engagement: new budget', `/engagements/${E}`],
  [rec('engagement.reopened', 'engagement', null, { reason: 'new budget' }), 'reopened the engagement: new budget', `/engagements/${E}`],
  [rec('phase.reopened_by_gate', 'phase', { status: 'in_review' }, { status: 'active', decision: 'pause', name: 'Discovery' }), 'reopened the phase “Discovery” at its gate review (pause)', `/engagements/${E}/phases`],
  [rec('work_item.created', 'work_item', null, { title: 'Carrier A webhook receiver', status: 'backlog' }), 'added the work item “Carrier A webhook receiver”', `/engagements/${E}/items/obj-1`],
  [rec('work_item.updated', 'work_item', { title: 'Carrier A webhook receiver', status: 'in_progress' }, { title: 'Carrier A webhook receiver', status: 'done' }), 'moved the work item “Carrier A webhook receiver” to done', `/engagements/${E}/items/obj-1`],
  [rec('work_items.imported', 'import', null, { fileName: 'jira.csv', created: 12, updated: 3 }), 'imported work items from jira.csv: 12 new, 3 updated', `/engagements/${E}/imports`],
  [rec('time_entries.imported', 'import', null, { source: 'demo seed', created: 120 }), 'imported time entries: 120 entries', `/engagements/${E}/imports`],
  [rec('time_entry.created', 'time_entry', null, { dateWorked: '2026-11-30', minutes: 270 }), 'logged 4 h 30 min for 30 Nov 2026', `/engagements/${E}/time`],
  [rec('time_entry.updated', 'time_entry', { dateWorked: '2026-11-30', minutes: 60 }, { dateWorked: '2026-11-30', minutes: 90 }), 'changed a time entry of 30 Nov 2026 (1 h → 1 h 30 min)', `/engagements/${E}/time`],
  [rec('time_entry.deleted', 'time_entry', { dateWorked: '2026-11-30', minutes: 45 }, null), 'deleted a time entry of 30 Nov 2026 (45 min)', null],
  [rec('time_period.locked', 'time_lock', null, { periodStart: '2026-09-21', periodEnd: '2026-10-11' }), 'locked the time from 21 Sep 2026 to 11 Oct 2026', `/engagements/${E}/time`],
  [rec('time_period.unlocked', 'time_lock', { periodStart: '2026-09-21', periodEnd: '2026-10-11' }, null), 'unlocked the time from 21 Sep 2026 to 11 Oct 2026', `/engagements/${E}/time`],
  [rec('delivery.settings_updated', 'delivery_settings', {}, {}), 'changed the delivery settings', `/engagements/${E}/budget`],
  [rec('delivery.budget_set', 'delivery_settings', {}, {}), 'set the budget', `/engagements/${E}/budget`],
  [rec('delivery.rates_set', 'rates', { rates: [] }, { rates: [] }), 'set the hourly rates', `/engagements/${E}/budget`],
  [rec('risk.created', 'risk', null, { type: 'risk', title: 'One carrier has no API documentation', probability: 4, impact: 3 }), 'flagged the risk “One carrier has no API documentation” (probability 4, impact 3)', `/engagements/${E}/raid/obj-1`],
  [rec('issue.created', 'issue', null, { type: 'issue', title: 'Staging VPN drops every night' }), 'raised the issue “Staging VPN drops every night”', `/engagements/${E}/raid/obj-1`],
  [rec('assumption.created', 'assumption', null, { type: 'assumption', title: 'Carriers keep their formats' }), 'stated the assumption “Carriers keep their formats”', `/engagements/${E}/raid/obj-1`],
  [rec('dependency.created', 'dependency', null, { type: 'dependency', title: 'Root access on staging', neededBy: '2026-12-03' }), 'added the dependency “Root access on staging”, needed by 3 Dec', `/engagements/${E}/raid/obj-1`],
  [rec('risk.updated', 'risk', { title: 'Docs', status: 'open' }, { status: 'mitigating' }), 'set the risk “Docs” to mitigating', `/engagements/${E}/raid/obj-1`],
  [rec('issue.updated', 'issue', { title: 'VPN', owner: 'Sam' }, { owner: 'Sam Patel', owner_user_id: 'u5' }), 'edited the issue “VPN” (owner, owner user id)', `/engagements/${E}/raid/obj-1`],
  [rec('assumption.updated', 'assumption', { title: 'Formats', status: 'open' }, { status: 'invalidated' }), 'set the assumption “Formats” to invalidated', `/engagements/${E}/raid/obj-1`],
  [rec('dependency.updated', 'dependency', { title: 'Root access', status: 'open' }, { status: 'met' }), 'set the dependency “Root access” to met', `/engagements/${E}/raid/obj-1`],
  [rec('risk.occurred', 'risk', { status: 'open' }, { status: 'occurred', flaggedAt: '2026-10-01T10:00:00.000Z', occurredAt: '2026-10-22T10:00:00.000Z', title: 'Carrier test data may be incomplete' }), 'recorded that the risk “Carrier test data may be incomplete” happened, flagged 21 days before', `/engagements/${E}/raid/obj-1`],
  [rec('decision.requested', 'decision', null, { title: 'Where the new portal runs', decider: 'Maya Okafor', dueDate: '2026-11-05' }), 'asked for the decision “Where the new portal runs” from Maya Okafor, due 5 Nov', `/engagements/${E}/decisions/obj-1`],
  [rec('decision.decided', 'decision', { status: 'proposed' }, { status: 'decided', outcome: 'Stay on VMs', title: 'Where the new portal runs' }), 'decided “Where the new portal runs”: Stay on VMs', `/engagements/${E}/decisions/obj-1`],
  [rec('escalation.raised', 'escalation', null, { title: 'Sandbox still missing', level: 1, person: 'Maya Okafor (engagement lead)' }), 'escalated “Sandbox still missing” to Maya Okafor (engagement lead)', `/engagements/${E}/escalations/obj-1`],
  [rec('escalation.acknowledged', 'escalation', { status: 'open', level: 1 }, { status: 'acknowledged', level: 1, note: '', title: 'Sandbox still missing' }), 'acknowledged the escalation “Sandbox still missing” at level 1', `/engagements/${E}/escalations/obj-1`],
  [rec('escalation.resolved', 'escalation', { status: 'acknowledged', level: 1 }, { status: 'resolved', level: 1, note: 'Sandbox granted', title: 'Sandbox still missing' }), 'resolved the escalation “Sandbox still missing”: Sandbox granted', `/engagements/${E}/escalations/obj-1`],
  [rec('escalation.deescalated', 'escalation', { status: 'open', level: 2 }, { status: 'open', level: 1, note: '', title: 'Sandbox still missing' }), 'de-escalated “Sandbox still missing” to level 1', `/engagements/${E}/escalations/obj-1`],
  [rec('escalation.climbed', 'escalation', { level: 1 }, { level: 2, person: 'Jonas Berg', title: 'Sandbox still missing' }), 'moved the escalation “Sandbox still missing” up to level 2: nobody answered in time', `/engagements/${E}/escalations/obj-1`],
  [rec('escalation.top_reached', 'escalation', { level: 3 }, { level: 3, title: 'Sandbox still missing' }), 'noted that the escalation “Sandbox still missing” reached the top of the ladder unanswered', `/engagements/${E}/escalations/obj-1`],
  [rec('comment.created', 'comment', null, { subjectType: 'work_item', subjectId: 'w1', subjectTitle: 'Carrier sync', body: 'Thanks @[Ana](u1), looks\ngood' }), 'commented on “Carrier sync”: Thanks @Ana, looks good', null],
  [rec('comment.edited', 'comment', { subjectTitle: 'Carrier sync', body: 'a' }, { subjectTitle: 'Carrier sync', body: 'b' }), 'edited a comment on “Carrier sync”', null],
  [rec('comment.deleted', 'comment', { subjectTitle: 'Carrier sync', body: 'a' }, { subjectTitle: 'Carrier sync', deleted: true }), 'deleted a comment on “Carrier sync”', null],
  [rec('comment.reacted', 'comment', null, { subjectTitle: 'Carrier sync', reaction: 'thumbs_up' }), 'reacted 👍 to a comment on “Carrier sync”', null],
  [rec('comment.unreacted', 'comment', null, { subjectTitle: 'Carrier sync', reaction: 'eyes' }), 'took back a reaction to a comment on “Carrier sync”', null],
  [rec('failure_report.created', 'failure_report', null, { title: 'Staging data loss' }), 'drafted the failure report “Staging data loss”', `/engagements/${E}/failure-reports/obj-1`],
  [rec('failure_report.updated', 'failure_report', { title: 'Staging data loss' }, { title: 'Staging data loss' }), 'edited the failure report “Staging data loss”', `/engagements/${E}/failure-reports/obj-1`],
  [rec('failure_report.published', 'failure_report', { status: 'draft' }, { title: 'Staging data loss', followUpCommitmentIds: ['c1', 'c2'] }), 'published the failure report “Staging data loss”, with 2 follow-up commitments', `/engagements/${E}/failure-reports/obj-1`],
  [rec('failure_report.acknowledged', 'failure_report', null, { title: 'Staging data loss' }), 'acknowledged the failure report “Staging data loss”', `/engagements/${E}/failure-reports/obj-1`],
  [rec('commitment.created', 'commitment', null, { side: 'provider', title: 'Polling service for carriers C, D and E on staging', dueDate: '2026-12-05' }), 'recorded the commitment “Polling service for carriers C, D and E on staging”, due 5 Dec', `/engagements/${E}/commitments/obj-1`],
  [rec('commitment.recorded', 'commitment', null, { side: 'client', title: 'Call-reason export', dueDate: '2026-10-21', source: 'demo history' }), 'recorded the commitment “Call-reason export”, due 21 Oct', `/engagements/${E}/commitments/obj-1`],
  [rec('commitment.updated', 'commitment', { title: 'Pricing copy', details: 'a' }, { details: 'b' }), 'edited the commitment “Pricing copy” (details)', `/engagements/${E}/commitments/obj-1`],
  [rec('commitment.renegotiated', 'commitment', { status: 'open', dueDate: '2026-11-20' }, { status: 'renegotiated', dueDate: '2026-11-27', daysInAdvance: 6, title: 'Prototype' }), 'renegotiated the commitment “Prototype”: due 27 Nov instead of 20 Nov, 6 days ahead', `/engagements/${E}/commitments/obj-1`],
  [rec('commitment.kept', 'commitment', { status: 'open' }, { status: 'kept', deliveredOn: '2026-11-19', title: 'Prototype' }), 'kept the commitment “Prototype”, delivered 19 Nov', `/engagements/${E}/commitments/obj-1`],
  [rec('commitment.delivered_late', 'commitment', { status: 'missed' }, { status: 'missed', deliveredOn: '2026-11-25', title: 'Prototype' }), 'delivered the commitment “Prototype” late, on 25 Nov', `/engagements/${E}/commitments/obj-1`],
  [rec('commitment.missed', 'commitment', { status: 'open', dueDate: '2026-11-24' }, { status: 'missed', automatic: true, title: 'First weekly indicator report' }), 'noted that the commitment “First weekly indicator report” was missed: due 24 Nov, nothing delivered', `/engagements/${E}/commitments/obj-1`],
  [rec('agenda_entry.raised', 'agenda_entry', null, { kind: 'market_change', title: 'Carriers move to a shared EU tracking API' }), 'put a market change on the future agenda: “Carriers move to a shared EU tracking API”', `/engagements/${E}/agenda`],
  [rec('agenda_entry.updated', 'agenda_entry', { title: 'Returns portal' }, { details: 'b', visibility: 'shared' }), 'edited the future agenda entry “Returns portal” (details, visibility)', `/engagements/${E}/agenda`],
  [rec('agenda_entry.decided', 'agenda_entry', { status: 'open' }, { status: 'turned_into', decision: 'phase', title: 'Returns portal' }), 'recorded for the future agenda entry “Returns portal”: turned into a phase', `/engagements/${E}/agenda`],
  [rec('agenda_review.recorded', 'agenda_review', null, { heldOn: '2026-11-03', decisions: 3 }), 'recorded the future agenda review of 3 Nov 2026: 3 entries decided', `/engagements/${E}/agenda`],
  [rec('recommendation.created', 'recommendation', null, { kind: 'dont', title: 'Keep the current payment provider' }), 'recommended (this work is not needed) “Keep the current payment provider”', `/engagements/${E}/recommendations/obj-1`],
  [rec('recommendation.updated', 'recommendation', { title: 'Cache the rates', version: 1 }, { benefit: 'b', version: 2 }), 'edited the recommendation “Cache the rates” (benefit): version 2', `/engagements/${E}/recommendations/obj-1`],
  [rec('recommendation.shared', 'recommendation', { title: 'Cache the rates', visibility: 'internal' }, { visibility: 'shared', version: 3 }), 'shared the recommendation “Cache the rates” with the client', `/engagements/${E}/recommendations/obj-1`],
  [rec('recommendation.accepted', 'recommendation', { status: 'proposed' }, { status: 'accepted', title: 'Cache the rates' }), 'accepted the recommendation “Cache the rates”', `/engagements/${E}/recommendations/obj-1`],
  [rec('recommendation.declined', 'recommendation', { status: 'proposed' }, { status: 'declined', reason: 'No budget this quarter', title: 'Cache the rates' }), 'declined the recommendation “Cache the rates”: No budget this quarter', `/engagements/${E}/recommendations/obj-1`],
  [rec('recommendation.deferred', 'recommendation', { status: 'proposed' }, { status: 'deferred', until: '2027-02-01', title: 'Cache the rates' }), 'deferred the recommendation “Cache the rates” until 1 Feb 2027', `/engagements/${E}/recommendations/obj-1`],
  [rec('status_update.drafted', 'status_update', null, { health: 'at_risk' }), 'drafted a status update (at risk)', `/engagements/${E}/status-updates/obj-1`],
  [rec('status_update.edited', 'status_update', { health: 'on_track' }, { changes: ['health', 'nextStep'], health: 'at_risk' }), 'edited the draft status update (health, nextStep)', `/engagements/${E}/status-updates/obj-1`],
  [rec('status_update.published', 'status_update', { status: 'draft' }, { title: 'Status update of 2026-12-04', health: 'on_track', lateWorkingDays: 2, overrode: true }), 'published Status update of 2026-12-04: on track, 2 working days late (the data suggested otherwise)', `/engagements/${E}/status-updates/obj-1`],
  [rec('status_update.acknowledged', 'status_update', null, { title: 'Status update of 2026-12-04', comment: 'Thanks' }), 'acknowledged Status update of 2026-12-04: Thanks', `/engagements/${E}/status-updates/obj-1`],
  [rec('status_update.replied', 'status_update', null, { title: 'Status update of 2026-12-04', comment: 'Why?' }), 'replied to Status update of 2026-12-04: Why?', `/engagements/${E}/status-updates/obj-1`],
  [rec('status_update.overdue', 'status_update_due', null, { dueDate: '2026-12-04' }), 'noted that the status update due 4 Dec was not published on time', `/engagements/${E}/status-updates`],
  [rec('report.generated', 'report', null, { from: '2026-10-05', to: '2026-11-02', format: 'pdf', role: 'sponsor', side: 'client' }), 'generated the engagement report for 5 Oct 2026 to 2 Nov 2026 (PDF, as sponsor)', `/engagements/${E}/report`],
  [rec('forecast.recorded', 'forecast', null, { scope: 'engagement', audience: 'all' }), 'recorded a forecast for engagement', `/engagements/${E}/forecast`],
  [rec('calendar_feed.created', 'calendar_feed', null, { name: 'Work laptop' }), 'created a calendar feed “Work laptop”', null],
  [rec('calendar_feed.revoked', 'calendar_feed', { name: 'Work laptop' }, null), 'revoked a calendar feed “Work laptop”', null],
  [rec('webhook.created', 'webhook', null, { side: 'client', events: ['commitment.*', 'decision.*'], status: 'enabled' }), 'registered a client-side webhook endpoint for commitment.*, decision.*', `/engagements/${E}/webhooks`],
  [rec('webhook.updated', 'webhook', { events: ['commitment.*'] }, { events: ['commitment.*'], urlChanged: true }), 'changed a webhook endpoint (its address)', `/engagements/${E}/webhooks`],
  [rec('webhook.enabled', 'webhook', null, { status: 'enabled' }), 'enabled a webhook endpoint', `/engagements/${E}/webhooks`],
  [rec('webhook.disabled', 'webhook', null, { status: 'disabled' }), 'disabled a webhook endpoint', `/engagements/${E}/webhooks`],
  [rec('webhook.secret_rotated', 'webhook', null, { previousValidUntil: '2026-11-03T09:00:00Z' }), "rotated a webhook endpoint's signing secret (the old one stays valid for 24 hours)", `/engagements/${E}/webhooks`],
  [rec('webhook.deleted', 'webhook', { events: ['commitment.*'] }, null), 'deleted a webhook endpoint', null],
  [rec('engagement.imported', 'engagement', null, { name: 'Portal', from: 'candor.example.com' }), 'imported the engagement “Portal” from another Candor instance (candor.example.com)', `/engagements/${E}`],
];

const nameOf = (id: string) => ({ u2: 'Tom Reyes', u4: 'Ingrid Halvorsen' })[id];

describe('activity sentences', () => {
  it.each(CASES.map(([r, text, link]) => [r.action, r, text, link] as const))('%s reads as a sentence about its object', (_a, r, text, link) => {
    const s = sentenceFor(r, E, nameOf);
    expect(sentenceText(s)).toBe(text);
    expect(s.link).toBe(link);
  });

  it('reads the issue’s own examples', () => {
    const made = sentenceFor(rec('commitment.created', 'commitment', null, { title: 'Polling service for carriers C, D and E on staging', dueDate: '2026-12-05' }), E);
    expect(`${actorOf(rec('x', 'y', null, null))} ${sentenceText(made)}`).toBe('Maya Okafor recorded the commitment “Polling service for carriers C, D and E on staging”, due 5 Dec');
    const accepted = sentenceFor({ ...rec('charter.agreed', 'charter_version', null, { version: 3, side: 'client' }), actor: { id: 'u4', label: 'Ingrid Halvorsen <sponsor@demo.candor.dev>' } }, E);
    expect(`Ingrid Halvorsen ${sentenceText(accepted).split(':')[0]}`).toBe('Ingrid Halvorsen accepted charter version 3');
  });

  it('the system is called Candor; the title is set off, a version number is not', () => {
    expect(actorOf({ actor: { id: null, label: 'system' } })).toBe('Candor');
    expect(sentenceFor(rec('commitment.kept', 'commitment', null, { title: 'X' }), E).titled).toBe(true);
    expect(sentenceFor(rec('charter.proposed', 'charter_version', null, { version: 1 }), E).titled).toBe(false);
  });

  it('older records without a title still read (no title is invented or fetched)', () => {
    expect(sentenceText(sentenceFor(rec('outcome.measured', 'outcome', { current: 1 }, { current: 2 }), E))).toBe('recorded an outcome value: 1 → 2');
    expect(sentenceText(sentenceFor(rec('escalation.acknowledged', 'escalation', { level: 1 }, { status: 'acknowledged', level: 1 }), E))).toBe('acknowledged the escalation at level 1');
    expect(sentenceText(sentenceFor(rec('member.added', 'user', null, { role: 'member' }, 'unknown'), E))).toBe('added a member as member');
  });

  it('every action the server writes has a sentence here', () => {
    const root = path.resolve(__dirname, '../../server');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = path.join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.includes('.test.')) files.push(p);
      }
    };
    walk(root);
    const written = new Set<string>();
    for (const f of files) {
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        const literal = /'([a-z_]+\.[a-z_]+)'/g;
        if (/\baction\b/.test(line) || /saveSettings\(/.test(line)) for (const m of line.matchAll(literal)) written.add(m[1]!);
      }
    }
    // actions built from a template: `${type}.created|updated` for RAID items, `escalation.${kind}`
    for (const t of ['risk', 'issue', 'assumption', 'dependency']) for (const v of ['created', 'updated']) written.add(`${t}.${v}`);
    for (const k of ['acknowledged', 'resolved', 'deescalated']) written.add(`escalation.${k}`);
    expect(written.size).toBeGreaterThan(50);
    const covered = new Set(CASES.map(([r]) => r.action));
    expect([...written].filter((a) => !covered.has(a)).sort()).toEqual([]);
    // and none of them falls through to the generic fallback
    for (const [r] of CASES) expect(sentenceText(sentenceFor(r, E))).not.toBe(r.action!.replace(/[._]/g, ' '));
  });
});
