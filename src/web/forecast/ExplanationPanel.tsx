import { Anchor, Badge, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconInfoCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Section } from '../components/Section';
import { day, pct } from './format';
import classes from './Forecast.module.css';
import type { Forecast, ForecastExplanation } from './types';
import { WhatChanged } from './WhatChanged';

type History = ForecastExplanation['history'][number];

const SOURCE: Record<History['source'], { label: string; detail: string }> = {
  estimator: { label: 'Each estimator’s own history', detail: 'finished items by the same person, estimate against actual' },
  team: { label: 'Team history', detail: 'this engagement’s finished items, estimate against actual' },
  prior: { label: 'CESAW prior', detail: 'published data from many software teams, weighed against this team’s own history by how much of it there is' },
};

const MULTIPLIER_SOURCE: Record<ForecastExplanation['sharedMultiplier']['source'], string> = {
  'completed-projects': 'completed projects',
  'own-history': 'this engagement’s history',
  prior: 'the CESAW prior',
  none: 'nothing (not applied)',
};

const FALLBACK_LEVEL: Record<ForecastExplanation['fallbacks'][number]['level'], string> = {
  estimator: 'Estimator',
  team: 'Team',
  'shared-multiplier': 'Shared multiplier',
};

const num = (n: number) => n.toLocaleString();
const x2 = (n: number) => `×${n.toFixed(2)}`;

function HistoryLine({ h, remaining }: { h: History; remaining: number }) {
  const s = SOURCE[h.source];
  const range = h.from && h.to ? `${day(h.from)} to ${day(h.to)}` : 'no dates';
  return (
    <List.Item>
      <Text size="sm" fw={600} span>
        {s.label}
      </Text>
      <Text size="sm" span>
        {' '}
        for {num(h.items)} of {num(remaining)} open item{remaining === 1 ? '' : 's'} ({pct(h.estimateShare)} of the estimated hours)
      </Text>
      <Text size="xs" c="dimmed">
        {num(h.pairs)} finished {h.source === 'prior' ? 'tasks' : 'items'}
        {h.estimators ? ` by ${num(h.estimators)} estimator${h.estimators === 1 ? '' : 's'}` : ''}, {range}: {s.detail}.
      </Text>
    </List.Item>
  );
}

/** "Why this range": which history the simulation drew from, what fell back and why, and what drives the spread. */
export function ExplanationPanel({ forecast, engagementId }: { forecast: Forecast; engagementId: string }) {
  const ex = forecast.explanation;
  const m = ex.sharedMultiplier;
  const left = ex.historyLeftOut;
  return (
    <Section title="Why this range" order={3} id="forecast-why">
      <Text size="sm">{ex.summary}</Text>
      <WhatChanged forecast={forecast} />

      <Stack gap={4}>
        <Title order={4} size="h6">
          History behind the figures
        </Title>
        <List spacing={6} size="sm">
          {ex.history.map((h) => (
            <HistoryLine key={h.source} h={h} remaining={forecast.estimatedItems} />
          ))}
        </List>
        {left.noEstimate + left.noTime > 0 && (
          <Text size="xs" c="dimmed">
            Finished items left out of the history: {left.noEstimate} without an estimate, {left.noTime} without time logged.
          </Text>
        )}
      </Stack>

      {ex.fallbacks.length > 0 && (
        <Stack gap={4}>
          <Title order={4} size="h6">
            Fallbacks
          </Title>
          <List spacing={4} size="sm" icon={<IconArrowBackUp size={16} aria-hidden style={{ color: 'var(--mantine-color-orange-text)' }} />} center>
            {ex.fallbacks.map((f) => (
              <List.Item key={`${f.level}-${f.subject}`}>
                <Text size="sm" span fw={600}>
                  {FALLBACK_LEVEL[f.level]}
                  {f.subject && f.subject !== f.level && f.subject !== 'team' && f.subject !== 'project' ? ` (${f.subject})` : ''}:
                </Text>{' '}
                <Text size="sm" span>
                  {f.reason}
                </Text>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}

      <Stack gap={6}>
        <Title order={4} size="h6">
          What drives the spread
        </Title>
        {ex.spread ? (
          <>
            <div
              className={classes.spreadBar}
              role="img"
              aria-label={`Shared multiplier ${pct(ex.spread.sharedMultiplierShare)}, item-to-item variation ${pct(ex.spread.perItemShare)}`}
            >
              <div className={classes.spreadShared} style={{ width: `${ex.spread.sharedMultiplierShare * 100}%` }} />
              <div className={classes.spreadItem} style={{ width: `${ex.spread.perItemShare * 100}%` }} />
            </div>
            <Group gap="lg" wrap="wrap">
              <Group gap={6} wrap="nowrap">
                <span className={`${classes.dot} ${classes.spreadShared}`} aria-hidden />
                <Text size="sm">
                  <b>{pct(ex.spread.sharedMultiplierShare)}</b> shared multiplier (the whole project running over or under)
                </Text>
              </Group>
              <Group gap={6} wrap="nowrap">
                <span className={`${classes.dot} ${classes.spreadItem}`} aria-hidden />
                <Text size="sm">
                  <b>{pct(ex.spread.perItemShare)}</b> item-to-item variation
                </Text>
              </Group>
            </Group>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Nothing remains to spread.
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Shared multiplier from {MULTIPLIER_SOURCE[m.source]}: {m.reason}. Range {x2(m.multiplier.p05)} to {x2(m.multiplier.p95)}, median {x2(m.multiplier.p50)}
          {m.samples > 0 ? `, from ${num(m.samples)} sample${m.samples === 1 ? '' : 's'}` : ''}.
        </Text>
      </Stack>

      <Stack gap={4}>
        <Title order={4} size="h6">
          Notes
        </Title>
        <List spacing={4} size="sm" icon={<IconInfoCircle size={16} aria-hidden style={{ color: 'var(--mantine-color-dimmed)' }} />} center>
          {ex.notes.map((n) => (
            <List.Item key={n}>{n}</List.Item>
          ))}
          {forecast.budget && forecast.budget.billableShare < 1 && (
            <List.Item>Budget figures count billable time only: {pct(forecast.budget.billableShare)} of the hours logged so far.</List.Item>
          )}
        </List>
      </Stack>

      <Stack gap={4} data-testid="not-estimated">
        <Group gap="xs">
          <Title order={4} size="h6">
            Not estimated: {forecast.notEstimated.count} item{forecast.notEstimated.count === 1 ? '' : 's'}
          </Title>
          {forecast.notEstimated.count > 0 && (
            <Badge color="orange" variant="light" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
              Figures too low
            </Badge>
          )}
        </Group>
        {forecast.notEstimated.count === 0 ? (
          <Text size="sm" c="dimmed">
            Every open item has an estimate, so every one is in the figures.
          </Text>
        ) : (
          <>
            <Text size="sm">These open items have no estimate, so they are not in the figures above. Estimate them to include them.</Text>
            <List size="sm" spacing={2}>
              {forecast.notEstimated.items.map((i) => (
                <List.Item key={i.id}>
                  <Anchor component={Link} to={`/engagements/${engagementId}/items/${i.id}`} size="sm">
                    {i.title}
                  </Anchor>
                </List.Item>
              ))}
            </List>
            {forecast.notEstimated.count > forecast.notEstimated.items.length && (
              <Text size="xs" c="dimmed">
                …and {forecast.notEstimated.count - forecast.notEstimated.items.length} more.
              </Text>
            )}
          </>
        )}
      </Stack>
    </Section>
  );
}
