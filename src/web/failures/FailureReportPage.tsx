import { Alert, Anchor, Button, DataList, Group, List, Stack, Text, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCircleCheck, IconPencil, IconSend } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../app/api';
import { CommentThread } from '../comments/CommentThread';
import { VisibilityBadge } from '../components/Badges';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { MarkdownView } from '../components/MarkdownView';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, Time } from '../components/Time';
import { useDetailTitle } from '../engagements/Crumbs';
import { useEngagementCtx } from '../engagements/context';
import { type FailureReport, useAcknowledgeFailureReport, useFailureReport, usePublishFailureReport } from './api';
import { ReportStatusBadge } from './FailureReportsPage';

function ReportView({ r }: { r: FailureReport }) {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  const publish = usePublishFailureReport(id, r.id);
  const ack = useAcknowledgeFailureReport(id, r.id);
  const sourceLink = r.source ? (r.source.type === 'raid_item' ? `/engagements/${id}/raid/${r.source.id}` : `/engagements/${id}/commitments/${r.source.id}`) : null;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/engagements/${id}/failure-reports`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> All failure reports
        </Group>
      </Anchor>
      <PageHeader
        title={r.title}
        order={2}
        description={
          <Group gap={6} component="span">
            <ReportStatusBadge status={r.status} />
            <VisibilityBadge visibility={r.visibility} />
            <span>
              {r.publishedAt && r.publishedBy ? (
                <>
                  Published by {r.publishedBy.name} <Time iso={r.publishedAt} />
                </>
              ) : (
                <>
                  Drafted by {r.createdBy.name} <Time iso={r.createdAt} />
                </>
              )}
            </span>
          </Group>
        }
        actions={
          <Group gap="xs">
            {r.canEdit && (
              <Button variant="default" component={Link} to={`/engagements/${id}/failure-reports/${r.id}/edit`} leftSection={<IconPencil size={16} aria-hidden />}>
                Edit
              </Button>
            )}
            {r.canEdit && r.status === 'draft' && (
              <ConfirmButton
                color="teal"
                variant="filled"
                leftSection={<IconSend size={16} aria-hidden />}
                title="Publish this failure report?"
                confirmLabel="Publish"
                message={`The client will see it and be notified${r.followUps.length ? `, and its ${r.followUps.length} follow-up${r.followUps.length === 1 ? '' : 's'} become provider commitments in the ledger` : ''}.`}
                onConfirm={() => publish.mutateAsync().then(() => notifications.show({ color: 'teal', message: 'Published: the client has been told.' }))}
              >
                Publish
              </ConfirmButton>
            )}
            {r.canAcknowledge && (
              <Button
                color="teal"
                leftSection={<IconCircleCheck size={16} aria-hidden />}
                loading={ack.isPending}
                onClick={() => ack.mutate(undefined, { onSuccess: () => notifications.show({ color: 'teal', message: 'Acknowledged.' }) })}
              >
                Acknowledge
              </Button>
            )}
          </Group>
        }
      />
      {ack.error && <Alert color="red">{errorMessage(ack.error)}</Alert>}
      {r.status === 'draft' && (
        <Alert color="gray" variant="light">
          A draft{r.visibility === 'internal' ? ' the client cannot see yet' : ' the client can already read and comment on'}. Publishing shares it and records its follow-ups in the commitments ledger.
        </Alert>
      )}
      <Section order={3} title="What happened" id="what">
        <MarkdownView source={r.whatHappened} />
      </Section>
      <Section order={3} title="Impact on the client" id="impact">
        <MarkdownView source={r.clientImpact} />
      </Section>
      <Section order={3} title="Timeline" id="timeline">
        {r.timeline.length === 0 ? (
          <Text size="sm" c="dimmed">
            No timeline entries.
          </Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2}>
            {r.timeline.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: entries are positional and may repeat a time
              <Timeline.Item key={`${t.at}-${i}`} title={t.at}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {t.what}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Section>
      <Section order={3} title="Cause" id="cause">
        <MarkdownView source={r.cause} />
      </Section>
      <Section order={3} title="What we changed so it does not happen again" id="changes">
        <MarkdownView source={r.changes} />
      </Section>
      <Section order={3} title="Follow-up commitments" id="followups">
        {r.status === 'published' ? (
          r.followUpCommitments.length ? (
            <List size="sm" spacing={4}>
              {r.followUpCommitments.map((c) => (
                <List.Item key={c.id}>
                  <Anchor component={Link} to={`/engagements/${id}/commitments/${c.id}`}>
                    {c.title}
                  </Anchor>{' '}
                  <Text span size="sm" c="dimmed">
                    — due {formatDate(c.dueDate)}, {c.status}
                  </Text>
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          )
        ) : r.followUps.length ? (
          <List size="sm" spacing={4}>
            {r.followUps.map((f) => (
              <List.Item key={`${f.title}-${f.dueDate}`}>
                {f.title}{' '}
                <Text span size="sm" c="dimmed">
                  — due {formatDate(f.dueDate)}
                  {f.owner ? `, ${f.owner.name}` : ''} (recorded in the ledger when published)
                </Text>
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed">
            None planned.
          </Text>
        )}
      </Section>
      <Section order={3} title="Where it came from and who has read it" id="about">
        <DataList>
          <DataList.Item>
            <DataList.ItemLabel>Came from</DataList.ItemLabel>
            <DataList.ItemValue>
              {r.source && sourceLink ? (
                <Anchor component={Link} to={sourceLink}>
                  {r.source.kind === 'commitment' ? 'Commitment' : r.source.kind === 'issue' ? 'Issue' : 'Risk'}: {r.source.title}
                </Anchor>
              ) : (
                'Reported by the provider itself'
              )}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Acknowledged by</DataList.ItemLabel>
            <DataList.ItemValue>
              {r.acknowledgements.length ? (
                <Stack gap={2}>
                  {r.acknowledgements.map((a) => (
                    <span key={a.user.id}>
                      {a.user.name}, <Time iso={a.at} mode="datetime" />
                    </span>
                  ))}
                </Stack>
              ) : r.status === 'published' ? (
                'Nobody on the client side yet'
              ) : (
                'Not published yet'
              )}
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Section>
      <CommentThread engagementId={id} subjectType="failure_report" subjectId={r.id} />
    </Stack>
  );
}

export function FailureReportPage() {
  const { engagement } = useEngagementCtx();
  const { reportId = '' } = useParams();
  const q = useFailureReport(engagement.id, reportId);
  useDetailTitle(q.data?.title);
  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Failure report not found' : 'Failure report'} order={2} />
        <ErrorAlert error={notFound ? new Error('This report does not exist, or it is not shared with you.') : q.error} onRetry={notFound ? undefined : () => q.refetch()} />
      </>
    );
  }
  return <ReportView key={q.data.id} r={q.data} />;
}
