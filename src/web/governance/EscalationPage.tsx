import { Alert, Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../app/api';
import { VisibilityBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useEscalation } from './api';
import { EscalationActions } from './EscalationActions';
import { EscalationLadder } from './EscalationLadder';
import { EscalationTimeline } from './EscalationTimeline';
import { EscalationStatusBadge } from './GovBadges';
import type { Escalation } from './types';
import { useDetailTitle } from '../engagements/Crumbs';

const SUBJECT_LABEL = { issue: 'Issue', decision: 'Decision', dependency: 'Dependency', concern: 'Concern', status_update: 'Status update' } as const;

export function subjectLink(engagementId: string, e: Escalation): string | null {
  if (!e.subject.id) return null;
  if (e.subject.type === 'status_update') return `/engagements/${engagementId}/status-updates/${e.subject.id}`;
  return e.subject.type === 'decision' ? `/engagements/${engagementId}/decisions/${e.subject.id}` : `/engagements/${engagementId}/raid/${e.subject.id}`;
}

function Subject({ e, engagementId }: { e: Escalation; engagementId: string }) {
  const to = subjectLink(engagementId, e);
  return (
    <Text size="sm">
      {SUBJECT_LABEL[e.subject.type]}
      {to ? (
        <>
          :{' '}
          <Anchor component={Link} to={to}>
            {e.subject.title ?? 'open it'}
          </Anchor>
        </>
      ) : (
        ' raised by a member'
      )}{' '}
      · raised by {e.raisedBy?.name ?? 'Candor (automatically)'}, <Time iso={e.createdAt} />
    </Text>
  );
}

function EscalationView({ e }: { e: Escalation }) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/escalations`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Escalations
      </Anchor>
      <PageHeader title={e.title} order={2} documentTitle={`${engagement.name}: escalation`} />
      <Stack gap="md">
        <Group gap={6} wrap="wrap" mt={-8}>
          <EscalationStatusBadge status={e.status} />
          <VisibilityBadge visibility={e.visibility} />
          <Subject e={e} engagementId={id} />
        </Group>
        {provider && e.visibility === 'internal' && (
          <Alert color="orange" variant="light" title="Internal escalation">
            Only your team sees it. The client is not notified and does not see the timeline.
          </Alert>
        )}
        {e.description && (
          <Paper withBorder radius="md" p="sm">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {e.description}
            </Text>
          </Paper>
        )}
        <Section order={3} title={`Ladder: level ${e.level} of ${e.ladder.length}`} id="ladder">
          <EscalationLadder e={e} />
          <EscalationActions e={e} engagementId={id} />
        </Section>
        {e.outcome && (
          <Alert color={e.status === 'resolved' ? 'teal' : 'gray'} variant="light" title={e.status === 'resolved' ? 'Outcome' : 'Closed'} role="status">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {e.outcome}
            </Text>
          </Alert>
        )}
        <Section order={3} title="Timeline" id="timeline">
          <EscalationTimeline e={e} />
        </Section>
      </Stack>
    </>
  );
}

export function EscalationPage() {
  const { engagement } = useEngagementCtx();
  const { escalationId = '' } = useParams();
  const q = useEscalation(engagement.id, escalationId);
  useDetailTitle(q.data?.title);
  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Escalation not found' : 'Escalation'} order={2} />
        <ErrorAlert error={notFound ? new Error('This escalation does not exist, or it is not shared with you.') : q.error} onRetry={notFound ? undefined : () => q.refetch()} />
      </>
    );
  }
  return <EscalationView e={q.data} />;
}
