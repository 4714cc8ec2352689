import { AppShell, Box, Burger, Divider, Group, NavLink, ScrollArea, Skeleton, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBriefcase, IconScale, IconSearch, IconSettings, IconShieldCog } from '@tabler/icons-react';
import { type ReactNode, Suspense, useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { PageLoader } from '../components/PageLoader';
import { useEngagements } from '../engagements/api';
import { EngagementSections } from '../engagements/EngagementSections';
import { engagementIdIn } from '../engagements/useCurrent';
import { CommandPalette, PaletteButton, PaletteDrawerButton } from './CommandPalette';
import { Shortcuts } from './Shortcuts';
import { NotificationsBell } from '../notifications/NotificationsBell';
import { Brand } from './Brand';
import { SearchBox } from './SearchBox';
import { useLiveEvents } from './live';
import { useMe } from './session';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

function EngagementLinks({ pathname }: { pathname: string }) {
  const { data, isPending, isError } = useEngagements();
  if (isPending) return <Skeleton height={28} mx="sm" />;
  if (isError || !data?.length) return null;
  return (
    <>
      {data.map((e) => {
        const base = `/engagements/${e.id}`;
        return (
          <NavLink
            key={e.id}
            component={Link}
            to={base}
            label={e.name}
            active={pathname === base || pathname.startsWith(`${base}/`)}
            aria-current={pathname === base ? 'page' : undefined}
            pl="lg"
          />
        );
      })}
    </>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const me = useMe();
  // live bell and pages: one event stream per tab (app/live.ts)
  useLiveEvents(true);
  // Inside an engagement the navigation shows its sections; elsewhere, my engagements.
  const inEngagement = engagementIdIn(pathname);

  // On phones the navigation closes once a link is followed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: close when the path changes
  useEffect(() => close(), [pathname]);

  const item = (to: string, label: string, icon: ReactNode, exact = false) => {
    const active = exact ? pathname === to : pathname === to || pathname.startsWith(`${to}/`);
    return (
      <NavLink
        component={Link}
        to={to}
        label={label}
        leftSection={icon}
        active={active}
        aria-current={pathname === to ? 'page' : undefined}
      />
    );
  };

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Brand />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group visibleFrom="sm">
              <SearchBox />
            </Group>
            <PaletteButton />
            <ThemeToggle />
            <NotificationsBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="app-navigation" aria-label="Main">
        <AppShell.Section hiddenFrom="sm" p="xs">
          <SearchBox onDone={close} />
          <Box mt="xs">
            <PaletteDrawerButton onOpen={close} />
          </Box>
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          {inEngagement ? (
            <EngagementSections engagementId={inEngagement} pathname={pathname} />
          ) : (
            <>
              {item('/engagements', 'Engagements', <IconBriefcase size={18} aria-hidden />, true)}
              <EngagementLinks pathname={pathname} />
            </>
          )}
          <Divider my="xs" />
          {/* partner selections: a client organization's, before any engagement (issue 15) */}
          {me.org?.kind === 'client' && item('/selections', 'Partner selections', <IconScale size={18} aria-hidden />)}
          {/* what clients who evaluated us chose to share with us */}
          {me.org?.kind === 'provider' && item('/selection-feedback', 'Selection feedback', <IconScale size={18} aria-hidden />)}
          {item('/search', 'Search', <IconSearch size={18} aria-hidden />)}
          {item('/profile', 'Profile', <IconSettings size={18} aria-hidden />)}
          {me.isAdmin && item('/admin', 'Administration', <IconShieldCog size={18} aria-hidden />)}
        </AppShell.Section>
        <AppShell.Section p="xs">
          <Text size="xs" c="dimmed">
            {me.org ? `${me.org.name} · ${me.org.kind === 'provider' ? 'provider' : 'client'}` : 'No organization'}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <CommandPalette />
      <Shortcuts />
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
