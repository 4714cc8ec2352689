/**
 * Where a search hit leads, and what to call its kind. Typed loosely on
 * purpose: GET /search gains kinds over time (items, RAID entries, decisions,
 * commitments); an unknown kind leads to its engagement.
 */
export interface AnyHit {
  type: string;
  id: string;
  engagementId: string;
  engagementName: string;
  title: string;
  snippet: string;
}

export const HIT_KIND: Record<string, string> = {
  engagement: 'Engagement',
  note: 'Note',
  outcome: 'Outcome',
  item: 'Work item',
  raid: 'RAID',
  decision: 'Decision',
  commitment: 'Commitment',
  recommendation: 'Recommendation',
};

export function hitHref(h: AnyHit): string {
  const e = `/engagements/${h.engagementId}`;
  switch (h.type) {
    case 'note':
      return `${e}/notes?q=${encodeURIComponent(h.title)}`;
    case 'outcome':
      return `${e}/charter`;
    case 'item':
      return `${e}/items/${h.id}`;
    case 'raid':
      return `${e}/raid/${h.id}`;
    case 'decision':
      return `${e}/decisions/${h.id}`;
    case 'commitment':
      return `${e}/commitments/${h.id}`;
    case 'recommendation':
      return `${e}/recommendations/${h.id}`;
    default:
      return e;
  }
}
