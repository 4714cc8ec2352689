import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { Suspense, useMemo } from 'react';
import { Outlet, useParams } from 'react-router';
import { ApiError } from '../app/api';
import { RoleBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { useEngagement } from './api';
import { EngagementContext, makeEngagementCtx } from './context';
import { EngagementNav } from './EngagementNav';

/** Shared frame of every engagement page: its name (the h1), who it is between, and the section links. */
export function EngagementLayout() {
  const { id = '' } = useParams();
  const { data, isPending, isError, error, refetch } = useEngagement(id);
  const ctx = useMemo(() => (data ? makeEngagementCtx(data) : null), [data]);

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
      <EngagementNav id={e.id} />
      <Suspense fallback={<PageLoader />}>
        <Outlet />
      </Suspense>
    </EngagementContext.Provider>
  );
}
