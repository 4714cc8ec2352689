import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { get, post } from '../app/api';
import type { AuditPage, VerifyResult } from '../app/types';

export function useAuditLog(queryKey: readonly unknown[], path: string) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => get<AuditPage>(path, { before: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useVerify(path: string) {
  return useMutation({ mutationFn: () => post<VerifyResult>(path) });
}
