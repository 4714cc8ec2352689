import { Alert, Badge, Box, Button, Checkbox, FileInput, Group, Paper, PasswordInput, Progress, Radio, Select, SimpleGrid, Stack, Stepper, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBrandGithub, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import type * as D from '../../contracts/delivery';
import { ApiError, apiUrl, errorMessage, fieldErrors, get, patch, post } from '../app/api';
import { FormError } from '../components/FormError';
import { PageHeader } from '../components/PageHeader';
import { useEngagementCtx } from '../engagements/context';
import { useInvalidateDelivery } from './api';

type Import = z.infer<typeof D.Import>;
type Source = Import['source'];
type GithubState = 'open' | 'closed' | 'all';

const SOURCES = [
  { value: 'jira', label: 'Jira (CSV export): work items' },
  { value: 'github', label: 'GitHub issues (JSON file or repository): work items' },
  { value: 'harvest', label: 'Harvest (CSV): time entries' },
  { value: 'toggl', label: 'Toggl (CSV): time entries' },
];

async function upload(engagementId: string, source: Source, file: File): Promise<Import> {
  const res = await fetch(apiUrl(`/engagements/${engagementId}/imports`, { source, fileName: file.name }), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' },
    credentials: 'same-origin',
    body: file,
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'http_error', data?.error?.message ?? `The server answered ${res.status}`, data?.error?.details ?? []);
  return data as Import;
}

/** Imports: upload an export from Jira, GitHub, Harvest or Toggl, check the column mapping and a preview, dry-run, then import. */
export function ImportsPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const invalidate = useInvalidateDelivery(id);
  const [source, setSource] = useState<Source>('jira');
  const [file, setFile] = useState<File | null>(null);
  const [githubVia, setGithubVia] = useState<'file' | 'repository'>('file');
  const [repository, setRepository] = useState('');
  const [token, setToken] = useState('');
  const [ghState, setGhState] = useState<GithubState>('all');
  const [labels, setLabels] = useState('');
  const [importId, setImportId] = useState<string | null>(null);
  const [skipBadRows, setSkipBadRows] = useState(false);

  const current = useQuery({
    queryKey: ['engagement', id, 'delivery', 'import', importId],
    queryFn: ({ signal }) => get<Import>(`/engagements/${id}/imports/${importId}`, undefined, signal),
    enabled: !!importId,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
  const up = useMutation({ mutationFn: () => upload(id, source, file!), onSuccess: (imp) => setImportId(imp.id) });
  // The token goes to the server for this one fetch and is cleared here once it has been used.
  const fetchRepo = useMutation({
    mutationFn: () => post<Import>(`/engagements/${id}/imports/github`, { repository, token, state: ghState, ...(labels.trim() ? { labels } : {}) }),
    onSuccess: (imp) => {
      setToken('');
      setImportId(imp.id);
    },
  });
  const fromRepository = source === 'github' && githubVia === 'repository';
  // the field named by the server turns red; its message is the alert below the fields (announced once)
  const ghErrors = fieldErrors(fetchRepo.error);
  const remap = useMutation({
    mutationFn: (mapping: Record<string, string | null>) => patch<Import>(`/engagements/${id}/imports/${importId}`, { mapping }),
    onSuccess: () => current.refetch(),
  });
  const run = useMutation({
    mutationFn: (dryRun: boolean) => post<Import>(`/engagements/${id}/imports/${importId}/run`, { dryRun, skipBadRows }),
    onSuccess: async (imp) => {
      await current.refetch();
      if (imp.status === 'imported') {
        await invalidate();
        notifications.show({ color: 'teal', message: imp.result?.message ?? 'Imported.', closeButtonProps: { 'aria-label': 'Close' } });
      }
    },
  });

  if (!can('import.run')) {
    return (
      <>
        <PageHeader title="Imports" order={2} documentTitle={`${engagement.name}: imports`} />
        <Alert color="gray" variant="light">
          Only the engagement lead imports work items and time.
        </Alert>
      </>
    );
  }

  const imp = current.data;
  const previewCols = imp ? imp.fields.filter((f) => imp.mapping[f]) : [];
  const step = !imp ? 0 : imp.status === 'imported' ? 3 : imp.result?.dryRun ? 2 : 1;

  return (
    <>
      <PageHeader
        title="Imports"
        order={2}
        documentTitle={`${engagement.name}: imports`}
        description="Bring work items from Jira or GitHub and time from Harvest or Toggl. Nothing is written until you import; a dry run checks every row first."
      />
      <Stepper active={step} size="sm" mb="lg" allowNextStepsSelect={false}>
        <Stepper.Step label={fromRepository ? 'Fetch' : 'Upload'} />
        <Stepper.Step label="Map columns" />
        <Stepper.Step label="Dry run" />
        <Stepper.Step label="Import" />
      </Stepper>
      <Stack gap="md">
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select label="Source" data={SOURCES} value={source} allowDeselect={false} onChange={(v) => setSource((v ?? 'jira') as Source)} />
              {source === 'github' && (
                <Radio.Group label="Issues from" value={githubVia} onChange={(v) => setGithubVia(v as 'file' | 'repository')}>
                  <Group gap="md" mt={6}>
                    <Radio value="file" label="Upload a JSON file" />
                    <Radio value="repository" label="Fetch from a repository" />
                  </Group>
                </Radio.Group>
              )}
              {!fromRepository && (
                <FileInput
                  label="Export file"
                  description={source === 'github' ? 'The JSON of GET /repos/{owner}/{repo}/issues' : 'CSV, as exported by the tool'}
                  value={file}
                  onChange={setFile}
                  accept=".csv,.json,.txt"
                  clearable
                />
              )}
            </SimpleGrid>
            {fromRepository ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  fetchRepo.mutate();
                }}
              >
                <Stack gap="sm">
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <TextInput
                      label="Repository"
                      description="owner/name, or the repository's URL"
                      placeholder="octo-org/portal"
                      required
                      value={repository}
                      onChange={(e) => setRepository(e.currentTarget.value)}
                      error={!!ghErrors.repository}
                      autoComplete="off"
                      spellCheck={false}
                    />
                    <PasswordInput
                      label="Personal access token"
                      description="Needs read access to the repository's issues. Used once for this fetch; Candor does not store it."
                      required
                      value={token}
                      onChange={(e) => setToken(e.currentTarget.value)}
                      error={!!ghErrors.token}
                      autoComplete="off"
                    />
                    <Select
                      label="Issues"
                      data={[
                        { value: 'all', label: 'Open and closed' },
                        { value: 'open', label: 'Open only' },
                        { value: 'closed', label: 'Closed only' },
                      ]}
                      value={ghState}
                      allowDeselect={false}
                      onChange={(v) => setGhState((v ?? 'all') as GithubState)}
                      error={!!ghErrors.state}
                    />
                    <TextInput
                      label="Labels (optional)"
                      description="Comma-separated: only issues carrying all of them"
                      value={labels}
                      onChange={(e) => setLabels(e.currentTarget.value)}
                      error={!!ghErrors.labels}
                      autoComplete="off"
                    />
                  </SimpleGrid>
                  <FormError error={fetchRepo.error} />
                  <Group>
                    <Button type="submit" leftSection={<IconBrandGithub size={16} aria-hidden />} disabled={!repository.trim() || !token.trim()} loading={fetchRepo.isPending}>
                      Fetch issues and preview
                    </Button>
                  </Group>
                </Stack>
              </form>
            ) : (
              <>
                <FormError error={up.error} />
                <Group>
                  <Button leftSection={<IconUpload size={16} aria-hidden />} disabled={!file} loading={up.isPending} onClick={() => up.mutate()}>
                    Upload and preview
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Paper>
        {imp && (
          <Paper withBorder p="md" radius="md">
            <Stack gap="sm">
              <Group gap="xs">
                <Text fw={600}>{imp.fileName}</Text>
                <Badge variant="light">{imp.status}</Badge>
                <Text size="sm" c="dimmed">
                  {imp.format.totalRows} rows · {imp.format.encoding}
                  {imp.format.delimiter ? ` · ${imp.format.delimiter}` : ''}
                </Text>
              </Group>
              {imp.status === 'running' && <Progress value={imp.progress.total ? (imp.progress.processed / imp.progress.total) * 100 : 0} aria-label="Import progress" animated />}
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
                {imp.fields.map((f) => (
                  <Select
                    key={f}
                    label={f}
                    placeholder="Not imported"
                    data={imp.format.headers}
                    value={imp.mapping[f] ?? null}
                    clearable
                    onChange={(v) => remap.mutate({ ...imp.mapping, [f]: v })}
                    error={imp.mappingProblems.find((p) => p.field === f)?.message}
                  />
                ))}
              </SimpleGrid>
              <FormError error={remap.error} />
              {imp.preview.length > 0 && (
                <Box style={{ overflowX: 'auto' }} role="region" aria-label="Preview of the first rows" tabIndex={0}>
                  <Table fz="xs" striped>
                    <Table.Thead>
                      <Table.Tr>
                        {previewCols.map((k) => (
                          <Table.Th key={k} scope="col">
                            {k}
                          </Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {imp.preview.map((row, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no id
                        <Table.Tr key={i}>
                          {previewCols.map((k) => (
                            <Table.Td key={k}>{row[k]}</Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Box>
              )}
              {imp.result && (
                <Alert color={imp.result.failed ? 'orange' : 'teal'} variant="light" title={imp.result.dryRun ? 'Dry run' : 'Import'}>
                  <Text size="sm">{imp.result.message}</Text>
                  <Text size="xs">
                    {imp.result.created} new · {imp.result.updated} updated · {imp.result.skipped} skipped · {imp.result.failed} failed
                  </Text>
                  {imp.result.errors.slice(0, 20).map((e) => (
                    <Text size="xs" key={`${e.row}-${e.field}`}>
                      Row {e.row}, {e.field}: {e.message}
                    </Text>
                  ))}
                </Alert>
              )}
              <Checkbox label="Skip bad rows (import the good ones)" checked={skipBadRows} onChange={(e) => setSkipBadRows(e.currentTarget.checked)} />
              {run.error && <Text c="red" size="sm" role="alert">{errorMessage(run.error)}</Text>}
              <Group>
                <Button variant="default" loading={run.isPending && run.variables === true} disabled={imp.mappingProblems.length > 0 || imp.status === 'running'} onClick={() => run.mutate(true)}>
                  Dry run
                </Button>
                <Button loading={run.isPending && run.variables === false} disabled={!imp.result?.dryRun || imp.mappingProblems.length > 0 || imp.status === 'running'} onClick={() => run.mutate(false)}>
                  Import
                </Button>
              </Group>
            </Stack>
          </Paper>
        )}
      </Stack>
    </>
  );
}
