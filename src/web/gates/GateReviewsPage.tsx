import { Alert, Anchor, Badge, Button, Card, Group, Modal, ScrollArea, SimpleGrid, Stack, Table, Text, Textarea, ThemeIcon } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconCircleDashed, IconClipboardCheck, IconHandStop } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { CLOSE } from '../governance/modal';
import { useGateReviews, useReopen } from './api';
import { badgeLook, gapColor, questionLabel, ReviewStatusBadge, signed } from './labels';
import type { EngagementStop, GateReviewList, GateReviewSummary } from './types';

function SubmittedMark({ label, s }: { label: string; s: GateReviewSummary['provider'] }) {
  return (
    <Group gap={4} wrap="nowrap">
      <ThemeIcon size="sm" radius="xl" variant="light" color={s.submitted ? 'teal' : 'gray'} aria-hidden>
        {s.submitted ? <IconCircleCheck size={14} /> : <IconCircleDashed size={14} />}
      </ThemeIcon>
      <Text size="sm">
        {label}: {s.submitted ? <>answered {s.submittedAt && <Time iso={s.submittedAt} />}</> : 'not yet'}
      </Text>
    </Group>
  );
}

function ReviewCard({ r, engagementId }: { r: GateReviewSummary; engagementId: string }) {
  return (
    <Card withBorder padding="md" radius="md" component="article" aria-labelledby={`gate-${r.id}`}>
      <Stack gap={8}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Anchor component={Link} to={`/engagements/${engagementId}/gate-reviews/${r.id}`} fw={600} id={`gate-${r.id}`} style={{ overflowWrap: 'anywhere' }}>
            {r.phase.name}
          </Anchor>
          <ReviewStatusBadge r={r} />
        </Group>
        <SubmittedMark label="Provider" s={r.provider} />
        <SubmittedMark label="Client" s={r.client} />
        {r.decision ? (
          <Text size="sm" c="dimmed" lineClamp={2}>
            Decided {formatDate(r.decision.decidedAt)} by {r.decision.decidedBy.name}: {r.decision.rationale}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Opened {formatDate(r.openedAt)} · answers due {formatDate(r.answersDueOn)}
            {r.waitingFor.length > 0 && ` · waiting for ${r.waitingFor.join(' and ')}`}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** Per question and review: each side's score and the gap, louder the wider it is. */
function GapTable({ list }: { list: GateReviewList }) {
  const reviews = list.trend[0]?.points ?? [];
  if (reviews.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The comparison appears once both sides have answered a first review.
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">
        Each cell: the provider's score about itself · the client's score about the provider (1 to 5), and the gap between them.
      </Text>
      <ScrollArea type="auto" offsetScrollbars viewportProps={{ tabIndex: 0, 'aria-label': 'Scores per question, scrollable' }}>
      <Table striped withTableBorder style={{ minWidth: 220 + reviews.length * 110 }} aria-label="Scores per question and phase: provider, client and the gap between them">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Question</Table.Th>
            {reviews.map((p) => (
              <Table.Th key={p.reviewId} scope="col">
                {p.phaseName}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.trend.map((t) => (
            <Table.Tr key={t.question}>
              <Table.Th scope="row" fw={500}>
                {questionLabel(t.question)}
              </Table.Th>
              {t.points.map((p) => (
                <Table.Td key={p.reviewId}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" span aria-label={`provider ${p.provider ?? 'no score'}, client ${p.client ?? 'no score'}`}>
                      <strong>{p.provider ?? '–'}</strong> · <strong>{p.client ?? '–'}</strong>
                    </Text>
                    {p.gap !== null && p.gap !== 0 && (
                      <Badge size="sm" {...badgeLook(gapColor(p.gap), p.alert ? 'filled' : 'light')} radius="sm" title={p.alert ? 'A gap of two points or more: the conversation to have' : undefined}>
                        {signed(p.gap)}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      </ScrollArea>
    </Stack>
  );
}

function ReopenModal({ engagementId, onClose }: { engagementId: string; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 36em)');
  const reopen = useReopen(engagementId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError('Say why the engagement should go on');
    const r = await reopen.mutateAsync({ reason: reason.trim() }).catch(() => null);
    if (!r) return;
    notifications.show({ color: 'teal', title: r.stopped ? 'Asked to reopen' : 'Reopened', message: r.stopped ? 'It reopens when the other side asks too.' : 'New work can be planned again.' });
    onClose();
  };
  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title="Ask to reopen the engagement" fullScreen={phone} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">A stopped engagement reopens when both the provider lead and the client sponsor ask for it.</Text>
          <Textarea label="Why go on" required autosize minRows={3} data-autofocus value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} />
          <FormError error={reopen.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reopen.isPending}>
              Ask to reopen
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function StoppedBanner({ stop, engagementId }: { stop: EngagementStop; engagementId: string }) {
  const { can, engagement } = useEngagementCtx();
  const [open, modal] = useDisclosure(false);
  const mine = engagement.myRole === 'lead' ? stop.reopen.leadAskedAt : stop.reopen.sponsorAskedAt;
  return (
    <Alert color="red" variant="light" icon={<IconHandStop size={20} aria-hidden />} title="This engagement is stopped" role="status">
      <Stack gap={6}>
        <Text size="sm">
          {stop.stoppedAt && <>Stopped at a gate review on {formatDate(stop.stoppedAt)}. </>}
          {stop.reason}
        </Text>
        <Text size="sm">
          Nothing new can be planned until the lead and the sponsor both reopen it. Lead: {stop.reopen.leadAskedAt ? `asked ${formatDate(stop.reopen.leadAskedAt)}` : 'not asked'} · Sponsor:{' '}
          {stop.reopen.sponsorAskedAt ? `asked ${formatDate(stop.reopen.sponsorAskedAt)}` : 'not asked'}
        </Text>
        {can('engagement.reopen') && !mine && (
          <div>
            <Button size="xs" variant="white" color="red" onClick={modal.open}>
              Ask to reopen
            </Button>
          </div>
        )}
        {stop.reviewId && (
          <Anchor component={Link} to={`/engagements/${engagementId}/gate-reviews/${stop.reviewId}`} size="sm">
            The review that stopped it
          </Anchor>
        )}
      </Stack>
      {open && <ReopenModal engagementId={engagementId} onClose={modal.close} />}
    </Alert>
  );
}

export function GateReviewsPage() {
  const { engagement } = useEngagementCtx();
  const q = useGateReviews(engagement.id);
  const header = (
    <PageHeader
      title="Gate reviews"
      description="At the end of each phase both sides answer the same questions, blind, and the sponsor decides whether to go on. A review opens when the lead asks for a phase's review."
      documentTitle={`${engagement.name}: gate reviews`}
    />
  );
  if (q.isPending) return <PageLoader />;
  if (q.isError)
    return (
      <>
        {header}
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      </>
    );
  const list = q.data;
  const alerts = list.trend.flatMap((t) => t.points.filter((p) => p.alert).map((p) => ({ ...p, question: t.question })));
  return (
    <>
      {header}
      <Stack gap="lg">
        {list.stop.stopped && <StoppedBanner stop={list.stop} engagementId={engagement.id} />}
        {list.reviews.length === 0 ? (
          <EmptyHint icon={<IconClipboardCheck size={28} aria-hidden />} title="No gate review yet">
            When a phase's work is done, the lead asks for its review on the{' '}
            <Anchor component={Link} to={`/engagements/${engagement.id}/phases`}>
              phases page
            </Anchor>
            .
          </EmptyHint>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {list.reviews.map((r) => (
              <ReviewCard key={r.id} r={r} engagementId={engagement.id} />
            ))}
          </SimpleGrid>
        )}
        <Section order={2} title="Where the sides see it differently" id="gaps">
          <Stack gap="sm">
            {alerts.length > 0 && (
              <Alert color="orange" variant="light" role="status" title={`${alerts.length} gap${alerts.length === 1 ? '' : 's'} of two points or more`}>
                <Stack gap={2}>
                  {alerts.map((a) => (
                    <Text size="sm" key={`${a.reviewId}-${a.question}`}>
                      {a.phaseName}, {questionLabel(a.question).toLowerCase()}: the provider says {a.provider}, the client {a.client}. That is the conversation to have.
                    </Text>
                  ))}
                </Stack>
              </Alert>
            )}
            <GapTable list={list} />
          </Stack>
        </Section>
      </Stack>
    </>
  );
}
