import { Alert, Anchor, Badge, Button, Group, List, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconLock, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { fieldErrors } from '../app/api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { MarkdownView } from '../components/MarkdownView';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, formatDateTime } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useDetailTitle } from '../engagements/Crumbs';
import { useAcknowledge, usePublishStatus, useStatusUpdate } from './api';
import { HEALTH_LABEL, HealthBadge, plural } from './labels';
import type { StatusUpdate } from './types';
import { CommentThread } from '../comments/CommentThread';

function AcknowledgeForm({ u, engagementId }: { u: StatusUpdate; engagementId: string }) {
  const ack = useAcknowledge(engagementId, u.id);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = async (acknowledge: boolean) => {
    setError(null);
    try {
      await ack.mutateAsync({ acknowledge, comment: comment.trim() });
      setComment('');
      notifications.show({ color: 'teal', title: acknowledge ? 'Acknowledged' : 'Reply sent', message: 'The lead sees it.' });
    } catch (err) {
      setError(fieldErrors(err).comment ?? null);
    }
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="ack-title">
      <Stack gap="sm">
        <Text fw={600} id="ack-title">
          Your answer
        </Text>
        <Textarea label="Comment" description="Optional with an acknowledgement; needed for a reply only" autosize minRows={2} maxRows={6} value={comment} onChange={(e) => setComment(e.currentTarget.value)} error={error} />
        <FormError error={ack.error} />
        <Group gap="sm" wrap="wrap">
          {u.canAcknowledge && (
            <Button leftSection={<IconCircleCheck size={16} />} onClick={() => void send(true)} loading={ack.isPending}>
              Read, understood
            </Button>
          )}
          <Button variant="default" onClick={() => void send(false)} loading={ack.isPending}>
            Reply without acknowledging
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One status update: its health and reasons, the frozen text, the suggestion, who acknowledged. */
export function StatusUpdatePage() {
  const { engagement, can } = useEngagementCtx();
  const E = engagement.id;
  const { updateId = '' } = useParams();
  const q = useStatusUpdate(E, updateId);
  const publish = usePublishStatus(E);
  const title = q.data ? (q.data.status === 'draft' ? 'Draft status update' : `Status update of ${formatDate(q.data.publishedAt ?? q.data.createdAt)}`) : null;
  useDetailTitle(title);
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const u = q.data;
  const client = can('status.acknowledge');
  return (
    <Stack gap="lg">
      <PageHeader
        title={title ?? ''}
        actions={
          u.canEdit ? (
            <Group gap="sm">
              <Button variant="default" component={Link} to={`/engagements/${E}/status-updates/${u.id}/edit`} leftSection={<IconPencil size={16} />}>
                Edit
              </Button>
              <Button
                loading={publish.isPending}
                onClick={async () => {
                  await publish.mutateAsync(u.id);
                  notifications.show({ color: 'teal', title: 'Published', message: 'The client roles were notified.' });
                }}
              >
                Publish
              </Button>
            </Group>
          ) : undefined
        }
      />
      <FormError error={publish.error} />
      <Group gap="sm" wrap="wrap">
        <HealthBadge health={u.health} />
        {u.status === 'draft' && (
          <Badge variant="outline" color="gray" radius="sm">
            Draft: only the provider side sees it
          </Badge>
        )}
        {u.dueDate && (
          <Badge variant="outline" color={u.lateWorkingDays ? 'red' : 'gray'} radius="sm">
            {u.lateWorkingDays ? `${plural(u.lateWorkingDays, 'working day')} late: due ${formatDate(u.dueDate)}` : `On time: due ${formatDate(u.dueDate)}`}
          </Badge>
        )}
        {u.publishedBy && u.publishedAt && (
          <Text size="sm" c="dimmed">
            Published by {u.publishedBy.name}, {formatDateTime(u.publishedAt)}
          </Text>
        )}
      </Group>
      {u.health !== 'on_track' && (
        <Paper withBorder p="md" radius="md">
          <Stack gap={6}>
            <Text size="sm">
              <Text span fw={600}>
                Reason:{' '}
              </Text>
              {u.reason}
            </Text>
            <Text size="sm">
              <Text span fw={600}>
                Next step:{' '}
              </Text>
              {u.nextStep}
            </Text>
          </Stack>
        </Paper>
      )}
      {u.overrideSentence && (
        <Alert color="orange" variant="light" title={`Published as ${HEALTH_LABEL[u.health].toLowerCase()}`}>
          {u.overrideSentence}
        </Alert>
      )}
      {u.suggested && !u.overrideSentence && (
        <Text size="sm" c="dimmed">
          The data suggested {HEALTH_LABEL[u.suggested.health].toLowerCase()}
          {u.suggested.reasons.length ? `: ${u.suggested.reasons.join('; ')}` : ''}.
        </Text>
      )}
      <Section title="The update">
        <MarkdownView source={u.markdown} />
      </Section>
      {u.internalNote !== null && (u.internalNote.trim() || u.internalLines.length > 0) && (
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="internal-note">
          <Stack gap="xs">
            <Group gap="xs">
              <IconLock size={16} aria-hidden />
              <Text fw={600} id="internal-note">
                Internal note (provider side only)
              </Text>
            </Group>
            {u.internalNote.trim() && <Text size="sm">{u.internalNote}</Text>}
            {u.internalLines.length > 0 && (
              <List size="sm" spacing={4}>
                {u.internalLines.map((l) => (
                  <List.Item key={`${l.section}-${l.text}`}>{l.link ? <Anchor component={Link} to={l.link}>{l.text}</Anchor> : l.text}</List.Item>
                ))}
              </List>
            )}
          </Stack>
        </Paper>
      )}
      {u.status === 'published' && (
        <Section title="Acknowledgements">
          <Stack gap="sm">
            {u.acknowledgements.length === 0 ? (
              <Text size="sm" c={u.health === 'on_track' ? undefined : 'red.8'}>
                No client role has acknowledged it yet.
              </Text>
            ) : (
              <List size="sm" spacing={4} aria-label="Acknowledged by">
                {u.acknowledgements.map((a) => (
                  <List.Item key={`${a.user.id}-${a.at}`} icon={<IconCircleCheck size={16} color="var(--mantine-color-teal-7)" aria-hidden />}>
                    {a.user.name} acknowledged, {formatDateTime(a.at)}
                  </List.Item>
                ))}
              </List>
            )}
            {u.replies.length > 0 && (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  Replies
                </Text>
                {u.replies.map((r) => (
                  <Text size="sm" key={`${r.user.id}-${r.at}`}>
                    {r.user.name} ({formatDateTime(r.at)}): “{r.comment}”
                  </Text>
                ))}
              </Stack>
            )}
            {client && <AcknowledgeForm u={u} engagementId={E} />}
          </Stack>
        </Section>
      )}
      <CommentThread engagementId={E} subjectType="status_update" subjectId={u.id} />
    </Stack>
  );
}
