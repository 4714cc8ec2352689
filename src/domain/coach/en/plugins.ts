/**
 * Running a retext plugin's transformer over an already parsed tree, without
 * a vfile: its messages are collected as plain records. Used for the optional
 * categories (retext-equality, retext-simplify) so a check parses only once.
 */
import type { Root } from 'nlcst';

export interface PluginMessage {
  start: number;
  end: number;
  ruleId: string;
  reason: string;
  actual?: string;
  expected?: string[];
}

type Transformer = (tree: Root, file: unknown) => void;

export function runPlugin(plugin: (options?: never) => unknown, tree: Root): PluginMessage[] {
  const out: PluginMessage[] = [];
  const file = {
    message(reason: string, opts: { place?: { start?: { offset?: number }; end?: { offset?: number } }; ruleId?: string }) {
      const record: PluginMessage & Record<string, unknown> = {
        start: opts.place?.start?.offset ?? -1,
        end: opts.place?.end?.offset ?? -1,
        ruleId: opts.ruleId ?? 'unknown',
        reason,
      };
      out.push(record);
      return record;
    },
  };
  (plugin() as Transformer)(tree, file);
  return out.filter((m) => m.start >= 0 && m.end > m.start);
}
