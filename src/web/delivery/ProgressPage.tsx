import '@mantine/charts/styles.css';
import { AreaChart, BarChart, LineChart } from '@mantine/charts';
import { Anchor, Box, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { apiUrl } from '../app/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useEngagementCtx } from '../engagements/context';
import { useChart, usePhases } from './api';
import type { Chart, ChartName } from './types';

const COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6'];

/** Reports long main-thread tasks while the charts render (read by the browser tests). */
function useLongTaskReport() {
  useEffect(() => {
    if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('longtask')) return;
    const obs = new PerformanceObserver((list) => {
      for (const t of list.getEntries()) console.info(`[candor:longtask] ${Math.round(t.duration)}ms at ${Math.round(t.startTime)}ms`);
    });
    obs.observe({ type: 'longtask', buffered: true });
    return () => obs.disconnect();
  }, []);
}

const cellText = (v: string | number | null) => (v == null ? '—' : typeof v === 'number' ? String(Math.round(v * 10) / 10) : v);

/** The chart's data as a table behind a disclosure; its rows are rendered only while it is open (a long series costs nothing until asked for). */
function DataTableToggle({ chart }: { chart: Chart }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>Data table</summary>
      {open && <DataTable chart={chart} />}
    </details>
  );
}

function DataTable({ chart }: { chart: Chart }) {
  return (
    <Box mt="xs" style={{ overflowX: 'auto', maxHeight: 320 }} role="region" aria-label={`${chart.title}: data`} tabIndex={0}>
      <Table fz="xs" striped stickyHeader>
        <Table.Caption>{chart.title}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {chart.table.columns.map((c) => (
              <Table.Th key={c.key} scope="col">
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {chart.table.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; the first cell may repeat
            <Table.Tr key={i}>
              {row.map((v, j) =>
                j === 0 ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                  <Table.Th key={j} scope="row" fw={500}>
                    {cellText(v)}
                  </Table.Th>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                  <Table.Td key={j}>{cellText(v)}</Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

/**
 * Drawing a chart (Recharts: layout, ticks, paths) is the page's heaviest main-thread work. Charts
 * whose data has arrived take turns: one is drawn per idle period, so no two are drawn in one task
 * and input stays responsive in between. Waiting charts go in page order.
 */
const turns: { order: number; grant: () => void }[] = [];
let turnPending = false;
const onIdle = (fn: () => void) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 300 }) : setTimeout(fn, 50);

function grantNextTurn() {
  if (turnPending) return;
  turnPending = true;
  // two frames, then idle: the previous chart's resize-driven renders have run and painted
  requestAnimationFrame(() =>
    requestAnimationFrame(() =>
      onIdle(() => {
        turnPending = false;
        turns.shift()?.grant();
        if (turns.length) grantNextTurn();
      }),
    ),
  );
}

/** True once this chart may be drawn (see `turns`); asks for a turn while `wanted`. Lower `order` goes first. */
function useDrawTurn(wanted: boolean, order: number, onGrant: () => void) {
  const [granted, setGranted] = useState(false);
  const grantRef = useRef(onGrant);
  grantRef.current = onGrant;
  useEffect(() => {
    if (!wanted || granted) return;
    const turn = {
      order,
      grant: () => {
        grantRef.current();
        setGranted(true);
      },
    };
    const at = turns.findIndex((t) => t.order > order);
    turns.splice(at < 0 ? turns.length : at, 0, turn);
    grantNextTurn();
    return () => {
      const i = turns.indexOf(turn);
      if (i >= 0) turns.splice(i, 1);
    };
  }, [wanted, granted, order]);
  return granted;
}

/**
 * True once the element has come within half a screen of the viewport, and from then on: a chart further down
 * waits for the reader to scroll towards it, so a phone, which shows one chart at a time, draws one or two of the
 * four on load instead of all of them. Without IntersectionObserver, at once.
 */
function useNearView(ref: React.RefObject<HTMLElement | null>) {
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '50% 0px' });
    io.observe(el);
    return () => io.disconnect();
  }, [near, ref]);
  return near;
}

/** Every `interval`-th x label (no per-label text measuring), about one per 90 px of the chart's width. */
function xInterval(points: number, width: number) {
  const labels = Math.max(2, Math.floor((width - 60) / 90));
  return Math.max(0, Math.ceil(points / labels) - 1);
}

function ChartCard({
  engagementId,
  name,
  kind,
  phaseId,
  controls,
  order,
}: {
  engagementId: string;
  name: ChartName;
  kind: 'area' | 'line' | 'bar';
  phaseId?: string;
  controls?: React.ReactNode;
  order: number;
}) {
  const chart = useChart(engagementId, name, phaseId);
  const box = useRef<HTMLDivElement>(null);
  const section = useRef<HTMLElement>(null);
  const near = useNearView(section);
  const [width, setWidth] = useState(560);
  const ready = useDrawTurn(!!chart.data && near, order, () => setWidth(box.current?.clientWidth || 560));
  const headingId = `chart-${name}`;
  const c = chart.data;
  const waiting = chart.isPending || (!ready && !chart.isError);
  const hasRows = !!c && c.data.length > 0;
  // One unit per chart: the first series' unit (the budget's money series have their own table columns).
  const unit = c?.series[0]?.unit ?? '';
  const series = (c?.series ?? []).filter((s) => s.unit === unit).map((s, i) => ({ name: s.key, label: s.label, color: COLORS[i % COLORS.length]! }));
  const common = {
    h: 260,
    data: c?.data ?? [],
    dataKey: c?.xKey ?? 'x',
    series,
    unit: unit === '%' ? '%' : unit === 'items' ? '' : ` ${unit}`,
    withLegend: true,
    legendProps: { verticalAlign: 'bottom' as const },
    tickLine: 'y' as const,
    gridAxis: 'y' as const,
    // Numeric intervals: Recharts then places the ticks without measuring every label's text.
    // Dates along x are evenly wide; the few category labels of the bar charts keep the default.
    ...(kind === 'bar' ? {} : { xAxisProps: { interval: xInterval(c?.data.length ?? 0, width) } }),
    yAxisProps: { interval: 0 },
  };
  return (
    <Paper ref={section} withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2} style={{ flex: '1 1 220px', minWidth: 0 }}>
            <Title order={3} size="h4" id={headingId}>
              {c?.title ?? '…'}
            </Title>
            {c ? (
              c.description && (
                <Text size="xs" c="dimmed">
                  {c.description}
                </Text>
              )
            ) : (
              // the description's line is kept while the chart loads, so nothing below moves when it arrives
              <Skeleton h="calc(var(--mantine-font-size-xs) * var(--mantine-line-height))" w="70%" aria-hidden />
            )}
          </Stack>
          <Anchor href={apiUrl(`/engagements/${engagementId}/progress/${name}/csv`, { phaseId })} size="sm" aria-label={`Download CSV: ${c?.title ?? name}`}>
            <Group gap={4} component="span" wrap="nowrap">
              <IconDownload size={14} aria-hidden /> Download CSV
            </Group>
          </Anchor>
        </Group>
        {controls}
        {waiting ? (
          // busy while its data loads or its turn comes; a chart waiting to be scrolled to is not
          <Skeleton ref={box} h={260} aria-busy={chart.isPending || near ? 'true' : undefined} />
        ) : chart.isError ? (
          <ErrorAlert error={chart.error} onRetry={() => chart.refetch()} />
        ) : !hasRows ? (
          <Text size="sm" c="dimmed" py="xl" ta="center">
            No data yet.
          </Text>
        ) : (
          <Box role="img" aria-label={`${c?.title}. The same data is in the table below.`}>
            {kind === 'area' ? (
              <AreaChart {...common} curveType="linear" withDots={false} fillOpacity={0.15} />
            ) : kind === 'line' ? (
              <LineChart {...common} curveType="linear" withDots={false} />
            ) : (
              <BarChart {...common} />
            )}
          </Box>
        )}
        {/* the table as soon as the data is here, while its drawing may still wait (and the same element after:
            one opened early stays open); until then its line is kept, so nothing moves when it arrives */}
        {chart.isError ? null : hasRows ? (
          <DataTableToggle chart={c!} />
        ) : (
          waiting && (
            <div aria-hidden style={{ fontSize: 'var(--mantine-font-size-sm)', visibility: 'hidden' }}>
              Data table
            </div>
          )
        )}
      </Stack>
    </Paper>
  );
}

export function ProgressPage() {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  useLongTaskReport();
  const phases = usePhases(id);
  const [phaseId, setPhaseId] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Progress"
        order={2}
        documentTitle={`${engagement.name}: progress`}
        description="Scope against what is done, budget against plan, and where the effort goes: outcomes, not output."
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ChartCard
          engagementId={id}
          name="burnup"
          order={0}
          kind="area"
          {...(phaseId ? { phaseId } : {})}
          controls={
            <Select
              label="Phase"
              size="xs"
              maw={260}
              placeholder="Whole engagement"
              data={(phases.data?.phases ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={phaseId}
              onChange={setPhaseId}
              clearable
            />
          }
        />
        <ChartCard engagementId={id} name="budget" kind="line" order={1} />
        <ChartCard engagementId={id} name="outcomes" kind="bar" order={2} />
        <ChartCard engagementId={id} name="cycle-time" kind="bar" order={3} />
      </SimpleGrid>
    </>
  );
}
