import { Anchor, Badge, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { SectionLoader } from '../components/PageLoader';
import { Section } from '../components/Section';
import { Time } from '../components/Time';
import { useDecisions, useEscalations, useGovernanceChanges, useRaid } from './api';
import { isoDay } from './labels';
import type { GovernanceChange } from './types';

const VERBS: Record<string, string> = {
  created: 'added',
  updated: 'changed',
  occurred: 'happened',
  requested: 'requested',
  decided: 'decided',
  raised: 'raised',
  climbed: 'climbed a level',
  top_reached: 'reached the top of the ladder',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  deescalated: 'de-escalated',
};
const NOUNS: Record<string, string> = {
  risk: 'Risk',
  issue: 'Issue',
  assumption: 'Assumption',
  dependency: 'Dependency',
  decision: 'Decision',
  escalation: 'Escalation',
};

/** "Risk changed: status open → mitigating" in words. */
export function describeChange(c: GovernanceChange): string {
  const [noun = '', verb = ''] = c.action.split('.');
  const status = c.after && typeof c.after.status === 'string' && verb === 'updated' ? ` (now ${String(c.after.status)})` : '';
  return `${NOUNS[noun] ?? noun} ${VERBS[verb] ?? verb}${status}`;
}

function linkOf(engagementId: string, c: GovernanceChange): string | null {
  const t = c.object.type;
  if (t === 'decision') return `/engagements/${engagementId}/decisions/${c.object.id}`;
  if (t === 'escalation') return `/engagements/${engagementId}/escalations/${c.object.id}`;
  if (['risk', 'issue', 'assumption', 'dependency'].includes(t)) return `/engagements/${engagementId}/raid/${c.object.id}`;
  return null;
}

/** Current titles of the objects a change names (an update records only the fields it changed). */
function useTitles(engagementId: string): Map<string, string> {
  const raid = useRaid(engagementId, {});
  const decisions = useDecisions(engagementId);
  const escalations = useEscalations(engagementId);
  const out = new Map<string, string>();
  for (const r of raid.data ?? []) out.set(r.id, r.title);
  for (const d of decisions.data ?? []) out.set(d.id, d.title);
  for (const e of escalations.data ?? []) out.set(e.id, e.title);
  return out;
}

/** What changed in risks, issues, decisions and escalations since a day the reader picks (a week ago by default). */
export function ChangesPanel({ engagementId }: { engagementId: string }) {
  const [day, setDay] = useState(isoDay(-7));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day);
  const since = new Date(`${valid ? day : isoDay(-7)}T00:00:00`).toISOString();
  const q = useGovernanceChanges(engagementId, since);
  const titles = useTitles(engagementId);

  return (
    <Section order={3} title="What changed" id="changes">
      <TextInput
        type="date"
        label="Changed since"
        description="For example, the day of the last status update"
        value={day}
        max={isoDay(0)}
        onChange={(e) => setDay(e.currentTarget.value)}
        w={{ base: '100%', xs: 220 }}
      />
      {q.isPending ? (
        <SectionLoader rows={4} />
      ) : q.isError ? (
        <ErrorAlert error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing changed since then.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420} type="auto" offsetScrollbars>
          <Stack gap="xs" component="ol" aria-label="Changes, newest first" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-busy={q.isFetching}>
            {q.data.changes.map((c) => {
              const to = linkOf(engagementId, c);
              const title = c.title || titles.get(c.object.id) || '';
              return (
                <Stack key={c.seq} gap={0} component="li">
                  <Group gap={6} wrap="wrap">
                    <Badge variant="light" color="gray" radius="sm" size="sm">
                      {describeChange(c)}
                    </Badge>
                  </Group>
                  {title &&
                    (to ? (
                      <Anchor component={Link} to={to} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                        {title}
                      </Anchor>
                    ) : (
                      <Text size="sm" fw={500}>
                        {title}
                      </Text>
                    ))}
                  <Text size="xs" c="dimmed">
                    {c.actor.id ? c.actor.label.replace(/\s*<[^>]*>$/, '') : 'Candor (on schedule)'} · <Time iso={c.at} />
                  </Text>
                </Stack>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Section>
  );
}
