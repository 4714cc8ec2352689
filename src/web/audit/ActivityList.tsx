import { Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconLock, IconPoint } from '@tabler/icons-react';
import type { AuditEntry } from '../app/types';
import { Time } from '../components/Time';
import { type NameOf, shortHash } from './describe';
import { ActivitySentence } from './Sentence';

/** A compact feed of audit records (overview page), each a sentence about its object with a link to it. */
export function ActivityList({ entries, nameOf, engagementId }: { entries: AuditEntry[]; nameOf?: NameOf; engagementId: string }) {
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {entries.map((e) => (
        <Group key={e.seq} component="li" gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" color={e.redacted ? 'gray' : 'indigo'} size="sm" radius="xl" mt={2}>
            {e.redacted ? <IconLock size={12} aria-hidden /> : <IconPoint size={12} aria-hidden />}
          </ThemeIcon>
          <Stack gap={0} style={{ minWidth: 0 }}>
            {e.redacted ? (
              <Text size="sm" c="dimmed">
                Internal record (redacted) · <span className="mono">{shortHash(e.payloadHash, 10)}</span>
              </Text>
            ) : (
              <ActivitySentence entry={e} engagementId={engagementId} nameOf={nameOf} />
            )}
            <Text size="xs" c="dimmed">
              <Time iso={e.at} /> · #{e.seq}
            </Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
