import { Anchor, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconGavel, IconPlus } from '@tabler/icons-react';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { VisibilityBadge } from '../components/Badges';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { decisionsExportUrl, useDecisions } from './api';
import { DecisionLatencyCard } from './DecisionLatency';
import { DecisionStatusBadge, OverdueBadge } from './GovBadges';
import { decisionNumber, plural } from './labels';
import type { Decision, DecisionStatus } from './types';
import { ExportCsvButton } from '../csv/ExportCsvButton';

function DecisionCard({ d, engagementId }: { d: Decision; engagementId: string }) {
  const headingId = `decision-${d.id}`;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="article"
      aria-labelledby={headingId}
      data-status={d.status}
      style={d.overdue ? { borderLeft: '4px solid var(--mantine-color-red-7)' } : undefined}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="baseline">
          <Text fw={700} c="dimmed" ff="monospace" size="sm" aria-hidden>
            {decisionNumber(d.number)}
          </Text>
          <Title order={3} size="h5" id={headingId} style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={`/engagements/${engagementId}/decisions/${d.id}`} inherit>
              <span className="visually-hidden">Decision {decisionNumber(d.number)}: </span>
              {d.title}
            </Anchor>
          </Title>
        </Group>
        <Group gap={6} wrap="wrap">
          <DecisionStatusBadge status={d.status} />
          {d.overdue && <OverdueBadge />}
          <VisibilityBadge visibility={d.visibility} />
          <Text size="sm" c="dimmed">
            {d.kind} · decides: {d.decider}
            {d.status === 'proposed' ? ` · due ${formatDate(d.dueDate)}` : ''}
            {d.status === 'decided' && d.decidedAt ? ` · decided ${formatDate(d.decidedAt)}` : ''}
          </Text>
        </Group>
        {d.status === 'decided' && d.outcome && (
          <Text size="sm" lineClamp={2}>
            <Text span fw={600} size="sm">
              Outcome:{' '}
            </Text>
            {d.chosenOption !== null && d.options[d.chosenOption] ? `${d.options[d.chosenOption]!.title}. ` : ''}
            {d.outcome}
          </Text>
        )}
        {d.supersededBy && (
          <Text size="sm">
            Replaced by{' '}
            <Anchor component={Link} to={`/engagements/${engagementId}/decisions/${d.supersededBy.id}`}>
              decision {decisionNumber(d.supersededBy.number)}
            </Anchor>
          </Text>
        )}
      </Stack>
    </Card>
  );
}

const FILTERS: { value: string; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'proposed', label: 'Waiting' },
  { value: 'decided', label: 'Decided' },
  { value: 'superseded', label: 'Replaced' },
];

export function DecisionsPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const [params, setParams] = useSearchParams();
  const filterLabel = useId();
  const status = (FILTERS.find((f) => f.value === params.get('status'))?.value ?? 'all') as DecisionStatus | 'all';
  const q = useDecisions(id, status === 'all' ? undefined : status);
  const requestButton = can('decision.request') ? (
    <Button component={Link} to={`/engagements/${id}/decisions/new`} leftSection={<IconPlus size={16} aria-hidden />}>
      Request a decision
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Decision log"
        order={2}
        documentTitle={`${engagement.name}: decisions`}
        description="Each decision: why it is needed, the options and their trade-offs, our recommendation, who decides by when, and what was decided."
        actions={
          <>
            <ExportCsvButton engagementId={id} register="decisions" query={status !== 'all' ? { status } : undefined} />
            <Button component="a" href={decisionsExportUrl(id)} download="decision-log.md" variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
              Export Markdown
            </Button>
            {requestButton}
          </>
        }
      />
      <Stack gap="md">
        <DecisionLatencyCard engagementId={id} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id={filterLabel}>
            Show
          </Text>
          <SegmentedControl
            aria-labelledby={filterLabel}
            data={FILTERS}
            value={status}
            onChange={(v) => setParams(v === 'all' ? {} : { status: v }, { replace: true })}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
        {q.isPending ? (
          <PageLoader label="Loading decisions…" />
        ) : q.isError ? (
          <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
        ) : q.data.length === 0 ? (
          <EmptyHint icon={<IconGavel aria-hidden />} title={status === 'all' ? 'No decisions yet' : 'None here'} order={3} action={status === 'all' ? requestButton : null}>
            {status === 'all'
              ? 'When something needs a decision from the other side, request it here: the charter says who decides, and they are notified.'
              : 'No decisions with this status.'}
          </EmptyHint>
        ) : (
          <Stack gap="sm" aria-busy={q.isFetching}>
            <Text size="sm" c="dimmed" aria-live="polite">
              {plural(q.data.length, 'decision')}, newest first
            </Text>
            {q.data.map((d) => (
              <DecisionCard key={d.id} d={d} engagementId={id} />
            ))}
          </Stack>
        )}
      </Stack>
    </>
  );
}
