import { Alert, Anchor, Button, DataList, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { personLabel } from '../people/tokens';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconBolt, IconFlag, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../app/api';
import { VisibilityBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { MarkdownView } from '../components/MarkdownView';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useRaidItem, useRiskOccurred, useUpdateRaid } from './api';
import { CLOSE } from './modal';
import { OverdueBadge, SeverityBadge, StatusBadge, TypeBadge } from './GovBadges';
import { NEEDED_FROM_LABEL, STATUSES, statusLabel, TYPE_LABEL } from './labels';
import { RaidFormModal, type RaidPreset } from './RaidFormModal';
import { RaiseEscalationModal } from './RaiseEscalationModal';
import type { RaidItem } from './types';
import { useDetailTitle } from '../engagements/Crumbs';
import { CommentThread } from '../comments/CommentThread';

function Facts({ item, engagementId }: { item: RaidItem; engagementId: string }) {
  const rows: [string, React.ReactNode][] = [['Owner', personLabel(item.ownerPerson)]];
  if (item.type === 'risk') {
    rows.push(
      ['Probability × impact', `${item.probability} × ${item.impact}`],
      ['Severity', item.severity ? <SeverityBadge key="sev" severity={item.severity} score={item.score} /> : '—'],
      ['Trigger', item.trigger || '—'],
      ['Mitigation', item.mitigation || '—'],
    );
  }
  if (item.type === 'dependency') {
    rows.push(
      ['Needed from', item.neededFrom ? NEEDED_FROM_LABEL[item.neededFrom] : '—'],
      [
        'Needed by',
        <Group key="nb" gap={6}>
          <span>{item.neededBy ? formatDate(item.neededBy) : '—'}</span>
          {item.overdue && <OverdueBadge />}
        </Group>,
      ],
    );
  }
  rows.push([item.type === 'issue' ? 'Raised' : 'First flagged', <Time key="f" iso={item.flaggedAt} mode="datetime" />]);
  if (item.occurredAt && item.type === 'risk') rows.push(['Happened', <Time key="o" iso={item.occurredAt} mode="datetime" />]);
  if (item.type === 'issue') {
    rows.push([
      'Seen coming?',
      item.unflagged ? (
        'No: nobody flagged it as a risk beforehand'
      ) : item.riskId ? (
        <Text key="r" size="sm" component="span">
          Yes:{' '}
          <Anchor component={Link} to={`/engagements/${engagementId}/raid/${item.riskId}`}>
            flagged as a risk
          </Anchor>
          {item.leadTimeDays !== null ? ` ${item.leadTimeDays} days before it happened` : ''}
        </Text>
      ) : (
        'Yes, as a risk'
      ),
    ]);
  }
  if (item.type === 'risk' && item.issueId) {
    rows.push([
      'Became',
      <Anchor key="i" component={Link} to={`/engagements/${engagementId}/raid/${item.issueId}`}>
        the issue it turned into
      </Anchor>,
    ]);
  }
  if (item.resolvedAt) rows.push(['Closed', <Time key="c" iso={item.resolvedAt} mode="datetime" />]);
  rows.push(['Added by', `${item.createdBy.name}`]);
  return (
    <DataList size="sm" labelWidth={150} gap={8}>
      {rows.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

/** Move the item through its type's statuses; an invalidated assumption asks for a risk or a decision next. */
function StatusControl({ item, engagementId, onPrompt }: { item: RaidItem; engagementId: string; onPrompt: (p: string) => void }) {
  const update = useUpdateRaid(engagementId, item.id);
  const options = STATUSES[item.type].filter((s) => s !== 'occurred' || item.status === 'occurred');
  const [value, setValue] = useState(item.status);
  const change = async () => {
    try {
      const res = await update.mutateAsync({ status: value });
      notifications.show({ color: 'teal', message: `${TYPE_LABEL[item.type]} is now ${statusLabel(res.item.status).toLowerCase()}.` });
      if (res.prompt) onPrompt(res.prompt);
    } catch {
      /* shown below */
    }
  };
  if (item.status === 'occurred') return null;
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Status"
          allowDeselect={false}
          data={options.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={value}
          onChange={(v) => setValue(v ?? item.status)}
          error={update.error instanceof ApiError ? update.error.details.find((d) => d.field === 'status')?.message : undefined}
          w={{ base: '100%', xs: 220 }}
        />
        <Button variant="default" onClick={change} loading={update.isPending} disabled={value === item.status}>
          Change status
        </Button>
      </Group>
      {update.isError && !(update.error instanceof ApiError && update.error.details.length) && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {errorMessage(update.error)}
        </Text>
      )}
    </Stack>
  );
}

/** "It happened": the risk becomes an issue linked to it (cannot be undone). */
function OccurredButton({ item, engagementId }: { item: RaidItem; engagementId: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [text, setText] = useState('');
  const occur = useRiskOccurred(engagementId, item.id);
  const navigate = useNavigate();
  const confirm = async () => {
    try {
      const issue = await occur.mutateAsync({ description: text });
      notifications.show({ color: 'teal', title: 'Recorded as an issue', message: 'The risk stays in the log, linked to the issue it became.' });
      close();
      navigate(`/engagements/${engagementId}/raid/${issue.id}`);
    } catch {
      /* shown in the dialog */
    }
  };
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconBolt size={16} aria-hidden />} onClick={open}>
        It happened
      </Button>
      <Modal closeButtonProps={CLOSE} opened={opened} onClose={close} title="The risk happened?" centered>
        <Stack gap="md">
          <Text size="sm">
            “{item.title}” becomes an issue, linked to this risk. The time between flagging it and now counts as early warning. This cannot be
            undone.
          </Text>
          <Textarea label="What happened" description="Leave empty to keep the risk's description" autosize minRows={3} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          {occur.isError && (
            <Text size="sm" c="var(--mantine-color-error)" role="alert">
              {errorMessage(occur.error)}
            </Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={occur.isPending}>
              Cancel
            </Button>
            <Button color="red" onClick={confirm} loading={occur.isPending}>
              Record as an issue
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function PromptAlert({ prompt, item, onRisk }: { prompt: string; item: RaidItem; onRisk: (p: RaidPreset) => void }) {
  const { engagement, can } = useEngagementCtx();
  const params = new URLSearchParams({ title: `What to do now that “${item.title}” does not hold`, context: `The assumption “${item.title}” turned out not to hold.` });
  return (
    <Alert color="orange" variant="light" title="What next?" role="status">
      <Stack gap="sm">
        <Text size="sm">{prompt}</Text>
        <Group gap="sm">
          <Button size="xs" onClick={() => onRisk({ type: 'risk', title: `Because “${item.title}” does not hold: `, description: '' })}>
            Raise a risk
          </Button>
          {can('decision.request') && (
            <Button size="xs" variant="default" component={Link} to={`/engagements/${engagement.id}/decisions/new?${params.toString()}`}>
              Request a decision
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

function ItemView({ item }: { item: RaidItem }) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const [editing, edit] = useDisclosure(false);
  const [escalating, escalate] = useDisclosure(false);
  const [prompt, setPrompt] = useState<string | null>(null);
  const [riskPreset, setRiskPreset] = useState<RaidPreset | null>(null);
  const writable = can('raid.write');
  const canOccur = writable && item.type === 'risk' && (item.status === 'open' || item.status === 'mitigating');
  const canEscalate = can('escalation.raise') && ((item.type === 'issue' && item.status === 'open') || (item.type === 'dependency' && item.overdue));

  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/raid`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> RAID log
      </Anchor>
      <PageHeader
        title={item.title}
        order={2}
        documentTitle={`${engagement.name}: ${item.title}`}
        actions={
          <>
            {canEscalate && (
              <Button color="red" leftSection={<IconFlag size={16} aria-hidden />} onClick={escalate.open}>
                Escalate
              </Button>
            )}
            {canOccur && <OccurredButton item={item} engagementId={id} />}
            {writable && (
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>
                Edit
              </Button>
            )}
          </>
        }
      />
      <Stack gap="md">
        <Group gap={6} wrap="wrap" mt={-8}>
          <TypeBadge type={item.type} />
          <StatusBadge status={item.status} />
          {item.severity && <SeverityBadge severity={item.severity} score={item.score} />}
          {item.overdue && <OverdueBadge />}
          <VisibilityBadge visibility={item.visibility} />
        </Group>
        {prompt && <PromptAlert prompt={prompt} item={item} onRisk={setRiskPreset} />}
        <Section order={3} title="Details" id="details">
          <Facts item={item} engagementId={id} />
          {writable && <StatusControl key={item.status} item={item} engagementId={id} onPrompt={setPrompt} />}
        </Section>
        <Section order={3} title="Description" id="description">
          {item.description ? (
            <MarkdownView source={item.description} />
          ) : (
            <Text size="sm" c="dimmed">
              No description.
            </Text>
          )}
        </Section>
        <CommentThread engagementId={id} subjectType="raid_item" subjectId={item.id} />
      </Stack>
      {editing && <RaidFormModal opened onClose={edit.close} item={item} />}
      {riskPreset && <RaidFormModal opened onClose={() => setRiskPreset(null)} preset={riskPreset} />}
      {escalating && (
        <RaiseEscalationModal
          opened
          onClose={escalate.close}
          subject={{ type: item.type === 'issue' ? 'issue' : 'dependency', id: item.id, title: item.title }}
        />
      )}
    </>
  );
}

export function RaidItemPage() {
  const { engagement } = useEngagementCtx();
  const { itemId = '' } = useParams();
  const q = useRaidItem(engagement.id, itemId);
  useDetailTitle(q.data?.title);
  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Not in the RAID log' : 'RAID item'} order={2} />
        <ErrorAlert error={notFound ? new Error('This item does not exist, or it is not shared with you.') : q.error} onRetry={notFound ? undefined : () => q.refetch()} />
      </>
    );
  }
  return <ItemView key={q.data.id} item={q.data} />;
}
