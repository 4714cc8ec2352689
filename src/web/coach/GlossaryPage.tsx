import { Button, Group, Modal, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBook2, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import type { GlossaryTerm } from '../../contracts/coach';
import { fieldErrors } from '../app/api';
import { ConfirmButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { formatDate } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { CLOSE } from '../governance/modal';
import { useAddTerm, useGlossary, useRemoveTerm, useUpdateTerm } from './api';

interface Values {
  term: string;
  explanation: string;
}

const validate = {
  term: (v: string) => (v.trim() ? null : 'Name the term, e.g. "CI/CD"'),
  explanation: (v: string) => (v.trim() ? null : 'Explain it in plain words for the client'),
};

/** The fields of a term, for adding and for editing. */
function TermFields({ form, autoFocus }: { form: Pick<UseFormReturnType<Values>, 'getInputProps'>; autoFocus?: boolean }) {
  return (
    <>
      <TextInput label="Term" description="As it appears in the text: an acronym or a technical word" required maxLength={80} data-autofocus={autoFocus} {...form.getInputProps('term')} />
      <Textarea
        label="Plain explanation"
        description="One or two sentences a client reads in a tooltip"
        required
        autosize
        minRows={2}
        maxRows={6}
        maxLength={500}
        {...form.getInputProps('explanation')}
      />
    </>
  );
}

function AddTerm({ engagementId }: { engagementId: string }) {
  const add = useAddTerm(engagementId);
  const form = useForm<Values>({ initialValues: { term: '', explanation: '' }, validate });
  const submit = form.onSubmit(async (v) => {
    try {
      const t = await add.mutateAsync({ term: v.term.trim(), explanation: v.explanation.trim() });
      notifications.show({ color: 'teal', title: 'Added to the glossary', message: t.term });
      form.reset();
      add.reset();
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="glossary-add">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5" id="glossary-add">
            Add a term
          </Title>
          <TermFields form={form} />
          <FormError error={add.error} />
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending}>
              Add the term
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function EditTerm({ engagementId, term, onClose }: { engagementId: string; term: GlossaryTerm; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 36em)');
  const update = useUpdateTerm(engagementId, term.id);
  const form = useForm<Values>({ initialValues: { term: term.term, explanation: term.explanation }, validate });
  const submit = form.onSubmit(async (v) => {
    try {
      await update.mutateAsync({ term: v.term.trim(), explanation: v.explanation.trim() });
      notifications.show({ color: 'teal', title: 'Term saved', message: v.term.trim() });
      onClose();
    } catch (err) {
      form.setErrors(fieldErrors(err));
    }
  });
  return (
    <Modal closeButtonProps={CLOSE} opened onClose={onClose} title={`Edit “${term.term}”`} size="lg" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TermFields form={form} autoFocus />
          <FormError error={update.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save the term
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The engagement's glossary: technical terms with plain explanations. The lead
 * keeps it; the coach does not flag its terms as jargon, and clients see the
 * explanation as a tooltip where a term appears in shared text.
 */
export function GlossaryPage() {
  const { engagement } = useEngagementCtx();
  const id = engagement.id;
  const glossary = useGlossary(id);
  const remove = useRemoveTerm(id);
  const [editing, setEditing] = useState<GlossaryTerm | null>(null);
  if (glossary.isPending) return <PageLoader label="Loading the glossary" />;
  if (glossary.isError) return <ErrorAlert error={glossary.error} onRetry={() => glossary.refetch()} />;
  const { terms, canEdit } = glossary.data;
  const sorted = [...terms].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
  return (
    <Stack gap="lg">
      <PageHeader
        order={2}
        title="Glossary"
        description={
          canEdit
            ? 'Terms explained in plain words. The coach does not flag them as jargon, and clients see the explanation where the term appears.'
            : 'Technical terms of this engagement, in plain words. Where one appears in an update or a note, point at it to read this explanation.'
        }
      />
      {canEdit && <AddTerm engagementId={id} />}
      {sorted.length === 0 ? (
        <EmptyHint icon={<IconBook2 aria-hidden />} title="No terms yet">
          {canEdit ? 'Add the acronyms and technical words your updates use, with a plain explanation.' : 'The provider has not explained any terms yet.'}
        </EmptyHint>
      ) : (
        <DataTable
          label="Glossary terms"
          rows={sorted}
          rowKey={(t) => t.id}
          rowProps={(t) => ({ 'data-term': t.term })}
          primary={{ key: 'term', header: 'Term', width: 200, cell: (t) => <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>{t.term}</Text> }}
          columns={[
            { key: 'explanation', header: 'Explanation', cell: (t) => <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{t.explanation}</Text> },
            { key: 'updated', header: 'Updated', nowrap: true, width: 130, cell: (t) => <Text size="sm">{formatDate(t.updatedAt)}</Text> },
          ]}
          actions={
            canEdit
              ? (t) => (
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(t)} aria-label={`Edit ${t.term}`}>
                      Edit
                    </Button>
                    <ConfirmButton
                      size="xs"
                      variant="subtle"
                      aria-label={`Remove ${t.term}`}
                      title={`Remove “${t.term}”?`}
                      message="The coach will flag it as jargon again, and clients no longer see its explanation."
                      confirmLabel="Remove the term"
                      onConfirm={() => remove.mutateAsync(t.id)}
                    >
                      Remove
                    </ConfirmButton>
                  </Group>
                )
              : undefined
          }
        />
      )}
      {editing && <EditTerm engagementId={id} term={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
