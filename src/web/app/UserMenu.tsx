import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconLogout, IconSettings, IconShieldCog } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useMe, useSignOut } from './session';

export function UserMenu() {
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240} withArrow>
      <Menu.Target>
        <UnstyledButton aria-label={`${me.name}: account menu`} style={{ borderRadius: 999 }}>
          <Group gap="xs" wrap="nowrap">
            <Avatar color="indigo" radius="xl" size={34} alt="" />
            <Text size="sm" fw={500} visibleFrom="md" component="span">
              {me.name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as {me.email}
          {me.org ? ` · ${me.org.name}` : ''}
        </Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconSettings size={16} aria-hidden />}>
          Profile and API tokens
        </Menu.Item>
        {me.isAdmin && (
          <Menu.Item component={Link} to="/admin" leftSection={<IconShieldCog size={16} aria-hidden />}>
            Administration
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={async () => {
            await signOut();
            navigate('/sign-in', { replace: true });
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
