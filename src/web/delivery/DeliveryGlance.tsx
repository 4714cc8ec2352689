import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { SectionLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { useDeliveryOverview } from './api';
import { PhaseStatusBadge } from './Badges';
import { BudgetAlerts, BurnBar } from './BurnBar';
import { formatHours } from './format';

/** The overview's delivery card: budget burn against time (with its alerts) and the current phase. */
export function DeliveryGlance({ engagementId }: { engagementId: string }) {
  const d = useDeliveryOverview(engagementId);
  const current = d.data?.phases.find((p) => p.status === 'active' || p.status === 'in_review') ?? d.data?.phases.find((p) => p.status === 'planned');
  return (
    <Section
      order={3}
      title="Delivery"
      id="delivery"
      actions={
        <Anchor component={Link} to={`/engagements/${engagementId}/budget`} size="sm">
          Budget
        </Anchor>
      }
    >
      {d.isPending ? (
        <SectionLoader rows={2} />
      ) : d.isError ? (
        <Text size="sm" c="red">
          The delivery figures could not be loaded.
        </Text>
      ) : (
        <Stack gap="sm">
          <BudgetAlerts alerts={d.data.alerts.slice(-1)} />
          {d.data.settings.budget.hours != null ? (
            <BurnBar label={`${formatHours(d.data.burn.spentHours)} of ${formatHours(d.data.settings.budget.hours)}`} spent={d.data.burn.percentSpentHours} elapsed={d.data.burn.percentElapsed} />
          ) : (
            <Text size="sm">{formatHours(d.data.burn.spentHours)} spent; no budget set.</Text>
          )}
          {current && (
            <Group gap="xs" wrap="wrap">
              <Text size="sm">
                Phase:{' '}
                <Anchor component={Link} to={`/engagements/${engagementId}/phases`} size="sm">
                  {current.phase.name}
                </Anchor>
              </Text>
              <PhaseStatusBadge status={current.status} />
              <Text size="xs" c="dimmed">
                {current.itemsDone}/{current.items} items done
              </Text>
            </Group>
          )}
        </Stack>
      )}
    </Section>
  );
}
