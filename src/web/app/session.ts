import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, del, get } from './api';
import { sessionKey } from './queryClient';
import type { Me } from './types';

async function fetchSession(signal: AbortSignal): Promise<Me | null> {
  try {
    return (await get<{ user: Me }>('/session', undefined, signal)).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const sessionQuery = () => queryOptions({ queryKey: sessionKey, queryFn: ({ signal }) => fetchSession(signal), staleTime: 60_000 });

/** The signed-in person, or null when signed out. */
export function useSession() {
  return useQuery(sessionQuery());
}

/** For pages behind RequireAuth: the person is known to be signed in. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe() used outside a signed-in page');
  return data;
}

export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    try {
      await del('/session');
    } finally {
      qc.clear();
      qc.setQueryData(sessionKey, null);
    }
  };
}
