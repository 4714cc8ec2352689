import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { fieldErrors, put } from '../app/api';
import { passwordRules } from '../auth/ResetPasswordPage';
import { FormError } from '../components/FormError';

export function ChangePasswordForm() {
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: passwordRules,
      confirm: (v, all) => (v !== all.newPassword ? 'The two passwords differ' : null),
    },
  });
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => put('/me/password', v),
    onSuccess: () => {
      notifications.show({ color: 'teal', title: 'Password changed', message: 'Your other sessions were signed out.' });
      form.reset();
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword }))} noValidate>
      <Stack gap="sm" maw={420}>
        <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
        <PasswordInput label="New password" description="At least 10 characters" autoComplete="new-password" required {...form.getInputProps('newPassword')} />
        <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
        <FormError error={change.error} />
        <Group>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
