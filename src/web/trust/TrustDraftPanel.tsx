import { Anchor, Group, List, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { TrustPanel } from '../../contracts/trust';
import { COMPONENT, scoreText } from './labels';

/** The status-update draft's trust panel: the headline now and what moved since the period began. */
export function TrustDraftPanel({ engagementId, panel }: { engagementId: string; panel: z.infer<typeof TrustPanel> }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="draft-trust">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Text fw={600} id="draft-trust">
            Trust index
          </Text>
          <Anchor component={Link} to={`/engagements/${engagementId}/trust`} size="sm">
            Details
          </Anchor>
        </Group>
        <Text size="sm">
          Provider {scoreText(panel.provider)} · client {scoreText(panel.client)}
        </Text>
        {panel.changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No component moved {panel.since ? 'since the last update' : 'in the last weeks'}.
          </Text>
        ) : (
          <>
            <Text size="xs" c="dimmed">
              Moved {panel.since ? 'since the last update' : 'in the last weeks'}:
            </Text>
            <List size="sm" spacing={4}>
              {panel.changes.map((c) => (
                <List.Item key={`${c.side}-${c.component}`}>
                  {COMPONENT[c.component].label} ({c.side}) {scoreText(c.from)} → {scoreText(c.to)}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Paper>
  );
}
