/**
 * Typing in the coached editor on a 2,000-word text, in headless Chromium:
 * long tasks on the main thread (PerformanceObserver 'longtask', installed
 * before any page script) from the first keystroke until the last check is
 * shown, and the coach's own time in its worker. Uses the e2e harness (the
 * built web UI, the demo seed, a fixed clock). Run through bench/coach.ts.
 */
import { performance } from 'node:perf_hooks';
import { openBrowser, settled, signInAs, startCandor } from '../e2e/harness';
import { loadCorpus, statusUpdate } from './coach-data';

const CHROMIUM = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';

export async function benchBrowserCoach() {
  const text = statusUpdate(loadCorpus());
  const candor = await startCandor();
  const b = await openBrowser(CHROMIUM);
  try {
    await b.context.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[]; __coachMs: number[] };
      w.__longTasks = [];
      w.__coachMs = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
      // the worker reports its own time per check
      const NativeWorker = window.Worker;
      window.Worker = class extends NativeWorker {
        constructor(url: string | URL, opts?: WorkerOptions) {
          super(url, opts);
          this.addEventListener('message', (e: MessageEvent<{ ms?: number }>) => {
            if (typeof e.data?.ms === 'number') w.__coachMs.push(e.data.ms);
          });
        }
      } as typeof Worker;
    });
    await signInAs(b, candor.url, 'lead');
    await b.page.goto(`${candor.url}/engagements/${candor.seed.engagementId}/decisions/new`);
    await settled(b.page);
    const field = b.page.getByLabel(/^Context/);
    await field.fill(text);
    await b.page.getByRole('status').filter({ hasText: 'suggestions from the coach' }).first().waitFor({ timeout: 60_000 });
    await b.page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[]; __coachMs: number[] };
      w.__longTasks.length = 0;
      w.__coachMs.length = 0;
    });
    await field.press('End');
    const typed = ' We will send the revised plan soon, hopefully by Friday.';
    const delayMs = 60;
    const t0 = performance.now();
    await field.pressSequentially(typed, { delay: delayMs });
    await b.page.waitForFunction(() => (window as unknown as { __coachMs: number[] }).__coachMs.length > 0, undefined, { timeout: 60_000 });
    await b.page.waitForTimeout(1200); // the last debounced check and its render
    const elapsed = performance.now() - t0;
    const r = await b.page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[]; __coachMs: number[] };
      return { longTasks: [...w.__longTasks], coachMs: [...w.__coachMs], flags: document.querySelectorAll('[data-coach-backdrop] mark').length };
    });
    const sorted = [...r.coachMs].sort((a, b2) => a - b2);
    return {
      words: text.split(/\s+/).length,
      typed: typed.length,
      delayMs,
      elapsedMs: elapsed,
      longTasks: r.longTasks.filter((d) => d > 50).length,
      longestTaskMs: Math.max(0, ...r.longTasks),
      checks: r.coachMs.length,
      workerMedianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
      flagsShown: r.flags,
    };
  } finally {
    await b.close();
    await candor.close();
  }
}
