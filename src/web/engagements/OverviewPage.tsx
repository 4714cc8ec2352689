import { Anchor, Avatar, Box, Button, Grid, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconTarget } from '@tabler/icons-react';
import { useDeferredValue, useEffect } from 'react';
import { Link } from 'react-router';
import type { Member } from '../app/types';
import { ActivityList } from '../audit/ActivityList';
import { CharterStatus } from '../charter/CharterStatus';
import { RoleBadge } from '../components/Badges';
import { EmptyHint } from '../components/EmptyHint';
import { initials } from '../components/initials';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { DeliveryGlance } from '../delivery/DeliveryGlance';
import { GovernanceGlance, PendingDecisionsCard } from '../governance/OverviewCards';
import { FutureGlance } from '../agenda/FutureGlance';
import { TrustHeadlineCard } from '../trust/TrustHeadline';
import { useOverview } from './api';
import { useEngagementCtx } from './context';
import { OutcomeCard } from './OutcomeCard';

function MemberRow({ m }: { m: Member }) {
  return (
    <Group gap="sm" wrap="nowrap" component="li">
      <Avatar radius="xl" size="sm" color={m.side === 'provider' ? 'indigo' : 'teal'} alt="">
        {initials(m.user.name)}
      </Avatar>
      <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate>
        {m.user.name}
      </Text>
      <RoleBadge role={m.role} />
    </Group>
  );
}

/** Reports long main-thread tasks while the overview renders (read by the browser tests). */
function useLongTaskReport() {
  useEffect(() => {
    if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('longtask')) return;
    const obs = new PerformanceObserver((list) => {
      for (const t of list.getEntries()) console.info(`[candor:longtask] ${Math.round(t.duration)}ms at ${Math.round(t.startTime)}ms`);
    });
    obs.observe({ type: 'longtask', buffered: true });
    return () => obs.disconnect();
  }, []);
}

export function OverviewPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const { data: fresh, isError, error, refetch } = useOverview(id);
  // the page draws in a transition (React renders it in slices), the loader stays until it is ready (ADR 0035)
  const data = useDeferredValue(fresh);
  useLongTaskReport();

  // The title and the engagement's summary come from the engagement already loaded, so they draw before the
  // overview's own answer (the summary is the page's largest text: its LCP on a phone).
  const header = <PageHeader title="Overview" order={2} documentTitle={`${engagement.name}: overview`} description={engagement.summary || undefined} />;
  if (isError)
    return (
      <>
        {header}
        <ErrorAlert error={error} onRetry={() => refetch()} />
      </>
    );
  if (data === undefined)
    return (
      <>
        {header}
        <PageLoader heading={false} />
      </>
    );

  const provider = data.members.filter((m) => m.side === 'provider');
  const charterSection = (sectionId: string) => (
    <Section order={3} title="Charter" id={sectionId}>
      <CharterStatus
        summary={data.charter}
        engagementId={id}
        mySide={engagement.mySide}
        canPropose={can('charter.propose')}
        canAccept={can('charter.accept')}
      />
    </Section>
  );
  const client = data.members.filter((m) => m.side === 'client');

  return (
    <>
      {header}
      <Box mb="md">
        <TrustHeadlineCard engagementId={id} headline={data.trust} providerName={engagement.provider.name} clientName={engagement.client.name} />
      </Box>
      {/* On phones and tablets the charter state comes first: it may ask the reader to act. */}
      <Box hiddenFrom="lg" mb="md">
        {charterSection('charter-top')}
      </Box>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <PendingDecisionsCard engagementId={id} pending={data.pendingDecisions} />
            <Section order={3}
              title="Outcomes"
              id="outcomes"
              actions={
                <Anchor component={Link} to={`/engagements/${id}/charter`} size="sm">
                  Defined in the charter
                </Anchor>
              }
            >
              {data.outcomes.length === 0 ? (
                <EmptyHint icon={<IconTarget aria-hidden />} title="No outcomes yet" order={4}>
                  Outcomes come from the agreed charter: what the client wants to achieve and how it is measured.
                  {can('charter.propose') ? ' Propose a charter with outcomes to start tracking them.' : ''}
                </EmptyHint>
              ) : (
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
                  {data.outcomes.map((o) => (
                    <OutcomeCard key={o.id} outcome={o} engagementId={id} canMeasure={can('outcome.measure')} />
                  ))}
                </SimpleGrid>
              )}
            </Section>
            <Section order={3}
              title="Recent activity"
              id="activity"
              actions={
                <Anchor component={Link} to={`/engagements/${id}/activity`} size="sm">
                  Full audit log
                </Anchor>
              }
            >
              {data.recentActivity.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nothing has happened yet.
                </Text>
              ) : (
                <ActivityList entries={data.recentActivity} engagementId={data.engagement.id} nameOf={(uid) => data.members.find((m) => m.user.id === uid)?.user.name} />
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Box visibleFrom="lg">{charterSection('charter')}</Box>
            <DeliveryGlance engagementId={id} />
            <GovernanceGlance engagementId={id} />
            <FutureGlance engagementId={id} future={data.future} />
            <Section order={3} title="Notes" id="notes">
              <Text size="sm">
                {data.counts.notes === 0
                  ? 'No notes yet. Meeting notes and working notes live here.'
                  : `${data.counts.notes} note${data.counts.notes === 1 ? '' : 's'}${
                      data.counts.internalNotes ? `, of which ${data.counts.internalNotes} internal (provider only)` : ''
                    }.`}
              </Text>
              <Group gap="xs">
                <Button component={Link} to={`/engagements/${id}/notes`} size="xs" variant="default">
                  Open notes
                </Button>
                {can('note.create') && (
                  <Button component={Link} to={`/engagements/${id}/notes/new`} size="xs" variant="light">
                    Write a note
                  </Button>
                )}
              </Group>
            </Section>
            <Section order={3}
              title="Members"
              id="members"
              actions={
                <Anchor component={Link} to={`/engagements/${id}/members`} size="sm">
                  {can('invitation.create') ? 'Manage' : 'All members'}
                </Anchor>
              }
            >
              <Stack gap="xs">
                <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                  {engagement.provider.name}
                </Text>
                <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {provider.map((m) => (
                    <MemberRow key={m.user.id} m={m} />
                  ))}
                </Stack>
                <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt="xs">
                  {engagement.client.name}
                </Text>
                {client.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    Nobody from the client yet.{' '}
                    {can('invitation.create') && (
                      <Anchor component={Link} to={`/engagements/${id}/members`} size="sm">
                        Invite their sponsor
                      </Anchor>
                    )}
                  </Text>
                ) : (
                  <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                    {client.map((m) => (
                      <MemberRow key={m.user.id} m={m} />
                    ))}
                  </Stack>
                )}
              </Stack>
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
