import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconKey } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, fieldErrors, get, post } from '../app/api';
import { keys } from '../app/keys';
import type { ApiToken, CreatedToken } from '../app/types';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyField } from '../components/CopyField';
import { ShownOnce } from '../components/ShownOnce';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { SectionLoader } from '../components/PageLoader';
import { DataTable } from '../components/DataTable';
import { formatDate, Time } from '../components/Time';

function RevokeToken({ t }: { t: ApiToken }) {
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => del(`/me/tokens/${t.id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.tokens }),
  });
  if (t.revokedAt) {
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
      aria-label={`Revoke the token ${t.name}`}
      title={`Revoke “${t.name}”?`}
      message="Scripts and tools using this token stop working at once."
      confirmLabel="Revoke token"
      onConfirm={() => revoke.mutateAsync().then(() => notifications.show({ color: 'teal', message: `Token “${t.name}” revoked.` }))}
    >
      Revoke
    </ConfirmButton>
  );
}

export function TokensPanel() {
  const qc = useQueryClient();
  const tokens = useQuery({
    queryKey: keys.tokens,
    queryFn: ({ signal }) => get<{ tokens: ApiToken[] }>('/me/tokens', undefined, signal),
    select: (d) => d.tokens,
  });
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const form = useForm({ initialValues: { name: '' }, validate: { name: (v) => (v.trim() ? null : 'Name the token after where you use it') } });
  const create = useMutation({
    mutationFn: (name: string) => post<CreatedToken>('/me/tokens', { name }),
    onSuccess: (res) => {
      setCreated(res);
      form.reset();
      qc.invalidateQueries({ queryKey: keys.tokens });
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Tokens let scripts use the API as you: send <span className="mono">Authorization: Bearer &lt;token&gt;</span>. A token can
        do everything you can.
      </Text>
      <form onSubmit={form.onSubmit((v) => create.mutate(v.name.trim()))} noValidate>
        <Group align="flex-end" gap="sm">
          <TextInput label="Token name" placeholder="CI export job" required style={{ flex: '1 1 220px' }} {...form.getInputProps('name')} />
          <Button type="submit" loading={create.isPending} leftSection={<IconKey size={16} aria-hidden />}>
            Create token
          </Button>
        </Group>
      </form>
      <FormError error={create.error} />
      {created && (
        <ShownOnce what="token" onClose={() => setCreated(null)}>
          <CopyField label={`Secret of “${created.token.name}”`} value={created.secret} />
        </ShownOnce>
      )}
      {tokens.isPending ? (
        <SectionLoader />
      ) : tokens.isError ? (
        <ErrorAlert error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          You have no API tokens.
        </Text>
      ) : (
        <DataTable
          label="API tokens"
          rows={tokens.data}
          rowKey={(t) => t.id}
          minWidth={600}
          primary={{ key: 'name', header: 'Name', cell: (t) => t.name }}
          columns={[
            { key: 'prefix', header: 'Starts with', cell: (t) => <span className="mono">{t.prefix}…</span> },
            { key: 'created', header: 'Created', nowrap: true, cell: (t) => formatDate(t.createdAt) },
            { key: 'used', header: 'Last used', cell: (t) => (t.lastUsedAt ? <Time iso={t.lastUsedAt} /> : 'never') },
          ]}
          actions={(t) => <RevokeToken t={t} />}
        />
      )}
    </Stack>
  );
}
