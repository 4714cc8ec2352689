import { ActionIcon, Alert, Box, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconLock } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../app/api';
import { useMe } from '../app/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useEngagementCtx } from '../engagements/context';
import { useDeleteTime, useItems, useLogTime, useTimeEntries, useUpdateTime } from './api';
import { formatMinutes, isoDate, parseDuration, toHmm } from './format';
import { Timer } from './Timer';
import { useCreateParam } from '../engagements/useCreateParam';
import type { TimeEntry } from './types';
import { ExportCsvButton } from '../csv/ExportCsvButton';

const DAY_MS = 86_400_000;
const NONE = 'none';

function mondayOf(d: Date): Date {
  const x = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  x.setDate(x.getDate() - ((x.getDay() + 6) % 7));
  return x;
}

interface Row {
  key: string;
  title: string;
}

function focusCell(row: number, col: number) {
  const el = document.querySelector<HTMLInputElement>(`input[data-cell="${row}:${col}"]`);
  if (el) {
    el.focus();
    el.select();
  }
}

function Cell({
  row,
  col,
  label,
  entries,
  onSave,
}: {
  row: number;
  col: number;
  label: string;
  entries: TimeEntry[];
  onSave: (minutes: number, entries: TimeEntry[]) => Promise<void>;
}) {
  const total = entries.reduce((s, e) => s + e.minutes, 0);
  const locked = entries.some((e) => e.locked || !e.canEdit);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = text ?? toHmm(total);

  const saving = useRef(false);
  const commit = async () => {
    if (text === null || saving.current) return true;
    const minutes = parseDuration(text);
    if (minutes === null) {
      setError('Type minutes (90), h:mm (1:30) or hours (1.5h)');
      return false;
    }
    if (minutes === total) {
      setText(null);
      setError(null);
      return true;
    }
    setBusy(true);
    saving.current = true;
    try {
      await onSave(minutes, entries);
      setText(null);
      setError(null);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      saving.current = false;
      setBusy(false);
    }
  };

  const onKeyDown = async (e: React.KeyboardEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (await commit()) focusCell(row + 1, col);
    } else if (e.key === 'Escape') {
      setText(null);
      setError(null);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      focusCell(row - 1, col);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusCell(row + 1, col);
    } else if (e.key === 'ArrowLeft' && input.selectionStart === 0 && input.selectionEnd === 0) {
      e.preventDefault();
      focusCell(row, col - 1);
    } else if (e.key === 'ArrowRight' && input.selectionStart === input.value.length) {
      e.preventDefault();
      focusCell(row, col + 1);
    }
  };

  return (
    <TextInput
      size="xs"
      w={72}
      aria-label={label}
      value={shown}
      readOnly={locked || busy}
      aria-busy={busy}
      placeholder="–"
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={onKeyDown}
      onBlur={() => void commit()}
      error={error}
      title={error ?? (locked ? 'Locked period, or an entry you may not edit' : undefined)}
      rightSection={locked ? <IconLock size={12} aria-hidden /> : undefined}
      styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' }, error: { fontSize: 11, maxWidth: 160 } }}
      inputMode="decimal"
      autoComplete="off"
      data-cell={`${row}:${col}`}
    />
  );
}

export function TimesheetPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const me = useMe();
  const mayLog = can('time.log');
  // "Log time" from the palette or the `c` key: start at picking the work item's row
  const addRow = useRef<HTMLInputElement>(null);
  useCreateParam('log', '1', () => addRow.current?.focus());
  const [weekStart, setWeekStart] = useState(() => mondayOf(new Date()));
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => new Date(weekStart.getTime() + i * DAY_MS + 3_600_000 * 2)), [weekStart]);
  const from = isoDate(days[0]!);
  const to = isoDate(days[6]!);
  const entries = useTimeEntries(id, { from, to, userId: me.id }, mayLog);
  const openItems = useItems(id, { status: ['backlog', 'in_progress', 'blocked'], sort: 'title' }, 200);
  const [extraRows, setExtraRows] = useState<Row[]>([]);
  const log = useLogTime(id);
  const update = useUpdateTime(id);
  const remove = useDeleteTime(id);
  const [lockedMsg, setLockedMsg] = useState<string | null>(null);

  const itemOptions = (openItems.data?.pages.flatMap((p) => p.items) ?? []).map((w) => ({ value: w.id, label: w.title }));
  const mine = entries.data?.entries ?? [];
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const e of mine) {
    const key = e.workItem?.id ?? NONE;
    if (!seen.has(key)) {
      seen.add(key);
      rows.push({ key, title: e.workItem?.title ?? 'No work item' });
    }
  }
  for (const r of extraRows) if (!seen.has(r.key)) rows.push(r);

  const cellEntries = (rowKey: string, day: string) => mine.filter((e) => (e.workItem?.id ?? NONE) === rowKey && e.dateWorked === day);

  const save = async (rowKey: string, day: string, minutes: number, existing: TimeEntry[]) => {
    try {
      if (existing.length === 0) {
        if (minutes > 0) await log.mutateAsync({ dateWorked: day, minutes, workItemId: rowKey === NONE ? null : rowKey });
      } else if (minutes === 0) {
        for (const e of existing) await remove.mutateAsync(e.id);
      } else {
        const last = existing[existing.length - 1]!;
        const others = existing.slice(0, -1).reduce((s, e) => s + e.minutes, 0);
        if (minutes - others < 1) throw new Error('This cell holds several entries; change them on the work item page.');
        await update.mutateAsync({ entryId: last.id, minutes: minutes - others });
      }
      setLockedMsg(null);
      notifications.show({ color: 'teal', message: minutes ? `Saved ${formatMinutes(minutes)} on ${day}.` : `Cleared ${day}.` });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'period_locked') setLockedMsg(err.message);
      throw err;
    }
  };

  const dayTotal = (day: string) => mine.filter((e) => e.dateWorked === day).reduce((s, e) => s + e.minutes, 0);
  const rowTotal = (key: string) => mine.filter((e) => (e.workItem?.id ?? NONE) === key).reduce((s, e) => s + e.minutes, 0);
  const weekTotal = mine.reduce((s, e) => s + e.minutes, 0);
  const dayLabel = (d: Date) => d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

  return (
    <>
      <PageHeader
        title="Timesheet"
        order={2}
        documentTitle={`${engagement.name}: timesheet`}
        description="Your week, one row per work item. Type minutes (90), h:mm (1:30) or hours (1.5h); Enter saves, arrow keys move between cells."
        actions={<ExportCsvButton engagementId={id} register="time-entries" />}
      />
      {!mayLog ? (
        <Alert color="gray" variant="light">
          Time is logged by the provider's team. You see its effect on the Budget and Progress pages.
        </Alert>
      ) : (
        <>
          <Timer engagementId={id} items={itemOptions} />
          <Group justify="space-between" mb="sm" gap="sm">
            <Group gap="xs">
              <ActionIcon variant="default" aria-label="Previous week" onClick={() => setWeekStart((w) => mondayOf(new Date(w.getTime() - 3 * DAY_MS)))}>
                <IconChevronLeft size={16} aria-hidden />
              </ActionIcon>
              <Text fw={600} size="sm" aria-live="polite">
                Week of {dayLabel(days[0]!)}
              </Text>
              <ActionIcon variant="default" aria-label="Next week" onClick={() => setWeekStart((w) => mondayOf(new Date(w.getTime() + 8 * DAY_MS)))}>
                <IconChevronRight size={16} aria-hidden />
              </ActionIcon>
              <Button size="xs" variant="subtle" onClick={() => setWeekStart(mondayOf(new Date()))}>
                This week
              </Button>
            </Group>
            <Select
              ref={addRow}
              size="xs"
              w={280}
              maw="100%"
              label="Add a row"
              placeholder="Pick a work item"
              data={[{ value: NONE, label: 'No work item' }, ...itemOptions].filter((o) => !rows.some((r) => r.key === o.value))}
              value={null}
              searchable
              onChange={(v) => {
                if (v) setExtraRows((r) => [...r, { key: v, title: v === NONE ? 'No work item' : (itemOptions.find((o) => o.value === v)?.label ?? v) }]);
              }}
            />
          </Group>
          {lockedMsg && (
            <Alert color="orange" variant="light" icon={<IconLock aria-hidden />} mb="sm" role="alert" withCloseButton onClose={() => setLockedMsg(null)}>
              {lockedMsg}
            </Alert>
          )}
          {entries.isPending ? (
            <PageLoader label="Loading your week…" />
          ) : entries.isError ? (
            <ErrorAlert error={entries.error} onRetry={() => entries.refetch()} />
          ) : (
            <Box style={{ overflowX: 'auto' }} role="region" aria-label="Timesheet" tabIndex={0}>
              <Table miw={820} fz="sm" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Work item</Table.Th>
                    {days.map((d) => (
                      <Table.Th key={d.toISOString()} scope="col" ta="right">
                        {dayLabel(d)}
                      </Table.Th>
                    ))}
                    <Table.Th scope="col" ta="right">
                      Total
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={9}>
                        <Text size="sm" c="dimmed" py="sm">
                          Nothing logged this week. Add a row for a work item, or start the timer.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {rows.map((r, ri) => (
                    <Table.Tr key={r.key}>
                      <Table.Th scope="row" fw={500} maw={240} style={{ overflowWrap: 'anywhere' }}>
                        {r.title}
                      </Table.Th>
                      {days.map((d, ci) => {
                        const day = isoDate(d);
                        return (
                          <Table.Td key={day} ta="right">
                            <Group justify="flex-end">
                              <Cell
                                key={`${r.key}:${day}:${cellEntries(r.key, day).reduce((s, e) => s + e.minutes, 0)}`}
                                row={ri}
                                col={ci}
                                label={`${r.title}, ${dayLabel(d)}`}
                                entries={cellEntries(r.key, day)}
                                onSave={(m, ex) => save(r.key, day, m, ex)}
                              />
                            </Group>
                          </Table.Td>
                        );
                      })}
                      <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                        {toHmm(rowTotal(r.key)) || '–'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th scope="row">Total</Table.Th>
                    {days.map((d) => (
                      <Table.Td key={d.toISOString()} ta="right" fw={600}>
                        {toHmm(dayTotal(isoDate(d))) || '–'}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right" fw={700} data-testid="week-total">
                      {toHmm(weekTotal) || '–'}
                    </Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Box>
          )}
        </>
      )}
    </>
  );
}
