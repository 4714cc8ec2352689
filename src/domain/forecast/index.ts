/**
 * Forecasting engine: pure functions, no I/O. ADR 0100 describes the model.
 *  - forecastRemainingEffort: Monte Carlo P50/P85/P95 of remaining effort, with an explanation.
 *  - completedProjectReplay: what a finished project contributes to later forecasts.
 *  - measureCapacity / forecastCompletion / budgetAtCompletion: dates and money.
 *  - runBacktest: the calibration back-test.
 */
export { type BacktestModel, type BacktestReport, type BacktestTask, runBacktest } from './backtest';
export { completedProjectReplay, replayResiduals } from './drift';
export { ForecastInputError } from './errors';
export { DEFAULTS as FORECAST_DEFAULTS, forecastRemainingEffort } from './forecast';
export { createRng, deriveSeed } from './prng';
export { PRIOR } from './prior';
export { type PriorConstants, fitPrior } from './prior-fit';
export {
  budgetAtCompletion,
  type Capacity,
  type CompletionForecast,
  forecastCompletion,
  measureCapacity,
  type TimeEntry,
} from './schedule';
export type * from './types';
