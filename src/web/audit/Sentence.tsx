import { Anchor, Badge, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { AuditEntry } from '../app/types';
import { actorName, type NameOf, sentenceOf } from './describe';

/**
 * One audit record as a sentence: who, what, the object's title (linked to
 * it), the rest; internal records say so (only the provider side ever gets
 * them in full).
 */
export function ActivitySentence({ entry, engagementId, nameOf, withActor = true }: { entry: AuditEntry; engagementId: string; nameOf?: NameOf | undefined; withActor?: boolean }) {
  const s = sentenceOf(entry, engagementId, nameOf);
  if (!s) return null;
  const object = s.object ? (s.titled ? <em>{s.object}</em> : <span>{s.object}</span>) : null;
  return (
    <Text size="sm" span>
      {withActor && (
        <Text span fw={600} size="sm">
          {actorName(entry)}
        </Text>
      )}
      {withActor ? ' ' : ''}
      {s.verb}
      {object && ' '}
      {object &&
        (s.link ? (
          <Anchor component={Link} to={s.link} size="sm" underline="always">
            {object}
          </Anchor>
        ) : (
          object
        ))}
      {s.tail}
      {!s.object && s.link && (
        <>
          {' '}
          <Anchor component={Link} to={s.link} size="sm" underline="always" aria-label={`Open: ${s.verb}`}>
            (open)
          </Anchor>
        </>
      )}
      {entry.visibility === 'internal' && (
        <>
          {' '}
          <Badge size="xs" color="orange" variant="light" radius="sm" component="span">
            internal
          </Badge>
        </>
      )}
    </Text>
  );
}
