import { DataList, Stack } from '@mantine/core';
import { useMe } from '../app/session';
import { CalendarFeedsPanel } from '../calendar-feeds/CalendarFeedsPanel';
import { PageHeader } from '../components/PageHeader';
import { Section } from '../components/Section';
import { ChangePasswordForm } from './ChangePasswordForm';
import { NotificationPreferencesPanel } from './NotificationPreferencesPanel';
import { TokensPanel } from './TokensPanel';

export function ProfilePage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="Profile" description="Your account, how you are notified, your password, your API tokens and calendar feeds." />
      <Stack gap="md">
        <Section title="Account" id="account">
          <DataList size="sm" labelWidth={120}>
            <DataList.Item>
              <DataList.ItemLabel>Name</DataList.ItemLabel>
              <DataList.ItemValue>{me.name}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>E-mail</DataList.ItemLabel>
              <DataList.ItemValue>{me.email}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Organization</DataList.ItemLabel>
              <DataList.ItemValue>{me.org ? `${me.org.name} (${me.org.kind})` : 'none'}</DataList.ItemValue>
            </DataList.Item>
            {me.isAdmin && (
              <DataList.Item>
                <DataList.ItemLabel>Access</DataList.ItemLabel>
                <DataList.ItemValue>Instance administrator</DataList.ItemValue>
              </DataList.Item>
            )}
          </DataList>
        </Section>
        <Section title="Notifications" id="notifications">
          <NotificationPreferencesPanel />
        </Section>
        <Section title="Change password" id="password">
          <ChangePasswordForm />
        </Section>
        <Section title="API tokens" id="tokens">
          <TokensPanel />
        </Section>
        <Section title="Calendar feeds" id="calendar-feeds">
          <CalendarFeedsPanel />
        </Section>
      </Stack>
    </>
  );
}
