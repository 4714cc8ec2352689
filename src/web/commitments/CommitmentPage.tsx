import { Alert, Anchor, Badge, Button, DataList, Grid, Group, List, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCalendarDue, IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ApiError, fieldErrors } from '../app/api';
import { SideBadge, VisibilityBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { CLOSE } from '../governance/modal';
import { isoDay } from '../governance/labels';
import { addDaysToDate } from '../../domain/commitments/rules';
import { useCommitment, useKeep, useRenegotiate } from './api';
import { CommitmentTimeline } from './CommitmentTimeline';
import { CommitmentStatusBadge, DueText, EARLY_DAYS, OUTCOME_LABEL, PastDueBadge } from './labels';
import type { CommitmentDetail } from './types';
import { useDetailTitle } from '../engagements/Crumbs';
import { CommentThread } from '../comments/CommentThread';

function RenegotiateModal({ c, engagementId, onClose }: { c: CommitmentDetail; engagementId: string; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 36em)');
  const renegotiate = useRenegotiate(engagementId, c.id);
  const form = useForm({
    initialValues: { newDueDate: '', reason: '' },
    validate: {
      newDueDate: (v) => (!/^\d{4}-\d{2}-\d{2}$/.test(v) ? 'Pick the new date' : v <= c.dueDate ? `Pick a date after ${formatDate(c.dueDate)}` : null),
      reason: (v) => (v.trim() ? null : 'Say why the date moves'),
    },
  });
  const early = c.daysToDue !== null && c.daysToDue >= EARLY_DAYS;
  const submit = form.onSubmit(async (v) => {
    try {
      await renegotiate.mutateAsync({ newDueDate: v.newDueDate, reason: v.reason.trim() });
      notifications.show({ color: 'teal', title: 'New date agreed', message: `${c.title}: due ${formatDate(v.newDueDate)}` });
      onClose();
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title="Renegotiate the due date" fullScreen={phone} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Due {formatDate(c.dueDate)}. {early ? `Renegotiating now is early: ${c.daysToDue} days before the due date.` : `Renegotiating now counts as late: less than ${EARLY_DAYS} day before the due date.`}
          </Text>
          <TextInput type="date" label="New due date" required min={[isoDay(0), addDaysToDate(c.dueDate, 1)].sort()[1]} data-autofocus {...form.getInputProps('newDueDate')} />
          <Textarea label="Reason" description="What changed, so both sides understand the new date" required autosize minRows={2} maxRows={8} {...form.getInputProps('reason')} />
          <FormError error={renegotiate.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={renegotiate.isPending}>
              Agree the new date
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function KeepModal({ c, engagementId, onClose }: { c: CommitmentDetail; engagementId: string; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 36em)');
  const keep = useKeep(engagementId, c.id);
  const form = useForm({
    initialValues: { deliveredOn: isoDay(0), note: '' },
    validate: { deliveredOn: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Pick the date it was delivered') },
  });
  const late = form.values.deliveredOn > c.dueDate;
  const submit = form.onSubmit(async (v) => {
    try {
      const r = await keep.mutateAsync({ deliveredOn: v.deliveredOn, note: v.note.trim() });
      notifications.show({ color: r.status === 'kept' ? 'teal' : 'orange', title: r.status === 'kept' ? 'Kept' : 'Delivered late', message: c.title });
      onClose();
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title={c.status === 'missed' ? 'Record the late delivery' : 'Record the delivery'} fullScreen={phone} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput type="date" label="Delivered on" required max={isoDay(0)} data-autofocus {...form.getInputProps('deliveredOn')} />
          {late && (
            <Alert color="orange" variant="light" role="status">
              After the due date ({formatDate(c.dueDate)}): the commitment counts as missed, with the late delivery recorded.
            </Alert>
          )}
          <Textarea label="Note" description="Optional: where to find it, what was delivered" autosize minRows={2} maxRows={6} {...form.getInputProps('note')} />
          <FormError error={keep.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={keep.isPending} color={late ? 'orange' : 'teal'}>
              {late ? 'Record late delivery' : 'Mark kept'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Facts({ c }: { c: CommitmentDetail }) {
  return (
    <DataList size="sm" labelWidth={110} gap={8}>
      <DataList.Item>
        <DataList.ItemLabel>Promised by</DataList.ItemLabel>
        <DataList.ItemValue>
          <Group gap={6} component="span">
            <SideBadge side={c.side} />
            {c.owner && <span>{c.owner.name}</span>}
          </Group>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Due</DataList.ItemLabel>
        <DataList.ItemValue>
          <DueText c={c} />
        </DataList.ItemValue>
      </DataList.Item>
      {c.outcome && (
        <DataList.Item>
          <DataList.ItemLabel>Outcome</DataList.ItemLabel>
          <DataList.ItemValue>{OUTCOME_LABEL[c.outcome]}</DataList.ItemValue>
        </DataList.Item>
      )}
      {c.deliveredOn && (
        <DataList.Item>
          <DataList.ItemLabel>Delivered</DataList.ItemLabel>
          <DataList.ItemValue>
            {formatDate(c.deliveredOn)}
            {c.daysLate ? `, ${c.daysLate} day${c.daysLate === 1 ? '' : 's'} late` : ''}
          </DataList.ItemValue>
        </DataList.Item>
      )}
      <DataList.Item>
        <DataList.ItemLabel>Phase</DataList.ItemLabel>
        <DataList.ItemValue>{c.phase?.name ?? '—'}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Recorded</DataList.ItemLabel>
        <DataList.ItemValue>
          by {c.createdBy.name}, <Time iso={c.createdAt} />
        </DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

function CommitmentView({ c }: { c: CommitmentDetail }) {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  const [renegotiating, renegotiate] = useDisclosure(false);
  const [keeping, keep] = useDisclosure(false);
  const mayRecordDelivery = c.canManage && (c.outstanding || (c.status === 'missed' && !c.deliveredOn));
  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/commitments`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Commitments
      </Anchor>
      <PageHeader
        title={c.title}
        order={2}
        documentTitle={`${engagement.name}: ${c.title}`}
        actions={
          c.canManage ? (
            <>
              {c.outstanding && (
                <Button variant="default" component={Link} to={`/engagements/${id}/commitments/${c.id}/edit`} leftSection={<IconPencil size={16} aria-hidden />}>
                  Edit
                </Button>
              )}
              {c.outstanding && (
                <Button variant="default" leftSection={<IconCalendarDue size={16} aria-hidden />} onClick={renegotiate.open}>
                  Renegotiate
                </Button>
              )}
              {mayRecordDelivery && (
                <Button color={c.status === 'missed' ? 'orange' : 'teal'} leftSection={<IconCircleCheck size={16} aria-hidden />} onClick={keep.open}>
                  {c.status === 'missed' ? 'Record late delivery' : 'Mark kept'}
                </Button>
              )}
            </>
          ) : null
        }
      />
      <Stack gap="md">
        <Group gap={6} wrap="wrap" mt={-8}>
          <CommitmentStatusBadge status={c.status} />
          {c.pastDue && <PastDueBadge />}
          {c.renegotiations > (c.status === 'renegotiated' ? 1 : 0) && (
            <Badge variant="outline" color="violet" radius="sm">
              Renegotiated {c.renegotiations}×
            </Badge>
          )}
          <VisibilityBadge visibility={c.visibility} />
        </Group>
        {c.pastDue && (
          <Alert color="red" variant="light" role="status">
            The due date has passed. Unless its delivery is recorded today, it is marked missed at the start of tomorrow (UTC) and both sides are told.
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Section order={3} title="The promise" id="facts">
              <Facts c={c} />
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
            <Stack gap="md">
              <Section order={3} title="What exactly" id="details">
                {c.details ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {c.details}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    No details given.
                  </Text>
                )}
              </Section>
              <Section order={3} title="Assumptions" id="assumptions">
                {c.assumptions ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {c.assumptions}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    None stated.
                  </Text>
                )}
              </Section>
              <Section order={3} title="Linked work items" id="items">
                {c.items.length ? (
                  <List size="sm" spacing={4}>
                    {c.items.map((i) => (
                      <List.Item key={i.id}>
                        <Anchor component={Link} to={`/engagements/${id}/items/${i.id}`} style={{ overflowWrap: 'anywhere' }}>
                          {i.title}
                        </Anchor>{' '}
                        <Text span size="xs" c="dimmed">
                          ({i.status.replace('_', ' ')})
                        </Text>
                      </List.Item>
                    ))}
                  </List>
                ) : (
                  <Text size="sm" c="dimmed">
                    None.
                  </Text>
                )}
              </Section>
            </Stack>
          </Grid.Col>
        </Grid>
        <Section order={3} title="Timeline" id="timeline">
          <CommitmentTimeline events={c.events} />
        </Section>
        <CommentThread engagementId={id} subjectType="commitment" subjectId={c.id} />
      </Stack>
      {renegotiating && <RenegotiateModal c={c} engagementId={id} onClose={renegotiate.close} />}
      {keeping && <KeepModal c={c} engagementId={id} onClose={keep.close} />}
    </>
  );
}

export function CommitmentPage() {
  const { engagement } = useEngagementCtx();
  const { commitmentId = '' } = useParams();
  const q = useCommitment(engagement.id, commitmentId);
  useDetailTitle(q.data?.title);
  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Commitment not found' : 'Commitment'} order={2} />
        <ErrorAlert error={notFound ? new Error('This commitment does not exist, or it is not shared with you.') : q.error} onRetry={notFound ? undefined : () => q.refetch()} />
      </>
    );
  }
  return <CommitmentView key={q.data.id} c={q.data} />;
}
