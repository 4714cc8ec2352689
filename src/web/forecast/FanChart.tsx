import { Box, Stack, Table, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useId, useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { day, dayMs, hours, msDay } from './format';
import classes from './Forecast.module.css';
import type { Forecast } from './types';

interface Row {
  t: number;
  date: string;
  band90: [number, number];
  band70: [number, number];
  band50: [number, number];
  p50: number;
  plan: number | null;
}

interface Marker {
  t: number;
  label: string;
  kind: 'completion' | 'plan';
}

/** Evenly spaced x ticks (about one per 90 px), always including the first and last date. */
function ticksFor(rows: Row[], width: number): number[] {
  if (rows.length <= 2) return rows.map((r) => r.t);
  const count = Math.max(2, Math.min(8, Math.floor((width - 70) / 90)));
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(rows[Math.round((i * (rows.length - 1)) / (count - 1))]!.t);
  return [...new Set(out)];
}

/** Round y ticks (0, step, 2·step, …) reaching just above the highest value: four or five of them. */
function yTicks(max: number): number[] {
  if (max <= 0) return [0, 10];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const top = Math.ceil((max * 1.02) / step) * step;
  const out: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) out.push(Math.round(v * 100) / 100);
  return out;
}

function FanTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Row }[] }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className={classes.tooltip}>
      <Text size="xs" fw={600}>
        {day(row.date)}
      </Text>
      <Text size="xs">P50: {hours(row.p50)} remaining</Text>
      <Text size="xs">
        25–75%: {hours(row.band50[0])}–{hours(row.band50[1])}
      </Text>
      <Text size="xs">
        5–95%: {hours(row.band90[0])}–{hours(row.band90[1])}
      </Text>
      {row.plan != null && <Text size="xs">Plan: {hours(row.plan)}</Text>}
    </div>
  );
}

/** The fan's numbers as a table, rendered only while the disclosure is open. */
function FanTable({ forecast, title }: { forecast: Forecast; title: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>Show data as table</summary>
      {open && (
        <Box mt="xs" style={{ overflowX: 'auto', maxHeight: 320 }} role="region" aria-label={`${title}: data`} tabIndex={0}>
          <Table fz="xs" striped stickyHeader miw={560}>
            <Table.Caption>{title}, remaining hours by date</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                {['5%', '15%', '25%', '50%', '75%', '85%', '95%'].map((p) => (
                  <Table.Th key={p} scope="col" ta="right">
                    {p}
                  </Table.Th>
                ))}
                <Table.Th scope="col" ta="right">
                  Plan
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {forecast.fan.map((f) => (
                <Table.Tr key={f.date}>
                  <Table.Th scope="row" fw={500}>
                    {day(f.date)}
                  </Table.Th>
                  {[f.p05, f.p15, f.p25, f.p50, f.p75, f.p85, f.p95].map((v, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                    <Table.Td key={i} ta="right">
                      {Math.round(v)}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right">{f.plan == null ? '—' : Math.round(f.plan)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </details>
  );
}

/**
 * Remaining work over time as a fan: nested bands holding 90%, 70% and 50% of the
 * simulated futures (lighter to darker), the P50 line, the plan burning down to the
 * planned end (dashed), and the P50/P85/P95 completion dates and the planned end marked.
 */
export function FanChart({ forecast, title }: { forecast: Forecast; title: string }) {
  const { ref, width } = useElementSize();
  const descId = useId();
  // Never narrower than 560 px (the dates would crowd together): on a phone the chart scrolls sideways.
  const height = 320;

  const rows: Row[] = useMemo(
    () =>
      forecast.fan.map((f) => ({
        t: dayMs(f.date),
        date: f.date,
        band90: [f.p05, f.p95],
        band70: [f.p15, f.p85],
        band50: [f.p25, f.p75],
        p50: f.p50,
        plan: f.plan,
      })),
    [forecast.fan],
  );
  const hasPlan = rows.some((r) => r.plan != null);
  const first = rows[0]?.t ?? 0;
  const last = rows[rows.length - 1]?.t ?? 0;
  const yTickValues = yTicks(Math.max(0, ...rows.map((r) => Math.max(r.band90[1], r.plan ?? 0))));
  const yMax = yTickValues[yTickValues.length - 1] ?? 10;

  const markers: Marker[] = [];
  const c = forecast.completion;
  if (c.kind === 'forecast') {
    markers.push({ t: dayMs(c.p50), label: `P50 ${day(c.p50, false)}`, kind: 'completion' });
    markers.push({ t: dayMs(c.p85), label: `P85 ${day(c.p85, false)}`, kind: 'completion' });
    markers.push({ t: dayMs(c.p95), label: `P95 ${day(c.p95, false)}`, kind: 'completion' });
  }
  const plannedEnd = forecast.plan.plannedEnd;
  if (plannedEnd && dayMs(plannedEnd) >= first && dayMs(plannedEnd) <= last) {
    markers.push({ t: dayMs(plannedEnd), label: `Planned end ${day(plannedEnd, false)}`, kind: 'plan' });
  }
  markers.sort((a, b) => a.t - b.t || (a.kind === 'plan' ? 1 : -1));

  const ticks = ticksFor(rows, width || 600);
  const tickLabel = (t: number, i: number) => {
    const prev = i > 0 ? ticks[i - 1] : undefined;
    const newYear = prev === undefined || new Date(prev).getUTCFullYear() !== new Date(t).getUTCFullYear();
    return msDay(t, newYear ? 'D MMM YYYY' : 'D MMM');
  };

  const description =
    c.kind === 'forecast'
      ? `Remaining hours from ${day(forecast.fan[0]?.date)} on. Half of the simulated futures finish by ${day(c.p50)} (P50), 85% by ${day(c.p85)} and 95% by ${day(c.p95)}.`
      : `Remaining hours from ${day(forecast.fan[0]?.date)} on. No completion dates (${c.reason}).`;
  const planText = plannedEnd
    ? ` The plan burns the remaining estimate (${hours(forecast.fan[0]?.plan ?? forecast.plan.remainingEstimate)}) down evenly to the planned end on ${day(plannedEnd)}.`
    : ' No planned end is set, so there is no plan line.';

  return (
    <Stack gap="xs">
      <ul className={`${classes.legend} ${classes.chart}`} aria-label="Legend">
        <li>
          <span className={classes.swatch} style={{ opacity: 0.2 }} aria-hidden />
          5–95% of futures
        </li>
        <li>
          <span className={classes.swatch} style={{ opacity: 0.4 }} aria-hidden />
          15–85%
        </li>
        <li>
          <span className={classes.swatch} style={{ opacity: 0.65 }} aria-hidden />
          25–75%
        </li>
        <li>
          <span className={classes.line} aria-hidden />
          P50 (median)
        </li>
        {hasPlan && (
          <li>
            <span className={classes.dashed} aria-hidden />
            Plan
          </li>
        )}
        {c.kind === 'forecast' && (
          <li>
            <span className={classes.markLine} aria-hidden />
            Completion P50/P85/P95
          </li>
        )}
        {plannedEnd && (
          <li>
            <span className={classes.endLine} aria-hidden />
            Planned end
          </li>
        )}
      </ul>
      <Box
        style={{ overflowX: 'auto', overflowY: 'hidden' }}
        role="region"
        aria-label={`${title}: chart (scrolls sideways on a narrow screen)`}
        tabIndex={0}
      >
        <Box ref={ref} className={classes.chart} role="img" aria-label={`${title}: fan chart of the remaining hours`} aria-describedby={descId} h={height} miw={560}>
          {width > 0 && (
            <ComposedChart width={width} height={height} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid vertical={false} stroke="var(--fc-grid)" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[first, last]}
                ticks={ticks}
                tick={(props: { x?: number | string; y?: number | string; payload?: { value?: number }; index?: number }) => {
                  const i = props.index ?? 0;
                  const t = props.payload?.value ?? 0;
                  const anchor = i === ticks.length - 1 && ticks.length > 1 ? 'end' : 'middle';
                  return (
                    <text x={Number(props.x ?? 0)} y={Number(props.y ?? 0) + 12} textAnchor={anchor} fill="var(--fc-axis)" fontSize={11}>
                      {tickLabel(t, i)}
                    </text>
                  );
                }}
                stroke="var(--fc-grid)"
                interval={0}
              />
              <YAxis
                domain={[0, yMax]}
                ticks={yTickValues}
                interval={0}
                tickFormatter={(v: number) => `${Math.round(v)} h`}
                tick={{ fill: 'var(--fc-axis)', fontSize: 11 }}
                stroke="var(--fc-grid)"
                width={56}
                allowDecimals={false}
              />
              <Tooltip content={<FanTooltip />} isAnimationActive={false} cursor={{ stroke: 'var(--fc-grid)' }} />
              <Area dataKey="band90" stroke="none" fill="var(--fc-band)" fillOpacity={0.2} isAnimationActive={false} activeDot={false} type="linear" />
              <Area dataKey="band70" stroke="none" fill="var(--fc-band)" fillOpacity={0.25} isAnimationActive={false} activeDot={false} type="linear" />
              <Area dataKey="band50" stroke="none" fill="var(--fc-band)" fillOpacity={0.3} isAnimationActive={false} activeDot={false} type="linear" />
              {hasPlan && (
                <Line dataKey="plan" stroke="var(--fc-plan)" strokeWidth={2} strokeDasharray="6 4" dot={false} activeDot={false} isAnimationActive={false} type="linear" />
              )}
              <Line dataKey="p50" stroke="var(--fc-median)" strokeWidth={2.5} dot={false} activeDot={{ r: 3 }} isAnimationActive={false} type="linear" />
              {markers.map((m, i) => {
                const frac = last > first ? (m.t - first) / (last - first) : 0;
                const color = m.kind === 'plan' ? 'var(--fc-end)' : 'var(--fc-mark)';
                return (
                  <ReferenceLine
                    key={`${m.kind}-${m.label}`}
                    x={m.t}
                    stroke={color}
                    strokeWidth={1.5}
                    strokeDasharray={m.kind === 'plan' ? '2 3' : '5 3'}
                    label={(props: { viewBox?: { x?: number; y?: number } }) => {
                      const x = props.viewBox?.x ?? 0;
                      const y = (props.viewBox?.y ?? 0) + 12 + i * 15;
                      const end = frac > 0.7;
                      return (
                        <text
                          x={end ? x - 4 : x + 4}
                          y={y}
                          textAnchor={end ? 'end' : 'start'}
                          fill={color}
                          fontSize={11}
                          fontWeight={600}
                          stroke="var(--mantine-color-body)"
                          strokeWidth={3}
                          paintOrder="stroke"
                        >
                          {m.label}
                        </text>
                      );
                    }}
                  />
                );
              })}
            </ComposedChart>
          )}
        </Box>
      </Box>
      <Text size="xs" c="dimmed" hiddenFrom="sm">
        Swipe the chart sideways to see all of it.
      </Text>
      <Text size="xs" c="dimmed" id={descId}>
        {description}
        {planText}
      </Text>
      <FanTable forecast={forecast} title={title} />
    </Stack>
  );
}
