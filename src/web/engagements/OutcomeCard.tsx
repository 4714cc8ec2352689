import { Button, Card, Group, Modal, NumberInput, Progress, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '../app/api';
import type { Outcome } from '../app/types';
import { formatDate } from '../components/Time';
import { useMeasureOutcome } from './api';

const fmt = (n: number, unit: string) => `${Number.isInteger(n) ? n : n.toFixed(1)}${unit ? (unit.length <= 2 ? unit : ` ${unit}`) : ''}`;

function MeasureButton({ engagementId, outcome }: { engagementId: string; outcome: Outcome }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [value, setValue] = useState<number | string>(outcome.current);
  const measure = useMeasureOutcome(engagementId);
  const save = () => {
    const current = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(current)) return;
    measure.mutate(
      { outcomeId: outcome.id, current },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Recorded ${fmt(current, outcome.unit)} for “${outcome.title}”` });
          close();
        },
      },
    );
  };
  return (
    <>
      <Button size="compact-sm" variant="subtle" onClick={open} aria-label={`Record value for ${outcome.title}`}>
        Record value
      </Button>
      <Modal opened={opened} onClose={close} title={`Record a value: ${outcome.title}`}>
        <Stack>
          <NumberInput
            label={`Current value${outcome.unit ? ` (${outcome.unit})` : ''}`}
            description={outcome.indicator}
            value={value}
            onChange={setValue}
            error={measure.error ? errorMessage(measure.error) : undefined}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={save} loading={measure.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** An outcome with its progress from baseline to target. */
export function OutcomeCard({ outcome, engagementId, canMeasure }: { outcome: Outcome; engagementId: string; canMeasure: boolean }) {
  const pct = Math.round(Math.max(0, Math.min(1, outcome.progress)) * 100);
  const color = pct >= 100 ? 'teal' : 'indigo';
  return (
    <Card withBorder radius="md" padding="md" component="article">
      <Stack gap={8}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={4} size="h5">
            {outcome.title}
          </Title>
          <Text fw={700} size="sm" style={{ whiteSpace: 'nowrap' }}>
            {pct}%
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {outcome.indicator}
        </Text>
        <Progress
          value={pct}
          color={color}
          size="lg"
          radius="xl"
          aria-label={`${outcome.title}: ${pct}% of the way from baseline to target`}
        />
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="xs" c="dimmed">
            Baseline {fmt(outcome.baseline, outcome.unit)}
          </Text>
          <Text size="xs" fw={600}>
            Now {fmt(outcome.current, outcome.unit)}
          </Text>
          <Text size="xs" c="dimmed">
            Target {fmt(outcome.target, outcome.unit)}
          </Text>
        </Group>
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {outcome.dueDate ? `Due ${formatDate(outcome.dueDate)}` : 'No due date'}
          </Text>
          {canMeasure && <MeasureButton engagementId={engagementId} outcome={outcome} />}
        </Group>
      </Stack>
    </Card>
  );
}
