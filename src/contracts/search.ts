import { z } from 'zod';
import { Id } from './common';

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(2, 'must have at least 2 characters').max(200),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const SearchHit = z.object({
  type: z.enum(['engagement', 'note', 'outcome', 'item', 'raid', 'decision', 'commitment', 'recommendation']),
  id: Id,
  engagementId: Id,
  engagementName: z.string(),
  title: z.string(),
  snippet: z.string(),
});
export const SearchResult = z.object({ hits: z.array(SearchHit) });
