import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from './session';

/** Shows its routes to signed-in people; sends everyone else to sign-in and back afterwards. */
export function RequireAuth() {
  const { data, isPending, isError, error, refetch } = useSession();
  const location = useLocation();
  if (isPending) {
    return (
      <Center mih="100dvh">
        <Loader aria-label="Loading Candor" />
      </Center>
    );
  }
  if (isError) {
    return (
      <Center mih="100dvh" p="md">
        <main>
          <ErrorAlert error={error} title="Candor could not load" onRetry={() => refetch()} />
        </main>
      </Center>
    );
  }
  if (!data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <Outlet />;
}
