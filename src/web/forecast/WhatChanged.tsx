import { Group, List, Stack, Text, Title } from '@mantine/core';
import classes from './Forecast.module.css';
import type { Forecast } from './types';

const h1 = (x: number) => `${Math.round(x * 10) / 10} h`;

/**
 * In words, what the model did beyond the team's raw history (issue 18): how
 * much the team's own record counts against the published prior, and where
 * the dates' capacity comes from (logged history, or the lead's capacity plan).
 */
export function WhatChanged({ forecast }: { forecast: Forecast }) {
  const w = forecast.explanation.teamWeight;
  const sampled = forecast.capacity.sampled;
  const plan = forecast.capacity.plan;
  const record = forecast.explanation.trackRecord;
  if (!w && !sampled && !(record && record.judged > 0)) return null;
  const team = w ? Math.round(w.team * 100) : 0;
  return (
    <Stack gap={6} data-testid="what-changed">
      <Title order={4} size="h6">
        What the forecast adjusted
      </Title>
      {w && (
        <>
          <div className={classes.spreadBar} role="img" aria-label={`${team}% your team's history, ${100 - team}% the published prior`}>
            <div className={classes.spreadShared} style={{ width: `${team}%` }} />
            <div className={classes.spreadItem} style={{ width: `${100 - team}%` }} />
          </div>
          <Group gap="lg" wrap="wrap">
            <Group gap={6} wrap="nowrap">
              <span className={`${classes.dot} ${classes.spreadShared}`} aria-hidden />
              <Text size="sm">
                <b>{team}%</b> your team’s history
              </Text>
            </Group>
            <Group gap={6} wrap="nowrap">
              <span className={`${classes.dot} ${classes.spreadItem}`} aria-hidden />
              <Text size="sm">
                <b>{100 - team}%</b> the published prior
              </Text>
            </Group>
          </Group>
        </>
      )}
      <List spacing={4} size="sm">
        {w && (
          <List.Item>
            Your team’s finished items count as {Math.round(w.effectiveItems)} full item{Math.round(w.effectiveItems) === 1 ? '' : 's'} of evidence
            (large items count more than small ones). Its own record and the published prior weigh the same at {Math.round(w.halfWeightAt)}; every
            finished item moves the balance further towards your team, with no fixed count at which it switches.
          </List.Item>
        )}
        {sampled && (
          <List.Item>
            Dates draw each week’s capacity from the last {sampled.historyWeeks} week{sampled.historyWeeks === 1 ? '' : 's'} of logged hours
            (typically {h1(sampled.median)} a week, between {h1(sampled.p10)} and {h1(sampled.p90)} in 8 weeks of 10
            {sampled.emptyWeeks > 0 ? `, ${sampled.emptyWeeks} week${sampled.emptyWeeks === 1 ? '' : 's'} with none` : ''}), so slow weeks, holidays and staffing
            changes widen the dates instead of assuming the last {forecast.capacity.windowWeeks} weeks’ pace holds.
          </List.Item>
        )}
        {record && record.judged > 0 && <TrackRecordLine forecast={forecast} record={record} />}
        {plan.map((p) => (
          <List.Item key={p.label}>
            The capacity plan “{p.label}” replaces that history for {Math.round(p.weeks * 10) / 10} week{p.weeks === 1 ? '' : 's'} of the forecast ({h1(p.perWeek)} a
            week).
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const LEVELS = ['p50', 'p85', 'p95'] as const;

/** The correction by this engagement's own judged forecasts, or how far its record is from giving one. */
function TrackRecordLine({ forecast, record }: { forecast: Forecast; record: NonNullable<Forecast['explanation']['trackRecord']> }) {
  if (!record.applied) {
    return (
      <List.Item>
        {record.judged} of this engagement’s stored forecasts {record.judged === 1 ? 'has' : 'have'} been judged, from {record.scopes} scope
        {record.scopes === 1 ? '' : 's'}. Once forecasts of three scopes (the engagement or its phases) are judged, their hits and misses correct these figures.
      </List.Item>
    );
  }
  const p = record.pastHitRate;
  const c = forecast.completion;
  const raw = record.raw.dates;
  const dates = record.dates && raw && c.kind === 'forecast' ? LEVELS.map((l) => `${l.toUpperCase()} ${raw[l] === c[l] ? `${c[l]} (unchanged)` : `${raw[l]} → ${c[l]}`}`).join(', ') : null;
  return (
    <List.Item>
      Corrected by this engagement’s own track record: of {record.judged} judged forecasts from {record.scopes} scopes, P50 held {pct(p.p50)} of the time, P85 {pct(p.p85)}{' '}
      and P95 {pct(p.p95)}. Effort {LEVELS.map((l) => `${l.toUpperCase()} ${h1(record.raw.effort[l])} → ${h1(forecast.effort[l])}`).join(', ')}
      {dates ? `; dates ${dates}` : '; the dates are not corrected yet (too few judged forecasts had dates)'}. With few scopes judged the correction is taken part of the
      way, so a handful of phases cannot swing the figures.
    </List.Item>
  );
}
