import { ActionIcon, Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPlus, IconTrash } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldErrors } from '../app/api';
import type { Visibility } from '../app/types';
import { useCommitments } from '../commitments/api';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { useEngagementCtx } from '../engagements/context';
import { useRaid } from '../governance/api';
import { isoDay } from '../governance/labels';
import { VisibilityField } from '../governance/VisibilityField';
import { useMembers } from '../members/api';
import { type FailureReport, useCreateFailureReport, useFailureReport, useUpdateFailureReport } from './api';

interface Values {
  title: string;
  whatHappened: string;
  clientImpact: string;
  timeline: { at: string; what: string }[];
  cause: string;
  changes: string;
  followUps: { title: string; dueDate: string; ownerId: string | null }[];
  source: string | null; // "raid_item:ID" | "commitment:ID"
  visibility: Visibility;
}

const fromReport = (r: FailureReport | undefined): Values => ({
  title: r?.title ?? '',
  whatHappened: r?.whatHappened ?? '',
  clientImpact: r?.clientImpact ?? '',
  timeline: r?.timeline ?? [{ at: '', what: '' }],
  cause: r?.cause ?? '',
  changes: r?.changes ?? '',
  followUps: r?.followUps.map((f) => ({ title: f.title, dueDate: f.dueDate, ownerId: f.owner?.id ?? null })) ?? [],
  source: r?.source ? `${r.source.type}:${r.source.id}` : null,
  visibility: r?.visibility ?? 'internal',
});

/** Create (no reportId) or edit a failure report: blameless, in the order a reader needs it. */
export function FailureReportFormPage() {
  const { engagement } = useEngagementCtx();
  const { reportId = '' } = useParams();
  const existing = useFailureReport(engagement.id, reportId);
  if (reportId && existing.isPending) return <PageLoader />;
  return <ReportForm key={existing.data?.id ?? 'new'} report={existing.data} />;
}

function ReportForm({ report }: { report: FailureReport | undefined }) {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  const navigate = useNavigate();
  const create = useCreateFailureReport(id);
  const update = useUpdateFailureReport(id, report?.id ?? '');
  const members = useMembers(id);
  const raid = useRaid(id, {});
  const commitments = useCommitments(id, {});
  const published = report?.status === 'published';
  const form = useForm<Values>({
    initialValues: fromReport(report),
    validate: {
      title: (v) => (v.trim() ? null : 'Name what went wrong'),
      whatHappened: (v) => (v.trim() ? null : 'Say what happened'),
      clientImpact: (v) => (v.trim() ? null : 'Say what it meant for the client'),
      cause: (v) => (v.trim() ? null : 'Name the cause (of the system, not a person)'),
      changes: (v) => (v.trim() ? null : 'Say what changed so it does not happen again'),
    },
  });
  const providerMembers = (members.data ?? []).filter((m) => m.side === 'provider').map((m) => ({ value: m.user.id, label: m.user.name }));
  const sources = [
    ...(raid.data ?? []).filter((r) => r.type === 'issue' || r.type === 'risk').map((r) => ({ value: `raid_item:${r.id}`, label: `${r.type === 'issue' ? 'Issue' : 'Risk'}: ${r.title}` })),
    ...(commitments.data ?? []).map((c) => ({ value: `commitment:${c.id}`, label: `Commitment: ${c.title}` })),
  ];
  const submit = form.onSubmit(async (v) => {
    const [type, sid] = v.source ? (v.source.split(':') as ['raid_item' | 'commitment', string]) : [null, null];
    const body = {
      title: v.title.trim(),
      whatHappened: v.whatHappened,
      clientImpact: v.clientImpact,
      timeline: v.timeline.filter((t) => t.at.trim() || t.what.trim()),
      cause: v.cause,
      changes: v.changes,
      source: type && sid ? { type, id: sid } : null,
    };
    try {
      const saved = report
        ? await update.mutateAsync(published ? body : { ...body, followUps: v.followUps, visibility: v.visibility })
        : await create.mutateAsync({ ...body, followUps: v.followUps, visibility: v.visibility });
      notifications.show({ color: 'teal', message: report ? 'Saved.' : 'Draft saved. Publish it when it is ready.' });
      navigate(`/engagements/${id}/failure-reports/${saved.id}`);
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  const error = create.error ?? update.error;
  const area = (name: keyof Values, label: string, description: string) => (
    <CoachedTextarea engagementId={id} coach={form.values.visibility !== 'internal'} label={label} description={description} required autosize minRows={3} maxRows={14} {...form.getInputProps(name)} />
  );
  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/failure-reports`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Failure reports
      </Anchor>
      <PageHeader
        title={report ? 'Edit the failure report' : 'Report a failure'}
        order={2}
        description="Blameless: describe what the system and the process let happen, not who is at fault. Markdown works in the long fields."
      />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} maw={820}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput label="What went wrong" required placeholder="e.g. “Staging data was wiped by a migration”" data-autofocus {...form.getInputProps('title')} />
            {area('whatHappened', 'What happened', 'Plainly, in order')}
            {area('clientImpact', 'Impact on the client', 'What it cost them: time, data, money, trust')}
            <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
              <Title order={3} size="h5" component="legend">
                Timeline
              </Title>
              {form.values.timeline.map((_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and have no id
                <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput label="When" placeholder="2026-11-03 09:10" w={170} {...form.getInputProps(`timeline.${i}.at`)} />
                  <TextInput label="What" style={{ flex: 1, minWidth: 0 }} {...form.getInputProps(`timeline.${i}.what`)} />
                  <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove timeline entry ${i + 1}`} onClick={() => form.removeListItem('timeline', i)}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('timeline', { at: '', what: '' })}>
                  Add a timeline entry
                </Button>
              </Group>
            </Stack>
            {area('cause', 'Cause', 'What in the system or process allowed it')}
            {area('changes', 'What was changed so it does not happen again', 'Already done, not planned: plans are follow-ups')}
            <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
              <Title order={3} size="h5" component="legend">
                Follow-up commitments
              </Title>
              {published ? (
                <Text size="sm" c="dimmed">
                  The follow-ups are commitments in the ledger now; change them there.
                </Text>
              ) : (
                <>
                  <Text size="sm" c="dimmed">
                    Recorded as provider commitments in the ledger when the report is published.
                  </Text>
                  {form.values.followUps.map((_, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and have no id
                    <SimpleGrid key={i} cols={{ base: 1, sm: 4 }} spacing="xs" style={{ alignItems: 'end' }}>
                      <TextInput label="Commitment" style={{ gridColumn: 'span 2' }} {...form.getInputProps(`followUps.${i}.title`)} />
                      <TextInput type="date" label="Due" min={isoDay(0)} {...form.getInputProps(`followUps.${i}.dueDate`)} />
                      <Group gap="xs" wrap="nowrap" align="flex-end">
                        <Select label="Owner" placeholder="Nobody in particular" data={providerMembers} clearable style={{ flex: 1, minWidth: 0 }} {...form.getInputProps(`followUps.${i}.ownerId`)} />
                        <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove follow-up ${i + 1}`} onClick={() => form.removeListItem('followUps', i)}>
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    </SimpleGrid>
                  ))}
                  <Group>
                    <Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem('followUps', { title: '', dueDate: isoDay(14), ownerId: null })}>
                      Add a follow-up
                    </Button>
                  </Group>
                  {form.errors.followUps && (
                    <Text size="sm" c="red">
                      {form.errors.followUps}
                    </Text>
                  )}
                </>
              )}
            </Stack>
            <Select
              label="Came from"
              description="The issue, risk or commitment this report is about, if any"
              placeholder="Nothing: we noticed it ourselves"
              data={sources}
              clearable
              searchable
              {...form.getInputProps('source')}
              error={form.errors['source.id'] ?? form.errors.source}
            />
            {!published && <VisibilityField what="the draft" value={form.values.visibility} onChange={(v) => form.setFieldValue('visibility', v)} error={form.errors.visibility} />}
            <FormError error={error} />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to={report ? `/engagements/${id}/failure-reports/${report.id}` : `/engagements/${id}/failure-reports`}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending || update.isPending}>
                {report ? 'Save' : 'Save draft'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
