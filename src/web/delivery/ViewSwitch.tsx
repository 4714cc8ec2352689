import { Button, Group } from '@mantine/core';
import { IconLayoutKanban, IconTable } from '@tabler/icons-react';
import { Link } from 'react-router';

/** Table or board: two links, the current one marked. */
export function ViewSwitch({ engagementId, value }: { engagementId: string; value: 'table' | 'board' }) {
  return (
    <Group gap={0} role="group" aria-label="View">
      <Button
        component={Link}
        to={`/engagements/${engagementId}/items`}
        variant={value === 'table' ? 'light' : 'default'}
        aria-current={value === 'table' ? 'page' : undefined}
        leftSection={<IconTable size={16} aria-hidden />}
        style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
      >
        Table
      </Button>
      <Button
        component={Link}
        to={`/engagements/${engagementId}/items/board`}
        variant={value === 'board' ? 'light' : 'default'}
        aria-current={value === 'board' ? 'page' : undefined}
        leftSection={<IconLayoutKanban size={16} aria-hidden />}
        style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0 }}
      >
        Board
      </Button>
    </Group>
  );
}
