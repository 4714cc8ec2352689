import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconMailCheck, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { invitableRoles } from '../../domain/authz/policy';
import { fieldErrors } from '../app/api';
import type { CreatedInvitation, Role } from '../app/types';
import { roleLabel } from '../components/Badges';
import { CopyField } from '../components/CopyField';
import { FormError } from '../components/FormError';
import { useInvite } from './api';

export function InviteForm({ engagementId, myRole }: { engagementId: string; myRole: Role }) {
  const roles = invitableRoles(myRole);
  const invite = useInvite(engagementId);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const form = useForm({
    initialValues: { email: '', role: (roles.includes('sponsor') ? 'sponsor' : roles[0]) as Role, expiresInDays: 14 as number | string },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter an e-mail address'),
      expiresInDays: (v) => (Number(v) >= 1 && Number(v) <= 60 ? null : 'Between 1 and 60 days'),
    },
  });

  const submit = form.onSubmit((v) => {
    invite.mutate(
      { email: v.email.trim(), role: v.role, expiresInDays: Number(v.expiresInDays) },
      {
        onSuccess: (res) => {
          setCreated(res);
          notifications.show({
            color: 'teal',
            title: 'Invitation created',
            message: res.emailed ? `An e-mail is on its way to ${res.invitation.email}.` : 'Send the link below to the person you invited.',
          });
          form.reset();
        },
        onError: (err) => form.setErrors(fieldErrors(err)),
      },
    );
  });

  return (
    <Stack gap="sm">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label="E-mail" type="email" required autoComplete="off" {...form.getInputProps('email')} />
            <Select
              label="Role"
              allowDeselect={false}
              data={roles.map((r) => ({ value: r, label: `${roleLabel(r)} (${r === 'lead' || r === 'member' ? 'provider' : 'client'})` }))}
              {...form.getInputProps('role')}
            />
            <NumberInput label="Link valid for (days)" min={1} max={60} {...form.getInputProps('expiresInDays')} />
          </SimpleGrid>
          <FormError error={invite.error} />
          <Group justify="flex-end">
            <Button type="submit" loading={invite.isPending} leftSection={<IconSend size={16} aria-hidden />}>
              Invite
            </Button>
          </Group>
        </Stack>
      </form>
      {created &&
        (created.link ? (
          <Alert color="indigo" variant="light" title={`Invitation link for ${created.invitation.email}`} withCloseButton onClose={() => setCreated(null)} closeButtonLabel="Dismiss">
            <Stack gap="xs">
              <CopyField
                label="Invitation link"
                value={created.link}
                description="No e-mail was sent (this Candor has no mail server). Send this link yourself; it works once."
              />
            </Stack>
          </Alert>
        ) : (
          <Alert color="teal" variant="light" icon={<IconMailCheck aria-hidden />} title="E-mail sent" withCloseButton onClose={() => setCreated(null)} closeButtonLabel="Dismiss">
            {created.invitation.email} received the invitation link.
          </Alert>
        ))}
    </Stack>
  );
}
