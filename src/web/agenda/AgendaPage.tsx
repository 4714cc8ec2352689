import { Anchor, Button, Card, Group, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconCompass, IconPlus } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { SideBadge, VisibilityBadge } from '../components/Badges';
import { DataTable } from '../components/DataTable';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { MarkdownView } from '../components/MarkdownView';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useCreateParam } from '../engagements/useCreateParam';
import { useAgenda, useAgendaReviews } from './api';
import { DECISION_LABEL, EntryStatusBadge, KIND_LABEL, KindBadge, LINK_NOUN, linkPath, NextReview, talkedText } from './labels';
import { RaiseEntryModal } from './RaiseEntryModal';
import { RecordReviewModal } from './RecordReviewModal';
import type { AgendaEntry, AgendaKind, AgendaList, AgendaReview } from './types';
import { ExportCsvButton } from '../csv/ExportCsvButton';

const KINDS = [{ value: 'all', label: 'All kinds' }, ...(Object.keys(KIND_LABEL) as AgendaKind[]).map((k) => ({ value: k, label: KIND_LABEL[k] }))];

function Schedule({ a }: { a: AgendaList }) {
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="agenda-schedule">
      <Stack gap={6}>
        <Group gap="xs">
          <IconCalendarEvent size={18} aria-hidden />
          <Title order={3} size="h5" id="agenda-schedule">
            Reviewed {a.every} (charter)
          </Title>
        </Group>
        <NextReview due={a.nextReviewDue} overdue={a.overdue} today={a.today} />
        <Text size="sm" c="dimmed">
          {a.lastReview ? `Last review held ${formatDate(a.lastReview.heldOn)}` : 'No review held yet'} · The partnership {talkedText(a)}.
        </Text>
      </Stack>
    </Card>
  );
}

function EntryLink({ engagementId, e }: { engagementId: string; e: AgendaEntry }) {
  if (!e.link) return null;
  return (
    <Text size="xs">
      {LINK_NOUN[e.link.type]}:{' '}
      <Anchor component={Link} to={linkPath(engagementId, e.link)} size="xs" style={{ overflowWrap: 'anywhere' }}>
        {e.link.title}
      </Anchor>
    </Text>
  );
}

function EntriesTable({ engagementId, rows, label }: { engagementId: string; rows: AgendaEntry[]; label: string }) {
  return (
    <DataTable
      label={label}
      rows={rows}
      rowKey={(e) => e.id}
      rowProps={(e) => ({ 'data-entry': e.id, 'data-status': e.status })}
      primary={{
        key: 'title',
        header: 'Entry',
        cell: (e) => (
          <Stack gap={2}>
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {e.title}
            </Text>
            {e.details && (
              <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                {e.details}
              </Text>
            )}
          </Stack>
        ),
      }}
      columns={[
        { key: 'kind', header: 'Kind', nowrap: true, width: 140, cell: (e) => <KindBadge kind={e.kind} /> },
        {
          key: 'raised',
          header: 'Raised by',
          width: 190,
          cell: (e) => (
            <Stack gap={4} align="flex-start">
              <Text size="sm">{e.raisedBy.name}</Text>
              <SideBadge side={e.side} />
            </Stack>
          ),
        },
        {
          key: 'status',
          header: 'Status',
          width: 200,
          cell: (e) => (
            <Stack gap={4} align="flex-start">
              <EntryStatusBadge status={e.status} />
              <EntryLink engagementId={engagementId} e={e} />
              <VisibilityBadge visibility={e.visibility} />
            </Stack>
          ),
        },
        { key: 'raisedOn', header: 'Raised', nowrap: true, width: 120, cell: (e) => <Text size="sm">{formatDate(e.createdAt)}</Text> },
      ]}
      minWidth={820}
    />
  );
}

function Review({ engagementId, r }: { engagementId: string; r: AgendaReview }) {
  return (
    <Card withBorder padding="md" radius="md" component="article" aria-labelledby={`review-${r.id}`} data-review={r.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={4} size="h5" id={`review-${r.id}`}>
            Review of {formatDate(r.heldOn)}
          </Title>
          <Text size="xs" c="dimmed">
            recorded by {r.recordedBy.name}
          </Text>
        </Group>
        {r.attendees.length > 0 && (
          <Text size="sm" c="dimmed">
            Attended: {r.attendees.map((a) => a.name).join(', ')}
          </Text>
        )}
        <MarkdownView source={r.discussed} />
        {r.outcomes.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Decisions
            </Text>
            <List size="sm" spacing={4}>
              {r.outcomes.map((o) => (
                <List.Item key={o.entryId}>
                  <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {o.entryTitle}: <strong>{DECISION_LABEL[o.decision].toLowerCase()}</strong>
                    {o.link && (
                      <>
                        {' '}
                        →{' '}
                        <Anchor component={Link} to={linkPath(engagementId, o.link)} size="sm">
                          {o.link.title}
                        </Anchor>
                      </>
                    )}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

export function AgendaPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const q = useAgenda(id);
  const reviews = useAgendaReviews(id);
  const [kind, setKind] = useState('all');
  const [raising, setRaising] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const kindId = useId();
  useCreateParam('new', '1', () => setRaising(true));

  const actions = (
    <Group gap="sm">
      {can('agenda.write') && (
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setRaising(true)}>
          Add to the agenda
        </Button>
      )}
      {can('agenda.review') && (
        <Button variant="light" leftSection={<IconCalendarEvent size={16} aria-hidden />} onClick={() => setReviewing(true)} disabled={!q.data}>
          Record a review
        </Button>
      )}
    </Group>
  );

  const shown = (q.data?.entries ?? []).filter((e) => kind === 'all' || e.kind === kind);
  const onAgenda = shown.filter((e) => e.status === 'open' || e.status === 'kept');
  const decided = shown.filter((e) => e.status === 'dropped' || e.status === 'turned_into');

  return (
    <>
      <PageHeader
        title="Future agenda"
        order={2}
        documentTitle={`${engagement.name}: future agenda`}
        description="Ideas, needs, market changes and improvement opportunities beyond the current scope, raised by either side. Both sides review them on the charter's cadence and decide on each: keep it, drop it, or turn it into a phase, a recommendation or a decision."
        actions={
          <>
            <ExportCsvButton engagementId={id} register="agenda" />
            {actions}
          </>
        }
      />
      {q.isPending ? (
        <PageLoader label="Loading the future agenda…" />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Stack gap="lg">
          <Schedule a={q.data} />
          <Stack gap="sm" component="section" aria-labelledby="agenda-entries">
            <Title order={3} size="h4" id="agenda-entries">
              On the agenda
            </Title>
            <Stack gap={4} style={{ minWidth: 0, maxWidth: '100%' }}>
              <Text size="sm" fw={500} id={kindId}>
                Kind
              </Text>
              <SegmentedControl aria-labelledby={kindId} data={KINDS} value={kind} onChange={setKind} size="xs" style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }} />
            </Stack>
            {q.data.entries.length === 0 ? (
              <EmptyHint icon={<IconCompass aria-hidden />} title="Nothing on the agenda yet" order={4}>
                A good partner talks about the future, not only the current scope. Add an idea, a need, a market change or an improvement you see.
              </EmptyHint>
            ) : onAgenda.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing of this kind is waiting for a review.
              </Text>
            ) : (
              <EntriesTable engagementId={id} rows={onAgenda} label="Entries on the agenda" />
            )}
          </Stack>
          {decided.length > 0 && (
            <Stack gap="sm" component="section" aria-labelledby="agenda-decided">
              <Title order={3} size="h4" id="agenda-decided">
                Decided
              </Title>
              <EntriesTable engagementId={id} rows={decided} label="Decided entries" />
            </Stack>
          )}
          <Stack gap="sm" component="section" aria-labelledby="agenda-reviews">
            <Title order={3} size="h4" id="agenda-reviews">
              Review history
            </Title>
            {reviews.isPending ? (
              <PageLoader label="Loading reviews…" />
            ) : reviews.isError ? (
              <ErrorAlert error={reviews.error} onRetry={() => reviews.refetch()} />
            ) : reviews.data.length === 0 ? (
              <Text size="sm" c="dimmed">
                No review held yet.
              </Text>
            ) : (
              reviews.data.map((r) => <Review key={r.id} engagementId={id} r={r} />)
            )}
          </Stack>
        </Stack>
      )}
      {can('agenda.write') && <RaiseEntryModal opened={raising} onClose={() => setRaising(false)} />}
      {can('agenda.review') && q.data && <RecordReviewModal opened={reviewing} onClose={() => setReviewing(false)} agenda={q.data} />}
    </>
  );
}
