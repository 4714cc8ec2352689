import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  Progress,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCircleCheck, IconCircleDashed, IconCircleX, IconEyeOff, IconLockOpen, IconPlus, IconShieldCheck, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage, fieldErrors } from '../app/api';
import { CommentThread } from '../comments/CommentThread';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDate, formatDateTime, Time } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useDetailTitle } from '../engagements/Crumbs';
import { isoDay } from '../governance/labels';
import type { SelectionBaseline } from '../selections/types';
import { useAddRemark, useDecide, useGateReview, useSaveAnswers, useSelectionBaseline } from './api';
import { badgeLook, DECISION_COLOR, DECISION_LABEL, gapColor, questionLabel, ReviewStatusBadge, signed } from './labels';
import type { Answer, GateDecision, GateReviewDetail, Question } from './types';

type Side = 'provider' | 'client';
const SIDE: Record<Side, string> = { provider: 'provider', client: 'client' };
const SCORE_HINT = '1 not at all · 3 partly · 5 fully';

function SubmittedLine({ who, s }: { who: string; s: GateReviewDetail['provider'] }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <ThemeIcon size="sm" radius="xl" variant="light" color={s.submitted ? 'teal' : 'gray'} aria-hidden mt={2}>
        {s.submitted ? <IconCircleCheck size={14} /> : <IconCircleDashed size={14} />}
      </ThemeIcon>
      <Text size="sm">
        <strong>{who}</strong>: {s.submitted ? <>submitted by {s.submittedBy?.name} {s.submittedAt && <Time iso={s.submittedAt} />}</> : 'not submitted yet'}
      </Text>
    </Group>
  );
}

/** The blind state, stated where nobody can miss it. */
function BlindBanner({ r }: { r: GateReviewDetail }) {
  const other: Side = r.you.side === 'provider' ? 'client' : 'provider';
  if (r.revealed) {
    return (
      <Alert color="teal" variant="light" icon={<IconLockOpen size={20} aria-hidden />} title="Both sides have answered: the answers are open" role="status">
        <Stack gap={4}>
          <Text size="sm">
            Revealed {r.revealedAt ? formatDateTime(r.revealedAt) : ''}. Both sides see everything, side by side.
            {r.reveal?.verified && ' Each side\'s answers match the sealed hash it submitted, so nobody changed an answer after seeing the other\'s.'}
          </Text>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="indigo" variant="light" icon={<IconEyeOff size={20} aria-hidden />} title="Blind until both sides have submitted" role="status">
      <Stack gap={6}>
        <Text size="sm">
          You see only the {SIDE[r.you.side]}'s answers and remarks. The {SIDE[other]}'s answers stay hidden from you, and yours from them, by every path (pages, e-mail, search,
          activity), until both sides have submitted. Who has submitted is visible; what they said is not.
        </Text>
        <SubmittedLine who="Provider" s={r.provider} />
        <SubmittedLine who="Client" s={r.client} />
      </Stack>
    </Alert>
  );
}

interface Draft {
  score: string | null;
  comment: string;
}

function AnswerForm({ r, engagementId }: { r: GateReviewDetail; engagementId: string }) {
  const save = useSaveAnswers(engagementId, r.id);
  const mine = (r.you.side === 'provider' ? r.answers.provider : r.answers.client) ?? [];
  const [draft, setDraft] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(
      r.questions.map((q) => {
        const a = mine.find((x) => x.question === q.key);
        return [q.key, { score: a?.score ? String(a.score) : null, comment: a?.comment ?? '' }];
      }),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: string, patch: Partial<Draft>) => setDraft((d) => ({ ...d, [key]: { ...d[key]!, ...patch } }));
  const scored = r.questions.filter((q) => draft[q.key]?.score).length;
  const body = (submit: boolean) => ({
    submit,
    answers: r.questions.map((q) => ({ question: q.key, score: draft[q.key]?.score ? Number(draft[q.key]!.score) : null, comment: draft[q.key]?.comment.trim() ?? '' })),
  });
  const run = async (submit: boolean) => {
    setErrors({});
    if (submit) {
      const missing = r.questions.filter((q) => !draft[q.key]?.score);
      if (missing.length) {
        setErrors(Object.fromEntries(missing.map((q) => [q.key, 'Give a score from 1 to 5 before you submit'])));
        return;
      }
    }
    try {
      await save.mutateAsync(body(submit));
      notifications.show({ color: 'teal', title: submit ? 'Answers submitted' : 'Draft saved', message: submit ? 'They are sealed: the other side sees them once it has submitted too.' : `${scored} of ${r.questions.length} questions scored.` });
    } catch (err) {
      const f = fieldErrors(err);
      const byKey: Record<string, string> = {};
      for (const [path, message] of Object.entries(f)) {
        const m = /^answers\.(\d+)\./.exec(path);
        if (m) byKey[r.questions[Number(m[1])]?.key ?? ''] = message;
      }
      setErrors(byKey);
    }
  };
  const sideWord = r.you.side === 'provider' ? "the provider's" : "the client's";
  return (
    <Stack gap="md">
      {r.questions.map((q, i) => (
        <QuestionField key={q.key} q={q} n={i + 1} side={r.you.side} value={draft[q.key]!} error={errors[q.key]} onChange={(p) => set(q.key, p)} />
      ))}
      <FormError error={save.error instanceof ApiError && save.error.status === 409 ? save.error : null} />
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed" aria-live="polite">
          {scored} of {r.questions.length} scored
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={() => run(false)} loading={save.isPending && !save.variables?.submit}>
            Save draft
          </Button>
          {r.you.canSubmit ? (
            <ConfirmButton
              color="indigo"
              title={`Submit ${sideWord} answers?`}
              message={`Submitted answers are final. The other side sees them once it has submitted its own; until then they see only that you have submitted.`}
              confirmLabel="Submit, final"
              onConfirm={() => run(true)}
              loading={save.isPending && !!save.variables?.submit}
            >
              Submit answers
            </ConfirmButton>
          ) : (
            <Text size="sm" c="dimmed">
              {r.you.side === 'provider' ? 'The lead submits the provider\'s answers.' : 'The sponsor submits the client\'s answers.'}
            </Text>
          )}
        </Group>
      </Group>
    </Stack>
  );
}

function QuestionField({ q, n, side, value, error, onChange }: { q: Question; n: number; side: Side; value: Draft; error?: string | undefined; onChange: (p: Partial<Draft>) => void }) {
  const text = side === 'provider' ? q.selfText : q.text;
  return (
    <Card withBorder padding="sm" radius="md">
      <Stack gap={8}>
        <Radio.Group
          label={
            <>
              {n}. {text}
            </>
          }
          description={`${questionLabel(q.key)}${q.custom ? ' (this engagement\'s own question)' : ''} · ${SCORE_HINT}`}
          value={value.score}
          onChange={(v) => onChange({ score: v })}
          error={error}
          name={`score-${q.key}`}
        >
          <Group gap="md" mt={6}>
            {[1, 2, 3, 4, 5].map((s) => (
              <Radio key={s} value={String(s)} label={String(s)} aria-label={`${s} of 5`} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea aria-label={`Comment on question ${n}`} placeholder="Why this score (optional)" autosize minRows={1} maxRows={6} value={value.comment} onChange={(e) => onChange({ comment: e.currentTarget.value })} />
      </Stack>
    </Card>
  );
}

function ReadOnlyAnswers({ answers, questions, side }: { answers: Answer[]; questions: Question[]; side: Side }) {
  return (
    <List spacing="xs" size="sm" listStyleType="none">
      {questions.map((q) => {
        const a = answers.find((x) => x.question === q.key);
        return (
          <List.Item key={q.key}>
            <Text size="sm" fw={500}>
              {side === 'provider' ? q.selfText : q.text} <Badge variant="light" radius="sm">{a?.score ?? '–'} / 5</Badge>
            </Text>
            {a?.comment && (
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {a.comment}
              </Text>
            )}
          </List.Item>
        );
      })}
    </List>
  );
}

/** What the client's evaluators scored the provider on this question when they chose it (the partner selection's baseline). */
function BaselineLine({ baseline, question, clientScore }: { baseline: SelectionBaseline; question: string; clientScore: number | null }) {
  const b = baseline.criteria.find((x) => x.key === question);
  if (!b || b.mean === null) return null;
  const moved = clientScore === null ? '' : clientScore > b.mean ? '; the client rates it higher now' : clientScore < b.mean ? '; the client rates it lower now' : '; the same now';
  const range = b.min !== null && b.max !== null && b.min !== b.max ? ` (${b.min}–${b.max})` : '';
  return (
    <Text size="xs" c="dimmed" data-baseline={question}>
      At the partner selection ({formatDate(baseline.decidedAt)}): {b.mean.toLocaleString('en', { maximumFractionDigits: 2 })} / 5 from the client’s evaluators{range}
      {moved}.
    </Text>
  );
}

/** Both sides, side by side, with the gap per question (provider minus client), and where the engagement began with a partner selection, what the client's evaluators scored then. */
function Comparison({ r, engagementId }: { r: GateReviewDetail; engagementId: string }) {
  const provider = r.answers.provider ?? [];
  const client = r.answers.client ?? [];
  const baseline = useSelectionBaseline(engagementId).data ?? null;
  return (
    <Stack gap="sm">
      {r.questions.map((q) => {
        const p = provider.find((a) => a.question === q.key);
        const c = client.find((a) => a.question === q.key);
        const g = r.gaps.find((x) => x.question === q.key);
        return (
          <Card key={q.key} withBorder padding="sm" radius="md" style={g?.alert ? { borderColor: 'var(--mantine-color-red-5)', borderWidth: 2 } : undefined}>
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text size="sm" fw={600}>
                  {questionLabel(q.key)}
                </Text>
                {g && g.gap !== null && (
                  <Badge {...badgeLook(gapColor(g.gap), g.alert ? 'filled' : 'light')} radius="sm" style={{ flexShrink: 0 }}>
                    {g.gap === 0 ? 'Same score' : `Gap ${signed(g.gap)}`}
                  </Badge>
                )}
              </Group>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                {(
                  [
                    ['Provider (self-assessment)', p, 'blue'],
                    ['Client', c, 'grape'],
                  ] as const
                ).map(([who, a, color]) => (
                  <Stack key={who} gap={2}>
                    <Group gap={6}>
                      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                        {who}
                      </Text>
                      <Badge color={color} variant="light" radius="sm">
                        {a?.score ?? '–'} / 5
                      </Badge>
                    </Group>
                    <Progress value={((a?.score ?? 0) / 5) * 100} color={color} size="sm" aria-label={`${who}: ${a?.score ?? 'no'} of 5`} />
                    {a?.comment && (
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {a.comment}
                      </Text>
                    )}
                  </Stack>
                ))}
              </SimpleGrid>
              {baseline && <BaselineLine baseline={baseline} question={q.key} clientScore={c?.score ?? null} />}
              {g?.alert && (
                <Text size="sm" c="red.8">
                  {g.gap! > 0 ? 'The provider rates itself higher than the client does' : 'The client rates the provider higher than the provider rates itself'}: the conversation to have.
                </Text>
              )}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

function Remarks({ r, engagementId }: { r: GateReviewDetail; engagementId: string }) {
  const add = useAddRemark(engagementId, r.id);
  const [body, setBody] = useState('');
  const [question, setQuestion] = useState<string | null>(null);
  const all = [...(r.remarks.provider ?? []).map((m) => ({ ...m, side: 'provider' as const })), ...(r.remarks.client ?? []).map((m) => ({ ...m, side: 'client' as const }))].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    await add.mutateAsync({ body: body.trim(), question }).then(
      () => {
        setBody('');
        setQuestion(null);
      },
      () => undefined,
    );
  };
  return (
    <Stack gap="sm">
      {all.length === 0 ? (
        <Text size="sm" c="dimmed">
          No remarks{r.revealed ? '' : ' from your side'} yet.
        </Text>
      ) : (
        <List spacing="xs" size="sm" listStyleType="none">
          {all.map((m) => (
            <List.Item key={m.id}>
              <Text size="sm">
                <strong>{m.author.name}</strong> ({m.side}){m.question ? ` on ${questionLabel(m.question).toLowerCase()}` : ''}, <Time iso={m.createdAt} />
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {m.body}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {r.you.canRemark && (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <Textarea label="Add a remark of your own" description="Shown as yours, and hidden from the other side until both sides have submitted" autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
            <Group gap="sm" align="flex-end">
              <Select label="About" placeholder="The review as a whole" clearable data={r.questions.map((q) => ({ value: q.key, label: questionLabel(q.key) }))} value={question} onChange={setQuestion} maw={280} />
              <Button type="submit" variant="light" loading={add.isPending} disabled={!body.trim()}>
                Add remark
              </Button>
            </Group>
            <FormError error={add.error} />
          </Stack>
        </form>
      )}
    </Stack>
  );
}

interface ConditionRow {
  rid: number;
  what: string;
  side: Side;
  dueDate: string;
}

function DecisionForm({ r, engagementId }: { r: GateReviewDetail; engagementId: string }) {
  const decide = useDecide(engagementId, r.id);
  const phone = useMediaQuery('(max-width: 36em)');
  const [decision, setDecision] = useState<GateDecision>('proceed');
  const [rationale, setRationale] = useState('');
  const [revisitOn, setRevisitOn] = useState('');
  const [conditions, setConditions] = useState<ConditionRow[]>([{ rid: 0, what: '', side: 'provider', dueDate: '' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async () => {
    setErrors({});
    try {
      await decide.mutateAsync({
        decision,
        rationale: rationale.trim(),
        conditions: decision === 'proceed_with_conditions' ? conditions.map((c) => ({ what: c.what.trim(), side: c.side, ...(c.dueDate ? { dueDate: c.dueDate } : {}) })) : [],
        ...(decision === 'pause' ? { revisitOn: revisitOn || null } : {}),
      });
      notifications.show({ color: DECISION_COLOR[decision], title: `Decided: ${DECISION_LABEL[decision].toLowerCase()}`, message: r.phase.name });
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  };
  const setRow = (i: number, p: Partial<ConditionRow>) => setConditions((cs) => cs.map((c, j) => (j === i ? { ...c, ...p } : c)));
  return (
    <Stack gap="md">
      <SegmentedControl
        aria-label="Decision"
        value={decision}
        onChange={(v) => setDecision(v as GateDecision)}
        data={(['proceed', 'proceed_with_conditions', 'pause', 'stop'] as const).map((d) => ({ value: d, label: DECISION_LABEL[d] }))}
        fullWidth
        orientation={phone ? 'vertical' : 'horizontal'}
      />
      <Text size="sm" c="dimmed">
        {decision === 'proceed' && 'The phase ends as done; the next phase can start.'}
        {decision === 'proceed_with_conditions' && 'The phase ends as done; each condition becomes a commitment in the ledger for the side that must meet it.'}
        {decision === 'pause' && 'The phase stays in review. Both sides are reminded on the date to revisit.'}
        {decision === 'stop' && 'The phase ends as stopped and the engagement stops: nothing new can be planned until the lead and the sponsor both reopen it.'}
      </Text>
      <Textarea label="Rationale" description="Why: part of the record both sides keep" required autosize minRows={3} value={rationale} onChange={(e) => setRationale(e.currentTarget.value)} error={errors.rationale} />
      {decision === 'proceed_with_conditions' && (
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            Conditions
          </Text>
          {errors.conditions && (
            <Text size="sm" c="red">
              {errors.conditions}
            </Text>
          )}
          {conditions.map((c, i) => (
            <Group key={c.rid} gap="xs" align="flex-start" wrap="wrap">
              <TextInput label="What must be met" required style={{ flex: '1 1 240px' }} value={c.what} onChange={(e) => setRow(i, { what: e.currentTarget.value })} error={errors[`conditions.${i}.what`] ?? errors[`conditions.${i}.title`]} />
              <Select label="By" data={[{ value: 'provider', label: 'Provider' }, { value: 'client', label: 'Client' }]} allowDeselect={false} value={c.side} onChange={(v) => setRow(i, { side: (v as Side) ?? 'provider' })} w={130} />
              <TextInput type="date" label="Due" required min={isoDay(0)} value={c.dueDate} onChange={(e) => setRow(i, { dueDate: e.currentTarget.value })} error={errors[`conditions.${i}.dueDate`]} w={170} />
              <ActionIcon variant="subtle" color="gray" mt={28} aria-label={`Remove condition ${i + 1}`} onClick={() => setConditions((cs) => cs.filter((_, j) => j !== i))} disabled={conditions.length === 1}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <div>
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setConditions((cs) => [...cs, { rid: Math.max(...cs.map((c) => c.rid), 0) + 1, what: '', side: 'provider', dueDate: '' }])}>
              Add condition
            </Button>
          </div>
        </Stack>
      )}
      {decision === 'pause' && <TextInput type="date" label="Revisit on" required min={isoDay(1)} value={revisitOn} onChange={(e) => setRevisitOn(e.currentTarget.value)} error={errors.revisitOn} maw={220} />}
      <FormError error={decide.error instanceof ApiError && Object.keys(fieldErrors(decide.error)).length === 0 ? decide.error : null} />
      <Group justify="flex-end">
        <ConfirmButton
          color={decision === 'stop' ? 'red' : 'indigo'}
          variant="filled"
          title={`${DECISION_LABEL[decision]}?`}
          message={decision === 'stop' ? 'This stops the engagement until the lead and the sponsor both reopen it.' : 'The decision is recorded for both sides and cannot be taken back.'}
          confirmLabel={DECISION_LABEL[decision]}
          onConfirm={submit}
          loading={decide.isPending}
        >
          Record the decision
        </ConfirmButton>
      </Group>
    </Stack>
  );
}

function DecisionView({ r, engagementId }: { r: GateReviewDetail; engagementId: string }) {
  const d = r.decision!;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge {...badgeLook(DECISION_COLOR[d.decision], 'filled')} size="lg" radius="sm">
          {DECISION_LABEL[d.decision]}
        </Badge>
        <Text size="sm">
          by {d.decidedBy.name}, {formatDateTime(d.decidedAt)}
          {d.revisitOn && ` · revisit on ${formatDate(d.revisitOn)}`}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {d.rationale}
      </Text>
      {d.conditions.length > 0 && (
        <>
          <Text size="sm" fw={500}>
            Conditions, in the commitments ledger
          </Text>
          <List size="sm" spacing={4}>
            {d.conditions.map((c) => (
              <List.Item key={c.commitmentId}>
                <Anchor component={Link} to={`/engagements/${engagementId}/commitments/${c.commitmentId}`}>
                  {c.what}
                </Anchor>{' '}
                <Text span size="sm" c="dimmed">
                  ({c.side}, due {formatDate(c.dueDate)}, {c.status})
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

function Figure({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} style={{ hyphens: 'manual' }}>
        {label}
      </Text>
      <Text size="lg" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}

/** What the project already knows about the phase: assembled, never re-entered. */
function EvidencePanel({ r, engagementId }: { r: GateReviewDetail; engagementId: string }) {
  const e = r.evidence;
  const base = `/engagements/${engagementId}`;
  const met = e.exitCriteria.filter((c) => c.met).length;
  return (
    <Stack gap="md">
      <Text size="xs" c="dimmed">
        {formatDate(e.window.from)} to {formatDate(e.window.to)}
      </Text>
      <div>
        <Text size="sm" fw={600} mb={4}>
          Exit criteria: {met} of {e.exitCriteria.length} met
        </Text>
        <List size="sm" spacing={4} listStyleType="none">
          {e.exitCriteria.map((c) => (
            <List.Item key={c.text} icon={c.met ? <IconCircleCheck size={16} color="var(--mantine-color-teal-7)" aria-label="met" /> : <IconCircleX size={16} color="var(--mantine-color-red-7)" aria-label="not met" />}>
              {c.text}
            </List.Item>
          ))}
        </List>
      </div>
      <SimpleGrid cols={3} spacing="xs">
        <Figure label="Items done" value={e.items.done} />
        <Figure label="Dropped" value={e.items.dropped} />
        <Figure label="Open" value={e.items.open} />
      </SimpleGrid>
      <SimpleGrid cols={3} spacing="xs">
        <Figure label="Kept" value={e.commitments.kept} hint="commitments" />
        <Figure label={"Renego\u00adtiated"} value={e.commitments.renegotiated} />
        <Figure label="Missed" value={e.commitments.missed} />
      </SimpleGrid>
      <SimpleGrid cols={3} spacing="xs">
        <Figure label="Risks flagged" value={e.risks.flagged} />
        <Figure label="Issues" value={e.risks.issuesOccurred} hint={e.risks.issuesOccurred ? `${e.risks.issuesFlaggedBefore} flagged before` : undefined} />
        <Figure label="Decisions" value={e.decisions.taken} hint={e.decisions.medianDaysToDecide !== null ? `median ${e.decisions.medianDaysToDecide} days` : undefined} />
      </SimpleGrid>
      {e.budget && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            Budget: {e.budget.actualHours} h spent of {e.budget.scopeHours} h planned
          </Text>
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              Spent {e.budget.percentSpent ?? '–'}%
            </Text>
            <Progress value={Math.min(100, e.budget.percentSpent ?? 0)} color={(e.budget.percentSpent ?? 0) > 100 ? 'red' : 'blue'} aria-label={`Spent ${e.budget.percentSpent ?? 0}% of the planned hours`} />
            <Text size="xs" c="dimmed">
              Time elapsed {e.budget.percentElapsed ?? '–'}%
            </Text>
            <Progress value={Math.min(100, e.budget.percentElapsed ?? 0)} color="gray" aria-label={`${e.budget.percentElapsed ?? 0}% of the phase's time elapsed`} />
          </Stack>
        </div>
      )}
      <div>
        <Text size="sm" fw={600} mb={4}>
          Forecast at the start against what happened
        </Text>
        {e.forecast ? (
          <Text size="sm">
            On {formatDate(e.forecast.asOf)} the forecast said {e.forecast.dateP50 ? formatDate(e.forecast.dateP50) : '–'} (P50), {e.forecast.dateP85 ? formatDate(e.forecast.dateP85) : '–'} (P85); planned end{' '}
            {formatDate(e.forecast.plannedEnd)}. {e.forecast.actualEnd ? `It ended ${formatDate(e.forecast.actualEnd)}` : e.forecast.reviewRequestedOn ? `Review asked for ${formatDate(e.forecast.reviewRequestedOn)}` : ''}
            {e.forecast.daysAgainstP85 !== null && ` (${Math.abs(e.forecast.daysAgainstP85)} days ${e.forecast.daysAgainstP85 > 0 ? 'after' : 'before'} P85).`}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No forecast was recorded for this phase.
          </Text>
        )}
      </div>
      {(e.risks.list.length > 0 || e.decisions.list.length > 0) && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            In this phase
          </Text>
          <List size="sm" spacing={2}>
            {e.risks.list.slice(0, 8).map((x) => (
              <List.Item key={x.id}>
                <Anchor component={Link} to={`${base}/raid/${x.id}`}>
                  {x.title}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  ({x.type}
                  {x.flaggedBefore === false ? ', not flagged before' : x.flaggedBefore ? ', flagged before' : ''})
                </Text>
              </List.Item>
            ))}
            {e.decisions.list.slice(0, 8).map((d) => (
              <List.Item key={d.id}>
                <Anchor component={Link} to={`${base}/decisions/${d.id}`}>
                  D-{d.number} {d.title}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  ({d.daysToDecide} days{d.onTime ? '' : ', late'})
                </Text>
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}

function ReviewView({ r }: { r: GateReviewDetail }) {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  const mine = r.you.side === 'provider' ? r.answers.provider : r.answers.client;
  return (
    <>
      <Anchor component={Link} to={`/engagements/${id}/gate-reviews`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Gate reviews
      </Anchor>
      <PageHeader title={`Gate review: ${r.phase.name}`} order={2} documentTitle={`${engagement.name}: gate review of ${r.phase.name}`} />
      <Stack gap="md">
        <Group gap={6} mt={-8}>
          <ReviewStatusBadge r={r} />
          <Text size="sm" c="dimmed">
            Opened {formatDate(r.openedAt)} by {r.openedBy.name} · answers due {formatDate(r.answersDueOn)}
          </Text>
        </Group>
        <BlindBanner r={r} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
            <Stack gap="md">
              {r.revealed ? (
                <Section order={3} title="Side by side" id="comparison">
                  <Comparison r={r} engagementId={id} />
                </Section>
              ) : r.you.canAnswer ? (
                <Section order={3} title={r.you.side === 'provider' ? "The provider's self-assessment" : "The client's answers about the provider"} id="answers">
                  <AnswerForm r={r} engagementId={id} />
                </Section>
              ) : (
                <Section order={3} title={`The ${r.you.side}'s answers`} id="answers">
                  {r.you.yourSideSubmitted ? (
                    <Stack gap="xs">
                      <Group gap={6}>
                        <IconShieldCheck size={18} color="var(--mantine-color-teal-7)" aria-hidden />
                        <Text size="sm">Submitted and sealed. You will see the other side's answers once it has submitted.</Text>
                      </Group>
                      {mine && <ReadOnlyAnswers answers={mine} questions={r.questions} side={r.you.side} />}
                    </Stack>
                  ) : (
                    <Text size="sm">
                      {r.you.side === 'client'
                        ? 'The sponsor answers for the client. You can add a remark of your own below: it is shown as yours, and hidden from the provider until both sides have submitted.'
                        : 'Waiting for your side\'s answers.'}
                    </Text>
                  )}
                </Section>
              )}
              <Section order={3} title="Remarks" id="remarks">
                <Remarks r={r} engagementId={id} />
              </Section>
              <Section order={3} title="The sponsor's decision" id="decision">
                {r.decision && r.status === 'decided' ? (
                  <DecisionView r={r} engagementId={id} />
                ) : r.you.canDecide ? (
                  <Stack gap="sm">
                    {r.decision && <DecisionView r={r} engagementId={id} />}
                    <DecisionForm r={r} engagementId={id} />
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    {r.revealed ? 'Waiting for the sponsor to decide: proceed, proceed with conditions, pause or stop.' : 'The sponsor decides once both sides have submitted.'}
                  </Text>
                )}
              </Section>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Section order={3} title="Evidence from the phase" id="evidence">
              <EvidencePanel r={r} engagementId={id} />
            </Section>
          </Grid.Col>
        </Grid>
        {/* blind like the answers: until both sides have submitted, each side sees only its own side's comments */}
        <CommentThread engagementId={id} subjectType="gate_review" subjectId={r.id} />
      </Stack>
    </>
  );
}

export function GateReviewPage() {
  const { engagement } = useEngagementCtx();
  const { reviewId = '' } = useParams();
  const q = useGateReview(engagement.id, reviewId);
  useDetailTitle(q.data ? `Gate review: ${q.data.phase.name}` : null);
  if (q.isPending) return <PageLoader />;
  if (q.isError) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Gate review not found' : 'Gate review'} order={2} />
        <ErrorAlert error={notFound ? new Error('This gate review does not exist in this engagement.') : new Error(errorMessage(q.error))} onRetry={notFound ? undefined : () => q.refetch()} />
      </>
    );
  }
  return <ReviewView r={q.data} />;
}

