import { useQuery } from '@tanstack/react-query';
import type { TrustReport } from '../../contracts/trust';
import { get } from '../app/api';

/** Under the engagement's key, so any write that refreshes the engagement refreshes the index too. */
export const tkeys = { report: (id: string, at: string | null) => ['engagement', id, 'trust', at ?? 'today'] as const };

export function useTrust(id: string, at: string | null) {
  return useQuery({
    queryKey: tkeys.report(id, at),
    queryFn: ({ signal }) => get<TrustReport>(`/engagements/${id}/trust`, at ? { at } : undefined, signal),
    placeholderData: (prev) => prev,
  });
}
