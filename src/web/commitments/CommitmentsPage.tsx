import { Anchor, Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconHeartHandshake, IconPlus } from '@tabler/icons-react';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SideBadge, VisibilityBadge } from '../components/Badges';
import { DataTable } from '../components/DataTable';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useCommitments } from './api';
import { CommitmentStatusBadge, DueText, OUTCOME_LABEL, PastDueBadge } from './labels';
import { SayDoPanel } from './SayDoPanel';
import type { Commitment, CommitmentQuery } from './types';
import { ExportCsvButton } from '../csv/ExportCsvButton';

const SIDES = [
  { value: 'all', label: 'Both sides' },
  { value: 'provider', label: 'Provider' },
  { value: 'client', label: 'Client' },
];
const STATUSES = [
  { value: 'all', label: 'All' },
  { value: 'outstanding', label: 'Outstanding' },
  { value: 'kept', label: 'Kept' },
  { value: 'missed', label: 'Missed' },
  { value: 'renegotiated', label: 'Renegotiated' },
];

function Filter({ label, data, value, onChange }: { label: string; data: { value: string; label: string }[]; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <Stack gap={4} style={{ minWidth: 0, maxWidth: '100%' }}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <SegmentedControl aria-labelledby={id} data={data} value={value} onChange={onChange} style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }} size="xs" />
    </Stack>
  );
}

function Ended({ c }: { c: Commitment }) {
  if (c.outstanding) return <Text size="sm" c="dimmed">{c.renegotiations ? `renegotiated ${c.renegotiations}×` : '—'}</Text>;
  return (
    <Text size="sm">
      {c.outcome ? OUTCOME_LABEL[c.outcome] : ''}
      {c.deliveredOn && (
        <Text span size="xs" c="dimmed" display="block">
          delivered {formatDate(c.deliveredOn)}
          {c.daysLate ? ` (${c.daysLate} d late)` : ''}
        </Text>
      )}
    </Text>
  );
}

export function CommitmentsPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const [params, setParams] = useSearchParams();
  const side = SIDES.find((s) => s.value === params.get('side'))?.value ?? 'all';
  const status = STATUSES.find((s) => s.value === params.get('status'))?.value ?? 'all';
  const filters: CommitmentQuery = {
    ...(side !== 'all' ? { side: side as 'provider' | 'client' } : {}),
    ...(status !== 'all' ? { status: status as NonNullable<CommitmentQuery['status']> } : {}),
  };
  const q = useCommitments(id, filters);
  const setFilter = (key: 'side' | 'status', v: string) => {
    const next = new URLSearchParams(params);
    if (v === 'all') next.delete(key);
    else next.set(key, v);
    setParams(next, { replace: true });
  };
  const addButton = can('commitment.write') ? (
    <Button component={Link} to={`/engagements/${id}/commitments/new`} leftSection={<IconPlus size={16} aria-hidden />}>
      Record a commitment
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Commitments"
        order={2}
        documentTitle={`${engagement.name}: commitments`}
        description="Every promise of either side: what, by whom, by when and on which assumptions, and how it ended. An open commitment past its due date is marked missed the next morning, and both sides are told."
        actions={
          <>
            <ExportCsvButton engagementId={id} register="commitments" query={filters} />
            {addButton}
          </>
        }
      />
      <Stack gap="lg">
        <SayDoPanel engagementId={id} />
        <Stack gap="sm" component="section" aria-labelledby="ledger-title">
          <Title order={3} size="h4" id="ledger-title">
            Ledger
          </Title>
          <Group gap="md" align="flex-end" wrap="wrap">
            <Filter label="Side" data={SIDES} value={side} onChange={(v) => setFilter('side', v)} />
            <Filter label="Status" data={STATUSES} value={status} onChange={(v) => setFilter('status', v)} />
          </Group>
          {q.isPending ? (
            <PageLoader label="Loading commitments…" />
          ) : q.isError ? (
            <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
          ) : q.data.length === 0 ? (
            <EmptyHint icon={<IconHeartHandshake aria-hidden />} title={side === 'all' && status === 'all' ? 'No commitments yet' : 'None here'} order={4} action={side === 'all' && status === 'all' ? addButton : null}>
              {side === 'all' && status === 'all'
                ? 'Record what each side promises, by when, and on which assumptions: “API credentials by 3 March”.'
                : 'No commitments match these filters.'}
            </EmptyHint>
          ) : (
            <Stack gap="xs" aria-busy={q.isFetching}>
              <Text size="sm" c="dimmed" aria-live="polite">
                {q.data.length} commitment{q.data.length === 1 ? '' : 's'}: outstanding first (soonest due), then resolved
              </Text>
              <DataTable
                label="Commitments"
                rows={q.data}
                rowKey={(c) => c.id}
                rowProps={(c) => ({ 'data-status': c.status, 'data-commitment': c.id })}
                primary={{
                  key: 'title',
                  header: 'What',
                  cell: (c) => (
                    <Anchor component={Link} to={`/engagements/${id}/commitments/${c.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {c.title}
                    </Anchor>
                  ),
                }}
                columns={[
                  { key: 'side', header: 'By', nowrap: true, width: 120, cell: (c) => <SideBadge side={c.side} /> },
                  {
                    key: 'status',
                    header: 'Status',
                    nowrap: true,
                    width: 150,
                    cell: (c) => (
                      <Stack gap={4} align="flex-start">
                        <CommitmentStatusBadge status={c.status} />
                        {c.pastDue && <PastDueBadge />}
                        <VisibilityBadge visibility={c.visibility} />
                      </Stack>
                    ),
                  },
                  { key: 'due', header: 'Due', width: 150, cell: (c) => <DueText c={c} /> },
                  { key: 'owner', header: 'Owner', cell: (c) => <Text size="sm">{c.owner?.name ?? '—'}</Text> },
                  { key: 'ended', header: 'Outcome', cell: (c) => <Ended c={c} /> },
                ]}
                minWidth={760}
              />
            </Stack>
          )}
        </Stack>
      </Stack>
    </>
  );
}
