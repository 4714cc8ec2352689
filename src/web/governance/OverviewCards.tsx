import { Anchor, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { EngagementOverview } from '../app/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { SectionLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate } from '../components/Time';
import { useGovernanceSummary } from './api';
import { OverdueBadge, SeverityBadge } from './GovBadges';
import { decisionNumber, SEVERITIES, SIDE_SHORT } from './labels';
import { bySeverity } from './RiskMatrix';

/** Decisions requested and not yet answered: on the overview until answered, overdue ones first. */
export function PendingDecisionsCard({ engagementId, pending }: { engagementId: string; pending: EngagementOverview['pendingDecisions'] }) {
  if (pending.length === 0) return null;
  const sorted = [...pending].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate));
  return (
    <Section
      order={3}
      title="Decisions waiting"
      id="pending-decisions"
      actions={
        <Anchor component={Link} to={`/engagements/${engagementId}/decisions`} size="sm">
          Decision log
        </Anchor>
      }
    >
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {sorted.map((d) => (
          <Stack
            key={d.id}
            gap={2}
            component="li"
            pl="xs"
            style={{ borderLeft: `3px solid ${d.overdue ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-default-border)'}` }}
          >
            <Anchor component={Link} to={`/engagements/${engagementId}/decisions/${d.id}`} size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {decisionNumber(d.number)} {d.title}
            </Anchor>
            <Group gap={6} wrap="wrap">
              <Text size="xs" c="dimmed">
                {d.decider} · due {formatDate(d.dueDate)}
              </Text>
              {d.overdue && <OverdueBadge />}
            </Group>
          </Stack>
        ))}
      </Stack>
    </Section>
  );
}

/** Governance at a glance: open risks by severity, overdue dependencies per side, open escalations. */
export function GovernanceGlance({ engagementId }: { engagementId: string }) {
  const q = useGovernanceSummary(engagementId);
  return (
    <Section
      order={3}
      title="Risks and dependencies"
      id="governance"
      actions={
        <Anchor component={Link} to={`/engagements/${engagementId}/raid`} size="sm">
          RAID log
        </Anchor>
      }
    >
      {q.isPending ? (
        <SectionLoader rows={3} />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Glance s={q.data} engagementId={engagementId} />
      )}
    </Section>
  );
}

function Glance({ s, engagementId }: { s: NonNullable<ReturnType<typeof useGovernanceSummary>['data']>; engagementId: string }) {
  const bands = bySeverity(s.matrix);
  const open = SEVERITIES.reduce((n, k) => n + bands[k], 0);
  const o = s.overdueDependencies;
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500}>
          {open === 0 ? 'No open risks' : `${open} open risk${open === 1 ? '' : 's'}`}
        </Text>
        {open > 0 && (
          <Group gap={6} mt={4} wrap="wrap">
            {SEVERITIES.filter((k) => bands[k] > 0).map((k) => (
              <Anchor key={k} component={Link} to={`/engagements/${engagementId}/raid?type=risk&severity=${k}`} underline="never">
                <SeverityBadge severity={k} score={null} />
                <span className="visually-hidden"> risks:</span>
                <Text span size="sm" ml={4}>
                  {bands[k]}
                </Text>
              </Anchor>
            ))}
          </Group>
        )}
      </div>
      <div>
        <Text size="sm" fw={500}>
          Overdue dependencies
        </Text>
        <SimpleGrid cols={3} spacing="xs" component="dl" style={{ margin: 0, marginTop: 4 }}>
          {(['client', 'third_party', 'provider'] as const).map((side) => (
            <div key={side}>
              <Text component="dt" size="xs" c="dimmed">
                {SIDE_SHORT[side]}
              </Text>
              <Text component="dd" m={0} size="lg" fw={700} c={o[side] > 0 ? 'var(--mantine-color-error)' : undefined}>
                {o[side]}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      </div>
      {s.openEscalations > 0 && (
        <Anchor component={Link} to={`/engagements/${engagementId}/escalations`} size="sm">
          <Badge color="red" variant="filled" radius="sm" mr={6}>
            {s.openEscalations}
          </Badge>
          open escalation{s.openEscalations === 1 ? '' : 's'}
        </Anchor>
      )}
    </Stack>
  );
}
