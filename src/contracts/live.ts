import { z } from 'zod';
import { CHANNELS, PREFERENCE_KIND_KEYS, PREFERENCE_KINDS, type PreferenceKind, WEEKDAYS } from '../domain/notify/preferences';

export const Channel = z.enum(CHANNELS).describe('in_app: the bell only; email: e-mail only; both; digest_only: neither, it is in the weekly digest');
export const Weekday = z.enum(WEEKDAYS);

const kindsShape = Object.fromEntries(PREFERENCE_KIND_KEYS.map((k) => [k, Channel.describe(PREFERENCE_KINDS[k].label)])) as Record<PreferenceKind, typeof Channel>;

export const NotificationPreferences = z.object({
  kinds: z.object(kindsShape),
  digest: z.object({ enabled: z.boolean(), day: Weekday.describe('The weekday the digest is sent (08:00 UTC)') }),
  /** What each kind covers, for the preferences page. */
  labels: z.record(z.string(), z.string()),
  nextDigestAt: z.string().nullable().describe('When the next digest is due (ISO-8601 UTC), null when the digest is off'),
});

/** A partial update: unknown kinds or fields are refused by name. */
export const UpdateNotificationPreferences = z.strictObject({
  kinds: z.strictObject(Object.fromEntries(PREFERENCE_KIND_KEYS.map((k) => [k, Channel.optional()])) as Record<PreferenceKind, z.ZodOptional<typeof Channel>>).optional(),
  digest: z.strictObject({ enabled: z.boolean().optional(), day: Weekday.optional() }).optional(),
});

export const EventsQuery = z.strictObject({
  once: z.enum(['1', 'true']).optional().describe('Send the events waiting after Last-Event-ID (or the start) and close, instead of streaming'),
  lastEventId: z.string().max(80).optional().describe('Where to resume, for clients that cannot send the Last-Event-ID header'),
});

export const EventStream = z
  .string()
  .describe(
    'text/event-stream. `event: notification` (data: engagementId, notificationId, kind) for a notification to you; `event: change` (data: engagementId, object {type,id}, action, visibility) for a change you may see. Every event has an id: send it back as Last-Event-ID to resume.',
  );
