import { Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import type { Outcome } from '../app/types';
import { formatDate } from '../components/Time';
import { formatOutcomeValue } from './outcome-format';

const fmt = formatOutcomeValue;

const loadMeasureDialog = () => import('./MeasureDialog');
const MeasureDialog = lazy(loadMeasureDialog);

function MeasureButton({ engagementId, outcome }: { engagementId: string; outcome: Outcome }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button
        size="compact-sm"
        variant="subtle"
        onClick={open}
        onPointerEnter={() => void loadMeasureDialog()}
        onFocus={() => void loadMeasureDialog()}
        aria-label={`Record value for ${outcome.title}`}
      >
        Record value
      </Button>
      {opened && (
        <Suspense fallback={null}>
          <MeasureDialog engagementId={engagementId} outcome={outcome} onClose={close} />
        </Suspense>
      )}
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
