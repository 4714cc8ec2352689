import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../app/api';
import { dk } from '../delivery/api';
import type { CalibrationRecord, Forecast, RecordForecastInput, StoredForecastDetail, StoredForecastList } from './types';

const base = (id: string) => `/engagements/${id}`;

/**
 * The live forecast sits under the delivery key, so logging time or changing an item
 * (which invalidates delivery) recomputes it; stored forecasts have their own key.
 */
export const fkeys = {
  live: (id: string, phaseId: string | null, seed: number) => [...dk(id), 'forecast', phaseId ?? 'engagement', seed] as const,
  stored: (id: string) => ['engagement', id, 'forecasts'] as const,
  list: (id: string, phaseId: string | null, all: boolean) => ['engagement', id, 'forecasts', 'list', phaseId ?? 'engagement', all] as const,
  calibration: (id: string, phaseId: string | null, all: boolean) => ['engagement', id, 'forecasts', 'calibration', phaseId ?? 'engagement', all] as const,
};

export function useForecast(id: string, phaseId: string | null, seed: number) {
  return useQuery({
    queryKey: fkeys.live(id, phaseId, seed),
    queryFn: ({ signal }) => get<Forecast>(`${base(id)}/forecast`, { phaseId, seed }, signal),
    // Keep the previous figures on screen while another scope or seed is computed.
    placeholderData: (prev) => prev,
    retry: (n, err) => n < 2 && !(err && typeof err === 'object' && 'status' in err && (err as { status: number }).status < 500),
  });
}

export function useStoredForecasts(id: string, phaseId: string | null, all: boolean) {
  return useQuery({
    queryKey: fkeys.list(id, phaseId, all),
    queryFn: ({ signal }) => get<StoredForecastList>(`${base(id)}/forecasts`, { phaseId: all ? undefined : phaseId, all: all ? 'true' : undefined }, signal),
    placeholderData: (prev) => prev,
  });
}

export function useCalibration(id: string, phaseId: string | null, all: boolean) {
  return useQuery({
    queryKey: fkeys.calibration(id, phaseId, all),
    queryFn: ({ signal }) => get<CalibrationRecord>(`${base(id)}/forecasts/calibration`, { phaseId: all ? undefined : phaseId, all: all ? 'true' : undefined }, signal),
    placeholderData: (prev) => prev,
  });
}

export function useRecordForecast(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordForecastInput) => post<StoredForecastDetail>(`${base(id)}/forecasts`, input),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: fkeys.stored(id) }), qc.invalidateQueries({ queryKey: ['engagement', id, 'audit'] })]),
  });
}
