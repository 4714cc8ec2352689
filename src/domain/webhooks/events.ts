/**
 * Webhook event types (issue 16, ADR 0026): the engagement's audit actions,
 * grouped by their first segment (`commitment.created`, `commitment.kept` →
 * `commitment.*`). An endpoint subscribes to groups, or to `*` for all. Pure.
 */

/** The groups an endpoint may pick, with a label for the event picker. */
export const EVENT_GROUPS = {
  engagement: 'Engagement settings',
  charter: 'Charter versions',
  outcome: 'Outcome measurements',
  member: 'Members',
  invitation: 'Invitations',
  note: 'Notes',
  phase: 'Phases',
  work_item: 'Work items',
  time_entry: 'Time entries',
  time_period: 'Time periods',
  delivery: 'Delivery settings',
  forecast: 'Forecasts',
  capacity_plan: 'Capacity plan',
  risk: 'Risks',
  issue: 'Issues',
  assumption: 'Assumptions',
  dependency: 'Dependencies',
  decision: 'Decisions',
  escalation: 'Escalations',
  commitment: 'Commitments',
  status_update: 'Status updates',
  recommendation: 'Recommendations',
  agenda_entry: 'Future agenda entries',
  agenda_review: 'Future agenda reviews',
  gate_review: 'Gate reviews',
  comment: 'Comments',
  failure_report: 'Failure reports',
  glossary: 'Glossary',
} as const;

export type EventGroup = keyof typeof EVENT_GROUPS;
export const ALL_EVENTS = '*';
/** The test event a person sends from the page: every endpoint receives it whatever it subscribed to. */
export const TEST_EVENT = 'webhook.test';

/** Every event type an endpoint may name: `*` and `<group>.*`. */
export const EVENT_TYPES: readonly string[] = [ALL_EVENTS, ...Object.keys(EVENT_GROUPS).map((g) => `${g}.*`)];

/** The group of an audit action (`commitment.kept` → `commitment`). */
export const groupOf = (action: string): string => action.split('.')[0] ?? '';

/** Whether an action is a webhook event at all (webhooks' own changes are not, so an endpoint never reports on itself). */
export const isEventAction = (action: string): boolean => Object.hasOwn(EVENT_GROUPS, groupOf(action));

/** Whether an endpoint subscribed to `events` wants this audit action. */
export function subscribes(events: readonly string[], action: string): boolean {
  if (!isEventAction(action)) return false;
  return events.includes(ALL_EVENTS) || events.includes(`${groupOf(action)}.*`);
}

/** The entries of `events` that are not event types (for a 400 naming them). */
export const unknownEvents = (events: readonly string[]): string[] => events.filter((e) => !EVENT_TYPES.includes(e));
