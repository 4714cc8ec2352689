import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Section } from '../components/Section';
import { formatDate } from '../components/Time';
import { talkedText } from './labels';
import type { FutureSignal } from './types';

/** The overview's engagement-health signal: when the partnership last talked about the future, and the next agenda review. */
export function FutureGlance({ engagementId, future }: { engagementId: string; future: FutureSignal }) {
  const sentence = talkedText(future);
  return (
    <Section
      order={3}
      title="Future"
      id="future"
      actions={
        <Anchor component={Link} to={`/engagements/${engagementId}/agenda`} size="sm">
          Future agenda
        </Anchor>
      }
    >
      <Stack gap={6} data-future-signal={future.overdue ? 'overdue' : 'ok'}>
        <Text size="sm">{sentence.charAt(0).toUpperCase() + sentence.slice(1)}.</Text>
        {future.nextReviewDue && (
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c={future.overdue ? undefined : 'dimmed'}>
              {future.overdue ? 'The agenda review was due' : 'Next agenda review due'} {formatDate(future.nextReviewDue)}
            </Text>
            {future.overdue && (
              <Badge color="red" variant="filled" radius="sm">
                Overdue
              </Badge>
            )}
          </Group>
        )}
      </Stack>
    </Section>
  );
}
