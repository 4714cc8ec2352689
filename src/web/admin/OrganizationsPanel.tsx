import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { fieldErrors } from '../app/api';
import type { Organization } from '../app/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { SectionLoader } from '../components/PageLoader';
import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { formatDate } from '../components/Time';
import { useCreateOrg, useOrganizations, useRenameOrg } from './api';

function RenameModal({ org, onClose }: { org: Organization | null; onClose: () => void }) {
  const rename = useRenameOrg();
  const form = useForm({ initialValues: { name: org?.name ?? '' } });
  return (
    <Modal opened={!!org} onClose={onClose} title={`Rename ${org?.name ?? ''}`}>
      <form
        onSubmit={form.onSubmit((v) => {
          if (!org) return;
          rename.mutate(
            { orgId: org.id, name: v.name.trim() },
            {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: 'Organization renamed.' });
                onClose();
              },
              onError: (err) => form.setErrors(fieldErrors(err)),
            },
          );
        })}
        noValidate
      >
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <FormError error={rename.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending}>
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CreateOrgModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateOrg();
  const form = useForm({
    initialValues: { name: '', kind: 'client' as 'provider' | 'client' },
    validate: { name: (v) => (v.trim() ? null : 'Name the organization') },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="New organization">
      <form
        onSubmit={form.onSubmit((v) =>
          create.mutate(
            { name: v.name.trim(), kind: v.kind },
            {
              onSuccess: (o) => {
                notifications.show({ color: 'teal', message: `${o.name} created.` });
                form.reset();
                onClose();
              },
              onError: (err) => form.setErrors(fieldErrors(err)),
            },
          ),
        )}
        noValidate
      >
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Select
            label="Kind"
            allowDeselect={false}
            data={[
              { value: 'provider', label: 'Provider (delivers the work)' },
              { value: 'client', label: 'Client (commissions the work)' },
            ]}
            {...form.getInputProps('kind')}
          />
          <FormError error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function OrganizationsPanel() {
  const orgs = useOrganizations();
  const [renaming, setRenaming] = useState<Organization | null>(null);
  const [creating, { open, close }] = useDisclosure(false);
  return (
    <Section
      title="Organizations"
      id="orgs"
      actions={
        <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={open}>
          New organization
        </Button>
      }
    >
      {orgs.isPending ? (
        <SectionLoader />
      ) : orgs.isError ? (
        <ErrorAlert error={orgs.error} onRetry={() => orgs.refetch()} />
      ) : (
        <DataTable
          label="Organizations"
          rows={orgs.data}
          rowKey={(o) => o.id}
          minWidth={560}
          primary={{ key: 'name', header: 'Name', cell: (o) => o.name }}
          columns={[
            { key: 'kind', header: 'Kind', cell: (o) => (o.kind === 'provider' ? 'Provider' : 'Client') },
            { key: 'users', header: 'People', cell: (o) => o.users },
            { key: 'created', header: 'Created', nowrap: true, cell: (o) => formatDate(o.createdAt) },
          ]}
          actions={(o) => (
            <Button size="compact-sm" variant="subtle" onClick={() => setRenaming(o)} aria-label={`Rename ${o.name}`}>
              Rename
            </Button>
          )}
        />
      )}
      <RenameModal key={renaming?.id ?? 'none'} org={renaming} onClose={() => setRenaming(null)} />
      <CreateOrgModal opened={creating} onClose={close} />
    </Section>
  );
}
