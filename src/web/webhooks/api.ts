import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateWebhookBody, DeliveryList, Queued, UpdateWebhookBody, Webhook, WebhookList, WebhookWithSecret } from '../../contracts/webhooks';
import { del, get, patch, post } from '../app/api';

export type WebhookT = z.infer<typeof Webhook>;
export type WebhookListT = z.infer<typeof WebhookList>;
export type DeliveryT = z.infer<typeof DeliveryList>['deliveries'][number];
type WithSecret = z.infer<typeof WebhookWithSecret>;

export const wkeys = {
  all: (id: string) => ['engagement', id, 'webhooks'] as const,
  list: (id: string) => ['engagement', id, 'webhooks', 'list'] as const,
  deliveries: (id: string, webhookId: string) => ['engagement', id, 'webhooks', 'deliveries', webhookId] as const,
};
const base = (id: string) => `/engagements/${id}/webhooks`;

export const useWebhooks = (id: string, enabled = true) => useQuery({ queryKey: wkeys.list(id), queryFn: ({ signal }) => get<WebhookListT>(base(id), undefined, signal), enabled });
/** The delivery log refreshes every 5 s while open: attempts are sent by the job runner, not by the click. */
export const useDeliveries = (id: string, webhookId: string | null) =>
  useQuery({
    queryKey: wkeys.deliveries(id, webhookId ?? ''),
    queryFn: ({ signal }) => get<z.infer<typeof DeliveryList>>(`${base(id)}/${webhookId}/deliveries`, { limit: 50 }, signal),
    enabled: !!webhookId,
    refetchInterval: 5_000,
  });

function useWebhookMutation<V, R>(id: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: wkeys.all(id) }) });
}

export const useCreateWebhook = (id: string) => useWebhookMutation(id, (v: z.input<typeof CreateWebhookBody>) => post<WithSecret>(base(id), v));
export const useUpdateWebhook = (id: string) => useWebhookMutation(id, (v: { webhookId: string; body: z.input<typeof UpdateWebhookBody> }) => patch<WebhookT>(`${base(id)}/${v.webhookId}`, v.body));
export const useDeleteWebhook = (id: string) => useWebhookMutation(id, (webhookId: string) => del<{ ok: true }>(`${base(id)}/${webhookId}`));
export const useRotateSecret = (id: string) => useWebhookMutation(id, (webhookId: string) => post<WithSecret>(`${base(id)}/${webhookId}/rotate-secret`));
export const useSendTest = (id: string) => useWebhookMutation(id, (webhookId: string) => post<z.infer<typeof Queued>>(`${base(id)}/${webhookId}/test`));
export const useRedeliver = (id: string) => useWebhookMutation(id, (v: { webhookId: string; attemptId: string }) => post<z.infer<typeof Queued>>(`${base(id)}/${v.webhookId}/deliveries/${v.attemptId}/redeliver`));
