/**
 * iCalendar feeds (issue 16, ADR 0025): secret feed URLs a person makes for
 * their calendar app, and revokes. The URL is shown once, when made.
 */
import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common';

export const CreateCalendarFeedBody = z
  .strictObject({ name: Text(100).optional().describe('Where you use it, e.g. "Phone" (default "Calendar feed")') })
  .nullish()
  .describe('Optional: a POST without a body makes a feed named "Calendar feed"');
export const CreatedCalendarFeed = z.object({
  id: Id,
  url: z.string().describe('The secret feed URL (…/api/v1/calendar/{token}.ics): shown once, store it in your calendar app now'),
});
export type CreatedCalendarFeed = z.infer<typeof CreatedCalendarFeed>;
export const CalendarFeed = z.object({
  id: Id,
  name: z.string(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable().describe('When a calendar last fetched it'),
  revokedAt: IsoDateTime.nullable(),
});
export type CalendarFeed = z.infer<typeof CalendarFeed>;
export const CalendarFeedList = z.object({ feeds: z.array(CalendarFeed).describe('Newest first, without their secrets') });
export const CalendarFeedParams = z.strictObject({ feedId: Id });
export const CalendarTokenParams = z.strictObject({ token: z.string().max(200).describe('The secret of the feed URL') });
