import { Alert, Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconRefresh } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { get, post } from '../app/api';
import { type Column, DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { formatDateTime } from '../components/Time';
import type { Job, JobList, JobStatus } from '../governance/types';

const STATUSES: JobStatus[] = ['pending', 'running', 'done', 'dead', 'cancelled'];
const STATUS_COLOR: Record<JobStatus, string> = { pending: 'blue', running: 'indigo', done: 'teal', dead: 'red', cancelled: 'gray' };
const jobsKey = (status: string) => ['admin', 'jobs', status] as const;

function useJobs(status: JobStatus | 'all') {
  return useQuery({
    queryKey: jobsKey(status),
    queryFn: ({ signal }) => get<JobList>('/admin/jobs', { status: status === 'all' ? undefined : status }, signal),
    refetchInterval: 30_000,
  });
}

function useRetryJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => post<Job>(`/admin/jobs/${jobId}/retry`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'jobs'] }),
  });
}

function RetryButton({ job }: { job: Job }) {
  const retry = useRetryJob();
  return (
    <Button
      size="compact-sm"
      variant="light"
      leftSection={<IconRefresh size={14} aria-hidden />}
      loading={retry.isPending && retry.variables === job.id}
      aria-label={`Retry ${job.kind} job`}
      onClick={() =>
        retry.mutate(job.id, {
          onSuccess: () => notifications.show({ color: 'teal', message: `The ${job.kind} job runs again shortly.` }),
          onError: (err) => notifications.show({ color: 'red', title: 'Retry failed', message: err.message }),
        })
      }
    >
      Retry
    </Button>
  );
}

/** Scheduled jobs: how many in each state, and the dead ones (failed for good) with their last error and a retry. */
export function JobsPanel() {
  const [status, setStatus] = useState<JobStatus | 'all'>('all');
  const filterLabel = useId();
  const q = useJobs(status);
  const counts = q.data?.counts ?? {};
  const dead = counts.dead ?? 0;

  const primary: Column<Job> = { key: 'kind', header: 'Job', cell: (j) => <Text size="sm" className="mono">{j.kind}</Text> };
  const columns: Column<Job>[] = [
    {
      key: 'status',
      header: 'Status',
      nowrap: true,
      cell: (j) => (
        <Badge variant={j.status === 'dead' ? 'filled' : 'light'} color={STATUS_COLOR[j.status]} radius="sm">
          {j.status}
        </Badge>
      ),
    },
    { key: 'attempts', header: 'Attempts', nowrap: true, cell: (j) => `${j.attempts} of ${j.maxAttempts}` },
    { key: 'runAt', header: 'Runs at', nowrap: true, cell: (j) => formatDateTime(j.runAt) },
    {
      key: 'error',
      header: 'Last error',
      cell: (j) =>
        j.lastError ? (
          <Text size="xs" className="mono" c="var(--mantine-color-error)" lineClamp={3} title={j.lastError}>
            {j.lastError}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
  ];

  return (
    <Stack gap="md">
      {dead > 0 && (
        <Alert color="red" variant="light" title={`${dead} job${dead === 1 ? '' : 's'} failed for good`}>
          They were retried with backoff and gave up. Fix the cause (the last error says what went wrong), then retry them.
          {status !== 'dead' && (
            <Button size="xs" variant="default" ml="sm" onClick={() => setStatus('dead')}>
              Show them
            </Button>
          )}
        </Alert>
      )}
      <Group gap="xs" wrap="wrap" aria-label="Jobs per status" role="group">
        {STATUSES.map((s) => (
          <Badge key={s} variant="light" color={STATUS_COLOR[s]} radius="sm" size="lg">
            {s}: {counts[s] ?? 0}
          </Badge>
        ))}
      </Group>
      <Stack gap={4}>
        <Text size="sm" fw={500} id={filterLabel}>
          Show
        </Text>
        <SegmentedControl
          aria-labelledby={filterLabel}
          data={[{ value: 'all', label: 'All' }, ...STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))]}
          value={status}
          onChange={(v) => setStatus(v as JobStatus | 'all')}
          style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
        />
      </Stack>
      {q.isPending ? (
        <PageLoader label="Loading jobs…" />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.jobs.length === 0 ? (
        <Text size="sm" c="dimmed">
          No jobs {status === 'all' ? 'yet' : `with status ${status}`}.
        </Text>
      ) : (
        <DataTable
          label="Jobs"
          rows={q.data.jobs}
          rowKey={(j) => j.id}
          primary={primary}
          columns={columns}
          actions={(j) => (j.status === 'dead' || j.status === 'cancelled' ? <RetryButton job={j} /> : null)}
          minWidth={760}
        />
      )}
    </Stack>
  );
}
