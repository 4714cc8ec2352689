import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CalendarFeed, CreatedCalendarFeed } from '../../contracts/calendar-feeds';
import { del, fieldErrors, get, post } from '../app/api';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyField } from '../components/CopyField';
import { DataTable } from '../components/DataTable';
import { ShownOnce } from '../components/ShownOnce';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { SectionLoader } from '../components/PageLoader';
import { formatDate, Time } from '../components/Time';

const FEEDS_KEY = ['me', 'calendar-feeds'] as const;

function RevokeFeed({ f }: { f: CalendarFeed }) {
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => del(`/me/calendar-feeds/${f.id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: FEEDS_KEY }),
  });
  if (f.revokedAt) {
    return (
      <Badge color="gray" variant="light" radius="sm">
        revoked
      </Badge>
    );
  }
  return (
    <ConfirmButton
      size="compact-sm"
      variant="subtle"
      aria-label={`Revoke the calendar feed ${f.name}`}
      title={`Revoke “${f.name}”?`}
      message="Calendars subscribed to this URL stop updating at once; the URL answers “not found” from now on."
      confirmLabel="Revoke feed"
      onConfirm={() => revoke.mutateAsync().then(() => notifications.show({ color: 'teal', message: `Calendar feed “${f.name}” revoked.` }))}
    >
      Revoke
    </ConfirmButton>
  );
}

/** The profile's calendar feeds: make a secret iCalendar URL (shown once, with copy), list them, revoke (ADR 0025). */
export function CalendarFeedsPanel() {
  const qc = useQueryClient();
  const feeds = useQuery({
    queryKey: FEEDS_KEY,
    queryFn: ({ signal }) => get<{ feeds: CalendarFeed[] }>('/me/calendar-feeds', undefined, signal),
    select: (d) => d.feeds,
  });
  const [created, setCreated] = useState<(CreatedCalendarFeed & { name: string }) | null>(null);
  const form = useForm({ initialValues: { name: '' }, validate: { name: (v) => (v.trim().length > 100 ? 'Use at most 100 characters' : null) } });
  const create = useMutation({
    mutationFn: (name: string) => post<CreatedCalendarFeed>('/me/calendar-feeds', name ? { name } : {}),
    onSuccess: (res, name) => {
      setCreated({ ...res, name: name || 'Calendar feed' });
      form.reset();
      qc.invalidateQueries({ queryKey: FEEDS_KEY });
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Subscribe to your engagements’ dates in your calendar app: phase starts and ends, gate reviews, commitments, decisions and dependencies
        falling due, status updates and agenda reviews. The feed shows what your role may see, and refreshes about every hour. Anyone with the
        URL can read it, so treat it like a password.
      </Text>
      <form onSubmit={form.onSubmit((v) => create.mutate(v.name.trim()))} noValidate>
        <Group align="flex-end" gap="sm">
          <TextInput label="Feed name" placeholder="Work phone" style={{ flex: '1 1 220px' }} {...form.getInputProps('name')} />
          <Button type="submit" loading={create.isPending} leftSection={<IconCalendarPlus size={16} aria-hidden />}>
            Create feed
          </Button>
        </Group>
      </form>
      <FormError error={create.error} />
      {created && (
        <ShownOnce what="feed URL" onClose={() => setCreated(null)}>
          <CopyField label={`URL of “${created.name}”`} value={created.url} description="Add it in your calendar app as a subscription (“From URL”, “Subscribe to calendar”)." />
        </ShownOnce>
      )}
      {feeds.isPending ? (
        <SectionLoader />
      ) : feeds.isError ? (
        <ErrorAlert error={feeds.error} onRetry={() => feeds.refetch()} />
      ) : feeds.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          You have no calendar feeds.
        </Text>
      ) : (
        <DataTable
          label="Calendar feeds"
          rows={feeds.data}
          rowKey={(f) => f.id}
          minWidth={520}
          primary={{ key: 'name', header: 'Name', cell: (f) => f.name }}
          columns={[
            { key: 'created', header: 'Created', nowrap: true, cell: (f) => formatDate(f.createdAt) },
            { key: 'used', header: 'Last fetched', cell: (f) => (f.lastUsedAt ? <Time iso={f.lastUsedAt} /> : 'never') },
          ]}
          actions={(f) => <RevokeFeed f={f} />}
        />
      )}
    </Stack>
  );
}
