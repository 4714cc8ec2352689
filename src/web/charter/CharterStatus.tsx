import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconClockHour4, IconFilePencil } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { CharterSummary, Side } from '../app/types';
import { formatDate } from '../components/Time';

const sideName = (s: Side | null) => (s === 'provider' ? 'the provider' : s === 'client' ? 'the client' : 'nobody');

interface Props {
  summary: CharterSummary;
  engagementId: string;
  mySide: Side;
  canPropose: boolean;
  canAccept: boolean;
}

/** Where the charter stands, and the one thing the reader should do about it. */
export function CharterStatus({ summary, engagementId, mySide, canPropose, canAccept }: Props) {
  const charterLink = `/engagements/${engagementId}/charter`;
  const mustAccept = summary.pendingVersion !== null && summary.pendingAwaiting === mySide && canAccept;
  const cta = (label: string, to: string, primary = true): ReactNode => (
    <Button component={Link} to={to} size="xs" variant={primary ? 'filled' : 'default'}>
      {label}
    </Button>
  );

  if (summary.state === 'none') {
    return (
      <Alert color="gray" variant="light" icon={<IconFilePencil aria-hidden />} title="No charter yet">
        <Stack gap="xs">
          <Text size="sm">
            The charter states the outcomes, who decides what, the cadence and the escalation ladder. Both sides agree it.
          </Text>
          {canPropose ? (
            <Group>{cta('Draft the charter', `${charterLink}/edit`)}</Group>
          ) : (
            <Text size="sm">The lead or the sponsor drafts it.</Text>
          )}
        </Stack>
      </Alert>
    );
  }

  const pendingLine =
    summary.pendingVersion !== null ? (
      <Text size="sm">
        Version {summary.pendingVersion} is proposed and awaits {sideName(summary.pendingAwaiting)}
        {summary.pendingAwaiting === mySide ? ' (your side)' : ''}.
      </Text>
    ) : null;

  if (summary.state === 'proposed') {
    return (
      <Alert color="orange" variant="light" icon={<IconClockHour4 aria-hidden />} title="Charter proposed, not yet agreed">
        <Stack gap="xs">
          {pendingLine}
          <Group>{mustAccept ? cta('Review and accept', charterLink) : cta('View the proposal', charterLink, false)}</Group>
        </Stack>
      </Alert>
    );
  }

  return (
    <Alert
      color={summary.state === 'agreed' ? 'teal' : 'orange'}
      variant="light"
      icon={summary.state === 'agreed' ? <IconCircleCheck aria-hidden /> : <IconClockHour4 aria-hidden />}
      title={summary.state === 'agreed' ? 'Charter agreed' : 'Charter agreed; a change is proposed'}
    >
      <Stack gap="xs">
        <Text size="sm">
          Version {summary.agreedVersion} was agreed by both sides
          {summary.agreedAt ? ` on ${formatDate(summary.agreedAt)}` : ''}.
        </Text>
        {pendingLine}
        <Group>
          {mustAccept ? cta('Review the change', charterLink) : cta('Read the charter', charterLink, false)}
        </Group>
      </Stack>
    </Alert>
  );
}
