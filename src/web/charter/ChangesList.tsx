import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { CharterChange } from './diff';

const color = { added: 'teal', removed: 'red', changed: 'orange' } as const;

/** The changes between two versions, as a table (stacked on phones by its scroll container). */
export function ChangesList({ changes }: { changes: CharterChange[] }) {
  if (changes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No differences in content.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      {changes.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a change list never reorders
        <Group key={i} gap="sm" align="flex-start" wrap="nowrap">
          <Badge color={color[c.kind]} variant="light" radius="sm" miw={92} style={{ flexShrink: 0 }} styles={{ label: { overflow: 'visible' } }}>
            {c.kind}
          </Badge>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600}>
              {c.section} · {c.label}
            </Text>
            {c.kind === 'changed' ? (
              <Table withRowBorders={false} verticalSpacing={0} horizontalSpacing={0} fz="sm">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th scope="row" w={60} fw={500} c="dimmed">
                      was
                    </Table.Th>
                    <Table.Td>
                      <del>{c.before}</del>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row" w={60} fw={500} c="dimmed">
                      now
                    </Table.Th>
                    <Table.Td>
                      <ins style={{ textDecoration: 'none', fontWeight: 600 }}>{c.after}</ins>
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            ) : (
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {c.kind === 'removed' ? <del>{c.before}</del> : c.after}
              </Text>
            )}
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
