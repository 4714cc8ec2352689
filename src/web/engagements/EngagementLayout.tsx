import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Suspense, useCallback, useMemo, useState } from 'react';
import { Outlet, useLocation, useParams } from 'react-router';
import { ApiError } from '../app/api';
import { RoleBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { Later } from '../components/Later';
import { PageLoader } from '../components/PageLoader';
import { useEngagement } from './api';
import { EngagementContext, makeEngagementCtx } from './context';
import { DetailTitleContext, EngagementCrumbs } from './Crumbs';
import { documentTitleFor, locate } from './sections';

/** Shared frame of every engagement page: its name (the h1), who it is between, and the section links. */
export function EngagementLayout() {
  const { id = '' } = useParams();
  const { data, isPending, isError, error, refetch } = useEngagement(id);
  const ctx = useMemo(() => (data ? makeEngagementCtx(data) : null), [data]);
  // Where I am (sections.ts) names the breadcrumb and the tab; a detail page adds its object's name.
  const { pathname } = useLocation();
  const here = locate(pathname);
  const [named, setNamed] = useState<{ path: string; title: string } | null>(null);
  const setDetailTitle = useCallback(
    (path: string, title: string | null) => setNamed((cur) => (title ? { path, title } : cur?.path === path ? null : cur)),
    [],
  );
  const detailTitle = named && named.path === pathname ? named.title : null;
  useDocumentTitle(
    documentTitleFor({
      detail: here?.detail ? (detailTitle ?? here.detail.label) : null,
      page: here?.page.label ?? null,
      engagement: data?.name ?? (isError ? 'Engagement not found' : null),
    }),
  );

  if (isPending) return <PageLoader />;
  if (isError || !ctx) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Stack>
        <Title order={1} size="h2">
          {notFound ? 'Engagement not found' : 'Engagement'}
        </Title>
        <ErrorAlert
          error={notFound ? new Error('This engagement does not exist, or you are not one of its members.') : error}
          onRetry={notFound ? undefined : () => refetch()}
        />
      </Stack>
    );
  }
  const e = ctx.engagement;
  return (
    <EngagementContext.Provider value={ctx}>
      <DetailTitleContext.Provider value={setDetailTitle}>
      <Stack gap={6} mb="md">
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {e.name}
          </Title>
          {e.status === 'closed' && (
            <Badge color="gray" variant="light">
              Closed
            </Badge>
          )}
        </Group>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed">
            {e.provider.name} (provider) · {e.client.name} (client) · you are
          </Text>
          <RoleBadge role={e.myRole} />
        </Group>
      </Stack>
      {here && <EngagementCrumbs engagementId={e.id} here={here} detailTitle={detailTitle} />}
      {/* the frame above (the h1, often the largest text on a phone) commits and paints first; the page
          draws in a deferred render after it (ADR 0035) */}
      <Later fallback={<PageLoader />}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </Later>
      </DetailTitleContext.Provider>
    </EngagementContext.Provider>
  );
}
