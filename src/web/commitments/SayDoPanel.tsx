import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Box, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSayDo } from './api';
import { OUTCOME_COLOR, OUTCOME_LABEL, OUTCOMES, SIDE_LABEL } from './labels';
import type { SideFigures } from './types';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const monthLabel = (m: string) => dayjs(`${m}-01`).format('MMM YYYY');

function Figure({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" lh={1.2}>
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

function SideCard({ f, threshold }: { f: SideFigures; threshold: number }) {
  const headingId = `say-do-${f.side}`;
  const data = f.series.map((s) => ({ ...s, month: monthLabel(s.month) }));
  const name = `${SIDE_LABEL[f.side]} commitments by month resolved`;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={headingId} data-side={f.side}>
      <Stack gap="sm">
        <Title order={4} size="h5" id={headingId}>
          {SIDE_LABEL[f.side]} side
        </Title>
        <Group gap="lg" wrap="wrap" align="flex-start">
          <Figure label="Say/do" value={pct(f.sayDo)} hint={`of ${f.resolved} resolved`} />
          <Figure label="Open" value={f.open + f.renegotiatedOpen} hint={f.renegotiatedOpen ? `${f.renegotiatedOpen} renegotiated` : undefined} />
        </Group>
        <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 12, rowGap: 2 }} data-testid={`say-do-counts-${f.side}`}>
          {OUTCOMES.map((o) => (
            <Box key={o} style={{ display: 'contents' }} data-outcome={o}>
              <Text component="dt" size="sm">
                <Box component="span" aria-hidden w={10} h={10} mr={6} display="inline-block" style={{ borderRadius: 2, background: `var(--mantine-color-${OUTCOME_COLOR[o].replace('.', '-')})` }} />
                {OUTCOME_LABEL[o]}
              </Text>
              <Text component="dd" m={0} size="sm" fw={600} ta="right">
                {f[o]}
              </Text>
            </Box>
          ))}
        </Box>
        {f.resolved === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing resolved yet.
          </Text>
        ) : (
          <>
            <Box role="img" aria-label={`${name}. The same data is in the table below.`}>
              <BarChart
                h={180}
                data={data}
                dataKey="month"
                type="stacked"
                series={OUTCOMES.map((o) => ({ name: o, label: OUTCOME_LABEL[o], color: OUTCOME_COLOR[o] }))}
                tickLine="y"
                gridAxis="y"
                withYAxis
                yAxisProps={{ allowDecimals: false, width: 24 }}
                barProps={{ isAnimationActive: false }}
              />
            </Box>
            <details>
              <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>Data table</summary>
              <Box mt="xs" style={{ overflowX: 'auto' }} role="region" aria-label={`${name}: data`} tabIndex={0}>
                <Table fz="xs" striped>
                  <Table.Caption>{name}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Month</Table.Th>
                      {OUTCOMES.map((o) => (
                        <Table.Th key={o} scope="col">
                          {OUTCOME_LABEL[o]}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {f.series.map((s) => (
                      <Table.Tr key={s.month}>
                        <Table.Th scope="row" fw={500}>
                          {monthLabel(s.month)}
                        </Table.Th>
                        {OUTCOMES.map((o) => (
                          <Table.Td key={o}>{s[o]}</Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Box>
            </details>
          </>
        )}
        <Text size="xs" c="dimmed">
          “Renegotiated early” means at least {threshold} day{threshold === 1 ? '' : 's'} before the due date.
        </Text>
      </Stack>
    </Paper>
  );
}

/** Say/do per side: how each side's promises ended, and over time by the month they were resolved. */
export function SayDoPanel({ engagementId }: { engagementId: string }) {
  const q = useSayDo(engagementId);
  return (
    <Stack gap="xs" component="section" aria-labelledby="say-do-title">
      <Title order={3} size="h4" id="say-do-title">
        Say/do
      </Title>
      <Text size="sm" c="dimmed">
        Say/do is the share of resolved commitments kept as promised or after renegotiating early.
      </Text>
      {q.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Skeleton h={320} />
          <Skeleton h={320} />
        </SimpleGrid>
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {q.data.sides.map((f) => (
            <SideCard key={f.side} f={f} threshold={q.data.earlyThresholdDays} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
