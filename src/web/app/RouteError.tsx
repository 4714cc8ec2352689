import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** Last resort when a page throws while rendering (or a chunk fails to load after a deploy). */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <Container size="sm" py="xl" component="main">
      <Stack>
        <Title order={1}>Something broke on this page</Title>
        <Text>{message}</Text>
        <Text c="dimmed" size="sm">
          Reloading usually helps, for example after Candor was updated.
        </Text>
        <div>
          <Button onClick={() => window.location.reload()}>Reload</Button>
        </div>
      </Stack>
    </Container>
  );
}
