import { Button, Group, Modal, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors, get } from '../app/api';
import { keys } from '../app/keys';
import type { Organization } from '../app/types';
import { FormError } from '../components/FormError';
import { useCreateEngagement } from './api';

interface Props {
  opened: boolean;
  onClose: () => void;
  isAdmin: boolean;
}

/** Starts an engagement; the creator becomes its lead. Admins may pick an existing client organization. */
export function CreateEngagementModal({ opened, onClose, isAdmin }: Props) {
  const navigate = useNavigate();
  const create = useCreateEngagement();
  const [clientMode, setClientMode] = useState<'new' | 'existing'>('new');
  const orgs = useQuery({
    queryKey: keys.adminOrgs,
    queryFn: ({ signal }) => get<{ organizations: Organization[] }>('/admin/organizations', undefined, signal),
    enabled: isAdmin && opened,
  });
  const clientOrgs = (orgs.data?.organizations ?? []).filter((o) => o.kind === 'client');
  const form = useForm({
    initialValues: { name: '', summary: '', clientOrgName: '', clientOrgId: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Give the engagement a name'),
      clientOrgName: (v) => (clientMode === 'new' && !v.trim() ? 'Name the client organization' : null),
      clientOrgId: (v) => (clientMode === 'existing' && !v ? 'Choose the client organization' : null),
    },
  });

  const submit = form.onSubmit((v) => {
    const input =
      clientMode === 'new'
        ? { name: v.name, summary: v.summary, clientOrgName: v.clientOrgName }
        : { name: v.name, summary: v.summary, clientOrgId: v.clientOrgId };
    create.mutate(input, {
      onSuccess: (e) => {
        notifications.show({ color: 'teal', title: 'Engagement started', message: `You lead “${e.name}”. Invite the client next.` });
        form.reset();
        onClose();
        navigate(`/engagements/${e.id}`);
      },
      onError: (err) => form.setErrors(fieldErrors(err)),
    });
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Start an engagement" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" description="What the work is called by both sides" required data-autofocus {...form.getInputProps('name')} />
          <Textarea
            label="Summary"
            description="Why the client wants this, in a sentence or two"
            autosize
            minRows={3}
            {...form.getInputProps('summary')}
          />
          {isAdmin && (
            <SegmentedControl
              aria-label="Client organization"
              value={clientMode}
              onChange={(v) => setClientMode(v === 'existing' ? 'existing' : 'new')}
              data={[
                { value: 'new', label: 'New client organization' },
                { value: 'existing', label: 'Existing organization' },
              ]}
            />
          )}
          {clientMode === 'new' ? (
            <TextInput
              label="Client organization"
              description="A new organization is created for the client"
              required
              {...form.getInputProps('clientOrgName')}
            />
          ) : (
            <Select
              label="Client organization"
              required
              searchable
              data={clientOrgs.map((o) => ({ value: o.id, label: o.name }))}
              nothingFoundMessage={orgs.isPending ? 'Loading…' : 'No client organizations yet'}
              {...form.getInputProps('clientOrgId')}
            />
          )}
          <FormError error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Start engagement
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
