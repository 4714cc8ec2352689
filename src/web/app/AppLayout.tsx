import { AppShell, Box, Burger, Divider, Group, NavLink, Skeleton, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconBriefcase, IconScale, IconSearch, IconSettings, IconShieldCog } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Later } from '../components/Later';
import { PageLoader } from '../components/PageLoader';
import { useEngagements } from '../engagements/api';
import { EngagementSections } from '../engagements/EngagementSections';
import { engagementIdIn } from '../engagements/useCurrent';
import { PaletteButton, PaletteDrawerButton, usePaletteHotkeyUntilLoaded } from './PaletteButtons';
import { NotificationsBell } from '../notifications/NotificationsBell';
import { Brand } from './Brand';
import { SearchBox } from './SearchBox';
import { useLiveEvents } from './live';
import { useMe } from './session';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

// Loaded after the first page has drawn (ADR 0035): the palette (⌘K) and the one-key shortcuts.
const CommandPalette = lazy(async () => ({ default: (await import('./CommandPalette')).CommandPalette }));
const Shortcuts = lazy(async () => ({ default: (await import('./Shortcuts')).Shortcuts }));

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
  // On a phone the navigation is a drawer, closed at first: its ~330 elements are drawn the first time it
  // opens, not on every page load where nobody sees them (ADR 0036). 48em is Mantine's `sm`, the navbar's breakpoint.
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const [drawerOpenedOnce, setDrawerOpenedOnce] = useState(false);
  const drawNav = wide || opened || drawerOpenedOnce;
  const { pathname } = useLocation();
  const me = useMe();
  // live bell and pages: one event stream per tab (app/live.ts)
  useLiveEvents(true);
  usePaletteHotkeyUntilLoaded();
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
              onClick={() => {
                setDrawerOpenedOnce(true);
                toggle();
              }}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Brand />
          </Group>
          {/* the header's tools draw just after the page's frame (ADR 0035); the box keeps their height */}
          <Group gap="sm" wrap="nowrap" mih={36}>
            <Later>
              <Group visibleFrom="sm">
                <SearchBox />
              </Group>
              <PaletteButton />
              <ThemeToggle />
              <NotificationsBell />
              <UserMenu />
            </Later>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="app-navigation" aria-label="Main">
        {drawNav && (
          <>
            <AppShell.Section hiddenFrom="sm" p="xs">
              <SearchBox onDone={close} />
              <Box mt="xs">
                <PaletteDrawerButton onOpen={close} />
              </Box>
            </AppShell.Section>
            {/* the browser's own scrolling: Mantine's ScrollArea measured the page (a forced layout) on every render */}
            <AppShell.Section grow style={{ overflowY: 'auto', scrollbarWidth: 'thin', minHeight: 0 }}>
              {inEngagement ? (
                // a long list of links: drawn in a transition after the page's frame (ADR 0035)
                <Later fallback={<Skeleton height={200} mx="sm" aria-hidden />}>
                  <EngagementSections engagementId={inEngagement} pathname={pathname} />
                </Later>
              ) : (
                <>
                  {item('/engagements', 'Engagements', <IconBriefcase size={18} aria-hidden />, true)}
                  <EngagementLinks pathname={pathname} />
                </>
              )}
            </AppShell.Section>
            {/* Links that are the same on every page, in a section of their own: the engagement's list above
                them grows when it loads, and must not push them down (no layout shift). */}
            <AppShell.Section>
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
          </>
        )}
      </AppShell.Navbar>
      <Later>
        <Suspense fallback={null}>
          <CommandPalette />
          <Shortcuts />
        </Suspense>
      </Later>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
