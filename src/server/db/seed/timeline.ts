import { addDays, isoDate } from '../../../domain/time';
import { ManualClock } from '../../clock';
import type { Deps } from '../../http/context';

/**
 * The demo's past (ADR 0016). Seeds do not write "now": they put events on
 * a timeline, at days relative to the real clock's now at seeding time, and
 * the timeline plays them in order through the ordinary use cases with a
 * seed clock (a ManualClock) set to each event's moment. So every record —
 * audit entries included — carries the time it would have had, the audit
 * chain is appended in time order and still verifies, and lead times,
 * latencies and say/do figures come from dated history. The real clock is
 * never touched: the seed works on a copy of `deps` with its own clock.
 */
export class SeedTimeline {
  /** The real clock's now when seeding started: "today" for the demo. */
  readonly now: Date;
  readonly today: string;
  readonly clock: ManualClock;
  /** The dependencies the use cases get while the timeline plays: the seed clock instead of the real one. */
  readonly deps: Deps;
  private readonly events: { at: number; order: number; label: string; run: () => Promise<void> }[] = [];
  private played = false;

  constructor(deps: Deps) {
    this.now = deps.clock.now();
    this.today = isoDate(this.now);
    this.clock = new ManualClock(this.now);
    this.deps = { ...deps, clock: this.clock };
  }

  /** A moment `days` from today (negative: in the past) at hh:mm UTC. */
  at(days: number, hour = 9, minute = 0): Date {
    const d = addDays(new Date(`${this.today}T00:00:00.000Z`), days);
    d.setUTCHours(hour, minute, 0, 0);
    return d;
  }

  /** The calendar date `days` from today. */
  day(days: number): string {
    return isoDate(addDays(new Date(`${this.today}T12:00:00.000Z`), days));
  }

  /** Puts an event on the timeline; never in the future (the demo's history ends now). */
  on(at: Date, label: string, run: () => Promise<void>): void {
    if (this.played) throw new Error(`seed timeline: "${label}" added after the timeline played`);
    if (at.getTime() > this.now.getTime()) throw new Error(`seed timeline: "${label}" at ${at.toISOString()} is after now (${this.now.toISOString()})`);
    this.events.push({ at: at.getTime(), order: this.events.length, label, run });
  }

  /**
   * Plays the events in time order (ties in the order they were added); an
   * event may add later events while it runs (e.g. once it knows an id).
   */
  async play(): Promise<void> {
    let last = Number.NEGATIVE_INFINITY;
    for (;;) {
      const pending = this.events.filter((e) => e.at >= last).sort((a, b) => a.at - b.at || a.order - b.order);
      const next = pending[0];
      if (!next) break;
      this.events.splice(this.events.indexOf(next), 1);
      last = next.at;
      this.clock.set(new Date(next.at));
      try {
        await next.run();
      } catch (err) {
        throw new Error(`seed timeline: "${next.label}" at ${new Date(next.at).toISOString()} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    if (this.events.length) throw new Error(`seed timeline: ${this.events.length} event(s) were added before a moment already played, e.g. "${this.events[0]!.label}"`);
    this.played = true;
    this.clock.set(this.now);
  }
}
