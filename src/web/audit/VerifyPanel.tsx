import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { ErrorAlert } from '../components/ErrorAlert';
import { useVerify } from './api';

/** Recomputes the hash chain on the server and says plainly whether it is intact. */
export function VerifyPanel({ path }: { path: string }) {
  const verify = useVerify(path);
  const r = verify.data;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Button leftSection={<IconShieldCheck size={16} aria-hidden />} onClick={() => verify.mutate()} loading={verify.isPending}>
          Verify the chain
        </Button>
        <Text size="sm" c="dimmed">
          Recomputes every record's hash from the first one and checks each links to the one before.
        </Text>
      </Group>
      <div aria-live="polite">
        {verify.isError && <ErrorAlert error={verify.error} title="Verification could not run" />}
        {r?.ok && (
          <Alert color="teal" variant="light" icon={<IconShieldCheck aria-hidden />} title="Intact: nothing was changed or removed" data-testid="verify-result">
            <Stack gap={4}>
              <Text size="sm">
                All {r.records} record{r.records === 1 ? '' : 's'} verify, up to record #{r.headSeq ?? r.records}.
              </Text>
              {r.headHash && (
                <Text size="sm">
                  Head hash: <span className="mono">{r.headHash}</span>
                </Text>
              )}
              <Text size="xs" c="dimmed">
                Write the head hash down (for example in the minutes): any later change to the history would produce a different one.
              </Text>
            </Stack>
          </Alert>
        )}
        {r && !r.ok && (
          <Alert color="red" variant="light" icon={<IconShieldX aria-hidden />} title="Broken: the history was altered" data-testid="verify-result">
            <Stack gap={4}>
              <Text size="sm">
                The first failing record is #{r.seq ?? '?'}
                {r.reason ? `: ${r.reason}` : ''}.
              </Text>
              <Text size="sm">{r.records} records were checked. Export the log and compare it with an earlier export.</Text>
            </Stack>
          </Alert>
        )}
      </div>
    </Stack>
  );
}
