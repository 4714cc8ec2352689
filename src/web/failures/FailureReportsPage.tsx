import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconShieldCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { VisibilityBadge } from '../components/Badges';
import { DataTable } from '../components/DataTable';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useFailureReports } from './api';

export function ReportStatusBadge({ status }: { status: 'draft' | 'published' }) {
  return (
    <Badge variant={status === 'published' ? 'light' : 'outline'} color={status === 'published' ? 'teal' : 'gray'} radius="sm">
      {status === 'published' ? 'Published' : 'Draft'}
    </Badge>
  );
}

/** Failure reports (issue 12): what went wrong, told by the provider itself, and the record of who raised problems first. */
export function FailureReportsPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const q = useFailureReports(id);
  const add = can('failure.write') ? (
    <Button component={Link} to={`/engagements/${id}/failure-reports/new`} leftSection={<IconPlus size={16} aria-hidden />}>
      Report a failure
    </Button>
  ) : null;
  return (
    <>
      <PageHeader
        title="Failure reports"
        order={2}
        description="Blameless reports of what went wrong: what happened, what it meant for the client, the timeline, the cause, what changed so it does not happen again, and the follow-up commitments in the ledger."
        actions={add}
      />
      {q.isPending ? (
        <PageLoader label="Loading failure reports…" />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Stack gap="lg">
          <Stack gap="xs" component="section" aria-labelledby="record-title">
            <Title order={3} size="h4" id="record-title">
              The record
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Paper withBorder p="md" radius="md">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  Reported by the provider itself
                </Text>
                <Text fz={32} fw={700} data-testid="self-reported">
                  {q.data.record.selfReported}
                </Text>
                <Text size="sm" c="dimmed">
                  Published failure reports about problems the client had not raised first.
                </Text>
              </Paper>
              <Paper withBorder p="md" radius="md">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  Raised by the client first
                </Text>
                <Text fz={32} fw={700} data-testid="client-raised-first">
                  {q.data.record.clientRaisedFirst}
                </Text>
                <Text size="sm" c="dimmed">
                  Escalations and RAID issues a client role raised.
                </Text>
              </Paper>
            </SimpleGrid>
          </Stack>
          <Stack gap="xs" component="section" aria-labelledby="reports-title">
            <Title order={3} size="h4" id="reports-title">
              Reports
            </Title>
            {q.data.reports.length === 0 ? (
              <EmptyHint icon={<IconShieldCheck aria-hidden />} title="No failure reports" order={4} action={add}>
                When something goes wrong, say so first: a report the provider publishes itself is a trust signal.
              </EmptyHint>
            ) : (
              <DataTable
                label="Failure reports"
                rows={q.data.reports}
                rowKey={(r) => r.id}
                primary={{
                  key: 'title',
                  header: 'What went wrong',
                  cell: (r) => (
                    <Anchor component={Link} to={`/engagements/${id}/failure-reports/${r.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {r.title}
                    </Anchor>
                  ),
                }}
                columns={[
                  {
                    key: 'status',
                    header: 'Status',
                    nowrap: true,
                    width: 140,
                    cell: (r) => (
                      <Group gap={4}>
                        <ReportStatusBadge status={r.status} />
                        <VisibilityBadge visibility={r.visibility} />
                      </Group>
                    ),
                  },
                  { key: 'published', header: 'Published', nowrap: true, width: 130, cell: (r) => <Text size="sm">{r.publishedAt ? formatDate(r.publishedAt) : '—'}</Text> },
                  { key: 'followups', header: 'Follow-ups', width: 110, cell: (r) => <Text size="sm">{r.status === 'published' ? r.followUpCommitments.length : r.followUps.length}</Text> },
                  { key: 'acks', header: 'Acknowledged by', cell: (r) => <Text size="sm">{r.acknowledgements.length ? r.acknowledgements.map((a) => a.user.name).join(', ') : '—'}</Text> },
                ]}
                minWidth={680}
              />
            )}
          </Stack>
        </Stack>
      )}
    </>
  );
}
