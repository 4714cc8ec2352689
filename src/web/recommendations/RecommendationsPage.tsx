import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Button, Group, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconBulb, IconPlus } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import dayjs from 'dayjs';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { VisibilityBadge } from '../components/Badges';
import { DataTable } from '../components/DataTable';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useLedger, useRecommendations } from './api';
import { AnswerBadge, hours, KIND_HINT, KIND_LABEL, KindBadge, KINDS, money, pct, STATUS_LABEL, STATUSES } from './labels';
import type { Recommendation, RecommendationKind, RecommendationLedger, RecommendationQuery, RecommendationStatus } from './types';
import { ExportCsvButton } from '../csv/ExportCsvButton';

const monthLabel = (m: string) => dayjs(`${m}-01`).format('MMM YYYY');

function Figure({ label, value, hint, big = false }: { label: string; value: string; hint?: string; big?: boolean }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size={big ? '2rem' : 'lg'} lh={1.2} c={big ? 'teal.8' : undefined} data-figure={label}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

function Headline({ l, provider }: { l: RecommendationLedger; provider: boolean }) {
  const cur = l.avoided.currency;
  const data = l.series.map((s) => ({ month: monthLabel(s.month), [`Saved (${cur})`]: s.money, Hours: s.hours }));
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="avoided-title">
      <Stack gap="md">
        <Title order={3} size="h4" id="avoided-title">
          Work avoided and money saved
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          <Figure big label="Work avoided" value={hours(l.avoided.hours)} hint={`by ${l.avoided.recommendations} accepted “don’t” and alternative recommendation${l.avoided.recommendations === 1 ? '' : 's'}`} />
          <Figure big label="Money saved" value={money(l.avoided.money, cur)} hint="the client did not pay for work it did not need" />
          <Figure label={provider ? 'Against our own revenue' : 'Against the provider’s own revenue'} value={pct(l.againstRevenue.share)} hint={`${l.againstRevenue.count} of ${l.total}: “don’t”, or a cheaper alternative (the honest-mechanic figure)`} />
          <Figure label="Acceptance rate" value={pct(l.acceptanceRate)} hint={`${l.byAnswer.accepted} accepted, ${l.byAnswer.declined} declined; deferrals not counted`} />
        </SimpleGrid>
        {data.length > 0 ? (
          <div>
            <Text size="sm" fw={500} id="avoided-chart-title" mb={4}>
              Money saved by month of the client’s answer
            </Text>
            <BarChart
              h={180}
              data={data}
              dataKey="month"
              series={[{ name: `Saved (${cur})`, color: 'teal.7' }]}
              maxBarWidth={64}
              withLegend={false}
              aria-labelledby="avoided-chart-title"
              role="img"
              valueFormatter={(v) => money(v, cur)}
            />
            <Table mt="xs" fz="xs" withTableBorder={false} aria-label="Work avoided by month">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Month</Table.Th>
                  <Table.Th ta="right">Hours</Table.Th>
                  <Table.Th ta="right">Saved</Table.Th>
                  <Table.Th ta="right">Running total</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {l.series.map((s) => (
                  <Table.Tr key={s.month}>
                    <Table.Td>{monthLabel(s.month)}</Table.Td>
                    <Table.Td ta="right">{hours(s.hours)}</Table.Td>
                    <Table.Td ta="right">{money(s.money, cur)}</Table.Td>
                    <Table.Td ta="right">
                      {hours(s.cumulativeHours)}, {money(s.cumulativeMoney, cur)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ) : (
          <Text size="sm" c="dimmed">
            Nothing avoided yet: an accepted “don’t” or cheaper alternative shows here.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function ByKind({ l }: { l: RecommendationLedger }) {
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="by-kind-title">
      <Title order={3} size="h4" id="by-kind-title" mb="xs">
        By kind and answer
      </Title>
      {phone ? (
        <Stack gap={6}>
          {KINDS.map((k) => (
            <Text key={k} size="sm" data-kind-row={k}>
              <Text span fw={600}>
                {KIND_LABEL[k]}: {l.byKind[k].total}
              </Text>{' '}
              <Text span size="xs" c="dimmed">
                {STATUSES.filter((s) => l.byKind[k][s] > 0).map((s) => `${l.byKind[k][s]} ${SHORT_STATUS[s].toLowerCase()}`).join(', ') || 'none'}
              </Text>
            </Text>
          ))}
        </Stack>
      ) : (
      <Table fz="sm" horizontalSpacing="xs" aria-labelledby="by-kind-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              {STATUSES.map((s) => (
                <Table.Th key={s} ta="right">
                  {SHORT_STATUS[s]}
                </Table.Th>
              ))}
              <Table.Th ta="right">All</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {KINDS.map((k) => (
              <Table.Tr key={k} data-kind-row={k}>
                <Table.Th scope="row" fw={500}>
                  {KIND_LABEL[k]}{' '}
                  <Text span size="xs" c="dimmed" visibleFrom="sm">
                    {KIND_HINT[k].toLowerCase()}
                  </Text>
                </Table.Th>
                {STATUSES.map((s) => (
                  <Table.Td key={s} ta="right">
                    {l.byKind[k][s]}
                  </Table.Td>
                ))}
                <Table.Td ta="right" fw={600}>
                  {l.byKind[k].total}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

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

const KIND_FILTER = [{ value: 'all', label: 'All' }, ...KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))];
const SHORT_STATUS: Record<RecommendationStatus, string> = { ...STATUS_LABEL, proposed: 'Waiting' };
const ANSWER_FILTER = [{ value: 'all', label: 'All' }, ...STATUSES.map((s) => ({ value: s, label: SHORT_STATUS[s] }))];

function Figures({ r }: { r: Recommendation }) {
  const avoided = r.avoidedHours !== null || r.avoidedMoney !== null;
  return (
    <Text size="sm">
      {r.costHours !== null || r.costMoney !== null ? `Costs ${[r.costHours !== null ? hours(r.costHours) : null, r.costMoney !== null ? money(r.costMoney, r.currency) : null].filter(Boolean).join(', ')}` : 'No cost stated'}
      {avoided && (
        <Text span size="xs" c="teal.8" display="block">
          avoids {[r.avoidedHours !== null ? hours(r.avoidedHours) : null, r.avoidedMoney !== null ? money(r.avoidedMoney, r.currency) : null].filter(Boolean).join(', ')}
        </Text>
      )}
    </Text>
  );
}

export function RecommendationsPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const [params, setParams] = useSearchParams();
  const kind = KIND_FILTER.find((k) => k.value === params.get('kind'))?.value ?? 'all';
  const status = ANSWER_FILTER.find((s) => s.value === params.get('answer'))?.value ?? 'all';
  const filters: RecommendationQuery = {
    ...(kind !== 'all' ? { kind: kind as RecommendationKind } : {}),
    ...(status !== 'all' ? { status: status as RecommendationStatus } : {}),
  };
  const q = useRecommendations(id, filters);
  const ledger = useLedger(id);
  const setFilter = (key: 'kind' | 'answer', v: string) => {
    const next = new URLSearchParams(params);
    if (v === 'all') next.delete(key);
    else next.set(key, v);
    setParams(next, { replace: true });
  };
  const addButton = can('recommendation.write') ? (
    <Button component={Link} to={`/engagements/${id}/recommendations/new`} leftSection={<IconPlus size={16} aria-hidden />}>
      Recommend
    </Button>
  ) : null;
  const unfiltered = kind === 'all' && status === 'all';
  const rows = q.data?.recommendations ?? [];

  return (
    <>
      <PageHeader
        title="Recommendations"
        order={2}
        documentTitle={`${engagement.name}: recommendations`}
        description={
          can('content.internal')
            ? 'What we recommend and why — including the work the client does not need. The client sponsor answers each one; its figures are frozen from then on.'
            : 'What the provider recommends and why — including the work you do not need. The sponsor answers each one for you; its figures are frozen from then on.'
        }
        actions={
          <>
            <ExportCsvButton engagementId={id} register="recommendations" query={filters} />
            {addButton}
          </>
        }
      />
      <Stack gap="lg">
        {ledger.isPending ? <Skeleton h={220} radius="md" /> : ledger.isError ? <ErrorAlert error={ledger.error} onRetry={() => ledger.refetch()} /> : <Headline l={ledger.data} provider={can('content.internal')} />}
        {ledger.data && ledger.data.total > 0 && <ByKind l={ledger.data} />}
        <Stack gap="sm" component="section" aria-labelledby="list-title">
          <Title order={3} size="h4" id="list-title">
            All recommendations
          </Title>
          <Group gap="md" align="flex-end" wrap="wrap">
            <Filter label="Kind" data={KIND_FILTER} value={kind} onChange={(v) => setFilter('kind', v)} />
            <Filter label="Answer" data={ANSWER_FILTER} value={status} onChange={(v) => setFilter('answer', v)} />
          </Group>
          {q.isPending ? (
            <PageLoader label="Loading recommendations…" />
          ) : q.isError ? (
            <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
          ) : rows.length === 0 ? (
            <EmptyHint icon={<IconBulb aria-hidden />} title={unfiltered ? 'No recommendations yet' : 'None here'} order={4} action={unfiltered ? addButton : null}>
              {unfiltered ? 'Recommend with reasons: “We recommend …, because …” — and say so when work is not needed.' : 'No recommendations match these filters.'}
            </EmptyHint>
          ) : (
            <Stack gap="xs" aria-busy={q.isFetching}>
              <Text size="sm" c="dimmed" aria-live="polite">
                {rows.length} recommendation{rows.length === 1 ? '' : 's'}: awaiting an answer first
              </Text>
              <DataTable
                label="Recommendations"
                rows={rows}
                rowKey={(r) => r.id}
                rowProps={(r) => ({ 'data-recommendation': r.id, 'data-answer': r.status })}
                primary={{
                  key: 'title',
                  header: 'Recommendation',
                  cell: (r) => (
                    <Anchor component={Link} to={`/engagements/${id}/recommendations/${r.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {r.title}
                    </Anchor>
                  ),
                }}
                columns={[
                  { key: 'kind', header: 'Kind', nowrap: true, width: 140, cell: (r) => <KindBadge kind={r.kind} /> },
                  {
                    key: 'answer',
                    header: 'Answer',
                    width: 170,
                    cell: (r) => (
                      <Stack gap={4} align="flex-start">
                        <AnswerBadge status={r.status} />
                        {r.deferredUntil && <Text size="xs">until {formatDate(r.deferredUntil)}</Text>}
                        <VisibilityBadge visibility={r.visibility} />
                      </Stack>
                    ),
                  },
                  { key: 'figures', header: 'Figures', cell: (r) => <Figures r={r} /> },
                  { key: 'by', header: 'Recommended', cell: (r) => <Text size="sm">{r.createdBy.name}, {formatDate(r.createdAt)}</Text> },
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
