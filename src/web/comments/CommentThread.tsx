import { Avatar, Badge, Box, Button, Checkbox, Group, MultiSelect, Paper, Popover, Stack, Text, Textarea, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { IconLock, IconMoodSmile } from '@tabler/icons-react';
import { useState } from 'react';
import { REACTIONS, REACTION_NAMES } from '../../domain/comments/comments';
import { errorMessage } from '../app/api';
import { SideBadge } from '../components/Badges';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { initials } from '../components/initials';
import { MarkdownView } from '../components/MarkdownView';
import { Section } from '../components/Section';
import { Time } from '../components/Time';
import { useMembers } from '../members/api';
import { type Comment, type ReactionName, type SubjectRef, type SubjectType, useDeleteComment, useEditComment, usePostComment, useReact, useThread } from './api';

/** Mention tokens `@[Name](userId)` read as a bold @Name in the rendered Markdown. */
const renderMentions = (body: string) => body.replace(/@\[([^\]\n]{1,200})\]\([A-Za-z0-9-]{1,64}\)/g, (_m, name: string) => `**@${name.replace(/[*_`[\]]/g, '')}**`);

/**
 * The comment thread on one object (issue 12): Markdown comments rendered
 * safely, @mentions of members from the people picker, reactions, edit
 * history, tombstones, and — for provider roles — internal comments. Embed it
 * on any object page: `<CommentThread engagementId subjectType subjectId />`.
 */
export function CommentThread({
  engagementId,
  subjectType,
  subjectId,
  title = 'Comments',
  order = 3,
}: {
  engagementId: string;
  subjectType: SubjectType;
  subjectId: string;
  title?: string;
  /** Heading level of the thread's title (3 on detail pages, whose sections are 3). */
  order?: 2 | 3 | 4;
}) {
  const ref: SubjectRef = { engagementId, subjectType, subjectId };
  const thread = useThread(ref);
  const count = thread.data ? thread.data.comments.filter((c) => !c.deleted).length : null;
  return (
    <Section order={order} title={count === null ? title : `${title} (${count})`} id={`comments-${subjectType}-${subjectId}`}>
      {thread.isError ? (
        <ErrorAlert error={thread.error} title="The comments could not be loaded" onRetry={() => thread.refetch()} />
      ) : !thread.data ? (
        <Text size="sm" c="dimmed">
          Loading comments…
        </Text>
      ) : (
        <Stack gap="sm">
          {thread.data.comments.length === 0 && (
            <Text size="sm" c="dimmed">
              No comments yet. Ask a question, add context, or mention someone with the picker below.
            </Text>
          )}
          {thread.data.comments.map((c) => (
            <CommentItem key={c.id} comment={c} subject={ref} />
          ))}
          {thread.data.hiddenUntilRevealed > 0 && (
            <Text size="sm" c="dimmed" role="note">
              {thread.data.hiddenUntilRevealed} {thread.data.hiddenUntilRevealed === 1 ? 'comment' : 'comments'} from the other side will show once both sides have answered.
            </Text>
          )}
          <Composer subject={ref} canMarkInternal={thread.data.canMarkInternal} subjectInternal={thread.data.subjectVisibility === 'internal'} />
        </Stack>
      )}
    </Section>
  );
}

function CommentItem({ comment: c, subject }: { comment: Comment; subject: SubjectRef }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(c.body ?? '');
  const edit = useEditComment(subject);
  const remove = useDeleteComment(subject);
  const react = useReact(subject);
  if (c.deleted) {
    return (
      <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-default-hover)">
        <Text size="sm" c="dimmed" fs="italic">
          Comment deleted by {c.deletedBy?.name ?? 'someone'}
          {c.deletedAt && (
            <>
              {' '}
              · <Time iso={c.deletedAt} />
            </>
          )}
        </Text>
      </Paper>
    );
  }
  const color = c.side === 'provider' ? 'indigo' : 'teal';
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-label={`Comment by ${c.author.name}`}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Avatar radius="xl" size="sm" color={color} alt="">
          {initials(c.author.name)}
        </Avatar>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600}>
              {c.author.name}
            </Text>
            <SideBadge side={c.side} />
            {c.visibility === 'internal' && (
              <Badge variant="filled" color="orange" radius="sm" leftSection={<IconLock size={12} aria-hidden />}>
                Internal
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              <Time iso={c.createdAt} />
            </Text>
            {c.edited && <History comment={c} />}
          </Group>
          {editing ? (
            <Stack gap="xs" mt="xs">
              <Textarea label="Edit your comment" autosize minRows={2} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} error={edit.error ? errorMessage(edit.error) : undefined} />
              <Group gap="xs">
                <Button size="xs" loading={edit.isPending} disabled={!draft.trim()} onClick={() => edit.mutate({ id: c.id, body: draft }, { onSuccess: () => setEditing(false) })}>
                  Save
                </Button>
                <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          ) : (
            <Box mt={4} style={{ overflowWrap: 'anywhere' }}>
              <MarkdownView source={renderMentions(c.body ?? '')} />
            </Box>
          )}
          <Group gap={6} mt={6} wrap="wrap">
            {c.reactions.map((r) => (
              <Tooltip key={r.reaction} label={r.people.join(', ')} withArrow>
                <Button
                  size="compact-xs"
                  variant={r.mine ? 'light' : 'default'}
                  aria-pressed={r.mine}
                  onClick={() => react.mutate({ id: c.id, reaction: r.reaction, on: !r.mine })}
                >
                  {r.emoji} {r.count}
                  <VisuallyHidden>
                    {' '}
                    from {r.people.join(', ')}
                    {r.mine ? ' (yours: press to take it back)' : ''}
                  </VisuallyHidden>
                </Button>
              </Tooltip>
            ))}
            <ReactionPicker onPick={(reaction) => react.mutate({ id: c.id, reaction, on: !c.reactions.find((r) => r.reaction === reaction)?.mine })} />
            {c.canEdit && !editing && (
              <Button size="compact-xs" variant="subtle" onClick={() => {
                  setDraft(c.body ?? '');
                  setEditing(true);
                }}>
                Edit
              </Button>
            )}
            {c.canDelete && (
              <ConfirmButton size="compact-xs" variant="subtle" color="red" title="Delete this comment?" confirmLabel="Delete comment" message="The thread will show that you deleted it; the activity log keeps its words." onConfirm={() => remove.mutateAsync(c.id)}>
                Delete
              </ConfirmButton>
            )}
          </Group>
          {(react.error || remove.error) && (
            <Text size="xs" c="red" role="alert">
              {errorMessage(react.error ?? remove.error)}
            </Text>
          )}
        </Box>
      </Group>
    </Paper>
  );
}

function History({ comment: c }: { comment: Comment }) {
  return (
    <Popover width={320} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton aria-label="Edited: show earlier versions">
          <Text size="xs" c="dimmed" td="underline">
            edited
          </Text>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="xs" fw={600}>
            Earlier versions
          </Text>
          {c.history.map((h) => (
            <Box key={h.writtenAt}>
              <Text size="xs" c="dimmed">
                <Time iso={h.writtenAt} mode="datetime" />
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {h.body}
              </Text>
            </Box>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function ReactionPicker({ onPick }: { onPick: (r: ReactionName) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover opened={open} onChange={setOpen} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setOpen((o) => !o)} leftSection={<IconMoodSmile size={14} aria-hidden />}>
          React
        </Button>
      </Popover.Target>
      <Popover.Dropdown p={4}>
        <Group gap={2}>
          {REACTION_NAMES.map((r) => (
            <Button
              key={r}
              size="compact-sm"
              variant="subtle"
              aria-label={r.replace('_', ' ')}
              onClick={() => {
                onPick(r);
                setOpen(false);
              }}
            >
              {REACTIONS[r]}
            </Button>
          ))}
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}

function Composer({ subject, canMarkInternal, subjectInternal }: { subject: SubjectRef; canMarkInternal: boolean; subjectInternal: boolean }) {
  const [body, setBody] = useState('');
  const [mentions, setMentions] = useState<string[]>([]);
  const [internal, setInternal] = useState(false);
  const members = useMembers(subject.engagementId);
  const postComment = usePostComment(subject);
  const onlyProvider = internal || subjectInternal;
  const options = (members.data ?? []).filter((m) => !onlyProvider || m.side === 'provider').map((m) => ({ value: m.user.id, label: m.user.name }));
  const problems = (postComment.error as { details?: { field: string; message: string }[] } | null)?.details ?? [];
  const fieldError = (prefix: string) => problems.find((p) => p.field === prefix || p.field.startsWith(`${prefix}.`))?.message;
  const submit = () =>
    postComment.mutate(
      { body, mentions, internal },
      {
        onSuccess: () => {
          setBody('');
          setMentions([]);
          setInternal(false);
        },
      },
    );
  const id = `composer-${subject.subjectType}-${subject.subjectId}`;
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="xs">
        <CoachedTextarea
          id={id}
          engagementId={subject.engagementId}
          coach={canMarkInternal && !onlyProvider}
          label="Add a comment"
          description="Markdown works: **bold**, *italic*, lists with -, links [text](https://…)"
          autosize
          minRows={2}
          maxRows={12}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={fieldError('body')}
        />
        <MultiSelect
          label="Mention"
          description={onlyProvider ? 'Provider members only: the client cannot read this comment' : 'They are notified'}
          placeholder={mentions.length ? undefined : 'Pick members'}
          searchable
          clearable
          data={options}
          value={mentions}
          onChange={setMentions}
          error={fieldError('mentions')}
        />
        <Group justify="space-between" wrap="wrap" gap="xs">
          {canMarkInternal ? (
            <Checkbox
              label="Internal: provider side only"
              checked={internal}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setInternal(on);
                if (on) setMentions((ms) => ms.filter((m) => members.data?.find((x) => x.user.id === m)?.side === 'provider'));
              }}
            />
          ) : subjectInternal ? (
            <Text size="xs" c="dimmed">
              This object is internal, so its comments are too.
            </Text>
          ) : (
            <span />
          )}
          <Button onClick={submit} loading={postComment.isPending} disabled={!body.trim()}>
            Comment
          </Button>
        </Group>
        {postComment.error && !fieldError('body') && !fieldError('mentions') ? (
          <Text size="sm" c="red" role="alert">
            {errorMessage(postComment.error)}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
