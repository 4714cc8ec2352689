import { Button, Checkbox, CloseButton, Grid, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconListCheck, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { useEngagementCtx } from '../engagements/context';
import { useGovernanceSummary, useRaid } from './api';
import { ChangesPanel } from './ChangesPanel';
import { plural, RAID_TYPES, SEVERITIES, SEVERITY_LABEL, STATUSES, statusLabel, TYPE_PLURAL } from './labels';
import { RaidFormModal } from './RaidFormModal';
import { useCreateParam } from '../engagements/useCreateParam';
import { RaidRegister } from './RaidRegister';
import { type Cell, RiskMatrix } from './RiskMatrix';
import { EarlyWarningCard, OpenGovernanceCard, OverdueDependenciesCard } from './SummaryCards';
import type { RaidQuery, RaidType } from './types';
import { ExportCsvButton } from '../csv/ExportCsvButton';

const ALL = 'all';

function useFilters() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const set = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        for (const [k, v] of Object.entries(changes)) {
          if (!v || v === ALL) p.delete(k);
          else p.set(k, v);
        }
        return p;
      },
      { replace: true },
    );
  const p = Number(get('p'));
  const i = Number(get('i'));
  const cell: Cell | null = p >= 1 && p <= 5 && i >= 1 && i <= 5 ? { probability: p, impact: i } : null;
  return { get, set, cell };
}

function Summary({ engagementId, cell, onCell }: { engagementId: string; cell: Cell | null; onCell: (c: Cell | null) => void }) {
  const summary = useGovernanceSummary(engagementId);
  if (summary.isPending) {
    return (
      <Stack gap="md" aria-busy="true">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          <Skeleton height={120} radius="md" />
          <Skeleton height={120} radius="md" />
          <Skeleton height={120} radius="md" />
        </SimpleGrid>
        <Skeleton height={320} radius="md" />
      </Stack>
    );
  }
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />;
  const s = summary.data;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <OverdueDependenciesCard summary={s} engagementId={engagementId} />
        <EarlyWarningCard summary={s} />
        <OpenGovernanceCard summary={s} engagementId={engagementId} />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section order={3} title="Risk matrix" id="matrix">
            <RiskMatrix matrix={s.matrix} selected={cell} onSelect={onCell} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ChangesPanel engagementId={engagementId} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

export function RaidPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const [adding, addModal] = useDisclosure(false);
  useCreateParam('new', 'risk', addModal.open);
  const { get, set, cell } = useFilters();
  const type = (RAID_TYPES.find((t) => t === get('type')) ?? ALL) as RaidType | typeof ALL;
  const status = get('status') || ALL;
  const severity = get('severity') || ALL;
  const visibility = get('visibility') || ALL;
  const overdue = get('overdue') === 'true';
  const q = get('q');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  const query = useMemo<RaidQuery>(
    () => ({
      ...(type !== ALL ? { type } : {}),
      ...(status !== ALL ? { status } : {}),
      ...(severity !== ALL ? { severity: severity as RaidQuery['severity'] } : {}),
      ...(provider && visibility !== ALL ? { visibility: visibility as RaidQuery['visibility'] } : {}),
      ...(overdue ? { overdue: 'true' as const } : {}),
      ...(debouncedQ ? { q: debouncedQ } : {}),
    }),
    [type, status, severity, visibility, overdue, debouncedQ, provider],
  );
  const raid = useRaid(id, query);
  const items = (raid.data ?? []).filter(
    (r) => !cell || (r.probability === cell.probability && r.impact === cell.impact && (r.status === 'open' || r.status === 'mitigating')),
  );
  const filtered = Object.keys(query).length > 0 || cell !== null;

  const statusOptions = [...new Set(type === ALL ? Object.values(STATUSES).flat() : STATUSES[type])].map((s) => ({ value: s, label: statusLabel(s) }));
  const selectCell = (c: Cell | null) =>
    set(c ? { p: String(c.probability), i: String(c.impact), type: 'risk', status: null, severity: null } : { p: null, i: null });
  const addButton = can('raid.write') ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={addModal.open}>
      Add to the log
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="RAID log"
        order={2}
        documentTitle={`${engagement.name}: RAID log`}
        description="Risks (what may go wrong), assumptions (what we take for granted), issues (what went wrong) and dependencies (what each side waits for)."
        actions={
          <>
            <ExportCsvButton engagementId={id} register="raid" query={query} />
            {addButton}
          </>
        }
      />
      <Stack gap="md">
        <Summary engagementId={id} cell={cell} onCell={selectCell} />

        <Section order={3} title="Register" id="register">
          <search aria-label="Filter the register">
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, md: provider ? 4 : 6 }}>
                <TextInput
                  label="Search"
                  placeholder="Words in the title or text"
                  leftSection={<IconSearch size={16} aria-hidden />}
                  type="search"
                  value={q}
                  onChange={(e) => set({ q: e.currentTarget.value })}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, md: 2 }}>
                <Select
                  label="Type"
                  allowDeselect={false}
                  data={[{ value: ALL, label: 'All types' }, ...RAID_TYPES.map((t) => ({ value: t, label: TYPE_PLURAL[t] }))]}
                  value={type}
                  onChange={(v) => set({ type: v, status: null, p: null, i: null })}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, md: 2 }}>
                <Select
                  label="Status"
                  allowDeselect={false}
                  data={[{ value: ALL, label: 'Any status' }, ...statusOptions]}
                  value={status}
                  onChange={(v) => set({ status: v, p: null, i: null })}
                />
              </Grid.Col>
              <Grid.Col span={{ base: provider ? 6 : 12, md: 2 }}>
                <Select
                  label="Severity"
                  allowDeselect={false}
                  data={[{ value: ALL, label: 'Any severity' }, ...SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }))]}
                  value={severity}
                  onChange={(v) => set({ severity: v, p: null, i: null })}
                />
              </Grid.Col>
              {provider && (
                <Grid.Col span={{ base: 6, md: 2 }}>
                  <Select
                    label="Visibility"
                    allowDeselect={false}
                    data={[
                      { value: ALL, label: 'Shared and internal' },
                      { value: 'shared', label: 'Shared with the client' },
                      { value: 'internal', label: 'Internal only' },
                    ]}
                    value={visibility}
                    onChange={(v) => set({ visibility: v })}
                  />
                </Grid.Col>
              )}
            </Grid>
            <Group justify="space-between" mt="sm" gap="sm">
              <Checkbox label="Overdue only" checked={overdue} onChange={(e) => set({ overdue: e.currentTarget.checked ? 'true' : null })} />
              {cell && (
                <Paper withBorder radius="xl" px="sm" py={2}>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm">
                      Open risks at probability {cell.probability} × impact {cell.impact}
                    </Text>
                    <CloseButton size="sm" aria-label="Show all, not only this matrix cell" onClick={() => selectCell(null)} />
                  </Group>
                </Paper>
              )}
            </Group>
          </search>

          {raid.isPending ? (
            <PageLoader label="Loading the register…" />
          ) : raid.isError ? (
            <ErrorAlert error={raid.error} onRetry={() => raid.refetch()} />
          ) : items.length === 0 ? (
            filtered ? (
              <EmptyHint icon={<IconSearch aria-hidden />} title="Nothing matches" order={4}>
                Try other words, or clear the filters.
              </EmptyHint>
            ) : (
              <EmptyHint icon={<IconListCheck aria-hidden />} title="The log is empty" order={4} action={addButton}>
                Flag what may go wrong early: problems flagged as risks first are what builds trust. Add what you wait for from the
                other side as a dependency.
              </EmptyHint>
            )
          ) : (
            <Stack gap="xs" aria-busy={raid.isFetching}>
              <Text size="sm" c="dimmed" aria-live="polite">
                {plural(items.length, 'item')}
              </Text>
              <RaidRegister items={items} engagementId={id} />
            </Stack>
          )}
        </Section>
      </Stack>
      {adding && <RaidFormModal opened onClose={addModal.close} />}
    </>
  );
}
