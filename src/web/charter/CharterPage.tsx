import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconFileText, IconPencil } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import type { CharterState, CharterVersion, Member } from '../app/types';
import { EmptyHint } from '../components/EmptyHint';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { formatDateTime } from '../components/Time';
import { useEngagementCtx } from '../engagements/context';
import { useMembers } from '../members/api';
import { AcceptanceList, AgreementPanel } from './AgreementPanel';
import { useCharter } from './api';
import { CharterBodyView } from './CharterBodyView';
import { ChangesList } from './ChangesList';
import { diffCharter } from './diff';
import { StatusBadge, VersionHistory } from './VersionHistory';

/** The version a reader compares a shown version against, and how to name it. */
function baselineFor(state: CharterState, shown: CharterVersion): { base: CharterVersion | null; label: string } {
  if (shown.status === 'proposed') {
    return state.agreed ? { base: state.agreed, label: `Changes from the agreed version ${state.agreed.version}` } : { base: null, label: 'First charter: everything is new' };
  }
  const older = state.history.find((v) => v.version < shown.version && (v.status === 'agreed' || v.status === 'superseded'));
  return older ? { base: older, label: `Changes from version ${older.version}` } : { base: null, label: 'First version: everything is new' };
}

function ShownVersion({ state, shown, members }: { state: CharterState; shown: CharterVersion; members: Member[] }) {
  const { base, label } = baselineFor(state, shown);
  const memberName = (id: string | null) => (id ? (members.find((m) => m.user.id === id)?.user.name ?? 'a former member') : '—');
  const changes = diffCharter(base?.body ?? null, shown.body, memberName);
  const title =
    shown.status === 'agreed' ? `Agreed charter (version ${shown.version})` : shown.status === 'proposed' ? `Proposed version ${shown.version}` : `Version ${shown.version}`;
  return (
    <>
      {(shown.status === 'proposed' || base) && (
        <Section order={3} title={label} id="changes">
          <ChangesList changes={changes} />
        </Section>
      )}
      <Section order={3} title={title} id="shown" actions={<StatusBadge status={shown.status} />}>
        {shown.status === 'agreed' && (
          <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title="Agreed by both sides">
            <Stack gap="xs">
              <Text size="sm">Agreed on {shown.agreedAt ? formatDateTime(shown.agreedAt) : '—'}.</Text>
              <AcceptanceList v={shown} />
            </Stack>
          </Alert>
        )}
        {shown.status !== 'agreed' && shown.status !== 'proposed' && <AcceptanceList v={shown} />}
        <CharterBodyView body={shown.body} members={members} />
      </Section>
    </>
  );
}

export function CharterPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const charter = useCharter(id);
  const members = useMembers(id);
  const [params, setParams] = useSearchParams();

  const editButton = can('charter.propose') ? (
    <Button component={Link} to={`/engagements/${id}/charter/edit`} leftSection={<IconPencil size={16} aria-hidden />}>
      {charter.data?.agreed || charter.data?.pending ? 'Propose a change' : 'Draft the charter'}
    </Button>
  ) : null;

  const header = (
    <PageHeader
      title="Charter"
      order={2}
      documentTitle={`${engagement.name}: charter`}
      description="What the client wants to achieve, who decides what, how we talk and how we escalate. Both sides agree each version."
      actions={charter.data?.history.length ? editButton : null}
    />
  );

  if (charter.isPending || members.isPending) {
    return (
      <>
        {header}
        <PageLoader />
      </>
    );
  }
  if (charter.isError) return <>{header}<ErrorAlert error={charter.error} onRetry={() => charter.refetch()} /></>;

  const state = charter.data;
  if (state.history.length === 0) {
    return (
      <>
        {header}
        <EmptyHint icon={<IconFileText aria-hidden />} title="No charter yet" order={3} action={editButton}>
          {can('charter.propose')
            ? 'Draft the first version: the outcomes the client wants, who decides what, the meeting cadence and the escalation ladder. The other side then accepts it.'
            : 'The lead or the sponsor drafts the first version; you will see it here.'}
        </EmptyHint>
      </>
    );
  }

  const wanted = Number(params.get('version'));
  const shown =
    state.history.find((v) => v.version === wanted) ?? state.pending ?? state.agreed ?? state.history[0] ?? null;

  return (
    <>
      {header}
      <Stack gap="md">
        {state.pending && (
          <AgreementPanel
            engagementId={id}
            pending={state.pending}
            mySide={engagement.mySide}
            canAccept={can('charter.accept')}
            canPropose={can('charter.propose')}
          />
        )}
        {!state.pending && !state.agreed && (
          <Alert color="gray" variant="light" title="No version is agreed or pending">
            The last proposal was withdrawn. {can('charter.propose') ? 'Propose a new version when ready.' : ''}
          </Alert>
        )}
        {state.pending && state.agreed && shown?.id !== state.agreed.id && (
          <Group>
            <Button variant="subtle" size="compact-sm" onClick={() => setParams({ version: String(state.agreed?.version) })}>
              Show the agreed version {state.agreed.version}
            </Button>
          </Group>
        )}
        {shown && <ShownVersion state={state} shown={shown} members={members.data ?? []} />}
        <Section order={3} title="Version history" id="history">
          <VersionHistory
            history={state.history}
            selected={shown?.version ?? null}
            onSelect={(v) => setParams({ version: String(v) }, { preventScrollReset: true })}
          />
        </Section>
      </Stack>
    </>
  );
}
