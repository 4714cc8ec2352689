import { Anchor, Box, Card, Group, NativeSelect, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconListDetails } from '@tabler/icons-react';
import { Link } from 'react-router';
import { errorMessage, patch } from '../app/api';
import { VisibilityBadge } from '../components/Badges';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useEngagementCtx } from '../engagements/context';
import { useInvalidateDelivery, useItems } from './api';
import { formatEstimate, formatMinutes, ITEM_STATUS, ITEM_STATUSES } from './format';
import type { WorkItemStatus, WorkItemSummary } from './types';
import { ViewSwitch } from './ViewSwitch';

function BoardCard({ item, engagementId, provider, canWrite }: { item: WorkItemSummary; engagementId: string; provider: boolean; canWrite: boolean }) {
  const invalidate = useInvalidateDelivery(engagementId);
  const move = async (status: WorkItemStatus) => {
    try {
      await patch(`/engagements/${engagementId}/items/${item.id}`, { status });
      await invalidate();
      notifications.show({ color: 'teal', message: `${item.title}: ${ITEM_STATUS[status].label.toLowerCase()}.` });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not moved', message: errorMessage(err) });
    }
  };
  return (
    <Card withBorder radius="sm" padding="xs" component="li">
      <Stack gap={4}>
        <Anchor component={Link} to={`/engagements/${engagementId}/items/${item.id}`} size="sm" fw={600}>
          {item.title}
        </Anchor>
        <Group gap={6}>
          {provider && <VisibilityBadge visibility={item.visibility} />}
          <Text size="xs" c="dimmed">
            {formatEstimate(item.estimate)} · {formatMinutes(item.actualMinutes)} spent
          </Text>
        </Group>
        {canWrite && (
          <NativeSelect
            size="xs"
            aria-label={`Status of ${item.title}`}
            value={item.status}
            data={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS[s].label }))}
            onChange={(e) => void move(e.currentTarget.value as WorkItemStatus)}
          />
        )}
      </Stack>
    </Card>
  );
}

/** Work items by status, one column each; the provider moves an item by changing its status. */
export function BoardPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const items = useItems(id, { sort: 'title' }, 200);
  const all = items.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title="Board" order={2} documentTitle={`${engagement.name}: board`} description="Work items by status." actions={<ViewSwitch engagementId={id} value="board" />} />
      {items.isPending ? (
        <PageLoader label="Loading the board…" />
      ) : items.isError ? (
        <ErrorAlert error={items.error} onRetry={() => items.refetch()} />
      ) : all.length === 0 ? (
        <EmptyHint icon={<IconListDetails aria-hidden />} title="No work items yet" order={3} />
      ) : (
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" wrap="nowrap" gap="sm">
            {ITEM_STATUSES.map((s) => {
              const col = all.filter((w) => w.status === s);
              return (
                <Box key={s} w={250} style={{ flex: '0 0 250px' }} p="xs" bg="var(--mantine-color-default-hover)" component="section" aria-labelledby={`col-${s}`}>
                  <Title order={3} size="h5" id={`col-${s}`} mb="xs">
                    {ITEM_STATUS[s].label} ({col.length})
                  </Title>
                  <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                    {col.map((w) => (
                      <BoardCard key={w.id} item={w} engagementId={id} provider={provider} canWrite={can('item.write')} />
                    ))}
                  </Stack>
                </Box>
              );
            })}
          </Group>
        </ScrollArea>
      )}
    </>
  );
}
