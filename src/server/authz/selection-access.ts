import type { Kysely } from 'kysely';
import { canInSelection, type SelectionAction, type SelectionRole } from '../../domain/authz/policy';
import type { DB } from '../db/schema';
import type { Actor } from '../http/context';
import { forbidden, notFound } from '../http/errors';
import { unscoped } from './scoped';

declare const selectionAccessBrand: unique symbol;

/**
 * Proof that an actor is a member of one partner selection (issue 15, ADR 0023),
 * with their roles. Only `authorizeSelection` makes one; selection content is
 * read through `scopedSelection(db, access, table)` with it. A selection is
 * not an engagement: an EngagementAccess reads none of its tables.
 */
export interface SelectionAccess {
  readonly [selectionAccessBrand]: true;
  readonly selectionId: string;
  readonly actor: Actor;
  readonly roles: readonly SelectionRole[];
  /** Holds the evaluator role: blind to the others' scores of a candidate until submitting it. */
  readonly evaluates: boolean;
  readonly owns: boolean;
}

export const SELECTION_NOT_FOUND = 'Selection not found';

/**
 * The one gate into a selection. Anyone who is not a member — another
 * organization's user, a candidate's user, the instance admin — gets 404 for
 * everything of it; a member lacking the action gets 403.
 */
export async function authorizeSelection(db: Kysely<DB>, actor: Actor, selectionId: string, action: SelectionAction): Promise<SelectionAccess> {
  const rows = await unscoped(db, 'the selection membership decides access (the selection’s own gate)')
    .selectFrom('selection_members')
    .select('role')
    .where('selection_id', '=', selectionId)
    .where('user_id', '=', actor.userId)
    .execute();
  if (rows.length === 0) throw notFound(SELECTION_NOT_FOUND);
  const roles = rows.map((r) => r.role);
  return selectionAccessFor(actor, selectionId, roles, action);
}

export function selectionAccessFor(actor: Actor, selectionId: string, roles: readonly SelectionRole[], action: SelectionAction): SelectionAccess {
  if (!canInSelection(roles, action)) throw forbidden(`Your role in this selection (${roles.join(', ')}) may not do this: ${action}`);
  return { selectionId, actor, roles, evaluates: roles.includes('evaluator'), owns: roles.includes('owner') } as unknown as SelectionAccess;
}
