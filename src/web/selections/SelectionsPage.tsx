import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { fieldErrors } from '../app/api';
import { useMe } from '../app/session';
import { DataTable } from '../components/DataTable';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { formatDate } from '../components/Time';
import { useCreateSelection, useSelections } from './api';
import { SelectionStatusBadge } from './labels';
import type { SelectionSummary } from './types';

function CreateForm() {
  const [title, setTitle] = useState('');
  const create = useCreateSelection();
  const navigate = useNavigate();
  const errors = fieldErrors(create.error);
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="new-selection">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ title: title.trim() }, { onSuccess: (s) => navigate(`/selections/${s.id}`) });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-selection">
            Start a selection
          </Title>
          <Text size="sm" c="dimmed">
            The scorecard starts from the decision framework: business understanding, collaboration, risk openness, thinking beyond the scope,
            outcomes and proactive communication, with weights you can change before scoring starts. Only the people you add will see it.
          </Text>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="What are you choosing a partner for?"
              placeholder="e.g. Route planning rebuild"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={errors.title}
              required
              style={{ flex: '1 1 260px' }}
            />
            <Button type="submit" loading={create.isPending} disabled={!title.trim()}>
              Start selection
            </Button>
          </Group>
          <FormError error={create.error && !errors.title ? create.error : null} />
        </Stack>
      </form>
    </Paper>
  );
}

export function SelectionsPage() {
  const me = useMe();
  const q = useSelections();
  const client = me.org?.kind === 'client';
  return (
    <Stack gap="lg">
      <PageHeader
        title="Partner selections"
        description="Score candidate providers independently, see where evaluators agree and how fragile the ranking is, then start the engagement with the one you choose."
      />
      {client ? (
        <CreateForm />
      ) : (
        <Alert variant="light" color="gray" title="For client organizations">
          A selection belongs to a client organization choosing a provider. You see the ones you were added to.
        </Alert>
      )}
      {q.isPending ? (
        <Skeleton height={120} />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.selections.length === 0 ? (
        <EmptyHint icon={<IconScale aria-hidden />} title="No selections yet">
          Start one above: add candidates and evaluators, then score.
        </EmptyHint>
      ) : (
        <section aria-labelledby="selections-title">
          <Title order={2} size="h4" id="selections-title" mb="sm">
            Your selections
          </Title>
          <DataTable<SelectionSummary>
            label="Selections"
            rows={q.data.selections}
            rowKey={(s) => s.id}
            primary={{
              key: 'title',
              header: 'Selection',
              cell: (s) => (
                <Anchor component={Link} to={`/selections/${s.id}`}>
                  {s.title}
                </Anchor>
              ),
            }}
            columns={[
              { key: 'status', header: 'Status', cell: (s) => <SelectionStatusBadge status={s.status} /> },
              { key: 'roles', header: 'You are', cell: (s) => s.myRoles.join(' and ') || '–' },
              { key: 'candidates', header: 'Candidates', align: 'right', cell: (s) => s.candidates },
              { key: 'evaluators', header: 'Evaluators', align: 'right', cell: (s) => s.evaluators },
              { key: 'chosen', header: 'Chosen', cell: (s) => s.decidedCandidate ?? '–' },
              { key: 'created', header: 'Started', nowrap: true, cell: (s) => formatDate(s.createdAt) },
            ]}
          />
        </section>
      )}
    </Stack>
  );
}
