/**
 * The browser side of the coach: one shared worker per page, requests matched
 * to answers by id. Where workers are unavailable the coach runs in the page
 * (loaded on first use).
 */
import type { CheckOptions, Flag } from '../../domain/coach/types';

type Pending = { resolve: (flags: Flag[]) => void; reject: (err: unknown) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker | null {
  if (worker) return worker;
  if (typeof Worker === 'undefined') return null;
  worker = new Worker(new URL('./coach.worker.ts', import.meta.url), { type: 'module', name: 'candor-coach' });
  worker.onmessage = (e: MessageEvent<{ id: number; flags: Flag[] }>) => {
    const p = pending.get(e.data.id);
    pending.delete(e.data.id);
    p?.resolve(e.data.flags);
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  return worker;
}

/** Checks a text with the coach, off the main thread. */
export async function checkInBrowser(text: string, options: CheckOptions): Promise<Flag[]> {
  const w = getWorker();
  if (!w) {
    const { coach } = await import('../../domain/coach');
    return coach(text, options);
  }
  const id = nextId++;
  return new Promise<Flag[]>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, text, options });
  });
}
