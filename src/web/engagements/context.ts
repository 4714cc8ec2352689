import { createContext, useContext } from 'react';
import { type Action, can } from '../../domain/authz/policy';
import type { EngagementSummary } from '../app/types';

export interface EngagementCtx {
  engagement: EngagementSummary;
  /** What my role may do here: the server's own policy table, so buttons match what it allows. */
  can: (action: Action) => boolean;
}

export const EngagementContext = createContext<EngagementCtx | null>(null);

export function makeEngagementCtx(engagement: EngagementSummary): EngagementCtx {
  return { engagement, can: (action) => can(engagement.myRole, action) };
}

/** The engagement the current page belongs to (inside EngagementLayout). */
export function useEngagementCtx(): EngagementCtx {
  const ctx = useContext(EngagementContext);
  if (!ctx) throw new Error('useEngagementCtx() outside EngagementLayout');
  return ctx;
}
