import { Anchor, Group, Paper, RingProgress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconClockExclamation } from '@tabler/icons-react';
import { Link } from 'react-router';
import { plural, SIDE_SHORT } from './labels';
import type { GovernanceSummary, NeededFrom } from './types';

const SIDES: NeededFrom[] = ['client', 'third_party', 'provider'];

/** "3 of 4 problems were flagged as risks first, median 10 days ahead." */
export function earlyWarningSentence(e: GovernanceSummary['earlyWarning']): string {
  if (e.issues === 0) return 'No problems have happened yet, so there is nothing to measure.';
  const lead = e.medianLeadDays !== null && e.flaggedBeforeHand > 0 ? `, median ${plural(Math.round(e.medianLeadDays), 'day')} ahead` : '';
  return `${e.flaggedBeforeHand} of ${plural(e.issues, 'problem')} ${e.issues === 1 ? 'was' : 'were'} flagged as ${e.flaggedBeforeHand === 1 ? 'a risk' : 'risks'} first${lead}.`;
}

export function EarlyWarningCard({ summary, headingOrder = 3 }: { summary: GovernanceSummary; headingOrder?: 2 | 3 | 4 }) {
  const e = summary.earlyWarning;
  const pct = e.share === null ? 0 : Math.round(e.share * 100);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="early-warning-title">
      <Group gap="md" wrap="nowrap" align="center">
        <RingProgress
          size={84}
          thickness={9}
          roundCaps
          sections={e.share === null ? [] : [{ value: pct, color: pct >= 50 ? 'teal' : 'orange' }]}
          label={
            <Text ta="center" fw={700} size="sm" aria-hidden>
              {e.share === null ? '–' : `${pct}%`}
            </Text>
          }
          aria-hidden
        />
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={headingOrder} size="h5" id="early-warning-title">
            Early warning
          </Title>
          <Text size="sm" data-testid="early-warning">
            {earlyWarningSentence(e)}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

/** Overdue dependencies per side: the client's half of the partnership first. */
export function OverdueDependenciesCard({
  summary,
  engagementId,
  headingOrder = 3,
}: {
  summary: GovernanceSummary;
  engagementId: string;
  headingOrder?: 2 | 3 | 4;
}) {
  const o = summary.overdueDependencies;
  const total = o.client + o.third_party + o.provider;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="overdue-deps-title"
      style={o.client > 0 ? { borderLeft: '4px solid var(--mantine-color-red-7)' } : undefined}
    >
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap">
          <IconClockExclamation size={18} aria-hidden color={total ? 'var(--mantine-color-red-7)' : undefined} />
          <Title order={headingOrder} size="h5" id="overdue-deps-title">
            Overdue dependencies
          </Title>
        </Group>
        <SimpleGrid cols={3} spacing="xs" component="dl" m={0}>
          {SIDES.map((s) => (
            <Stack key={s} gap={0} align="flex-start">
              <Text component="dt" size="xs" c="dimmed" fw={600}>
                {s === 'client' ? 'From the client' : SIDE_SHORT[s]}
              </Text>
              <Text component="dd" m={0} fz={28} fw={750} lh={1.2} c={o[s] > 0 ? 'var(--mantine-color-error)' : undefined}>
                {o[s]}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        {total > 0 ? (
          <Anchor component={Link} to={`/engagements/${engagementId}/raid?type=dependency&overdue=true`} size="sm">
            Show the overdue {total === 1 ? 'dependency' : 'dependencies'}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            Nothing anyone waits for is late.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function OpenGovernanceCard({ summary, engagementId, headingOrder = 3 }: { summary: GovernanceSummary; engagementId: string; headingOrder?: 2 | 3 | 4 }) {
  const overdue = summary.openDecisions.filter((d) => d.overdue).length;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="open-governance-title">
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap">
          <IconAlertTriangle size={18} aria-hidden />
          <Title order={headingOrder} size="h5" id="open-governance-title">
            Waiting for answers
          </Title>
        </Group>
        <Anchor component={Link} to={`/engagements/${engagementId}/decisions`} size="sm">
          {plural(summary.openDecisions.length, 'open decision')}
          {overdue ? `, ${overdue} overdue` : ''}
        </Anchor>
        <Anchor component={Link} to={`/engagements/${engagementId}/escalations`} size="sm">
          {plural(summary.openEscalations, 'open escalation')}
        </Anchor>
      </Stack>
    </Paper>
  );
}
