// Re-derives the embedded CESAW prior from the data file and checks it matches prior.ts.
// Skipped when the data file is not available (set CESAW_TASKS_CSV to point elsewhere).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getMapping, loadTasks, priorInputFromTasks, readTextFile } from '../../cli/forecast-backtest';
import { PRIOR } from './prior';
import { fitPrior } from './prior-fit';

const CESAW = process.env.CESAW_TASKS_CSV ?? '/work/shared/data/cesaw/tasks.csv.gz';

describe.skipIf(!existsSync(CESAW))('CESAW prior', () => {
  it('re-derives exactly the embedded constants', () => {
    const loaded = loadTasks(readTextFile(CESAW), getMapping('cesaw'), CESAW);
    // The dataset's documented facts, as a check that the file was read correctly.
    expect(loaded.rows).toBe(61_817);
    // 61,125 rows have plan > 0 and actual > 0; 549 of them have no completion date (\N).
    expect(loaded.tasks.length + loaded.excluded.notCompleted).toBe(61_125);
    expect(loaded.excluded.notCompleted).toBe(549);
    const fitted = fitPrior(priorInputFromTasks(loaded.tasks));
    expect(fitted).toEqual(PRIOR);
  }, 30_000);
});
