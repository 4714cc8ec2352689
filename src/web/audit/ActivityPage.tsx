import { keys } from '../app/keys';
import { PageHeader } from '../components/PageHeader';
import { useEngagementCtx } from '../engagements/context';
import { useMembers } from '../members/api';
import { AuditLog } from './AuditLog';

export function ActivityPage() {
  const { engagement, can } = useEngagementCtx();
  const id = engagement.id;
  const members = useMembers(id);
  const nameOf = (userId: string) => members.data?.find((m) => m.user.id === userId)?.user.name;
  return (
    <>
      <PageHeader
        title="Activity and audit log"
        order={2}
        documentTitle={`${engagement.name}: activity`}
        description={
          can('content.internal')
            ? 'Every change, in an append-only, hash-chained log both sides can export and verify. Internal records are hidden from the client, who sees only their hashes.'
            : 'Every change, in an append-only, hash-chained log both sides can export and verify. Records internal to the provider show only their hash, which still lets you verify the whole chain.'
        }
      />
      <AuditLog
        queryKey={keys.audit(id)}
        listPath={`/engagements/${id}/audit`}
        verifyPath={`/engagements/${id}/audit/verify`}
        exportPath={`/engagements/${id}/audit/export`}
        nameOf={nameOf}
        engagementId={id}
      />
    </>
  );
}
