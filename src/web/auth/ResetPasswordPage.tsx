import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors, post } from '../app/api';
import { FormError } from '../components/FormError';
import { AuthCard } from './AuthCard';

export const passwordRules = (v: string) => (v.length < 10 ? 'Use at least 10 characters' : null);

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { newPassword: '', confirm: '' },
    validate: {
      newPassword: passwordRules,
      confirm: (v, all) => (v !== all.newPassword ? 'The two passwords differ' : null),
    },
  });
  const reset = useMutation({
    mutationFn: (newPassword: string) => post('/password/reset', { token, newPassword }),
    onSuccess: () => {
      notifications.show({ color: 'teal', title: 'Password set', message: 'Sign in with your new password.' });
      navigate('/sign-in', { replace: true });
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });

  if (!token) {
    return (
      <AuthCard title="Set a new password">
        <Alert color="red" role="alert">
          This page needs the link from your e-mail.{' '}
          <Anchor component={Link} to="/forgot-password">
            Ask for a new link
          </Anchor>
          .
        </Alert>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Set a new password" subtitle="Choose a password of at least 10 characters.">
      <form onSubmit={form.onSubmit((v) => reset.mutate(v.newPassword))} noValidate>
        <Stack gap="md">
          <PasswordInput label="New password" autoComplete="new-password" required autoFocus {...form.getInputProps('newPassword')} />
          <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <FormError error={reset.error} />
          <Button type="submit" loading={reset.isPending}>
            Set password
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            Link expired? Ask for a new one
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
