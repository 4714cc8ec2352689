import { Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useSelection } from './api';
import { SelectionStatusBadge } from './labels';
import type { SelectionDetail } from './types';

const TABS = [
  { to: '', label: 'Overview' },
  { to: '/scorecard', label: 'Scorecard' },
  { to: '/score', label: 'Score' },
  { to: '/results', label: 'Results' },
  { to: '/compare', label: 'Compare' },
] as const;

export function isOwner(s: SelectionDetail) {
  return s.myRoles.includes('owner');
}
export function isEvaluator(s: SelectionDetail) {
  return s.myRoles.includes('evaluator');
}

/**
 * A selection page: loads the selection, shows its title, status and the tabs
 * between its pages, and renders the page with it.
 */
export function SelectionShell({ title, children }: { title: string; children: (s: SelectionDetail) => ReactNode }) {
  const { selectionId = '' } = useParams();
  const { pathname } = useLocation();
  const q = useSelection(selectionId);
  if (q.isPending) return <Skeleton height={240} />;
  if (q.isError) return <ErrorAlert error={q.error} title="This selection cannot be shown" onRetry={() => q.refetch()} />;
  const s = q.data;
  const base = `/selections/${s.id}`;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/selections" size="sm">
        ← All selections
      </Anchor>
      <PageHeader
        title={`${title}: ${s.title}`}
        documentTitle={`${title} · ${s.title}`}
        description={
          <Group gap="xs" component="span">
            <SelectionStatusBadge status={s.status} />
            <Text span size="sm" c="dimmed">
              {s.clientOrg.name} · {s.candidates.length} candidate{s.candidates.length === 1 ? '' : 's'} · {s.members.filter((m) => m.roles.includes('evaluator')).length}{' '}
              evaluator{s.members.filter((m) => m.roles.includes('evaluator')).length === 1 ? '' : 's'}
            </Text>
          </Group>
        }
      />
      <Group component="nav" aria-label="Selection pages" gap="md" wrap="wrap" mt={-8}>
        {TABS.map((t) => {
          const to = `${base}${t.to}`;
          const current = pathname === to;
          return (
            <Anchor key={t.label} component={Link} to={to} aria-current={current ? 'page' : undefined} fw={current ? 700 : 500} underline={current ? 'always' : 'hover'}>
              {t.label}
            </Anchor>
          );
        })}
      </Group>
      {children(s)}
    </Stack>
  );
}
