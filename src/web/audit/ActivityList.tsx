import { Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconLock, IconPoint } from '@tabler/icons-react';
import type { AuditEntry } from '../app/types';
import { Time } from '../components/Time';
import { actorName, describeAction, type NameOf, shortHash } from './describe';

/** A compact feed of audit records (overview page). */
export function ActivityList({ entries, nameOf }: { entries: AuditEntry[]; nameOf?: NameOf }) {
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
              <Text size="sm">
                <Text span fw={600} size="sm">
                  {actorName(e)}
                </Text>{' '}
                {describeAction(e, nameOf)}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              #{e.seq} · <Time iso={e.at} />
            </Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
