import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the current page; returns the serious and critical violations, readably. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `    at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
          .join('\n')}`,
    );
}

/**
 * Waits until no finite animation (a fade-in, a transition) is running and every visible dialog, menu and
 * list box is fully opaque, on two frames in a row, so contrast is checked on final colours. Mantine starts a
 * popover's fade a frame after it is in the DOM: in that frame no transition is running yet, and under load
 * axe then read the notifications dropdown's link mid-fade (3.4:1). Endless animations (a loader, a skeleton
 * pulse) are ignored: they never end, and waiting on them only times out.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const settled = () => {
        const idle = document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY);
        if (!idle) return false;
        for (const el of document.querySelectorAll('[role="dialog"], [role="menu"], [role="listbox"]')) {
          if (el.getClientRects().length === 0) continue;
          for (let e: Element | null = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) return false;
        }
        return true;
      };
      if (!settled()) return false;
      // and still so two frames later (a transition that starts on the next frame)
      return new Promise<boolean>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(settled()))));
    },
    undefined,
    { timeout: 30_000 },
  );
}
