import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBriefcase, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../app/session';
import type { EngagementSummary } from '../app/types';
import { RoleBadge } from '../components/Badges';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useEngagements } from './api';
import { CreateEngagementModal } from './CreateEngagementModal';

function EngagementCard({ e }: { e: EngagementSummary }) {
  return (
    <Card withBorder radius="md" padding="lg" component="article">
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4">
            <Anchor component={Link} to={`/engagements/${e.id}`} c="inherit" fw={650}>
              {e.name}
            </Anchor>
          </Title>
          {e.status === 'closed' && (
            <Badge color="gray" variant="light">
              Closed
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {e.provider.name} for {e.client.name}
        </Text>
        {e.summary && (
          <Text size="sm" lineClamp={3}>
            {e.summary}
          </Text>
        )}
        <Group mt="auto" pt="xs" gap="xs">
          <Text size="xs" c="dimmed">
            Your role
          </Text>
          <RoleBadge role={e.myRole} />
        </Group>
      </Stack>
    </Card>
  );
}

export function EngagementsPage() {
  const me = useMe();
  const { data, isPending, isError, error, refetch } = useEngagements();
  const [opened, { open, close }] = useDisclosure(false);
  const canCreate = me.isAdmin || me.org?.kind === 'provider';

  const createButton = canCreate ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
      New engagement
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Engagements"
        description={canCreate ? 'The engagements you work on with your clients.' : 'The engagements you take part in.'}
        actions={data && data.length > 0 ? createButton : null}
      />
      {isPending ? (
        <PageLoader />
      ) : isError ? (
        <ErrorAlert error={error} onRetry={() => refetch()} />
      ) : data.length === 0 ? (
        <EmptyHint icon={<IconBriefcase aria-hidden />} title="No engagements yet" action={createButton}>
          {canCreate
            ? 'Start one for a client: you become its lead and can invite their sponsor.'
            : 'When a provider invites you to an engagement, it appears here.'}
        </EmptyHint>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
          {data.map((e) => (
            <EngagementCard key={e.id} e={e} />
          ))}
        </SimpleGrid>
      )}
      {canCreate && <CreateEngagementModal opened={opened} onClose={close} isAdmin={me.isAdmin} />}
    </>
  );
}
