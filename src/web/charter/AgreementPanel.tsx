import { Alert, Button, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconClockHour4, IconPencil } from '@tabler/icons-react';
import { Link } from 'react-router';
import { errorMessage } from '../app/api';
import type { CharterVersion, Side, UserRef } from '../app/types';
import { ConfirmButton } from '../components/ConfirmButton';
import { formatDateTime } from '../components/Time';
import { useAcceptCharter, useWithdrawCharter } from './api';

const SIDE = { provider: 'Provider side', client: 'Client side' } as const;

function SideLine({ side, by, at }: { side: Side; by: UserRef | null; at: string | null }) {
  const done = by && at;
  return (
    <List.Item
      icon={
        <ThemeIcon color={done ? 'teal' : 'orange'} variant="light" size={22} radius="xl">
          {done ? <IconCheck size={14} aria-hidden /> : <IconClockHour4 size={14} aria-hidden />}
        </ThemeIcon>
      }
    >
      <Text size="sm" span fw={600}>
        {SIDE[side]}:
      </Text>{' '}
      <Text size="sm" span>
        {done ? `accepted by ${by.name} on ${formatDateTime(at)}` : 'awaiting acceptance'}
      </Text>
    </List.Item>
  );
}

export function AcceptanceList({ v }: { v: CharterVersion }) {
  return (
    <List spacing={6} center>
      <SideLine side="provider" by={v.providerAcceptedBy} at={v.providerAcceptedAt} />
      <SideLine side="client" by={v.clientAcceptedBy} at={v.clientAcceptedAt} />
    </List>
  );
}

interface Props {
  engagementId: string;
  pending: CharterVersion;
  mySide: Side;
  canAccept: boolean;
  canPropose: boolean;
}

/** A proposal awaiting agreement: who has accepted, who must, and the buttons for it. */
export function AgreementPanel({ engagementId, pending, mySide, canAccept, canPropose }: Props) {
  const accept = useAcceptCharter(engagementId);
  const withdraw = useWithdrawCharter(engagementId);
  const mine = pending.awaiting === mySide;

  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconClockHour4 aria-hidden />}
      title={`Version ${pending.version} is proposed and awaits the ${pending.awaiting ?? 'other'} side`}
    >
      <Stack gap="sm">
        <Text size="sm">
          Proposed by {pending.proposedBy.name} on {formatDateTime(pending.createdAt)}
          {pending.note ? `: “${pending.note}”` : '.'}
        </Text>
        <AcceptanceList v={pending} />
        {mine && canAccept && (
          <Text size="sm" fw={600}>
            Your side has to accept this version before it becomes the agreed charter.
          </Text>
        )}
        {mine && !canAccept && (
          <Text size="sm">Your {mySide === 'client' ? 'sponsor' : 'lead'} accepts for your side.</Text>
        )}
        <Group gap="sm">
          {mine && canAccept && (
            <Button
              leftSection={<IconCheck size={16} aria-hidden />}
              loading={accept.isPending}
              onClick={() =>
                accept.mutate(pending.id, {
                  onSuccess: (v) =>
                    notifications.show({
                      color: 'teal',
                      title: v.status === 'agreed' ? 'Charter agreed' : 'Accepted',
                      message: v.status === 'agreed' ? `Version ${v.version} is now the agreed charter.` : `You accepted version ${v.version}.`,
                    }),
                })
              }
            >
              Accept version {pending.version}
            </Button>
          )}
          {canPropose && (
            <Button component={Link} to={`/engagements/${engagementId}/charter/edit`} variant="default" leftSection={<IconPencil size={16} aria-hidden />}>
              {mine ? 'Propose changes instead' : 'Revise proposal'}
            </Button>
          )}
          {canPropose && !mine && (
            <ConfirmButton
              title={`Withdraw version ${pending.version}?`}
              message="The proposal is withdrawn for both sides. It stays in the history and the audit log."
              confirmLabel="Withdraw proposal"
              onConfirm={() =>
                withdraw.mutateAsync(pending.id).then(() => notifications.show({ color: 'teal', message: `Version ${pending.version} withdrawn.` }))
              }
            >
              Withdraw
            </ConfirmButton>
          )}
        </Group>
        {accept.error && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {errorMessage(accept.error)}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
