import { Anchor, Button, Group, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconListDetails, IconPlus, IconSearch } from '@tabler/icons-react';
import { useDeferredValue, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { VisibilityBadge } from '../components/Badges';
import { DataTable } from '../components/DataTable';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useEngagementCtx } from '../engagements/context';
import { useMembers } from '../members/api';
import { type ItemFilters, useItems, usePhases } from './api';
import { ItemStatusBadge } from './Badges';
import { formatEstimate, formatMinutes, ITEM_STATUS, ITEM_STATUSES } from './format';
import { ViewSwitch } from './ViewSwitch';
import type { WorkItemSort, WorkItemStatus, WorkItemSummary } from './types';
import { ExportCsvButton } from '../csv/ExportCsvButton';

const SORTS: { value: WorkItemSort; label: string }[] = [
  { value: '-created', label: 'Newest first' },
  { value: 'created', label: 'Oldest first' },
  { value: '-updated', label: 'Recently updated' },
  { value: 'title', label: 'Title A–Z' },
  { value: '-likely', label: 'Largest estimate' },
  { value: 'likely', label: 'Smallest estimate' },
  { value: '-actual', label: 'Most time spent' },
  { value: 'status', label: 'Status' },
];

export function ItemsPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const statusParam = params.get('status') ?? '';
  const status = useMemo(() => statusParam.split(',').filter(Boolean) as WorkItemStatus[], [statusParam]);
  const phaseId = params.get('phase') ?? '';
  const assigneeId = params.get('assignee') ?? '';
  const visibility = params.get('visibility') ?? '';
  const sort = (params.get('sort') ?? '-created') as WorkItemSort;
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const phases = usePhases(id);
  const members = useMembers(id);

  const filters = useMemo<ItemFilters>(
    () => ({
      ...(debouncedQ ? { q: debouncedQ } : {}),
      ...(status.length ? { status } : {}),
      ...(phaseId ? { phaseId } : {}),
      ...(assigneeId ? { assigneeId } : {}),
      ...(provider && visibility ? { visibility: visibility as 'shared' | 'internal' } : {}),
      sort,
    }),
    [debouncedQ, status, phaseId, assigneeId, visibility, provider, sort],
  );
  const items = useItems(id, filters);
  const setParam = (name: string, value: string) =>
    setParams(
      (p) => {
        if (!value) p.delete(name);
        else p.set(name, value);
        return p;
      },
      { replace: true },
    );

  // the list draws in a transition (React renders it in slices), the loader stays until it is ready (ADR 0035)
  const pages = useDeferredValue(items.data);
  const all = pages?.pages.flatMap((p) => p.items) ?? [];
  const total = pages?.pages[0]?.total ?? 0;
  const filtered = Object.keys(filters).length > 1;
  const newButton = can('item.write') ? (
    <Button component={Link} to={`/engagements/${id}/items/new`} leftSection={<IconPlus size={16} aria-hidden />}>
      New work item
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Work items"
        order={2}
        documentTitle={`${engagement.name}: work items`}
        description="What is being delivered, its estimate as a range (low–likely–high) and the time actually spent on it."
        actions={
          <>
            <ViewSwitch engagementId={id} value="table" />
            <ExportCsvButton engagementId={id} register="items" />
            {newButton}
          </>
        }
      />
      <search aria-label="Filter work items">
        <SimpleGrid cols={{ base: 2, md: provider ? 6 : 5 }} spacing="sm" mb="md">
          <TextInput
            label="Search"
            placeholder="Title or reference"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={q}
            onChange={(e) => setParam('q', e.currentTarget.value)}
            type="search"
          />
          <MultiSelect
            label="Status"
            placeholder={status.length ? undefined : 'Any status'}
            data={ITEM_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS[s].label }))}
            value={status}
            onChange={(v) => setParam('status', v.join(','))}
            clearable
          />
          <Select
            label="Phase"
            placeholder="Any phase"
            data={(phases.data?.phases ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={phaseId || null}
            onChange={(v) => setParam('phase', v ?? '')}
            clearable
          />
          <Select
            label="Assignee"
            placeholder="Anyone"
            data={(members.data ?? []).filter((m) => m.side === 'provider').map((m) => ({ value: m.user.id, label: m.user.name }))}
            value={assigneeId || null}
            onChange={(v) => setParam('assignee', v ?? '')}
            clearable
          />
          {provider && (
            <Select
              label="Visibility"
              placeholder="Shared and internal"
              data={[
                { value: 'shared', label: 'Shared with the client' },
                { value: 'internal', label: 'Internal only' },
              ]}
              value={visibility || null}
              onChange={(v) => setParam('visibility', v ?? '')}
              clearable
            />
          )}
          <Select label="Sort" data={SORTS} value={sort} allowDeselect={false} onChange={(v) => setParam('sort', v === '-created' ? '' : (v ?? ''))} />
        </SimpleGrid>
      </search>

      {items.isPending || (pages === undefined && !items.isError) ? (
        <PageLoader label="Loading work items…" />
      ) : items.isError ? (
        <ErrorAlert error={items.error} onRetry={() => items.refetch()} />
      ) : all.length === 0 ? (
        filtered ? (
          <EmptyHint icon={<IconSearch aria-hidden />} title="No work items match" order={3}>
            Try other words, or clear the filters.
          </EmptyHint>
        ) : (
          <EmptyHint icon={<IconListDetails aria-hidden />} title="No work items yet" order={3} action={newButton}>
            Add what will be delivered, with an estimate range, or import it from Jira or GitHub.
          </EmptyHint>
        )
      ) : (
        <Stack gap="sm" aria-busy={items.isFetching}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {all.length < total ? `${all.length} of ${total}` : total} work item{total === 1 ? '' : 's'}
          </Text>
          <DataTable<WorkItemSummary>
            label="Work items"
            rows={all}
            rowKey={(r) => r.id}
            minWidth={820}
            primary={{
              key: 'title',
              header: 'Title',
              cell: (r) => (
                <Group gap={6} wrap="wrap">
                  <Anchor component={Link} to={`/engagements/${id}/items/${r.id}`} fw={600}>
                    {r.title}
                  </Anchor>
                  {provider && <VisibilityBadge visibility={r.visibility} />}
                  {r.externalRef && (
                    <Text span size="xs" c="dimmed">
                      {r.externalRef}
                    </Text>
                  )}
                </Group>
              ),
            }}
            columns={[
              { key: 'status', header: 'Status', cell: (r) => <ItemStatusBadge status={r.status} />, nowrap: true, width: 130 },
              { key: 'phase', header: 'Phase', cell: (r) => r.phase?.name ?? '—' },
              { key: 'assignee', header: 'Assignee', cell: (r) => r.assignee?.name ?? '—' },
              { key: 'estimate', header: 'Estimate', cell: (r) => formatEstimate(r.estimate), nowrap: true, align: 'right' },
              { key: 'actual', header: 'Actual', cell: (r) => formatMinutes(r.actualMinutes), nowrap: true, align: 'right' },
            ]}
          />
          {items.hasNextPage && (
            <Group justify="center">
              <Button variant="default" onClick={() => items.fetchNextPage()} loading={items.isFetchingNextPage}>
                Load more
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </>
  );
}
