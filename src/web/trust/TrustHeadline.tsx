import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { TrustHeadline as Headline } from '../../contracts/trust';
import { SIDE_COLOR, scoreText } from './labels';
import { Sparkline, trendWords } from './Sparkline';

interface Props {
  engagementId: string;
  headline: Headline;
  providerName: string;
  clientName: string;
}

function SideScore({ side, name, score, trend }: { side: 'provider' | 'client'; name: string; score: number | null; trend: (number | null)[] }) {
  const words = trendWords(trend);
  return (
    <Group justify="space-between" align="center" wrap="nowrap" gap="sm">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed" truncate>
          {side === 'provider' ? 'Provider' : 'Client'} · {name}
        </Text>
        <Group gap={6} align="baseline" wrap="nowrap">
          <Text fz={36} fw={700} lh={1.1} c={`var(--mantine-color-${SIDE_COLOR[side]}-text)`} className="trust-score" data-side={side}>
            {scoreText(score)}
          </Text>
          <Text size="sm" c="dimmed">
            {score === null ? 'not enough evidence yet' : '/ 100'}
          </Text>
        </Group>
      </Stack>
      <Sparkline values={trend} color={SIDE_COLOR[side]} label={`${side === 'provider' ? 'Provider' : 'Client'} trend: ${words}`} />
    </Group>
  );
}

/** The overview's lead: both sides' trust headline with its trend line, linking to the explanation. */
export function TrustHeadlineCard({ engagementId, headline, providerName, clientName }: Props) {
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="trust-title">
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="xs" wrap="wrap">
          <Title order={3} size="h4" id="trust-title">
            Trust index
          </Title>
          <Anchor component={Link} to={`/engagements/${engagementId}/trust`} size="sm">
            What it rests on
          </Anchor>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <SideScore side="provider" name={providerName} score={headline.provider} trend={headline.trend.map((p) => p.provider)} />
          <SideScore side="client" name={clientName} score={headline.client} trend={headline.trend.map((p) => p.client)} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          Computed from shared evidence only, the same for both sides.
        </Text>
      </Stack>
    </Paper>
  );
}
