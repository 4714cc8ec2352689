import { Group, NativeSelect, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { NotificationPreferences, UpdateNotificationPreferences } from '../../contracts/live';
import { get, put } from '../app/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { SectionLoader } from '../components/PageLoader';

type Prefs = z.infer<typeof NotificationPreferences>;
type Patch = z.infer<typeof UpdateNotificationPreferences>;
const prefsKey = ['me', 'notification-preferences'] as const;

const CHANNEL_LABELS = [
  { value: 'both', label: 'Bell and e-mail' },
  { value: 'in_app', label: 'Bell only' },
  { value: 'email', label: 'E-mail only' },
  { value: 'digest_only', label: 'Weekly digest only' },
];
const DAYS = [
  { value: 'mon', label: 'Monday' },
  { value: 'tue', label: 'Tuesday' },
  { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' },
  { value: 'fri', label: 'Friday' },
  { value: 'sat', label: 'Saturday' },
  { value: 'sun', label: 'Sunday' },
];

/** How each kind of notification reaches me, and the weekly digest; every change is saved at once. */
export function NotificationPreferencesPanel() {
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: prefsKey, queryFn: ({ signal }) => get<Prefs>('/me/notification-preferences', undefined, signal) });
  const save = useMutation({
    mutationFn: (patch: Patch) => put<Prefs>('/me/notification-preferences', patch),
    onSuccess: (res) => {
      qc.setQueryData(prefsKey, res);
      notifications.show({ color: 'teal', message: 'Notification preferences saved.' });
    },
  });
  if (prefs.isPending) return <SectionLoader rows={4} />;
  if (prefs.isError) return <ErrorAlert error={prefs.error} title="Your preferences could not be loaded" />;
  const p = save.isPending && save.variables ? merge(prefs.data, save.variables) : prefs.data;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Choose how each kind of notification reaches you. The bell updates live; e-mail goes to your address. “Weekly digest only” keeps it out of
        both: you read it in the digest.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
        {Object.entries(p.kinds).map(([kind, channel]) => (
          <NativeSelect
            key={kind}
            label={p.labels[kind] ?? kind}
            data={CHANNEL_LABELS}
            value={channel}
            disabled={save.isPending}
            onChange={(e) => save.mutate({ kinds: { [kind]: e.currentTarget.value } as Patch['kinds'] })}
          />
        ))}
      </SimpleGrid>
      <Stack gap="xs">
        <Group gap="md" align="flex-end" wrap="wrap">
          <Switch
            label="Weekly digest by e-mail"
            checked={p.digest.enabled}
            disabled={save.isPending}
            onChange={(e) => save.mutate({ digest: { enabled: e.currentTarget.checked } })}
          />
          <NativeSelect
            label="Digest day"
            data={DAYS}
            value={p.digest.day}
            disabled={!p.digest.enabled || save.isPending}
            onChange={(e) => save.mutate({ digest: { day: e.currentTarget.value as Prefs['digest']['day'] } })}
            w={180}
          />
        </Group>
        <Text size="sm" c="dimmed" data-testid="next-digest">
          {p.nextDigestAt
            ? `Next digest: ${new Date(p.nextDigestAt).toUTCString().slice(0, 16)}, 08:00 UTC. It lists what happened in each of your engagements that week, as you may see it.`
            : 'The weekly digest is off.'}
        </Text>
      </Stack>
      <FormError error={save.error} />
    </Stack>
  );
}

function merge(p: Prefs, patch: Patch): Prefs {
  return { ...p, kinds: { ...p.kinds, ...(patch.kinds ?? {}) } as Prefs['kinds'], digest: { ...p.digest, ...(patch.digest ?? {}) } };
}
