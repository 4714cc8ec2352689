import { SimpleGrid, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../components/ErrorAlert';
import { SectionLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { useDecisionLatency } from './api';
import { plural } from './labels';
import type { DecisionLatency as Latency } from './types';

type SideRow = Latency['sides'][number];
const SIDE_NAME: Record<SideRow['side'], string> = { client: 'Client', provider: 'Provider', unknown: 'Decider without an account' };

function SideFigures({ s }: { s: SideRow }) {
  return (
    <Stack gap={2} component="section" aria-label={`${SIDE_NAME[s.side]} decisions`}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        {SIDE_NAME[s.side]}
      </Text>
      <Text size="sm">
        {s.decided === 0
          ? 'Nothing decided yet.'
          : `${plural(s.decided, 'decision')}, median ${s.medianDaysToDecide ?? 0} days to decide, ${Math.round((s.onTimeShare ?? 0) * 100)}% on time.`}
      </Text>
      {s.openOverdue > 0 && (
        <Text size="sm" fw={600} c="var(--mantine-color-error)">
          {s.openOverdue} overdue now
        </Text>
      )}
    </Stack>
  );
}

/** How long each side takes to decide, against the due dates. */
export function DecisionLatencyCard({ engagementId }: { engagementId: string }) {
  const q = useDecisionLatency(engagementId);
  return (
    <Section order={3} title="How quickly each side decides" id="latency">
      {q.isPending ? (
        <SectionLoader rows={2} />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          {q.data
            .filter((s) => s.side !== 'unknown' || s.decided > 0 || s.openOverdue > 0)
            .map((s) => (
              <SideFigures key={s.side} s={s} />
            ))}
        </SimpleGrid>
      )}
    </Section>
  );
}
