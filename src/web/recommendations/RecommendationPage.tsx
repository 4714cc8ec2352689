import { Alert, Anchor, Button, DataList, Grid, Group, List, Modal, Radio, Stack, Text, Textarea, TextInput, Timeline } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconMessageCheck, IconPencil, IconShare } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ApiError, fieldErrors } from '../app/api';
import { VisibilityBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useDetailTitle } from '../engagements/Crumbs';
import { CLOSE } from '../governance/modal';
import { isoDay } from '../governance/labels';
import { useItems } from '../delivery/api';
import { MultiSelect } from '@mantine/core';
import { useRecommendation, useRespond, useUpdateRecommendation } from './api';
import { AnswerBadge, EFFORT_LABEL, hours, KIND_HINT, KindBadge, money, STATUS_LABEL } from './labels';
import { figuresOf, RecommendationFields, type RecommendationValues } from './RecommendationFields';
import type { RecommendationDetail } from './types';
import { CommentThread } from '../comments/CommentThread';

const CHANGE_LABEL = { created: 'Recommended', edited: 'Edited', answered: 'Answered', shared: 'Shared with the client' } as const;

function EditModal({ r, engagementId, onClose }: { r: RecommendationDetail; engagementId: string; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 36em)');
  const update = useUpdateRecommendation(engagementId, r.id);
  const s = (n: number | null) => (n === null ? '' : n);
  const form = useForm<RecommendationValues>({
    initialValues: {
      kind: r.kind,
      title: r.title,
      recommendation: r.recommendation,
      benefit: r.benefit,
      riskOfNotActing: r.riskOfNotActing,
      effort: r.effort,
      costHours: s(r.costHours),
      costMoney: s(r.costMoney),
      avoidedHours: s(r.avoidedHours),
      avoidedMoney: s(r.avoidedMoney),
      replacesCost: s(r.replacesCost),
      outcomeId: r.outcome?.id ?? null,
    },
    validate: { title: (v) => (v.trim() ? null : 'Name the recommendation'), recommendation: (v) => (v.trim() ? null : 'Say what you recommend and why') },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      const text = { title: v.title.trim(), recommendation: v.recommendation.trim(), benefit: v.benefit, riskOfNotActing: v.riskOfNotActing, outcomeId: v.outcomeId };
      const next = await update.mutateAsync(r.frozen ? text : { ...text, ...figuresOf(v) });
      notifications.show({ color: 'teal', title: next.version === r.version ? 'Nothing changed' : `Version ${next.version} saved`, message: next.title });
      onClose();
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title="Edit the recommendation" fullScreen={phone} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Every change is a new version, shown on this page.
          </Text>
          <RecommendationFields form={form} engagementId={engagementId} currency={r.currency} frozen={r.frozen} />
          <FormError error={update.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save a new version
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function AnswerModal({ r, engagementId, onClose }: { r: RecommendationDetail; engagementId: string; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 36em)');
  const respond = useRespond(engagementId, r.id);
  const items = useItems(engagementId, { sort: 'title' }, 200);
  const open = (items.data?.pages[0]?.items ?? []).filter((i) => i.status !== 'done' && i.status !== 'dropped').map((i) => ({ value: i.id, label: i.title }));
  const form = useForm({
    initialValues: { response: 'accepted' as 'accepted' | 'declined' | 'deferred', reason: '', until: isoDay(30), workItems: '', droppedItemIds: [] as string[] },
    validate: {
      reason: (v, all) => (all.response === 'declined' && !v.trim() ? 'Say why you decline it' : null),
      until: (v, all) => (all.response === 'deferred' && !(v > isoDay(0)) ? 'Pick a day after today' : null),
    },
  });
  const resp = form.values.response;
  const accepted = resp === 'accepted';
  const submit = form.onSubmit(async (v) => {
    try {
      const titles = v.workItems.split('\n').map((t) => t.trim()).filter(Boolean);
      await respond.mutateAsync({
        response: v.response,
        reason: v.reason.trim(),
        ...(v.response === 'deferred' ? { until: v.until } : {}),
        ...(accepted && r.kind === 'do' && titles.length ? { workItems: titles.map((title) => ({ title })) } : {}),
        ...(accepted && (r.kind === 'dont' || r.kind === 'alternative') && v.droppedItemIds.length ? { droppedItemIds: v.droppedItemIds } : {}),
      });
      notifications.show({ color: 'teal', title: `Recommendation ${STATUS_LABEL[v.response].toLowerCase()}`, message: r.title });
      onClose();
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title="Your answer" fullScreen={phone} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            You answer for the client. The figures are frozen with your answer: {r.costHours !== null || r.costMoney !== null ? `cost ${[hours(r.costHours), money(r.costMoney, r.currency)].join(', ')}` : 'no cost stated'}
            {r.avoidedHours !== null || r.avoidedMoney !== null ? `; avoids ${[hours(r.avoidedHours), money(r.avoidedMoney, r.currency)].join(', ')}` : ''}.
          </Text>
          <Radio.Group label="Answer" required {...form.getInputProps('response')}>
            <Group mt="xs" gap="lg">
              <Radio value="accepted" label="Accept" />
              <Radio value="declined" label="Decline" />
              <Radio value="deferred" label="Defer" />
            </Group>
          </Radio.Group>
          {resp === 'deferred' && <TextInput type="date" label="Look at it again on" description="The lead and you are reminded on that day" required min={isoDay(1)} {...form.getInputProps('until')} />}
          <Textarea label="Reason" description={resp === 'declined' ? 'Required: why not' : 'Optional'} required={resp === 'declined'} autosize minRows={2} maxRows={6} {...form.getInputProps('reason')} />
          {accepted && r.kind === 'do' && (
            <Textarea label="Turn into work items" description="Optional: one title per line; each becomes a work item linked to this recommendation" autosize minRows={2} maxRows={8} {...form.getInputProps('workItems')} />
          )}
          {accepted && (r.kind === 'dont' || r.kind === 'alternative') && (
            <MultiSelect label="Work items it makes unnecessary" description="Optional: they are set to dropped and linked" data={open} searchable clearable maxValues={50} {...form.getInputProps('droppedItemIds')} />
          )}
          <FormError error={respond.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={respond.isPending} color={resp === 'declined' ? 'red' : resp === 'deferred' ? 'yellow' : 'teal'}>
              {resp === 'accepted' ? 'Accept' : resp === 'declined' ? 'Decline' : 'Defer'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Facts({ r }: { r: RecommendationDetail }) {
  const rows: [string, React.ReactNode][] = [
    ['Kind', KIND_HINT[r.kind]],
    ['Effort', EFFORT_LABEL[r.effort]],
    ['Cost', [r.costHours !== null ? hours(r.costHours) : null, r.costMoney !== null ? money(r.costMoney, r.currency) : null].filter(Boolean).join(', ') || '—'],
  ];
  if (r.avoidedHours !== null || r.avoidedMoney !== null) rows.push(['Work avoided', [r.avoidedHours !== null ? hours(r.avoidedHours) : null, r.avoidedMoney !== null ? money(r.avoidedMoney, r.currency) : null].filter(Boolean).join(', ')]);
  if (r.replacesCost !== null) rows.push(['Replaces work costing', money(r.replacesCost, r.currency)]);
  rows.push(['Outcome', r.outcome?.title ?? '—']);
  rows.push(['Against our revenue', r.againstRevenue ? 'Yes: we earn less if you accept' : 'No']);
  rows.push(['Recommended', <span key="by">by {r.createdBy.name}, <Time iso={r.createdAt} /></span>]);
  return (
    <DataList size="sm" labelWidth={130} gap={8}>
      {rows.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

function Answer({ r, engagementId }: { r: RecommendationDetail; engagementId: string }) {
  if (r.status === 'proposed') {
    return (
      <Text size="sm" c="dimmed">
        {r.visibility === 'internal' ? 'An internal draft: the client sees it once you share it.' : 'Waiting for the client sponsor’s answer.'}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Group gap={6}>
        <AnswerBadge status={r.status} />
        {r.deferredUntil && <Text size="sm">until {formatDate(r.deferredUntil)}</Text>}
      </Group>
      <Text size="sm">
        {r.respondedBy?.name ?? 'The client'}, {r.respondedAt ? <Time iso={r.respondedAt} /> : null}
      </Text>
      {r.reason && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          “{r.reason}”
        </Text>
      )}
      {r.phase && (
        <Text size="sm">
          Became the phase{' '}
          <Anchor component={Link} to={`/engagements/${engagementId}/phases`}>
            {r.phase.name}
          </Anchor>
        </Text>
      )}
      {r.items.length > 0 && (
        <List size="sm" spacing={4}>
          {r.items.map((i) => (
            <List.Item key={i.id}>
              {i.relation === 'created' ? 'Created ' : 'Dropped '}
              <Anchor component={Link} to={`/engagements/${engagementId}/items/${i.id}`} style={{ overflowWrap: 'anywhere' }}>
                {i.title}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                ({i.status.replace('_', ' ')})
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function Versions({ r }: { r: RecommendationDetail }) {
  return (
    <Timeline bulletSize={14} lineWidth={2} active={r.versions.length - 1}>
      {r.versions.map((v) => (
        <Timeline.Item key={v.version} title={`Version ${v.version}: ${CHANGE_LABEL[v.change]}`} data-version={v.version}>
          <Text size="xs" c="dimmed">
            {v.actor?.name ?? 'Candor'}, <Time iso={v.at} mode="datetime" />
          </Text>
          {v.changes.length > 0 && <Text size="sm">Changed: {v.changes.map((c) => c.replace(/([A-Z])/g, ' $1').toLowerCase()).join(', ')}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function RecommendationView({ r }: { r: RecommendationDetail }) {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  const [editing, edit] = useDisclosure(false);
  const [answering, answer] = useDisclosure(false);
  const share = useUpdateRecommendation(id, r.id);
  const doShare = async () => {
    try {
      await share.mutateAsync({ visibility: 'shared' });
      notifications.show({ color: 'teal', title: 'Shared with the client', message: r.title });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not shared', message: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/recommendations`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Recommendations
      </Anchor>
      <PageHeader
        title={r.title}
        order={2}
        documentTitle={`${engagement.name}: ${r.title}`}
        actions={
          <>
            {r.canEdit && (
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>
                Edit
              </Button>
            )}
            {r.canEdit && r.visibility === 'internal' && (
              <Button variant="default" leftSection={<IconShare size={16} aria-hidden />} onClick={doShare} loading={share.isPending}>
                Share with the client
              </Button>
            )}
            {r.canRespond && (
              <Button color="teal" leftSection={<IconMessageCheck size={16} aria-hidden />} onClick={answer.open}>
                {r.status === 'deferred' ? 'Answer again' : 'Answer'}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        <Group gap={6} wrap="wrap" mt={-8}>
          <KindBadge kind={r.kind} />
          <AnswerBadge status={r.status} />
          <VisibilityBadge visibility={r.visibility} />
          <Text size="xs" c="dimmed">
            version {r.version}
          </Text>
        </Group>
        {r.frozen && (
          <Alert color="gray" variant="light" role="status">
            The client answered on {r.respondedAt ? formatDate(r.respondedAt) : 'these figures'}: kind, effort, cost and work avoided are frozen. The text may still be corrected; every change is a new version.
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
            <Stack gap="md">
              <Section order={3} title="What we recommend, and why" id="recommendation">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {r.recommendation}
                </Text>
              </Section>
              <Section order={3} title="Expected benefit" id="benefit">
                <Text size="sm" c={r.benefit ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {r.benefit || 'Not stated.'}
                </Text>
              </Section>
              <Section order={3} title="Risk of not acting" id="risk">
                <Text size="sm" c={r.riskOfNotActing ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {r.riskOfNotActing || 'Not stated.'}
                </Text>
              </Section>
              <Section order={3} title="The client’s answer" id="answer">
                <Answer r={r} engagementId={id} />
              </Section>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Stack gap="md">
              <Section order={3} title="Figures" id="figures">
                <Facts r={r} />
              </Section>
              <Section order={3} title="Versions" id="versions">
                <Versions r={r} />
              </Section>
            </Stack>
          </Grid.Col>
        </Grid>
        <CommentThread engagementId={id} subjectType="recommendation" subjectId={r.id} />
      </Stack>
      {editing && <EditModal r={r} engagementId={id} onClose={edit.close} />}
      {answering && <AnswerModal r={r} engagementId={id} onClose={answer.close} />}
    </>
  );
}

export function RecommendationPage() {
  const { engagement } = useEngagementCtx();
  const { recommendationId = '' } = useParams();
  const q = useRecommendation(engagement.id, recommendationId);
  useDetailTitle(q.data?.title);
  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Recommendation not found' : 'Recommendation'} order={2} />
        <ErrorAlert error={notFound ? new Error('This recommendation does not exist, or it is not shared with you.') : q.error} onRetry={notFound ? undefined : () => q.refetch()} />
      </>
    );
  }
  return <RecommendationView key={q.data.id} r={q.data} />;
}
