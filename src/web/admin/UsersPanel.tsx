import { Alert, Badge, Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, fieldErrors } from '../app/api';
import { useMe } from '../app/session';
import type { AdminUser, Organization } from '../app/types';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyField } from '../components/CopyField';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { SectionLoader } from '../components/PageLoader';
import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { useCreateUser, useOrganizations, useResetLink, useUpdateUser, useUsers } from './api';

/** A link the admin must pass on by hand, because no e-mail was sent. */
interface ShownLink {
  title: string;
  link: string | null;
  emailed: boolean;
  email: string;
}

function LinkModal({ shown, onClose }: { shown: ShownLink | null; onClose: () => void }) {
  return (
    <Modal opened={!!shown} onClose={onClose} title={shown?.title ?? ''} size="lg">
      {shown && (
        <Stack>
          {shown.link ? (
            <CopyField label="Set-password link" value={shown.link} description={`No e-mail was sent. Give this link to ${shown.email}; it works once.`} />
          ) : (
            <Alert color="teal">An e-mail with the link was sent to {shown.email}.</Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function CreateUserModal({ opened, onClose, orgs, onCreated }: { opened: boolean; onClose: () => void; orgs: Organization[]; onCreated: (l: ShownLink) => void }) {
  const create = useCreateUser();
  const form = useForm({
    initialValues: { email: '', name: '', orgId: null as string | null, isAdmin: false },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter an e-mail address'),
      name: (v) => (v.trim() ? null : 'Enter a name'),
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="New user">
      <form
        onSubmit={form.onSubmit((v) =>
          create.mutate(
            { email: v.email.trim(), name: v.name.trim(), orgId: v.orgId, isAdmin: v.isAdmin },
            {
              onSuccess: (res) => {
                form.reset();
                onClose();
                notifications.show({ color: 'teal', message: `${res.user.name} can now set a password.` });
                onCreated({ title: `Account created for ${res.user.name}`, link: res.link, emailed: res.emailed, email: res.user.email });
              },
              onError: (err) => form.setErrors(fieldErrors(err)),
            },
          ),
        )}
        noValidate
      >
        <Stack>
          <TextInput label="E-mail" type="email" required data-autofocus {...form.getInputProps('email')} />
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Select
            label="Organization"
            placeholder="None"
            clearable
            data={orgs.map((o) => ({ value: o.id, label: `${o.name} (${o.kind})` }))}
            {...form.getInputProps('orgId')}
          />
          <Checkbox label="Instance administrator" {...form.getInputProps('isAdmin', { type: 'checkbox' })} />
          <FormError error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function UserActions({ u, onLink }: { u: AdminUser; onLink: (l: ShownLink) => void }) {
  const me = useMe();
  const update = useUpdateUser();
  const reset = useResetLink();
  return (
    <Group gap={4} wrap="nowrap">
      <Button
        size="compact-sm"
        variant="subtle"
        loading={reset.isPending}
        aria-label={`Make a password reset link for ${u.name}`}
        onClick={() =>
          reset.mutate(u.id, {
            onSuccess: (r) => onLink({ title: `Reset link for ${u.name}`, link: r.link, emailed: r.emailed, email: u.email }),
            onError: (err) => notifications.show({ color: 'red', title: 'No reset link', message: errorMessage(err) }),
          })
        }
      >
        Reset link
      </Button>
      {u.id !== me.id &&
        (u.disabled ? (
          <Button
            size="compact-sm"
            variant="subtle"
            aria-label={`Enable ${u.name}`}
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { userId: u.id, patch: { disabled: false } },
                { onSuccess: () => notifications.show({ color: 'teal', message: `${u.name} can sign in again.` }) },
              )
            }
          >
            Enable
          </Button>
        ) : (
          <ConfirmButton
            size="compact-sm"
            variant="subtle"
            aria-label={`Disable ${u.name}`}
            title={`Disable ${u.name}?`}
            message="They are signed out everywhere and cannot sign in or use API tokens until enabled again. Their history stays."
            confirmLabel="Disable user"
            onConfirm={() =>
              update.mutateAsync({ userId: u.id, patch: { disabled: true } }).then(() => notifications.show({ color: 'teal', message: `${u.name} is disabled.` }))
            }
          >
            Disable
          </ConfirmButton>
        ))}
    </Group>
  );
}

export function UsersPanel() {
  const users = useUsers();
  const orgs = useOrganizations();
  const [creating, { open, close }] = useDisclosure(false);
  const [shown, setShown] = useState<ShownLink | null>(null);
  return (
    <Section
      title="Users"
      id="users"
      actions={
        <Button size="xs" leftSection={<IconUserPlus size={14} aria-hidden />} onClick={open}>
          New user
        </Button>
      }
    >
      {users.isPending ? (
        <SectionLoader rows={5} />
      ) : users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <DataTable
          label="Users"
          rows={users.data}
          rowKey={(u) => u.id}
          minWidth={820}
          primary={{ key: 'name', header: 'Name', cell: (u) => u.name }}
          columns={[
            { key: 'email', header: 'E-mail', cell: (u) => u.email },
            { key: 'org', header: 'Organization', cell: (u) => u.org?.name ?? '—' },
            { key: 'engagements', header: 'Engagements', cell: (u) => u.engagements },
            {
              key: 'status',
              header: 'Status',
              cell: (u) => (
                <Group gap={4}>
                  {u.isAdmin && (
                    <Badge variant="light" radius="sm">
                      admin
                    </Badge>
                  )}
                  <Badge variant="light" radius="sm" color={u.disabled ? 'red' : 'teal'}>
                    {u.disabled ? 'disabled' : 'active'}
                  </Badge>
                </Group>
              ),
            },
          ]}
          actions={(u) => <UserActions u={u} onLink={setShown} />}
        />
      )}
      <CreateUserModal opened={creating} onClose={close} orgs={orgs.data ?? []} onCreated={setShown} />
      <LinkModal shown={shown} onClose={() => setShown(null)} />
    </Section>
  );
}
