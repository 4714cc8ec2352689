import { Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors, post } from '../app/api';
import { sessionKey } from '../app/queryClient';
import { useSession } from '../app/session';
import type { Me } from '../app/types';
import { FormError } from '../components/FormError';
import { AuthCard } from './AuthCard';

/** Only same-site paths are followed after sign-in. */
export const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/engagements');

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const session = useSession();
  const form = useForm({ initialValues: { email: '', password: '' } });
  const signIn = useMutation({
    mutationFn: (v: { email: string; password: string }) => post<{ user: Me }>('/session', v),
    onSuccess: ({ user }) => {
      qc.setQueryData(sessionKey, user);
      navigate(next, { replace: true });
    },
    onError: (err) => form.setErrors(fieldErrors(err)),
  });

  if (session.data && !signIn.isPending) return <Navigate to={next} replace />;

  return (
    <AuthCard title="Sign in to Candor" subtitle="The shared record of your engagement, for both sides.">
      <form onSubmit={form.onSubmit((v) => signIn.mutate(v))} noValidate>
        <Stack gap="md">
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            autoFocus
            {...form.getInputProps('email')}
          />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <FormError error={signIn.error} />
          <Group justify="space-between" align="center">
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
            <Button type="submit" loading={signIn.isPending}>
              Sign in
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthCard>
  );
}
