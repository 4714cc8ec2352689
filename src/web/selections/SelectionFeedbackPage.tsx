import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useSelectionFeedback } from './api';
import { RedFlagBadge } from './labels';
import type { ResultShare } from './types';

function SharedResultCard({ share }: { share: ResultShare }) {
  const r = share.result;
  const id = `share-${share.id}`;
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={id}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2}>
            <Title order={2} size="h4" id={id}>
              {r.selectionTitle}
            </Title>
            <Text size="sm" c="dimmed">
              {r.clientOrg} · decided {formatDate(r.decidedAt)} · shared {formatDate(share.sharedAt)} by {share.sharedBy.name}
            </Text>
          </Stack>
          <Badge color={r.chosen ? 'teal.8' : 'gray.7'} variant="filled" radius="sm">
            {r.chosen ? 'Chosen' : 'Not chosen'}
          </Badge>
        </Group>
        {share.message && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            “{share.message}”
          </Text>
        )}
        <Group gap="lg" align="baseline">
          <Text size="xl" fw={700}>
            {r.score.toLocaleString('en', { maximumFractionDigits: 1 })}
            <Text span size="sm" c="dimmed" fw={400}>
              {' '}
              / 100
            </Text>
          </Text>
          <Text size="sm" c="dimmed">
            from {r.evaluators} evaluator{r.evaluators === 1 ? '' : 's'}, ranging {r.min.toLocaleString('en', { maximumFractionDigits: 1 })}–{r.max.toLocaleString('en', { maximumFractionDigits: 1 })}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {r.criteria.map((c) => (
            <Stack key={c.key} gap={2}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={500}>
                  {c.label}
                </Text>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  weight {c.weight} · {c.mean === null ? 'not scored' : `${c.mean.toLocaleString('en', { maximumFractionDigits: 2 })} / 5`}
                </Text>
              </Group>
              <Progress value={c.mean === null ? 0 : ((c.mean - 1) / 4) * 100} size="sm" aria-label={`${c.label}: ${c.mean ?? 'not scored'} of 5`} />
            </Stack>
          ))}
        </SimpleGrid>
        {r.redFlags.length > 0 && (
          <Group gap={6}>
            <Text size="sm">Red flags raised:</Text>
            {r.redFlags.map((k, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the same kind may be raised twice
              <RedFlagBadge key={`${k}-${i}`} kind={k} />
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** For provider users: the results client organizations chose to share with us, each our own only. */
export function SelectionFeedbackPage() {
  const feedback = useSelectionFeedback();
  if (feedback.isPending) return <PageLoader label="Loading shared results" />;
  if (feedback.isError) return <ErrorAlert error={feedback.error} onRetry={() => feedback.refetch()} />;
  const shares = feedback.data.shares;
  return (
    <Stack gap="lg">
      <PageHeader title="Selection feedback" description="When a client that evaluated your organization shares its result with you, it appears here: your own scores only, never the other candidates’ or the evaluators’ comments." />
      {shares.length === 0 ? (
        <EmptyHint icon={<IconScale aria-hidden />} title="Nothing shared with you yet">
          A client decides whether to share its evaluation of your proposal.
        </EmptyHint>
      ) : (
        shares.map((s) => <SharedResultCard key={s.id} share={s} />)
      )}
    </Stack>
  );
}
