import { Box, Center, Container, Group } from '@mantine/core';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { PageLoader } from '../components/PageLoader';
import { Brand } from './Brand';
import { ThemeToggle } from './ThemeToggle';

/** Pages for people not (yet) signed in: sign-in, password reset, invitations. */
export function PublicLayout() {
  return (
    <Box mih="100dvh" bg="var(--mantine-color-default-hover)">
      <Box component="header" px="md" py="sm">
        <Group justify="space-between">
          <Brand />
          <ThemeToggle />
        </Group>
      </Box>
      <Center component="main" id="main" px="md" pb="xl" pt={{ base: 'md', sm: 48 }}>
        <Container size={460} w="100%" p={0}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </Center>
    </Box>
  );
}
