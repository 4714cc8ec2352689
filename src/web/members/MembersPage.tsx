import { Badge, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMe } from '../app/session';
import type { Invitation } from '../app/types';
import { RoleBadge, SideBadge } from '../components/Badges';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { SectionLoader } from '../components/PageLoader';
import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { formatDate, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useInvitations, useMembers, useRemoveMember, useRevokeInvitation } from './api';
import { InviteForm } from './InviteForm';

const STATUS_COLOR = { pending: 'orange', accepted: 'teal', revoked: 'gray', expired: 'gray' } as const;

function InvitationsTable({ engagementId, invitations }: { engagementId: string; invitations: Invitation[] }) {
  const revoke = useRevokeInvitation(engagementId);
  if (invitations.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No invitations yet. Invite the client's sponsor first: they accept the charter for the client side.
      </Text>
    );
  }
  return (
    <DataTable
      label="Invitations"
      rows={invitations}
      rowKey={(i) => i.id}
      minWidth={720}
      primary={{ key: 'email', header: 'E-mail', cell: (i) => i.email }}
      columns={[
        { key: 'role', header: 'Role', cell: (i) => <RoleBadge role={i.role} /> },
        {
          key: 'status',
          header: 'Status',
          cell: (i) => (
            <Badge color={STATUS_COLOR[i.status]} variant="light" radius="sm">
              {i.status}
            </Badge>
          ),
        },
        { key: 'by', header: 'Invited by', cell: (i) => i.invitedBy.name },
        { key: 'expires', header: 'Expires', nowrap: true, cell: (i) => formatDate(i.expiresAt) },
      ]}
      actions={(i) =>
        i.status === 'pending' ? (
          <ConfirmButton
            size="compact-sm"
            variant="subtle"
            aria-label={`Revoke the invitation of ${i.email}`}
            title="Revoke this invitation?"
            message={`The link sent to ${i.email} stops working.`}
            confirmLabel="Revoke invitation"
            onConfirm={() => revoke.mutateAsync(i.id).then(() => notifications.show({ color: 'teal', message: `Invitation of ${i.email} revoked.` }))}
          >
            Revoke
          </ConfirmButton>
        ) : null
      }
    />
  );
}

export function MembersPage() {
  const { engagement, can } = useEngagementCtx();
  const me = useMe();
  const id = engagement.id;
  const members = useMembers(id);
  const manageInvites = can('invitation.read');
  const invitations = useInvitations(id, manageInvites);
  const remove = useRemoveMember(id);

  return (
    <>
      <PageHeader
        title="Members and invitations"
        order={2}
        documentTitle={`${engagement.name}: members`}
        description="Everyone who takes part, on both sides. The lead invites anyone; the sponsor invites people of the client."
      />
      <Stack gap="md">
      <Section order={3} title="Members" id="members">
        {members.isPending ? (
          <SectionLoader />
        ) : members.isError ? (
          <ErrorAlert error={members.error} onRetry={() => members.refetch()} />
        ) : (
          <DataTable
            label="Members"
            rows={members.data}
            rowKey={(m) => m.user.id}
            minWidth={640}
            primary={{ key: 'name', header: 'Name', cell: (m) => `${m.user.name}${m.user.id === me.id ? ' (you)' : ''}` }}
            columns={[
              { key: 'email', header: 'E-mail', cell: (m) => m.user.email },
              { key: 'role', header: 'Role', cell: (m) => <RoleBadge role={m.role} /> },
              { key: 'side', header: 'Side', cell: (m) => <SideBadge side={m.side} /> },
              { key: 'joined', header: 'Joined', nowrap: true, cell: (m) => <Time iso={m.joinedAt} mode="date" /> },
            ]}
            actions={(m) =>
              can('member.remove') && m.user.id !== me.id ? (
                <ConfirmButton
                  size="compact-sm"
                  variant="subtle"
                  aria-label={`Remove ${m.user.name}`}
                  title={`Remove ${m.user.name}?`}
                  message="They lose access to this engagement at once. What they wrote stays, and the audit log records the removal."
                  confirmLabel="Remove member"
                  onConfirm={() => remove.mutateAsync(m.user.id).then(() => notifications.show({ color: 'teal', message: `${m.user.name} was removed.` }))}
                >
                  Remove
                </ConfirmButton>
              ) : null
            }
          />
        )}
      </Section>
      {manageInvites && (
        <>
          <Section order={3} title="Invite someone" id="invite">
            <InviteForm engagementId={id} myRole={engagement.myRole} />
          </Section>
          <Section order={3} title="Invitations" id="invitations">
            {invitations.isPending ? (
              <SectionLoader />
            ) : invitations.isError ? (
              <ErrorAlert error={invitations.error} onRetry={() => invitations.refetch()} />
            ) : (
              <InvitationsTable engagementId={id} invitations={invitations.data} />
            )}
          </Section>
        </>
      )}
      </Stack>
    </>
  );
}
