import { Alert, Anchor, Badge, Button, Card, DataList, Grid, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconFlag, IconReplace } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../app/api';
import { SideBadge, VisibilityBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { MarkdownView } from '../components/MarkdownView';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useDecision } from './api';
import { DecideForm } from './DecideForm';
import { DecisionStatusBadge, OverdueBadge } from './GovBadges';
import { decisionNumber } from './labels';
import { RaiseEscalationModal } from './RaiseEscalationModal';
import type { Decision } from './types';
import { useDetailTitle } from '../engagements/Crumbs';
import { CommentThread } from '../comments/CommentThread';

function Options({ d }: { d: Decision }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: Math.min(3, Math.max(d.options.length, 1)) }} spacing="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {d.options.map((o, i) => {
        const chosen = d.chosenOption === i;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: options are positional
          <Card key={i} component="li" withBorder radius="md" padding="sm" style={chosen ? { borderColor: 'var(--mantine-color-teal-7)', borderWidth: 2 } : undefined}>
            <Stack gap={6}>
              <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={650} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  Option {i + 1}: {o.title}
                </Text>
                {chosen && (
                  <Badge color="teal" variant="filled" radius="sm">
                    Chosen
                  </Badge>
                )}
              </Group>
              {o.description && <Text size="sm">{o.description}</Text>}
              <DataList size="sm" labelWidth={48} gap={2}>
                {(['cost', 'time', 'risk'] as const).map((k) => (
                  <DataList.Item key={k}>
                    <DataList.ItemLabel>{k === 'cost' ? 'Cost' : k === 'time' ? 'Time' : 'Risk'}</DataList.ItemLabel>
                    <DataList.ItemValue style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{o[k] || '—'}</DataList.ItemValue>
                  </DataList.Item>
                ))}
              </DataList>
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

function WhoDecides({ d }: { d: Decision }) {
  return (
    <DataList size="sm" labelWidth={130} gap={8}>
      <DataList.Item>
        <DataList.ItemLabel>Kind</DataList.ItemLabel>
        <DataList.ItemValue>{d.kind}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Decides</DataList.ItemLabel>
        <DataList.ItemValue>
          <Group gap={6} component="span">
            <span>{d.decider}</span>
            {d.deciderSide && <SideBadge side={d.deciderSide} />}
            {d.deciderExternal && (
              <Badge variant="light" color={d.deciderUnresolved ? 'orange' : 'gray'} size="sm">
                {d.deciderUnresolved ? 'name not matched to a member' : 'not a member (third party)'}
              </Badge>
            )}
          </Group>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Consulted</DataList.ItemLabel>
        <DataList.ItemValue>{d.consulted.length ? d.consulted.join(', ') : 'Nobody'}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Due</DataList.ItemLabel>
        <DataList.ItemValue>
          <Group gap={6} component="span">
            <span>{formatDate(d.dueDate)}</span>
            {d.overdue && <OverdueBadge />}
          </Group>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Requested</DataList.ItemLabel>
        <DataList.ItemValue>
          by {d.createdBy.name}, <Time iso={d.createdAt} />
        </DataList.ItemValue>
      </DataList.Item>
      {d.decidedBy && d.decidedAt && (
        <DataList.Item>
          <DataList.ItemLabel>Decided</DataList.ItemLabel>
          <DataList.ItemValue>
            by {d.decidedBy.name}, <Time iso={d.decidedAt} mode="datetime" />
          </DataList.ItemValue>
        </DataList.Item>
      )}
    </DataList>
  );
}

function Links({ d, engagementId }: { d: Decision; engagementId: string }) {
  if (!d.supersedes && !d.supersededBy) return null;
  return (
    <List size="sm" spacing={4}>
      {d.supersedes && (
        <List.Item>
          Replaces{' '}
          <Anchor component={Link} to={`/engagements/${engagementId}/decisions/${d.supersedes.id}`}>
            decision {decisionNumber(d.supersedes.number)}
          </Anchor>
        </List.Item>
      )}
      {d.supersededBy && (
        <List.Item>
          Replaced by{' '}
          <Anchor component={Link} to={`/engagements/${engagementId}/decisions/${d.supersededBy.id}`}>
            decision {decisionNumber(d.supersededBy.number)}
          </Anchor>
        </List.Item>
      )}
    </List>
  );
}

function DecisionView({ d }: { d: Decision }) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const [escalating, escalate] = useDisclosure(false);
  const mayDecide = d.canDecide; // the API decides who may decide (by user id), the page does not guess
  const canReplace = can('decision.request') && d.status !== 'superseded';

  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/decisions`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Decision log
      </Anchor>
      <PageHeader
        title={`${decisionNumber(d.number)} ${d.title}`}
        order={2}
        documentTitle={`${engagement.name}: decision ${decisionNumber(d.number)}`}
        actions={
          <>
            {d.overdue && can('escalation.raise') && (
              <Button color="red" leftSection={<IconFlag size={16} aria-hidden />} onClick={escalate.open}>
                Escalate
              </Button>
            )}
            {canReplace && (
              <Button variant="default" component={Link} to={`/engagements/${id}/decisions/new?supersedes=${d.id}`} leftSection={<IconReplace size={16} aria-hidden />}>
                Replace this decision
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        <Group gap={6} wrap="wrap" mt={-8}>
          <DecisionStatusBadge status={d.status} />
          {d.overdue && <OverdueBadge label="Overdue: anyone may escalate it" />}
          <VisibilityBadge visibility={d.visibility} />
        </Group>
        <Links d={d} engagementId={id} />
        {d.status === 'decided' && (
          <Alert color="teal" variant="light" title="Outcome" role="status">
            <Stack gap={4}>
              {d.chosenOption !== null && d.options[d.chosenOption] && (
                <Text size="sm" fw={600}>
                  Option {d.chosenOption + 1}: {d.options[d.chosenOption]!.title}
                </Text>
              )}
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {d.outcome}
              </Text>
            </Stack>
          </Alert>
        )}
        {mayDecide && (
          <Alert color="indigo" variant="light" title="You decide this" role="status">
            <Text size="sm">
              {d.overdue ? `It was due ${formatDate(d.dueDate)}.` : `By ${formatDate(d.dueDate)}.`} Read the context, the options and our
              recommendation, then record your decision at the end of this page.
            </Text>
          </Alert>
        )}
        {d.status === 'proposed' && !mayDecide && (
          <Text size="sm" c="dimmed">
            Waiting for {d.decider} to decide by {formatDate(d.dueDate)}.
          </Text>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Section order={3} title="Who decides" id="who">
              <WhoDecides d={d} />
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
            <Section order={3} title="Context" id="context">
              {d.context ? <MarkdownView source={d.context} /> : <Text size="sm" c="dimmed">No context given.</Text>}
            </Section>
          </Grid.Col>
        </Grid>
        <Section order={3} title="Options and trade-offs" id="options">
          <Options d={d} />
        </Section>
        <Section order={3} title="Our recommendation" id="recommendation">
          {d.recommendation ? <MarkdownView source={d.recommendation} /> : <Text size="sm" c="dimmed">None given.</Text>}
        </Section>
        {mayDecide && <DecideForm decision={d} engagementId={id} />}
        <CommentThread engagementId={id} subjectType="decision" subjectId={d.id} />
      </Stack>
      {escalating && <RaiseEscalationModal opened onClose={escalate.close} subject={{ type: 'decision', id: d.id, title: d.title }} />}
    </>
  );
}

export function DecisionPage() {
  const { engagement } = useEngagementCtx();
  const { decisionId = '' } = useParams();
  const q = useDecision(engagement.id, decisionId);
  useDetailTitle(q.data ? `${decisionNumber(q.data.number)} ${q.data.title}` : undefined);
  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Decision not found' : 'Decision'} order={2} />
        <ErrorAlert error={notFound ? new Error('This decision does not exist, or it is not shared with you.') : q.error} onRetry={notFound ? undefined : () => q.refetch()} />
      </>
    );
  }
  return <DecisionView key={q.data.id} d={q.data} />;
}
