/** Query keys in one place, so mutations invalidate exactly what they change. */
export const keys = {
  engagements: ['engagements'] as const,
  engagement: (id: string) => ['engagement', id] as const,
  summary: (id: string) => ['engagement', id, 'summary'] as const,
  overview: (id: string) => ['engagement', id, 'overview'] as const,
  charter: (id: string) => ['engagement', id, 'charter'] as const,
  notes: (id: string, filters: object = {}) => ['engagement', id, 'notes', filters] as const,
  note: (id: string, noteId: string) => ['engagement', id, 'note', noteId] as const,
  members: (id: string) => ['engagement', id, 'members'] as const,
  invitations: (id: string) => ['engagement', id, 'invitations'] as const,
  audit: (id: string) => ['engagement', id, 'audit'] as const,
  search: (q: string) => ['search', q] as const,
  tokens: ['me', 'tokens'] as const,
  adminOrgs: ['admin', 'organizations'] as const,
  adminUsers: ['admin', 'users'] as const,
  adminAudit: ['admin', 'audit'] as const,
};
