import { Alert, Anchor, Badge, Button, Group, List, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { notifications } from '@mantine/notifications';
import { fieldErrors } from '../app/api';
import { CopyField } from '../components/CopyField';
import { EmptyHint } from '../components/EmptyHint';
import { FormError } from '../components/FormError';
import { formatDate } from '../components/Time';
import { evidenceFileUrl, useAddCandidate, useAddEvaluator, useAddEvidence, useAddRedFlag, useDecide, useDirectory, useInvite, useResultShares, useShareResult } from './api';
import { RED_FLAG_KINDS, RED_FLAG_LABEL, RedFlagBadge } from './labels';
import { isOwner, SelectionShell } from './SelectionNav';
import type { Candidate, EvidenceInput, RedFlagKind, SelectionDetail } from './types';

const MAX_BYTES = 5 * 1024 * 1024;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function EvidenceForm({ s, c }: { s: SelectionDetail; c: Candidate }) {
  const [kind, setKind] = useState<'note' | 'link' | 'document'>('note');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const add = useAddEvidence(s.id, c.id);
  const errors = fieldErrors(add.error);
  const tooBig = file !== null && file.size > MAX_BYTES;
  const submit = async () => {
    let body: EvidenceInput;
    if (kind === 'note') body = { kind, title, body: text };
    else if (kind === 'link') body = { kind, title, url: text };
    else {
      if (!file) return;
      body = { kind, title: title || file.name, fileName: file.name, contentType: file.type as never, data: await readBase64(file) };
    }
    add.mutate(body, {
      onSuccess: () => {
        setTitle('');
        setText('');
        setFile(null);
      },
    });
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label="Evidence"
            data={[
              { value: 'note', label: 'Note' },
              { value: 'link', label: 'Link' },
              { value: 'document', label: 'Document' },
            ]}
            value={kind}
            onChange={(v) => v && setKind(v as typeof kind)}
            allowDeselect={false}
            w={130}
          />
          <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} style={{ flex: '1 1 160px' }} required={kind !== 'document'} />
        </Group>
        {kind === 'note' && <Textarea label="Note" autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} error={errors.body} required />}
        {kind === 'link' && <TextInput label="Address" type="url" placeholder="https://" value={text} onChange={(e) => setText(e.currentTarget.value)} error={errors.url} required />}
        {kind === 'document' && (
          <Stack gap={4}>
            <label htmlFor={`file-${c.id}`}>
              <Text size="sm" fw={500}>
                File (PDF, Word, PowerPoint, Excel, image or text; at most 5 MB)
              </Text>
            </label>
            <input
              id={`file-${c.id}`}
              type="file"
              accept=".pdf,.docx,.pptx,.xlsx,.png,.jpg,.jpeg,.txt,.md"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
            {tooBig && (
              <Text size="sm" c="red.8">
                This file is larger than 5 MB.
              </Text>
            )}
          </Stack>
        )}
        <FormError error={add.error} />
        <Group>
          <Button type="submit" size="xs" variant="light" loading={add.isPending} disabled={tooBig || (kind === 'document' && !file)}>
            Add evidence
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RedFlagForm({ s, c }: { s: SelectionDetail; c: Candidate }) {
  const [kind, setKind] = useState<RedFlagKind | null>(null);
  const [evidence, setEvidence] = useState('');
  const add = useAddRedFlag(s.id, c.id);
  const errors = fieldErrors(add.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (kind)
          add.mutate(
            { kind, evidence },
            {
              onSuccess: () => {
                setKind(null);
                setEvidence('');
              },
            },
          );
      }}
    >
      <Stack gap="xs">
        <Select
          label="Red flag"
          placeholder="Pick a kind"
          data={RED_FLAG_KINDS.map((k) => ({ value: k, label: RED_FLAG_LABEL[k] }))}
          value={kind}
          onChange={(v) => setKind(v as RedFlagKind | null)}
          error={errors.kind}
        />
        <Textarea
          label="What raised it"
          description="A quote from the proposal or a note from a meeting"
          autosize
          minRows={2}
          value={evidence}
          onChange={(e) => setEvidence(e.currentTarget.value)}
          error={errors.evidence}
          required
        />
        <FormError error={add.error && !errors.evidence && !errors.kind ? add.error : null} />
        <Group>
          <Button type="submit" size="xs" variant="filled" color="red.9" loading={add.isPending} disabled={!kind || !evidence.trim()}>
            Record red flag
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CandidateCard({ s, c }: { s: SelectionDetail; c: Candidate }) {
  const [adding, setAdding] = useState<'evidence' | 'flag' | null>(null);
  const chosen = s.decision?.candidateId === c.id;
  return (
    <Paper withBorder radius="md" p="sm" component="article" aria-labelledby={`cand-${c.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h5" id={`cand-${c.id}`}>
            {c.name}
          </Title>
          <Group gap={4}>
            {chosen && (
              <Badge color="teal.8" variant="filled" radius="sm">
                Chosen
              </Badge>
            )}
            {!c.providerOrgId && (
              <Badge color="gray.7" variant="filled" radius="sm">
                Not on Candor yet
              </Badge>
            )}
          </Group>
        </Group>
        {c.redFlags.length > 0 && (
          <Stack gap={4}>
            {c.redFlags.map((f) => (
              <div key={f.id}>
                <RedFlagBadge kind={f.kind} />
                <Text size="sm" mt={2}>
                  “{f.evidence}” <Text span size="xs" c="dimmed">— {f.raisedBy.name}, {formatDate(f.raisedAt)}</Text>
                </Text>
              </div>
            ))}
          </Stack>
        )}
        {c.evidence.length === 0 ? (
          <Text size="sm" c="dimmed">
            No evidence yet.
          </Text>
        ) : (
          <List size="sm" spacing={4} aria-label={`Evidence for ${c.name}`}>
            {c.evidence.map((e) => (
              <List.Item key={e.id}>
                {e.kind === 'link' && e.url ? (
                  <Anchor href={e.url} target="_blank" rel="noreferrer noopener">
                    {e.title}
                  </Anchor>
                ) : e.kind === 'document' ? (
                  <Anchor href={evidenceFileUrl(s.id, c.id, e.id)}>
                    {e.title} ({e.fileName}, {Math.max(1, Math.round((e.size ?? 0) / 1024))} KB)
                  </Anchor>
                ) : (
                  <>
                    <Text span fw={500} size="sm">
                      {e.title}:
                    </Text>{' '}
                    {e.body}
                  </>
                )}
              </List.Item>
            ))}
          </List>
        )}
        {s.status !== 'decided' && (
          <Group gap="xs">
            <Button size="xs" variant="subtle" onClick={() => setAdding(adding === 'evidence' ? null : 'evidence')} aria-expanded={adding === 'evidence'}>
              Add evidence
            </Button>
            <Button size="xs" variant="filled" color="red.9" onClick={() => setAdding(adding === 'flag' ? null : 'flag')} aria-expanded={adding === 'flag'}>
              Raise a red flag
            </Button>
          </Group>
        )}
        {adding === 'evidence' && <EvidenceForm s={s} c={c} />}
        {adding === 'flag' && <RedFlagForm s={s} c={c} />}
        {s.status === 'decided' && isOwner(s) && c.providerOrgId && <ShareResult s={s} c={c} />}
      </Stack>
    </Paper>
  );
}

/**
 * The owner shares this candidate's own result with it: its score, range and
 * per-criterion means, never the others', the evaluators' names or comments.
 */
function ShareResult({ s, c }: { s: SelectionDetail; c: Candidate }) {
  const shares = useResultShares(s.id);
  const share = useShareResult(s.id, c.id);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const done = shares.data?.shares.find((x) => x.candidateId === c.id);
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => setOpen(!open)} aria-expanded={open}>
          {done ? 'Share its result again' : `Share its result with ${c.name}`}
        </Button>
        {done && (
          <Text size="xs" c="dimmed">
            Shared {formatDate(done.sharedAt)} by {done.sharedBy.name}
          </Text>
        )}
      </Group>
      {open && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await share.mutateAsync(message.trim() ? { message: message.trim() } : {}).then(
              () => {
                notifications.show({ color: 'teal', title: 'Result shared', message: `${c.name} can now read its own result` });
                setOpen(false);
                void shares.refetch();
              },
              () => undefined,
            );
          }}
        >
          <Stack gap="xs">
            <Text size="sm">
              {c.name} will see its own score, range and per-criterion means, and the kinds of red flag raised on it; never the other candidates, the evaluators' names or their comments.
            </Text>
            <Textarea label="A note to the candidate (optional)" description="Why it was or was not chosen" autosize minRows={2} maxRows={6} maxLength={2000} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
            <FormError error={share.error} />
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={share.isPending}>
                Share the result
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

function AddCandidate({ s }: { s: SelectionDetail }) {
  const dir = useDirectory();
  const [org, setOrg] = useState<string | null>(null);
  const [name, setName] = useState('');
  const add = useAddCandidate(s.id);
  const errors = fieldErrors(add.error);
  const taken = new Set(s.candidates.map((c) => c.providerOrgId));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(org ? { providerOrgId: org } : { name: name.trim() }, {
          onSuccess: () => {
            setOrg(null);
            setName('');
          },
        });
      }}
    >
      <Stack gap="xs">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="A provider on Candor"
            placeholder="Pick a provider"
            data={(dir.data?.providers ?? []).filter((p) => !taken.has(p.id)).map((p) => ({ value: p.id, label: p.name }))}
            value={org}
            onChange={(v) => {
              setOrg(v);
              if (v) setName('');
            }}
            clearable
            searchable
            error={errors.providerOrgId}
            style={{ flex: '1 1 200px' }}
          />
          <Text size="sm" c="dimmed" pb={8}>
            or
          </Text>
          <TextInput
            label="A new name"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              if (e.currentTarget.value) setOrg(null);
            }}
            error={errors.name}
            style={{ flex: '1 1 200px' }}
          />
          <Button type="submit" loading={add.isPending} disabled={!org && !name.trim()}>
            Add candidate
          </Button>
        </Group>
        <FormError error={add.error && !errors.name && !errors.providerOrgId ? add.error : null} />
      </Stack>
    </form>
  );
}

function Evaluators({ s }: { s: SelectionDetail }) {
  const dir = useDirectory();
  const [user, setUser] = useState<string | null>(null);
  const add = useAddEvaluator(s.id);
  const evaluators = s.members.filter((m) => m.roles.includes('evaluator'));
  const already = new Set(evaluators.map((m) => m.user.id));
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="evaluators-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="evaluators-title">
          Evaluators
        </Title>
        <Text size="sm" c="dimmed">
          Each evaluator scores on their own: nobody sees another’s scores before submitting their own.
        </Text>
        {evaluators.length === 0 ? (
          <Text size="sm">No evaluators yet.</Text>
        ) : (
          <List size="sm" spacing={4} aria-label="Evaluators">
            {evaluators.map((m) => (
              <List.Item key={m.user.id}>
                {m.user.name}
                {m.roles.includes('owner') ? ' (owner)' : ''} — submitted {m.submitted.length} of {s.candidates.length}
              </List.Item>
            ))}
          </List>
        )}
        {isOwner(s) && s.status !== 'decided' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (user) add.mutate({ userId: user }, { onSuccess: () => setUser(null) });
            }}
          >
            <Group gap="sm" align="flex-end" wrap="wrap">
              <Select
                label="Add an evaluator from your organization"
                placeholder="Pick a colleague"
                data={(dir.data?.colleagues ?? []).filter((u) => !already.has(u.id)).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
                value={user}
                onChange={setUser}
                searchable
                style={{ flex: '1 1 260px' }}
              />
              <Button type="submit" loading={add.isPending} disabled={!user}>
                Add evaluator
              </Button>
            </Group>
            <FormError error={add.error} />
          </form>
        )}
      </Stack>
    </Paper>
  );
}

function Decision({ s }: { s: SelectionDetail }) {
  const [candidate, setCandidate] = useState<string | null>(null);
  const [reasons, setReasons] = useState('');
  const decide = useDecide(s.id);
  const errors = fieldErrors(decide.error);
  const anySubmitted = s.members.some((m) => m.submitted.length > 0);
  if (s.decision) return <Invitation s={s} />;
  if (!isOwner(s)) return null;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="decision-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (candidate) decide.mutate({ candidateId: candidate, reasons });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="decision-title">
            Decision
          </Title>
          {!anySubmitted ? (
            <Text size="sm" c="dimmed">
              Record the decision once evaluators have submitted their scores and you have looked at the results.
            </Text>
          ) : (
            <>
              <Select
                label="Chosen candidate"
                placeholder="Pick the candidate"
                data={s.candidates.map((c) => ({ value: c.id, label: c.name }))}
                value={candidate}
                onChange={setCandidate}
                error={errors.candidateId}
                required
              />
              <Textarea
                label="Reasons"
                description="What decided it, and what you will watch for: it is carried into the engagement"
                autosize
                minRows={3}
                value={reasons}
                onChange={(e) => setReasons(e.currentTarget.value)}
                error={errors.reasons}
                required
              />
              <FormError error={decide.error && !errors.reasons && !errors.candidateId ? decide.error : null} />
              <Group>
                <Button type="submit" loading={decide.isPending} disabled={!candidate || !reasons.trim()}>
                  Record decision
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function Invitation({ s }: { s: SelectionDetail }) {
  const chosen = s.candidates.find((c) => c.id === s.decision?.candidateId);
  const [email, setEmail] = useState('');
  const [name, setName] = useState(s.title);
  const invite = useInvite(s.id);
  const errors = fieldErrors(invite.error);
  const link = invite.data?.link ?? null;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="decision-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="decision-title">
          Decision: {chosen?.name ?? 'chosen'}
        </Title>
        <Text size="sm">{s.decision!.reasons}</Text>
        <Text size="xs" c="dimmed">
          Recorded by {s.decision!.decidedBy.name} on {formatDate(s.decision!.decidedAt)}
        </Text>
        {s.engagementId ? (
          <Alert color="teal" variant="light" title="The engagement has started">
            <Anchor component={Link} to={`/engagements/${s.engagementId}`}>
              Open the engagement
            </Anchor>{' '}
            — it carries this selection’s scores, concerns and red flags.
          </Alert>
        ) : s.invitation && s.invitation.status === 'pending' && !link ? (
          <Alert color="indigo" variant="light" title={`Invitation sent to ${s.invitation.providerOrg.name}`}>
            {s.invitation.email ? `Waiting for ${s.invitation.email} to accept.` : 'Waiting for a user of the provider to accept.'} Once accepted, they become the
            engagement’s lead and you its sponsor.
          </Alert>
        ) : isOwner(s) && !link ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              invite.mutate({ ...(email.trim() ? { email: email.trim() } : {}), engagementName: name.trim() || s.title });
            }}
          >
            <Stack gap="xs">
              <Text size="sm">
                Invite {chosen?.name ?? 'the chosen provider'} to start the engagement. The person who accepts becomes its lead; you become its sponsor.
              </Text>
              <Group gap="sm" align="flex-end" wrap="wrap">
                <TextInput label="Engagement name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.engagementName} style={{ flex: '1 1 220px' }} />
                <TextInput
                  label="Their e-mail"
                  description={chosen?.providerOrgId ? 'Optional: any user of the provider may accept' : 'Needed: the provider has no user yet'}
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={errors.email}
                  style={{ flex: '1 1 220px' }}
                />
              </Group>
              <FormError error={invite.error && !errors.email && !errors.engagementName ? invite.error : null} />
              <Group>
                <Button type="submit" loading={invite.isPending}>
                  Invite the chosen provider
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
        {link && (
          <Stack gap={4}>
            <Text size="sm">{invite.data?.emailed ? 'The invitation was e-mailed. Its link:' : 'No e-mail was sent: share this link with them.'}</Text>
            <CopyField value={link} label="Invitation link" />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function SelectionPage() {
  return (
    <SelectionShell title="Selection">
      {(s) => (
        <Stack gap="lg">
          <Decision s={s} />
          <section aria-labelledby="candidates-title">
            <Stack gap="sm">
              <Title order={2} size="h4" id="candidates-title">
                Candidates
              </Title>
              {s.candidates.length === 0 ? (
                <EmptyHint icon={<IconUsers aria-hidden />} title="No candidates yet" order={3}>
                  Add the providers you are considering: existing organizations on Candor or new names.
                </EmptyHint>
              ) : (
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
                  {s.candidates.map((c) => (
                    <CandidateCard key={c.id} s={s} c={c} />
                  ))}
                </SimpleGrid>
              )}
              {isOwner(s) && s.status !== 'decided' && <AddCandidate s={s} />}
            </Stack>
          </section>
          <Evaluators s={s} />
        </Stack>
      )}
    </SelectionShell>
  );
}
