import { Group, Radio } from '@mantine/core';
import { IconLock, IconUsers } from '@tabler/icons-react';
import type { Visibility } from '../app/types';

/** Shared or internal (provider only): offered to provider roles only. */
export function VisibilityField({
  value,
  onChange,
  error,
  what = 'it',
}: {
  value: Visibility;
  onChange: (v: Visibility) => void;
  error?: React.ReactNode;
  what?: string;
}) {
  return (
    <Radio.Group
      label="Who can see it"
      description={`Internal content never reaches the client: not in pages, notifications, "what changed" or exports. Mark ${what} internal only for your own team's concerns.`}
      value={value}
      onChange={(v) => onChange(v as Visibility)}
      error={error}
    >
      <Group mt="xs" gap="lg">
        <Radio
          value="shared"
          label={
            <Group gap={4} component="span">
              <IconUsers size={14} aria-hidden /> Shared with the client
            </Group>
          }
        />
        <Radio
          value="internal"
          label={
            <Group gap={4} component="span">
              <IconLock size={14} aria-hidden /> Internal (provider only)
            </Group>
          }
        />
      </Group>
    </Radio.Group>
  );
}
