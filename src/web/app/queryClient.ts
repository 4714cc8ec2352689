import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

export const sessionKey = ['session'] as const;

/** When any call finds the session gone, forget the signed-in user: the router then shows sign-in. */
function onAuthLost(client: () => QueryClient) {
  return (err: unknown) => {
    if (err instanceof ApiError && err.status === 401 && err.code === 'unauthorized') {
      const current = client().getQueryData(sessionKey);
      if (current) client().setQueryData(sessionKey, null);
    }
  };
}

export function createQueryClient(): QueryClient {
  const qc: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: onAuthLost(() => qc) }),
    mutationCache: new MutationCache({
      onError: onAuthLost(() => qc),
      // Any write may change the figures beside the navigation and the bell: refetch those cheap counts.
      onSuccess: () => qc.invalidateQueries({ predicate: (q) => q.queryKey[2] === 'counts' || q.queryKey[1] === 'unread-count' }),
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: (count, err) => (err instanceof ApiError && err.status > 0 && err.status < 500 ? false : count < 2),
      },
      mutations: { retry: false },
    },
  });
  return qc;
}
