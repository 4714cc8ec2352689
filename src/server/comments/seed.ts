import { accessFor } from '../authz/access';
import { unscoped } from '../authz/scoped';
import type { SeedTimeline } from '../db/seed/timeline';
import type { Actor } from '../http/context';
import { createComment, deleteComment, react, updateComment } from './service';

type Who = 'lead' | 'member' | 'sponsor' | 'stakeholder';

/**
 * Demo comment threads (issue 12), on the seed timeline (ADR 0016), through the
 * comments' own use cases: both sides on a work item with a mention and
 * reactions, an internal aside of the provider on a shared item, an edited
 * comment with its history, a deleted one's tombstone, and a decision's thread.
 */
export function seedComments(t: SeedTimeline, engagementId: string, actors: Record<Who, Actor>) {
  const deps = t.deps;
  const as = (who: Who) => accessFor(actors[who], engagementId, who, 'comment.write');
  const idOf = async (table: 'work_items' | 'raid_items' | 'decisions', title: string) => {
    const row = await unscoped(deps.db, 'the demo seed').selectFrom(table).select('id').where('engagement_id', '=', engagementId).where('title', '=', title).executeTakeFirst();
    return row?.id;
  };
  const mention = (who: Who) => `@[${actors[who].name}](${actors[who].userId})`;
  const ids = new Map<string, string>();
  /** One step of a thread at `at`, once its subject (looked up by title) exists. */
  const step = (at: Date, label: string, subject: () => Promise<string | undefined>, run: (subjectId: string) => Promise<void>) =>
    t.on(at, label, async () => {
      const id = await subject();
      if (id) await run(id);
    });

  const item = () => idOf('work_items', 'Polling service for carriers C, D and E');
  const onItem = (subjectId: string) => ({ subjectType: 'work_item' as const, subjectId });
  step(t.at(-3, 9, 20), 'comment: returns question', item, async (s) => {
    await createComment(deps, as('stakeholder'), onItem(s), { body: `Does the polling cover **returns** too? Our service desk gets most calls about returns. ${mention('member')}`, internal: false, mentions: [] });
  });
  step(t.at(-3, 10, 5), 'comment: returns answer', item, async (s) => {
    const a = await createComment(deps, as('member'), onItem(s), {
      body: 'Yes: returns are events like any other. Carrier D sends them only once a day, so they show up to 24 hours late; the page will say so.',
      internal: false,
      mentions: [actors.stakeholder.userId],
    });
    ids.set('answer', a.id);
  });
  step(t.at(-3, 10, 30), 'reactions to the answer', item, async () => {
    await react(deps, as('stakeholder'), ids.get('answer')!, 'thumbs_up', true);
    await react(deps, as('sponsor'), ids.get('answer')!, 'check', true);
  });
  step(t.at(-3, 11, 0), 'internal comment on a shared item', item, async (s) => {
    await createComment(deps, as('lead'), onItem(s), { body: 'Carrier D’s daily batch is their limit, not ours: worth a line in the status update.', internal: true, mentions: [actors.member.userId] });
  });

  const issue = () => idOf('raid_items', 'Staging VPN drops every night');
  const onIssue = (subjectId: string) => ({ subjectType: 'raid_item' as const, subjectId });
  step(t.at(-2, 14, 0), 'comment on the VPN issue', issue, async (s) => {
    ids.set('moved', (await createComment(deps, as('member'), onIssue(s), { body: 'We moved the nightly test run to 03:00, after the backups.', internal: false, mentions: [] })).id);
  });
  step(t.at(-2, 14, 25), 'comment edited', issue, async () => {
    await updateComment(deps, as('member'), ids.get('moved')!, { body: 'We moved the nightly test run to 03:00, after the backups finish (they end at 02:00).', mentions: [] });
  });
  step(t.at(-2, 15, 0), 'comment later deleted', issue, async (s) => {
    ids.set('wrong', (await createComment(deps, as('stakeholder'), onIssue(s), { body: 'Fjord IT says the backup window moves next month.', internal: false, mentions: [] })).id);
  });
  step(t.at(-2, 15, 10), 'comment deleted', issue, async () => {
    await deleteComment(deps, as('stakeholder'), ids.get('wrong')!);
  });
  step(t.at(-2, 15, 12), 'correction', issue, async (s) => {
    await createComment(deps, as('stakeholder'), onIssue(s), { body: `Correction: the backup window stays as it is. ${mention('lead')}`, internal: false, mentions: [] });
  });

  const decision = () => idOf('decisions', 'Which carriers to integrate first');
  step(t.at(-1, 16, 0), 'comment on a decision', decision, async (s) => {
    ids.set('decision', (await createComment(deps, as('sponsor'), { subjectType: 'decision', subjectId: s }, { body: 'Going with the push carriers first was right: the pilot shippers mostly use them.', internal: false, mentions: [] })).id);
  });
  step(t.at(-1, 16, 30), 'reaction on the decision thread', decision, async () => {
    await react(deps, as('lead'), ids.get('decision')!, 'heart', true);
  });
}
