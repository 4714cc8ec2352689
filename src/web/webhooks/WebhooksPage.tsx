import { Alert, Badge, Button, Checkbox, Code, Group, Modal, Paper, SimpleGrid, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconKey, IconPlus, IconSend, IconWebhook } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, fieldErrors } from '../app/api';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyField } from '../components/CopyField';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDateTime } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { CLOSE } from '../governance/modal';
import { type DeliveryT, useCreateWebhook, useDeleteWebhook, useDeliveries, useRedeliver, useRotateSecret, useSendTest, useUpdateWebhook, useWebhooks, type WebhookListT, type WebhookT } from './api';

const STATUS_COLOR: Record<DeliveryT['status'], string> = { pending: 'blue', succeeded: 'teal', failed: 'red', cancelled: 'gray' };

/** The secret, once: after registering or rotating. */
function SecretModal({ secret, onClose, rotated }: { secret: string; onClose: () => void; rotated: boolean }) {
  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title={rotated ? 'New signing secret' : 'Endpoint registered'} size="lg">
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconKey size={18} aria-hidden />}>
          Copy the secret now: Candor shows it only this once. Your receiver verifies each delivery's <Code>webhook-signature</Code> with it.
          {rotated && ' The old secret keeps signing beside the new one for 24 hours, so you can switch without missing a delivery.'}
        </Alert>
        <CopyField label="Signing secret" value={secret} />
        <Group justify="flex-end">
          <Button onClick={onClose}>I have stored it</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function EventPicker({ groups, value, onChange, error }: { groups: WebhookListT['eventGroups']; value: string[]; onChange: (v: string[]) => void; error?: React.ReactNode }) {
  const all = value.includes('*');
  return (
    <Checkbox.Group label="Event types" description="Audit actions, grouped: an endpoint receives every action of the groups it picks" value={value} onChange={onChange} error={error} required>
      <Stack gap={6} mt={6}>
        <Checkbox value="*" label="Everything (every group, now and later)" />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} verticalSpacing={6}>
          {groups
            .filter((g) => g.type !== '*')
            .map((g) => (
              <Checkbox key={g.type} value={g.type} disabled={all} label={g.label} description={<Code fz="xs">{g.type}</Code>} />
            ))}
        </SimpleGrid>
      </Stack>
    </Checkbox.Group>
  );
}

function RegisterModal({ engagementId, groups, onClose, onSecret }: { engagementId: string; groups: WebhookListT['eventGroups']; onClose: () => void; onSecret: (s: string) => void }) {
  const phone = useMediaQuery('(max-width: 36em)');
  const create = useCreateWebhook(engagementId);
  const form = useForm<{ url: string; events: string[] }>({
    initialValues: { url: '', events: [] },
    validate: { url: (v) => (v.trim() ? null : 'The receiver’s URL, e.g. https://example.com/hooks/candor'), events: (v) => (v.length ? null : 'Choose at least one event type') },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      const w = await create.mutateAsync({ url: v.url.trim(), events: v.events.includes('*') ? ['*'] : v.events });
      onSecret(w.secret);
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title="Register an endpoint" size="xl" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="URL" description="https (or http on a closed network); no user name or password in it" placeholder="https://example.com/hooks/candor" required data-autofocus {...form.getInputProps('url')} />
          <EventPicker groups={groups} value={form.values.events} onChange={(v) => form.setFieldValue('events', v)} error={form.errors.events} />
          <FormError error={create.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Register
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const pretty = (body: string) => {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
};
const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

function DeliveryDetail({ d }: { d: DeliveryT }) {
  const headers = Object.entries(d.request.headers);
  return (
    <Stack gap="xs" mt="xs">
      <Text size="xs" fw={600} style={WRAP}>
        Request: POST {d.request.url}
      </Text>
      <Code block fz="xs" style={WRAP}>
        {headers.length ? headers.map(([k, v]) => `${k}: ${v}`).join('\n') : '(not sent yet)'}
        {'\n\n'}
        {pretty(d.request.body)}
      </Code>
      <Text size="xs" fw={600}>
        {d.error ? 'Error' : `Response ${d.responseStatus ?? ''} (first 2 KB)`}
      </Text>
      <Code block fz="xs" style={WRAP}>
        {d.error ?? (d.responseBody || '(empty)')}
      </Code>
    </Stack>
  );
}

function DeliveryRow({ d, hook, manage, open, onToggle, onRedeliver, busy }: { d: DeliveryT; hook: WebhookT; manage: boolean; open: boolean; onToggle: () => void; onRedeliver: () => void; busy: boolean }) {
  const facts = [
    d.startedAt ? formatDateTime(d.startedAt) : `${d.status === 'pending' ? 'due' : 'was due'} ${formatDateTime(d.scheduledAt)}`,
    d.responseStatus !== null ? `response ${d.responseStatus}` : d.error ? 'no response' : null,
    d.durationMs !== null ? `${d.durationMs} ms` : null,
    d.nextAttemptAt ? `next attempt ${formatDateTime(d.nextAttemptAt)}` : null,
  ].filter(Boolean);
  return (
    <Paper component="li" withBorder radius="sm" p="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
          <Badge size="sm" variant="light" color={STATUS_COLOR[d.status]}>
            {d.status}
          </Badge>
          <Code fz="xs">{d.eventType}</Code>
          <Text size="xs" c="dimmed">
            attempt {d.attempt}
            {d.trigger !== 'event' ? ` (${d.trigger})` : ''}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap">
          <Button size="compact-xs" variant="default" onClick={onToggle} aria-expanded={open} aria-label={`${open ? 'Hide' : 'Show'} request and response of ${d.eventType}, attempt ${d.attempt}`}>
            {open ? 'Hide' : 'Details'}
          </Button>
          {manage && hook.enabled && d.status !== 'pending' && (
            <Button size="compact-xs" variant="default" onClick={onRedeliver} loading={busy} aria-label={`Redeliver ${d.eventType}, attempt ${d.attempt}`}>
              Redeliver
            </Button>
          )}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {facts.join(' · ')}
      </Text>
      {d.error && !open && (
        <Text size="xs" c="red" mt={2} style={WRAP}>
          {d.error}
        </Text>
      )}
      {open && <DeliveryDetail d={d} />}
    </Paper>
  );
}

function DeliveryLog({ engagementId, hook, manage }: { engagementId: string; hook: WebhookT; manage: boolean }) {
  const q = useDeliveries(engagementId, hook.id);
  const redeliver = useRedeliver(engagementId);
  const [open, setOpen] = useState<string | null>(null);
  if (q.isPending) return <PageLoader label="Loading the delivery log" />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const rows = q.data.deliveries;
  if (rows.length === 0) return <Text size="sm" c="dimmed">No deliveries yet. Send a test event to try the endpoint.</Text>;
  const again = async (d: DeliveryT) => {
    try {
      await redeliver.mutateAsync({ webhookId: hook.id, attemptId: d.id });
      notifications.show({ color: 'teal', title: 'Queued again', message: `${d.eventType} goes out with the same webhook-id` });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not redelivered', message: errorMessage(err) });
    }
  };
  return (
    <Stack gap={6} component="ul" aria-label={`Delivery log of ${hook.url}, newest first`} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {rows.map((d) => (
        <DeliveryRow key={d.id} d={d} hook={hook} manage={manage} open={open === d.id} onToggle={() => setOpen(open === d.id ? null : d.id)} onRedeliver={() => again(d)} busy={redeliver.isPending && redeliver.variables?.attemptId === d.id} />
      ))}
    </Stack>
  );
}

function EndpointCard({ engagementId, hook, groups, manage, onSecret }: { engagementId: string; hook: WebhookT; groups: WebhookListT['eventGroups']; manage: boolean; onSecret: (s: string) => void }) {
  const [showLog, setShowLog] = useState(false);
  const update = useUpdateWebhook(engagementId);
  const remove = useDeleteWebhook(engagementId);
  const rotate = useRotateSecret(engagementId);
  const test = useSendTest(engagementId);
  const label = (t: string) => groups.find((g) => g.type === t)?.label ?? t;
  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      notifications.show({ color: 'teal', title: what, message: hook.url });
    } catch (err) {
      notifications.show({ color: 'red', title: `${what}: failed`, message: errorMessage(err) });
    }
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={`Endpoint ${hook.url}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
            <Text fw={600} ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
              {hook.url}
            </Text>
            <Text size="xs" c="dimmed">
              Registered by {hook.createdBy.name} ({hook.createdRole}) on {formatDateTime(hook.createdAt)}
              {hook.lastSuccessAt && ` · last delivered ${formatDateTime(hook.lastSuccessAt)}`}
            </Text>
          </Stack>
          <Badge color={hook.enabled ? 'teal' : 'gray'} variant="light">
            {hook.enabled ? 'Enabled' : 'Disabled'}
          </Badge>
        </Group>
        <Group gap={6} wrap="wrap">
          {hook.events.map((e) => (
            <Badge key={e} size="sm" variant="outline" color="gray" tt="none">
              {label(e)}
            </Badge>
          ))}
        </Group>
        {!hook.enabled && hook.disabledReason && (
          <Alert color="gray" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} p="xs">
            Disabled {hook.disabledAt ? formatDateTime(hook.disabledAt) : ''}: {hook.disabledReason}.
          </Alert>
        )}
        {hook.enabled && hook.failingSince && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} p="xs">
            Deliveries have been failing since {formatDateTime(hook.failingSince)}, with no success since. After 5 days of failures Candor disables the endpoint and tells the lead.
          </Alert>
        )}
        {hook.previousSecretExpiresAt && (
          <Text size="xs" c="dimmed">
            The previous secret also signs until {formatDateTime(hook.previousSecretExpiresAt)}.
          </Text>
        )}
        <Group gap="xs" wrap="wrap">
          <Button size="xs" variant="default" onClick={() => setShowLog((v) => !v)} aria-expanded={showLog}>
            {showLog ? 'Hide the delivery log' : 'Delivery log'}
          </Button>
          {manage && (
            <>
              <Button size="xs" variant="default" leftSection={<IconSend size={14} aria-hidden />} disabled={!hook.enabled} loading={test.isPending} onClick={() => act('Test event queued', () => test.mutateAsync(hook.id).then(() => setShowLog(true)))}>
                Send test event
              </Button>
              <Button size="xs" variant="default" loading={update.isPending} onClick={() => act(hook.enabled ? 'Endpoint disabled' : 'Endpoint enabled', () => update.mutateAsync({ webhookId: hook.id, body: { enabled: !hook.enabled } }))}>
                {hook.enabled ? 'Disable' : 'Enable'}
              </Button>
              <ConfirmButton size="xs" variant="default" color="orange" title="Rotate the signing secret?" message="Candor makes a new secret and shows it once. The current one keeps signing beside it for 24 hours." confirmLabel="Rotate" onConfirm={async () => onSecret((await rotate.mutateAsync(hook.id)).secret)}>
                Rotate secret
              </ConfirmButton>
              <ConfirmButton size="xs" variant="subtle" title="Delete this endpoint?" message="Its delivery log goes with it. Deliveries waiting to be sent are dropped." confirmLabel="Delete the endpoint" onConfirm={() => remove.mutateAsync(hook.id)} aria-label={`Delete ${hook.url}`}>
                Delete
              </ConfirmButton>
            </>
          )}
        </Group>
        {showLog && <DeliveryLog engagementId={engagementId} hook={hook} manage={manage} />}
      </Stack>
    </Paper>
  );
}

/**
 * The engagement's webhooks (ADR 0026): each side's endpoints, registered by
 * its lead or sponsor, with the delivery log. A payload is what the person who
 * registered the endpoint may see, so a client endpoint never hears of internal work.
 */
export function WebhooksPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const readable = can('webhook.read');
  const manage = can('webhook.manage');
  const q = useWebhooks(id, readable);
  const [registering, setRegistering] = useState(false);
  const [secret, setSecret] = useState<{ value: string; rotated: boolean } | null>(null);
  const side = engagement.myRole === 'sponsor' ? 'client' : 'provider';
  const header = (
    <PageHeader
      title="Webhooks"
      description={
        readable
          ? `Send this engagement's events to your systems, signed per the Standard Webhooks specification. You see the ${side} side's endpoints; each payload names the object by id, title and link, as the person who registered the endpoint may see it.`
          : "Send this engagement's events to other systems, signed per the Standard Webhooks specification."
      }
      actions={
        manage && q.data ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setRegistering(true)}>
            Register an endpoint
          </Button>
        ) : undefined
      }
    />
  );
  if (!readable)
    return (
      <Stack gap="lg">
        {header}
        <Alert color="gray" variant="light">
          The lead manages the provider side's webhooks and the sponsor the client side's. Ask them to register an endpoint for your system.
        </Alert>
      </Stack>
    );
  if (q.isPending) return <PageLoader label="Loading the webhooks" />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const { webhooks, eventGroups } = q.data;
  return (
    <Stack gap="lg">
      {header}
      {webhooks.length === 0 ? (
        <EmptyHint icon={<IconWebhook aria-hidden />} title="No endpoints yet">
          Register a URL and pick the event types: Candor sends each event there as it happens, signed with a secret only you and the receiver know, and retries for about a day when the receiver is down.
        </EmptyHint>
      ) : (
        <Stack gap="md">
          <VisuallyHidden>
            <Title order={2}>Endpoints</Title>
          </VisuallyHidden>
          {webhooks.map((w) => (
            <EndpointCard key={w.id} engagementId={id} hook={w} groups={eventGroups} manage={manage} onSecret={(s) => setSecret({ value: s, rotated: true })} />
          ))}
        </Stack>
      )}
      <Text size="sm" c="dimmed">
        Receivers verify the signature and must deduplicate on the <Code>webhook-id</Code> header: a message can arrive more than once.
      </Text>
      {registering && (
        <RegisterModal
          engagementId={id}
          groups={eventGroups}
          onClose={() => setRegistering(false)}
          onSecret={(s) => {
            setRegistering(false);
            setSecret({ value: s, rotated: false });
          }}
        />
      )}
      {secret && <SecretModal secret={secret.value} rotated={secret.rotated} onClose={() => setSecret(null)} />}
    </Stack>
  );
}
