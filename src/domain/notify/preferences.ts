/**
 * Notification preferences (ADR 0021): per person, per kind of notification,
 * a channel; and a weekly digest on a chosen day. Pure.
 */

export const CHANNELS = ['in_app', 'email', 'both', 'digest_only'] as const;
export type Channel = (typeof CHANNELS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The kinds a person chooses a channel for, each covering the notification kinds named by its prefixes. */
export const PREFERENCE_KINDS = {
  decisions: { label: 'Decisions', prefixes: ['decision.'] },
  escalations: { label: 'Escalations', prefixes: ['escalation.'] },
  commitments: { label: 'Commitments', prefixes: ['commitment.'] },
  raid: { label: 'Risks, assumptions and dependencies', prefixes: ['raid.', 'risk.', 'issue.', 'assumption.', 'dependency.'] },
  status_updates: { label: 'Status updates', prefixes: ['status_update.', 'status-update.'] },
  comments: { label: 'Comments and failure reports', prefixes: ['comment.', 'failure_report.', 'failure-report.'] },
  partnership: { label: 'Gate reviews, recommendations and the agenda', prefixes: ['gate_review.', 'recommendation.', 'agenda.'] },
  other: { label: 'Everything else', prefixes: [] },
} as const satisfies Record<string, { label: string; prefixes: readonly string[] }>;
export type PreferenceKind = keyof typeof PREFERENCE_KINDS;
export const PREFERENCE_KIND_KEYS = Object.keys(PREFERENCE_KINDS) as PreferenceKind[];

/** Without a choice, a notification is in the bell and by e-mail (as before preferences existed). */
export const DEFAULT_CHANNEL: Channel = 'both';
export const DEFAULT_DIGEST_DAY: Weekday = 'mon';

/** Which preference kind a notification kind ("decision.requested") falls under. */
export function preferenceKindOf(notificationKind: string): PreferenceKind {
  for (const k of PREFERENCE_KIND_KEYS) {
    if ((PREFERENCE_KINDS[k].prefixes as readonly string[]).some((p) => notificationKind.startsWith(p))) return k;
  }
  return 'other';
}

export interface Delivery {
  inApp: boolean;
  email: boolean;
}

export function deliveryFor(channel: Channel): Delivery {
  return { inApp: channel === 'in_app' || channel === 'both', email: channel === 'email' || channel === 'both' };
}

/** The channel of a notification kind under stored choices (unknown stored values fall back to the default). */
export function channelFor(choices: Partial<Record<string, string>>, notificationKind: string): Channel {
  const c = choices[preferenceKindOf(notificationKind)];
  return (CHANNELS as readonly string[]).includes(c ?? '') ? (c as Channel) : DEFAULT_CHANNEL;
}

export const DIGEST_HOUR_UTC = 8;

/**
 * The next digest time strictly after `now`: `day` at 08:00 UTC.
 * (A late run covers the same week: the week is the 7 days before this time.)
 */
export function nextDigestAt(now: Date, day: Weekday): Date {
  const target = (WEEKDAYS.indexOf(day) + 1) % 7; // JS: 0 = Sunday
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  let add = (target - d.getUTCDay() + 7) % 7;
  if (add === 0 && d.getTime() <= now.getTime()) add = 7;
  d.setUTCDate(d.getUTCDate() + add);
  return d;
}

export const weekdayOf = (at: Date): Weekday => WEEKDAYS[(at.getUTCDay() + 6) % 7]!;
