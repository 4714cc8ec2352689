import { ActionIcon, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** One editable row of a charter list (an outcome, a RACI row, a level): a fieldset with a remove button. */
export function RowFrame({ title, onRemove, children }: { title: string; onRemove: () => void; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="sm" pt={6} component="fieldset" pos="relative" style={{ margin: 0, minWidth: 0 }}>
      <Text component="legend" fw={600} size="sm" px={4}>
        {title}
      </Text>
      <Tooltip label={`Remove ${title}`} withArrow>
        <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${title}`} pos="absolute" top={6} right={6}>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Stack gap="xs" mt={4}>
        {children}
      </Stack>
    </Paper>
  );
}
