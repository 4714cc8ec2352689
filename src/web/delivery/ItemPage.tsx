import { Box, Anchor, Button, DataList, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../app/api';
import { VisibilityBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { MarkdownView } from '../components/MarkdownView';
import { PageHeader } from '../components/PageHeader';
import { PageLoader, SectionLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useItem, useTimeEntries } from './api';
import { ItemStatusBadge } from './Badges';
import { formatEstimate, formatMinutes } from './format';
import { LogTimeForm } from './LogTimeForm';
import { useDetailTitle } from '../engagements/Crumbs';
import { CommentThread } from '../comments/CommentThread';

export function ItemPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const { itemId = '' } = useParams();
  const item = useItem(id, itemId);
  useDetailTitle(item.data?.title);
  const entries = useTimeEntries(id, { workItemId: itemId });
  const back = (
    <Anchor component={Link} to={`/engagements/${id}/items`} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden /> All work items
      </Group>
    </Anchor>
  );

  if (item.isPending) return <PageLoader label="Loading the work item…" />;
  if (item.isError) {
    const notFound = item.error instanceof ApiError && item.error.status === 404;
    return (
      <Stack>
        {back}
        <Title order={2} size="h3">
          Work item
        </Title>
        <ErrorAlert error={notFound ? new Error('This work item does not exist, or you may not see it.') : item.error} onRetry={notFound ? undefined : () => item.refetch()} />
      </Stack>
    );
  }
  const w = item.data;
  const estimateHours = w.estimate?.likely ?? null;
  const actualHours = w.actualMinutes / 60;

  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={w.title}
        order={2}
        documentTitle={`${engagement.name}: ${w.title}`}
        description={
          <Group gap="xs" component="span" wrap="wrap">
            <ItemStatusBadge status={w.status} />
            {provider && <VisibilityBadge visibility={w.visibility} showShared />}
            {w.externalRef && <span>{w.externalRef}</span>}
          </Group>
        }
        actions={
          w.canEdit ? (
            <Button component={Link} to={`/engagements/${id}/items/${w.id}/edit`} variant="default" leftSection={<IconPencil size={16} aria-hidden />}>
              Edit
            </Button>
          ) : null
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <div>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <DataList size="sm" labelWidth={140} gap={6}>
                <DataList.Item>
                  <DataList.ItemLabel>Estimate</DataList.ItemLabel>
                  <DataList.ItemValue>
                    <span data-testid="item-estimate">{formatEstimate(w.estimate)}</span>
                    {w.estimate?.estimatedBy && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        by {w.estimate.estimatedBy.name}
                      </Text>
                    )}
                  </DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Actual effort</DataList.ItemLabel>
                  <DataList.ItemValue>
                    <span data-testid="item-actual">{formatMinutes(w.actualMinutes)}</span>
                    {estimateHours != null && estimateHours > 0 && (
                      <Text span size="xs" c={actualHours > (w.estimate?.high ?? Infinity) ? 'red' : 'dimmed'}>
                        {' '}
                        ({Math.round((actualHours / estimateHours) * 100)}% of likely)
                      </Text>
                    )}
                  </DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Phase</DataList.ItemLabel>
                  <DataList.ItemValue>{w.phase?.name ?? '—'}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Outcome</DataList.ItemLabel>
                  <DataList.ItemValue>{w.outcome?.title ?? '—'}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Assignee</DataList.ItemLabel>
                  <DataList.ItemValue>{w.assignee?.name ?? '—'}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Started</DataList.ItemLabel>
                  <DataList.ItemValue>{w.startedAt ? <Time iso={w.startedAt} mode="date" /> : '—'}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Done</DataList.ItemLabel>
                  <DataList.ItemValue>{w.doneAt ? <Time iso={w.doneAt} mode="date" /> : '—'}</DataList.ItemValue>
                </DataList.Item>
              </DataList>
            </Paper>
            <Section title="Description" order={3}>
              {w.description ? <MarkdownView source={w.description} /> : <Text c="dimmed" size="sm">No description.</Text>}
            </Section>
            <Section title="Time entries" order={3}>
              {entries.isPending ? (
                <SectionLoader />
              ) : entries.isError ? (
                <ErrorAlert error={entries.error} onRetry={() => entries.refetch()} />
              ) : entries.data.mode === 'totals' && !provider ? (
                <Text size="sm" c="dimmed">
                  The provider shares time as totals only: {formatMinutes(w.actualMinutes)} in all.
                </Text>
              ) : entries.data.entries.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No time logged yet.
                </Text>
              ) : (
                <Box style={{ overflowX: 'auto' }} role="region" aria-label="Time entries table" tabIndex={0}>
                  <Table fz="sm" striped miw={420}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Date</Table.Th>
                        <Table.Th scope="col">Who</Table.Th>
                        <Table.Th scope="col" ta="right">
                          Time
                        </Table.Th>
                        <Table.Th scope="col">Note</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {entries.data.entries.map((e) => (
                        <Table.Tr key={e.id}>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.dateWorked)}</Table.Td>
                          <Table.Td>{e.person.name}</Table.Td>
                          <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                            {formatMinutes(e.minutes)}
                          </Table.Td>
                          <Table.Td>
                            <Group gap={4}>
                              {e.note}
                              {provider && <VisibilityBadge visibility={e.visibility} />}
                              {!e.billable && <Text span size="xs" c="dimmed">(not billable)</Text>}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Box>
              )}
            </Section>
          </Stack>
        </div>
        <div>
          {can('time.log') && (
            <Section title="Log time" order={3}>
              <LogTimeForm engagementId={id} workItemId={w.id} provider={provider} />
            </Section>
          )}
        </div>
      </SimpleGrid>
      <CommentThread engagementId={id} subjectType="work_item" subjectId={w.id} />
    </Stack>
  );
}
