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
  if (!w && !sampled) return null;
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
