import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../app/api';
import type { Notification } from '../governance/types';

export const nkeys = {
  all: ['notifications'] as const,
  list: (unreadOnly: boolean) => ['notifications', unreadOnly ? 'unread' : 'all'] as const,
};

export function useNotifications(unreadOnly: boolean, opts: { poll?: boolean; limit?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...nkeys.list(unreadOnly), opts.limit ?? 50],
    queryFn: ({ signal }) =>
      get<{ notifications: Notification[] }>('/notifications', { unread: unreadOnly ? 'true' : 'false', limit: opts.limit ?? 50 }, signal),
    select: (d) => d.notifications,
    // New notifications arrive from other people's actions and scheduled jobs: look now and then.
    refetchInterval: opts.poll ? 60_000 : false,
    enabled: opts.enabled ?? true,
  });
}

function useNotificationMutation<V>(fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: nkeys.all }) });
}

export const useMarkRead = () => useNotificationMutation((id: string) => post(`/notifications/${id}/read`));
export const useMarkAllRead = () => useNotificationMutation((_: undefined) => post('/notifications/read-all'));
