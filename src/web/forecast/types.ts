/** Forecast API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
import type { z } from 'zod';
import type * as F from '../../contracts/forecast';

export type Forecast = z.infer<typeof F.Forecast>;
export type FanPoint = z.infer<typeof F.FanPoint>;
export type ForecastExplanation = z.infer<typeof F.ForecastExplanation>;
export type RecordForecastInput = z.input<typeof F.RecordForecastBody>;
export type StoredForecast = z.infer<typeof F.StoredForecast>;
export type StoredForecastList = z.infer<typeof F.StoredForecastList>;
export type StoredForecastDetail = z.infer<typeof F.StoredForecastDetail>;
export type CalibrationRecord = z.infer<typeof F.CalibrationRecord>;
export type Judgement = z.infer<typeof F.Judgement>;
