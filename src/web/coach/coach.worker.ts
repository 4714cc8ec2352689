/// <reference lib="webworker" />
// The coach in a worker: checking a long text never blocks typing. Nothing leaves the browser.
import { type CheckOptions, coach } from '../../domain/coach';

export interface CoachRequest {
  id: number;
  text: string;
  options: CheckOptions;
}

self.onmessage = (e: MessageEvent<CoachRequest>) => {
  const { id, text, options } = e.data;
  const started = performance.now();
  const flags = coach(text, options);
  (self as unknown as Worker).postMessage({ id, flags, ms: performance.now() - started });
};
