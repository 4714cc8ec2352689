import { Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';

export function Brand() {
  return (
    <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="Candor, home">
      <Group gap={8} wrap="nowrap">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <Text fw={700} size="lg" component="span">
          Candor
        </Text>
      </Group>
    </Anchor>
  );
}
