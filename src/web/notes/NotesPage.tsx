import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconNotes, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { NoteKind, Visibility } from '../app/types';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useEngagementCtx } from '../engagements/context';
import { type NoteFilters, useNotes } from './api';
import { NoteCard } from './NoteCard';

const KINDS = [
  { value: 'all', label: 'All kinds' },
  { value: 'meeting', label: 'Meeting notes' },
  { value: 'working', label: 'Working notes' },
];
const VISIBILITIES = [
  { value: 'all', label: 'Shared and internal' },
  { value: 'shared', label: 'Shared with the client' },
  { value: 'internal', label: 'Internal only' },
];

export function NotesPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? 'all';
  const visibility = params.get('visibility') ?? 'all';
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  const filters = useMemo<NoteFilters>(
    () => ({
      ...(debouncedQ ? { q: debouncedQ } : {}),
      ...(kind !== 'all' ? { kind: kind as NoteKind } : {}),
      ...(provider && visibility !== 'all' ? { visibility: visibility as Visibility } : {}),
    }),
    [debouncedQ, kind, visibility, provider],
  );
  const notes = useNotes(id, filters);
  const setParam = (name: string, value: string, empty: string) =>
    setParams(
      (p) => {
        if (value === empty) p.delete(name);
        else p.set(name, value);
        return p;
      },
      { replace: true },
    );

  const all = notes.data?.pages.flatMap((p) => p.notes) ?? [];
  const filtered = Object.keys(filters).length > 0;
  const newButton = can('note.create') ? (
    <Button component={Link} to={`/engagements/${id}/notes/new`} leftSection={<IconPlus size={16} aria-hidden />}>
      Write a note
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Notes"
        order={2}
        documentTitle={`${engagement.name}: notes`}
        description={
          provider
            ? 'Meeting and working notes. Shared notes are visible to the client; internal notes only to your team.'
            : 'Meeting and working notes shared between both sides.'
        }
        actions={newButton}
      />
      <search aria-label="Filter notes">
      <SimpleGrid cols={{ base: 1, sm: provider ? 3 : 2 }} spacing="sm" mb="md">
        <TextInput
          label="Search notes"
          placeholder="Words in the title or text"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setParam('q', e.currentTarget.value, '')}
          type="search"
        />
        <Select label="Kind" data={KINDS} value={kind} allowDeselect={false} onChange={(v) => setParam('kind', v ?? 'all', 'all')} />
        {provider && (
          <Select
            label="Visibility"
            data={VISIBILITIES}
            value={visibility}
            allowDeselect={false}
            onChange={(v) => setParam('visibility', v ?? 'all', 'all')}
          />
        )}
      </SimpleGrid>
      </search>

      {notes.isPending ? (
        <PageLoader label="Loading notes…" />
      ) : notes.isError ? (
        <ErrorAlert error={notes.error} onRetry={() => notes.refetch()} />
      ) : all.length === 0 ? (
        filtered ? (
          <EmptyHint icon={<IconSearch aria-hidden />} title="No notes match" order={3}>
            Try other words, or clear the filters.
          </EmptyHint>
        ) : (
          <EmptyHint icon={<IconNotes aria-hidden />} title="No notes yet" order={3} action={newButton}>
            Write down what was agreed in a meeting, or what you found out while working. Markdown works.
          </EmptyHint>
        )
      ) : (
        <Stack gap="sm" aria-busy={notes.isFetching}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {all.length} note{all.length === 1 ? '' : 's'}
            {notes.hasNextPage ? ' shown' : ''}
          </Text>
          {all.map((n) => (
            <NoteCard key={n.id} note={n} engagementId={id} />
          ))}
          {notes.hasNextPage && (
            <Group justify="center">
              <Button variant="default" onClick={() => notes.fetchNextPage()} loading={notes.isFetchingNextPage}>
                Load older notes
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </>
  );
}
