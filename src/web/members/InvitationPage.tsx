import { Alert, Button, DataList, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldErrors } from '../app/api';
import { sessionKey } from '../app/queryClient';
import { useSession, useSignOut } from '../app/session';
import type { InvitationPreview } from '../app/types';
import { passwordRules } from '../auth/ResetPasswordPage';
import { AuthCard } from '../auth/AuthCard';
import { roleLabel } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useAcceptInvitation, useInvitationPreview } from './api';

function Summary({ p }: { p: InvitationPreview }) {
  return (
    <DataList size="sm" labelWidth={110}>
      <DataList.Item>
        <DataList.ItemLabel>Engagement</DataList.ItemLabel>
        <DataList.ItemValue>{p.engagementName}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Provider</DataList.ItemLabel>
        <DataList.ItemValue>{p.organization.name}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Your role</DataList.ItemLabel>
        <DataList.ItemValue>{roleLabel(p.role)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>For</DataList.ItemLabel>
        <DataList.ItemValue>{p.email}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Valid until</DataList.ItemLabel>
        <DataList.ItemValue>{formatDate(p.expiresAt)}</DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

function NewAccountForm({ token, email }: { token: string; email: string }) {
  const accept = useAcceptInvitation(token);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { name: '', password: '', confirm: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Tell the others your name'),
      password: passwordRules,
      confirm: (v, all) => (v !== all.password ? 'The two passwords differ' : null),
    },
  });
  const submit = form.onSubmit((v) =>
    accept.mutate(
      { name: v.name.trim(), password: v.password },
      {
        onSuccess: async (res) => {
          await qc.invalidateQueries({ queryKey: sessionKey });
          notifications.show({ color: 'teal', title: 'Welcome to Candor', message: 'Your account is ready.' });
          navigate(`/engagements/${res.engagementId}`, { replace: true });
        },
        onError: (err) => form.setErrors(fieldErrors(err)),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">Create your account for {email} to join.</Text>
        <TextInput label="Your name" autoComplete="name" required {...form.getInputProps('name')} />
        <TextInput label="E-mail" value={email} readOnly autoComplete="username" />
        <PasswordInput label="Password" description="At least 10 characters" autoComplete="new-password" required {...form.getInputProps('password')} />
        <PasswordInput label="Repeat the password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
        <FormError error={accept.error} />
        <Button type="submit" loading={accept.isPending}>
          Create account and join
        </Button>
      </Stack>
    </form>
  );
}

function ExistingAccount({ token, p }: { token: string; p: InvitationPreview }) {
  const session = useSession();
  const signOut = useSignOut();
  const accept = useAcceptInvitation(token);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const here = `/invitations/${encodeURIComponent(token)}`;
  const me = session.data;

  if (!me) {
    return (
      <Stack gap="sm">
        <Text size="sm">You already have a Candor account as {p.email}. Sign in with it to accept.</Text>
        <Button component={Link} to={`/sign-in?next=${encodeURIComponent(here)}`}>
          Sign in to accept
        </Button>
      </Stack>
    );
  }
  if (me.email !== p.email) {
    return (
      <Alert color="orange" title="Signed in as someone else">
        <Stack gap="xs">
          <Text size="sm">
            You are signed in as {me.email}, but this invitation is for {p.email}.
          </Text>
          <div>
            <Button variant="default" size="xs" onClick={() => signOut()}>
              Sign out
            </Button>
          </div>
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <FormError error={accept.error} />
      <Button
        loading={accept.isPending}
        onClick={() =>
          accept.mutate(
            {},
            {
              onSuccess: async (res) => {
                await qc.invalidateQueries({ queryKey: ['engagements'] });
                notifications.show({ color: 'teal', message: `You joined “${p.engagementName}”.` });
                navigate(`/engagements/${res.engagementId}`, { replace: true });
              },
            },
          )
        }
      >
        Join {p.engagementName}
      </Button>
    </Stack>
  );
}

export function InvitationPage() {
  const { token = '' } = useParams();
  const preview = useInvitationPreview(token);
  const session = useSession();
  const signOut = useSignOut();

  if (preview.isPending || session.isPending) return <PageLoader label="Opening the invitation…" />;
  if (preview.isError) {
    return (
      <AuthCard title="Invitation">
        <ErrorAlert error={preview.error} title="This link does not work" />
        <Text size="sm">Ask the person who invited you for a new link.</Text>
      </AuthCard>
    );
  }
  const p = preview.data;
  const signedInElsewhere = !p.accountExists && session.data;
  return (
    <AuthCard title={`Join “${p.engagementName}”`} subtitle={`${p.invitedBy} invites you as ${roleLabel(p.role).toLowerCase()}.`}>
      <Summary p={p} />
      {signedInElsewhere ? (
        <Alert color="orange" title="You are signed in">
          <Stack gap="xs">
            <Text size="sm">
              This invitation creates a new account for {p.email}. Sign out of {session.data?.email} first.
            </Text>
            <div>
              <Button variant="default" size="xs" onClick={() => signOut()}>
                Sign out
              </Button>
            </div>
          </Stack>
        </Alert>
      ) : p.accountExists ? (
        <ExistingAccount token={token} p={p} />
      ) : (
        <NewAccountForm token={token} email={p.email} />
      )}
    </AuthCard>
  );
}
