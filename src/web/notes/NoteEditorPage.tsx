import { Alert, Button, Group, Paper, Radio, SegmentedControl, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLock, IconUsers } from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router';
import { fieldErrors } from '../app/api';
import type { Note, NoteKind, Visibility } from '../app/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { MarkdownView } from '../components/MarkdownView';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { CoachedTextarea } from '../coach/CoachedTextarea';
import { useEngagementCtx } from '../engagements/context';
import { useNote, useSaveNote } from './api';

interface Values {
  title: string;
  kind: NoteKind;
  meetingDate: string;
  visibility: Visibility;
  body: string;
}

function NoteForm({ note }: { note: Note | null }) {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const provider = can('content.internal');
  const navigate = useNavigate();
  const save = useSaveNote(id, note?.id);
  const form = useForm<Values>({
    initialValues: {
      title: note?.title ?? '',
      kind: note?.kind ?? 'working',
      meetingDate: note?.meetingDate ?? '',
      visibility: note?.visibility ?? 'shared',
      body: note?.body ?? '',
    },
    validate: { title: (v) => (v.trim() ? null : 'Give the note a title') },
  });
  const back = () => navigate(`/engagements/${id}/notes`);

  const submit = form.onSubmit((v) => {
    save.mutate(
      {
        title: v.title.trim(),
        kind: v.kind,
        body: v.body,
        meetingDate: v.kind === 'meeting' && v.meetingDate ? v.meetingDate : null,
        // Client users never send a visibility: the server would refuse 'internal' anyway.
        ...(provider ? { visibility: v.visibility } : {}),
      },
      {
        onSuccess: (n) => {
          notifications.show({
            color: 'teal',
            title: note ? 'Note saved' : 'Note added',
            message: n.visibility === 'internal' ? 'Internal: only your team sees it.' : 'Shared with both sides.',
          });
          back();
        },
        onError: (err) => form.setErrors(fieldErrors(err)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="md">
          <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="note-kind-label">
                Kind
              </Text>
              <SegmentedControl
                aria-labelledby="note-kind-label"
                data={[
                  { value: 'working', label: 'Working note' },
                  { value: 'meeting', label: 'Meeting note' },
                ]}
                {...form.getInputProps('kind')}
              />
            </Stack>
            {form.values.kind === 'meeting' && <TextInput label="Meeting date" type="date" {...form.getInputProps('meetingDate')} />}
          </SimpleGrid>
          {provider && (
            <Radio.Group
              label="Who can read it"
              description="Internal notes never reach the client: not in pages, search, exports or the activity log."
              {...form.getInputProps('visibility')}
            >
              <Group mt="xs" gap="lg">
                <Radio value="shared" label={<Group gap={4} component="span"><IconUsers size={14} aria-hidden /> Shared with the client</Group>} />
                <Radio value="internal" label={<Group gap={4} component="span"><IconLock size={14} aria-hidden /> Internal (provider only)</Group>} />
              </Group>
            </Radio.Group>
          )}
          {provider && note?.visibility === 'internal' && form.values.visibility === 'shared' && (
            <Alert color="orange" variant="light" title="This note becomes visible to the client">
              Its current text will be shared. Earlier internal versions stay hidden in the activity log.
            </Alert>
          )}
          <Tabs defaultValue="write">
            <Tabs.List>
              <Tabs.Tab value="write">Write</Tabs.Tab>
              <Tabs.Tab value="preview">Preview</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="write" pt="sm">
              <CoachedTextarea
                engagementId={id}
                coach={form.values.visibility === 'shared'}
                label="Text"
                description="Markdown: **bold**, *italic*, lists with -, headings with ##, links [text](https://…)"
                autosize
                minRows={8}
                maxRows={24}
                {...form.getInputProps('body')}
              />
            </Tabs.Panel>
            <Tabs.Panel value="preview" pt="sm">
              <Paper withBorder p="sm" radius="sm" mih={160}>
                {form.values.body.trim() ? (
                  <MarkdownView source={form.values.body} />
                ) : (
                  <Text size="sm" c="dimmed">
                    Nothing to preview yet.
                  </Text>
                )}
              </Paper>
            </Tabs.Panel>
          </Tabs>
          <FormError error={save.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={back}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {note ? 'Save note' : 'Add note'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </form>
  );
}

export function NoteEditorPage() {
  const { engagement } = useEngagementCtx();
  const { noteId } = useParams();
  const note = useNote(engagement.id, noteId);
  const title = noteId ? 'Edit note' : 'Write a note';
  const header = <PageHeader title={title} order={2} documentTitle={`${engagement.name}: ${title.toLowerCase()}`} />;
  if (noteId && note.isPending) return <>{header}<PageLoader /></>;
  if (noteId && note.isError) return <>{header}<ErrorAlert error={note.error} onRetry={() => note.refetch()} /></>;
  return (
    <>
      {header}
      <NoteForm key={note.data?.id ?? 'new'} note={note.data ?? null} />
    </>
  );
}
