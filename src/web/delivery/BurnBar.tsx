import { Alert, Group, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { formatPercent } from './format';
import type { BudgetAlert } from './types';

/** Share of the budget spent against the share of time elapsed: spending ahead of time shows orange. */
export function BurnBar({ label, spent, elapsed }: { label: string; spent: number | null; elapsed: number | null }) {
  const ahead = spent != null && elapsed != null && spent > elapsed + 5;
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm">{label}</Text>
        <Text size="sm" fw={600}>
          {formatPercent(spent)} spent · {formatPercent(elapsed)} of time elapsed
        </Text>
      </Group>
      <Progress.Root size="lg" aria-hidden>
        <Progress.Section value={Math.min(spent ?? 0, 100)} color={ahead ? 'orange' : 'indigo'} />
      </Progress.Root>
      <Progress.Root size="xs" aria-hidden>
        <Progress.Section value={Math.min(elapsed ?? 0, 100)} color="gray" />
      </Progress.Root>
    </Stack>
  );
}

export function BudgetAlerts({ alerts }: { alerts: BudgetAlert[] }) {
  if (alerts.length === 0) return null;
  return (
    <Stack gap="xs">
      {alerts.map((a) => (
        <Alert key={`${a.metric}-${a.threshold}`} color={a.threshold >= 90 ? 'red' : 'orange'} variant="light" icon={<IconAlertTriangle aria-hidden />} title={`${a.threshold}% of the ${a.metric === 'hours' ? 'hours' : 'money'} budget reached`}>
          {a.message}
        </Alert>
      ))}
    </Stack>
  );
}
