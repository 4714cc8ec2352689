import { Alert, Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { keys } from '../app/keys';
import { useMe } from '../app/session';
import { AuditLog } from '../audit/AuditLog';
import { DismissalsPanel } from '../coach/DismissalsPanel';
import { PageHeader } from '../components/PageHeader';
import { JobsPanel } from './JobsPanel';
import { OrganizationsPanel } from './OrganizationsPanel';
import { UsersPanel } from './UsersPanel';

const TABS = ['users', 'organizations', 'log', 'jobs', 'coach'] as const;

export function AdminPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'users';
  if (!me.isAdmin) {
    return (
      <>
        <PageHeader title="Administration" />
        <Alert color="gray">Only instance administrators manage organizations and users.</Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Administration" description="Organizations, accounts and the instance's own audit log." />
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'users' ? { tab: v } : {}, { replace: true })}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users">Users</Tabs.Tab>
          <Tabs.Tab value="organizations">Organizations</Tabs.Tab>
          <Tabs.Tab value="log">Instance log</Tabs.Tab>
          <Tabs.Tab value="jobs">Jobs</Tabs.Tab>
          <Tabs.Tab value="coach">Coach</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="organizations">
          <OrganizationsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="jobs">
          <JobsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="coach">
          <DismissalsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="log">
          <AuditLog queryKey={keys.adminAudit} listPath="/admin/audit" verifyPath="/admin/audit/verify" headingOrder={2} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
