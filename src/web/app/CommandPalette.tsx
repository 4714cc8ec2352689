import { Badge, Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import { IconArrowRight, IconBell, IconBriefcase, IconPlus, IconSearch, IconSettings } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { can } from '../../domain/authz/policy';
import { useEngagements } from '../engagements/api';
import { useEngagementSummaryIfAny } from '../engagements/useCurrent';
import { PAGES, pageHref, showsPage } from '../engagements/sections';
import { type AnyHit, HIT_KIND, hitHref } from '../search/hits';
import { get } from './api';
import classes from './CommandPalette.module.css';
import { paletteMounted } from './PaletteButtons';

interface Entry {
  id: string;
  label: string;
  description?: string;
  to: string;
  icon: ReactNode;
  /** Matched by the filter, not shown. */
  words: string;
  right?: ReactNode;
}

const matchesAll = (query: string, e: Entry) => {
  const hay = `${e.label} ${e.description ?? ''} ${e.words}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
};

/** A labelled group of actions; the label is real text (Spotlight's own group label is CSS content, which not every screen reader reads). */
function PaletteGroup({ label, children }: { label: string; children: ReactNode }) {
  const id = `palette-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a labelled group of buttons, not form controls
    <div role="group" aria-labelledby={id} className={classes.group}>
      <Text id={id} className={classes.groupLabel}>
        {label}
      </Text>
      {children}
    </div>
  );
}

/**
 * The command palette (⌘K / Ctrl+K): jump to any page of this engagement or to
 * another engagement, search what I may see (GET /search), or create a note,
 * work item, risk, decision, commitment or time entry. Pages and creations come
 * from the sections module, so a new page appears here by itself.
 */
export function CommandPalette() {
  // from now on Spotlight's own ⌘K / Ctrl+K opens the palette (PaletteButtons.tsx covers the moments before)
  useEffect(() => paletteMounted(), []);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [query, setQuery] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const engagements = useEngagements();
  const here = useEngagementSummaryIfAny(pathname);

  const search = useQuery({
    queryKey: ['search', debounced, 'palette'],
    queryFn: ({ signal }) => get<{ hits: AnyHit[] }>('/search', { q: debounced, limit: 12 }, signal),
    enabled: opened && debounced.length >= 2,
    staleTime: 30_000,
  });

  const groups = useMemo(() => {
    const jump: Entry[] = [];
    const create: Entry[] = [];
    if (here) {
      for (const p of PAGES) {
        if (!showsPage(p, (action) => can(here.myRole, action))) continue;
        jump.push({
          id: `page-${p.key}`,
          label: p.label,
          description: `${p.section.label} · ${here.name}`,
          to: pageHref(here.id, p.path),
          icon: <p.icon size={18} aria-hidden />,
          words: `${p.keywords ?? ''} ${p.section.label}`,
        });
        if (p.create && can(here.myRole, p.create.action)) {
          create.push({
            id: `create-${p.key}`,
            label: p.create.label,
            description: `${p.label} · ${here.name}`,
            to: pageHref(here.id, p.create.to),
            icon: <IconPlus size={18} aria-hidden />,
            words: `create new ${p.create.keywords ?? ''}`,
          });
        }
      }
    }
    const others: Entry[] = (engagements.data ?? [])
      .filter((e) => e.id !== here?.id)
      .map((e) => ({
        id: `eng-${e.id}`,
        label: e.name,
        description: 'Engagement',
        to: `/engagements/${e.id}`,
        icon: <IconBriefcase size={18} aria-hidden />,
        words: 'engagement switch go',
      }));
    const general: Entry[] = [
      { id: 'all', label: 'All engagements', to: '/engagements', icon: <IconBriefcase size={18} aria-hidden />, words: 'engagements list home' },
      { id: 'notifications', label: 'Notifications', to: '/notifications', icon: <IconBell size={18} aria-hidden />, words: 'bell unread inbox' },
      { id: 'profile', label: 'Profile', to: '/profile', icon: <IconSettings size={18} aria-hidden />, words: 'password tokens account settings' },
    ];
    const q = query.trim();
    const keep = (list: Entry[]) => (q ? list.filter((e) => matchesAll(q, e)) : list);
    return [
      { label: here ? `Go to in ${here.name}` : 'Go to', entries: keep(jump) },
      { label: 'Create', entries: keep(create) },
      { label: 'Engagements', entries: keep(others) },
      { label: 'Elsewhere', entries: keep(general) },
    ].filter((g) => g.entries.length > 0);
  }, [here, engagements.data, query]);

  const hits = debounced.length >= 2 ? (search.data?.hits ?? []) : [];
  const searching = debounced.length >= 2 && search.isFetching;
  const go = (to: string) => navigate(to);
  const nothing = groups.length === 0 && hits.length === 0 && !searching;

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      scrollable
      maxHeight={440}
      onSpotlightOpen={() => setOpened(true)}
      onSpotlightClose={() => setOpened(false)}
      // the dialog's name (Modal labels the dialog by its title); the header itself is visually hidden
      title="Command palette"
      classNames={{ content: classes.content, actionsList: classes.list, header: classes.header }}
    >
      <Spotlight.Search
        placeholder="Jump to a page, search, or create…"
        aria-label="Jump to a page, search, or create"
        leftSection={<IconSearch size={18} aria-hidden />}
        rightSection={searching ? <Loader size="xs" aria-label="Searching" /> : undefined}
      />
      <Spotlight.ActionsList aria-label="Commands and results">
        {groups.map((g) => (
          <PaletteGroup key={g.label} label={g.label}>
            {g.entries.map((e) => (
              <Spotlight.Action
                key={e.id}
                label={e.label}
                description={e.description}
                leftSection={e.icon}
                rightSection={<IconArrowRight size={14} aria-hidden />}
                onClick={() => go(e.to)}
              />
            ))}
          </PaletteGroup>
        ))}
        {hits.length > 0 && (
          <PaletteGroup label={`Search results for “${debounced}”`}>
            {hits.map((h) => (
              <Spotlight.Action key={`${h.type}-${h.id}`} onClick={() => go(hitHref(h))} className={classes.hit}>
                <Group wrap="nowrap" gap="sm" className={classes.hitBody}>
                  <Badge variant="light" radius="sm" size="sm" className={classes.kind}>
                    {HIT_KIND[h.type] ?? h.type}
                  </Badge>
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Text size="sm" fw={500} truncate="end">
                      {h.title}
                    </Text>
                    <Text size="xs" c="dimmed" truncate="end">
                      {h.engagementName}
                      {h.snippet ? ` · ${h.snippet}` : ''}
                    </Text>
                  </div>
                </Group>
              </Spotlight.Action>
            ))}
          </PaletteGroup>
        )}
        {debounced.length >= 2 && (
          <PaletteGroup label="Search">
            <Spotlight.Action
              label={`Search everything for “${debounced}”`}
              description="Opens the search page"
              leftSection={<IconSearch size={18} aria-hidden />}
              onClick={() => go(`/search?q=${encodeURIComponent(debounced)}`)}
            />
          </PaletteGroup>
        )}
        {nothing && <Spotlight.Empty>Nothing matches. Try fewer words.</Spotlight.Empty>}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
