import { Alert, Stack, Table, Text } from '@mantine/core';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { Time } from '../components/Time';
import { useDismissalStats } from './api';
import { CATEGORY_LABEL } from './labels';

/** For the admin: how often each coach rule was dismissed, and why — a rule people keep dismissing is a candidate for fixing. */
export function DismissalsPanel() {
  const stats = useDismissalStats();
  if (stats.isPending) return <PageLoader />;
  if (stats.isError) return <ErrorAlert error={stats.error} />;
  if (stats.data.length === 0) return <Alert color="gray">No coach flag has been dismissed yet.</Alert>;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Counts per rule, across the instance. Only the rule and the reasons people chose to give are stored, never the text they were writing.
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Rule</Table.Th>
              <Table.Th scope="col">Category</Table.Th>
              <Table.Th scope="col" ta="right">
                Dismissals
              </Table.Th>
              <Table.Th scope="col">Last</Table.Th>
              <Table.Th scope="col">Latest reasons</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stats.data.map((r) => (
              <Table.Tr key={r.rule}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {r.rule}
                  </Text>
                </Table.Td>
                <Table.Td>{CATEGORY_LABEL[r.category as keyof typeof CATEGORY_LABEL] ?? r.category}</Table.Td>
                <Table.Td ta="right">{r.dismissals}</Table.Td>
                <Table.Td>
                  <Time iso={r.lastDismissedAt} />
                </Table.Td>
                <Table.Td>
                  {r.reasons.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      none given
                    </Text>
                  ) : (
                    <Text size="sm">{r.reasons.slice(0, 3).map((x) => `“${x.reason}”`).join(' · ')}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
