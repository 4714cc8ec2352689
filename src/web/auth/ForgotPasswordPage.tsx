import { Alert, Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fieldErrors, post } from '../app/api';
import { FormError } from '../components/FormError';
import { AuthCard } from './AuthCard';

export function ForgotPasswordPage() {
  const form = useForm({ initialValues: { email: '' } });
  const request = useMutation({
    mutationFn: (v: { email: string }) => post('/password/forgot', v),
    onError: (err) => form.setErrors(fieldErrors(err)),
  });

  return (
    <AuthCard title="Reset your password" subtitle="We send a link to set a new password to your e-mail address.">
      {request.isSuccess ? (
        <Stack>
          <Alert color="teal" icon={<IconMailCheck aria-hidden />} title="Check your e-mail" role="status">
            If an account exists for {form.values.email}, a reset link is on its way. It works once and expires soon. No
            e-mail? Your administrator can make a reset link for you.
          </Alert>
          <Anchor component={Link} to="/sign-in" size="sm">
            Back to sign-in
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => request.mutate(v))} noValidate>
          <Stack gap="md">
            <TextInput label="E-mail" type="email" autoComplete="email" required autoFocus {...form.getInputProps('email')} />
            <FormError error={request.error} />
            <Group justify="space-between">
              <Anchor component={Link} to="/sign-in" size="sm">
                Back to sign-in
              </Anchor>
              <Button type="submit" loading={request.isPending}>
                Send reset link
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
