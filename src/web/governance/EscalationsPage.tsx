import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFlag, IconLadder } from '@tabler/icons-react';
import { Link } from 'react-router';
import { VisibilityBadge } from '../components/Badges';
import { type Column, DataTable } from '../components/DataTable';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDateTime, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useEscalations } from './api';
import { EscalationStatusBadge } from './GovBadges';
import { plural } from './labels';
import { RaiseEscalationModal } from './RaiseEscalationModal';
import type { Escalation } from './types';
import { ExportCsvButton } from '../csv/ExportCsvButton';

export function EscalationsPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const [raising, raise] = useDisclosure(false);
  const q = useEscalations(id);
  const raiseButton = can('escalation.raise') ? (
    <Button color="red" leftSection={<IconFlag size={16} aria-hidden />} onClick={raise.open}>
      Raise an escalation
    </Button>
  ) : null;

  const primary: Column<Escalation> = {
    key: 'title',
    header: 'Escalation',
    cell: (e) => (
      <Stack gap={2}>
        <Anchor component={Link} to={`/engagements/${id}/escalations/${e.id}`} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {e.title}
        </Anchor>
        {e.visibility === 'internal' && (
          <span>
            <VisibilityBadge visibility={e.visibility} />
          </span>
        )}
      </Stack>
    ),
  };
  const columns: Column<Escalation>[] = [
    { key: 'status', header: 'Status', nowrap: true, width: 150, cell: (e) => <EscalationStatusBadge status={e.status} /> },
    {
      key: 'level',
      header: 'Level',
      cell: (e) => (
        <Text size="sm">
          {e.level} of {e.ladder.length}
          {e.current ? ` · ${e.current.person}` : ''}
        </Text>
      ),
    },
    {
      key: 'deadline',
      header: 'Answer due',
      nowrap: true,
      cell: (e) =>
        e.deadline ? (
          <Text size="sm" c={Date.parse(e.deadline) < Date.now() ? 'var(--mantine-color-error)' : undefined}>
            {formatDateTime(e.deadline)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    {
      key: 'raised',
      header: 'Raised',
      cell: (e) => (
        <Text size="sm">
          {e.raisedBy?.name ?? 'Candor'}, <Time iso={e.createdAt} />
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Escalations"
        order={2}
        documentTitle={`${engagement.name}: escalations`}
        description="An escalation starts at the first level of the charter's ladder. When a level does not acknowledge within its response time, it climbs to the next on its own."
        actions={
          <>
            <ExportCsvButton engagementId={id} register="escalations" />
            {raiseButton}
          </>
        }
      />
      {q.isPending ? (
        <PageLoader label="Loading escalations…" />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyHint icon={<IconLadder aria-hidden />} title="No escalations" order={3} action={raiseButton}>
          Escalate an open issue, an overdue decision or dependency, or a concern of your own when talking has not helped.
        </EmptyHint>
      ) : (
        <Stack gap="xs">
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {plural(q.data.filter((e) => e.status === 'open' || e.status === 'acknowledged').length, 'open escalation')}, {q.data.length} in all
            </Text>
          </Group>
          <DataTable label="Escalations" rows={q.data} rowKey={(e) => e.id} primary={primary} columns={columns} minWidth={720} rowProps={(e) => ({ 'data-status': e.status })} />
        </Stack>
      )}
      {raising && <RaiseEscalationModal opened onClose={raise.close} />}
    </>
  );
}
