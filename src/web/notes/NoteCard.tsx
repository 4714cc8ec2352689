import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Note } from '../app/types';
import { VisibilityBadge } from '../components/Badges';
import { ClampedText } from '../components/ClampedText';
import { ConfirmButton } from '../components/ConfirmButton';
import { MarkdownView } from '../components/MarkdownView';
import { formatDate, Time } from '../components/Time';
import { useDeleteNote } from './api';

export function NoteCard({ note, engagementId }: { note: Note; engagementId: string }) {
  const remove = useDeleteNote(engagementId);
  const internal = note.visibility === 'internal';
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="article"
      aria-labelledby={`note-${note.id}`}
      style={internal ? { borderLeft: '4px solid var(--mantine-color-orange-7)' } : undefined}
      data-visibility={note.visibility}
    >
      <Stack gap="xs">
        <Title order={3} size="h4" id={`note-${note.id}`} style={{ overflowWrap: 'anywhere' }}>
          {note.title}
        </Title>
        <Group gap={6} wrap="wrap">
          <VisibilityBadge visibility={note.visibility} />
          <Badge variant="light" color={note.kind === 'meeting' ? 'grape' : 'gray'} radius="sm">
            {note.kind === 'meeting' ? 'Meeting' : 'Working'}
          </Badge>
          <Text size="xs" c="dimmed">
            {note.author.name}
            {note.meetingDate ? ` · meeting on ${formatDate(note.meetingDate)}` : ''} · updated <Time iso={note.updatedAt} />
          </Text>
        </Group>
        {note.body ? (
          <ClampedText label={`“${note.title}”`}>
            <MarkdownView source={note.body} />
          </ClampedText>
        ) : (
          <Text size="sm" c="dimmed">
            (no text)
          </Text>
        )}
        {note.canEdit && (
          <Group gap="xs" justify="flex-end">
            <Button
              component={Link}
              to={`/engagements/${engagementId}/notes/${note.id}/edit`}
              variant="subtle"
              size="compact-sm"
              leftSection={<IconPencil size={14} aria-hidden />}
              aria-label={`Edit “${note.title}”`}
            >
              Edit
            </Button>
            <ConfirmButton
              size="compact-sm"
              variant="subtle"
              aria-label={`Delete “${note.title}”`}
              title="Delete this note?"
              message={`“${note.title}” disappears for everyone. The audit log keeps a record of it.`}
              confirmLabel="Delete note"
              onConfirm={() => remove.mutateAsync(note.id).then(() => notifications.show({ color: 'teal', message: 'Note deleted.' }))}
            >
              Delete
            </ConfirmButton>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
