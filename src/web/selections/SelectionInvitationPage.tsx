import { Alert, Button, DataList, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldErrors } from '../app/api';
import { sessionKey } from '../app/queryClient';
import { useSession, useSignOut } from '../app/session';
import { AuthCard } from '../auth/AuthCard';
import { passwordRules } from '../auth/ResetPasswordPage';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageLoader } from '../components/PageLoader';
import { useAcceptInvitation, useInvitationPreview } from './api';
import type { InvitationPreview } from './types';

function Summary({ p }: { p: InvitationPreview }) {
  return (
    <DataList size="sm" labelWidth={110}>
      <DataList.Item>
        <DataList.ItemLabel>Client</DataList.ItemLabel>
        <DataList.ItemValue>{p.clientOrg}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Selection</DataList.ItemLabel>
        <DataList.ItemValue>{p.selectionTitle}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Provider</DataList.ItemLabel>
        <DataList.ItemValue>{p.providerOrg}</DataList.ItemValue>
      </DataList.Item>
      {p.email && (
        <DataList.Item>
          <DataList.ItemLabel>For</DataList.ItemLabel>
          <DataList.ItemValue>{p.email}</DataList.ItemValue>
        </DataList.Item>
      )}
    </DataList>
  );
}

function useGoToEngagement() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async (engagementId: string) => {
    // a new account is signed in by the acceptance: the session first, so the app shell knows who it is
    await qc.invalidateQueries({ queryKey: sessionKey });
    navigate(`/engagements/${engagementId}`, { replace: true });
    void qc.invalidateQueries({ queryKey: ['engagements'] });
  };
}

function NewAccountForm({ token, email }: { token: string; email: string }) {
  const accept = useAcceptInvitation(token);
  const go = useGoToEngagement();
  const form = useForm({
    initialValues: { name: '', password: '', confirm: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Tell the others your name'),
      password: passwordRules,
      confirm: (v, all) => (v !== all.password ? 'The two passwords differ' : null),
    },
  });
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        accept.mutate({ name: v.name.trim(), password: v.password }, { onSuccess: (res) => go(res.engagementId), onError: (err) => form.setErrors(fieldErrors(err)) }),
      )}
      noValidate
    >
      <Stack gap="md">
        <Text size="sm">Create your account for {email}: you will lead the engagement.</Text>
        <TextInput label="Your name" autoComplete="name" required {...form.getInputProps('name')} />
        <TextInput label="E-mail" value={email} readOnly autoComplete="username" />
        <PasswordInput label="Password" description="At least 10 characters" autoComplete="new-password" required {...form.getInputProps('password')} />
        <PasswordInput label="Repeat the password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
        <FormError error={accept.error} />
        <Button type="submit" loading={accept.isPending}>
          Create account and start the engagement
        </Button>
      </Stack>
    </form>
  );
}

function SignedInAccept({ token, p }: { token: string; p: InvitationPreview }) {
  const session = useSession();
  const signOut = useSignOut();
  const accept = useAcceptInvitation(token);
  const go = useGoToEngagement();
  const here = `/selection-invitations/${encodeURIComponent(token)}`;
  const me = session.data;
  if (!me) {
    return (
      <Stack gap="sm">
        <Text size="sm">Sign in with your {p.providerOrg} account to accept.</Text>
        <Button component={Link} to={`/sign-in?next=${encodeURIComponent(here)}`}>
          Sign in to accept
        </Button>
      </Stack>
    );
  }
  if (p.email && me.email !== p.email) {
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
      <Text size="sm">Accepting starts the engagement with you as its lead and {p.invitedBy} as its sponsor; it carries the selection’s scores, concerns and red flags.</Text>
      <FormError error={accept.error} />
      <Button loading={accept.isPending} onClick={() => accept.mutate({}, { onSuccess: (res) => go(res.engagementId) })}>
        Accept and start the engagement
      </Button>
    </Stack>
  );
}

export function SelectionInvitationPage() {
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
  const newAccount = !p.accountExists && p.email;
  return (
    <AuthCard title={`${p.clientOrg} chose ${p.providerOrg}`} subtitle={`${p.invitedBy} invites you to start the engagement for “${p.selectionTitle}”.`}>
      <Summary p={p} />
      {newAccount && session.data ? (
        <Alert color="orange" title="You are signed in">
          <Stack gap="xs">
            <Text size="sm">
              This invitation creates a new account for {p.email}. Sign out of {session.data.email} first.
            </Text>
            <div>
              <Button variant="default" size="xs" onClick={() => signOut()}>
                Sign out
              </Button>
            </div>
          </Stack>
        </Alert>
      ) : newAccount ? (
        <NewAccountForm token={token} email={p.email!} />
      ) : (
        <SignedInAccept token={token} p={p} />
      )}
    </AuthCard>
  );
}
