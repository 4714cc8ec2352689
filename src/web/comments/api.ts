import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '../../contracts/comments';
import { api, get, patch, post } from '../app/api';

/** Comments API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
export type Comment = z.infer<typeof C.Comment>;
export type CommentThreadData = z.infer<typeof C.CommentThread>;
export type SubjectType = z.infer<typeof C.SubjectType>;
export type ReactionName = z.infer<typeof C.ReactionName>;
export type CreateCommentInput = z.input<typeof C.CreateCommentBody>;

export interface SubjectRef {
  engagementId: string;
  subjectType: SubjectType;
  subjectId: string;
}

export const threadKey = (s: SubjectRef) => ['engagement', s.engagementId, 'comments', s.subjectType, s.subjectId] as const;
const query = (s: SubjectRef) => ({ subjectType: s.subjectType, subjectId: s.subjectId });
const base = (s: SubjectRef) => `/engagements/${s.engagementId}/comments`;

export function useThread(s: SubjectRef) {
  return useQuery({
    queryKey: threadKey(s),
    queryFn: ({ signal }) => get<CommentThreadData>(base(s), query(s), signal),
    enabled: !!s.subjectId,
  });
}

function useThreadMutation<V>(s: SubjectRef, fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: threadKey(s) }), qc.invalidateQueries({ queryKey: ['engagement', s.engagementId, 'audit'] })]);
    },
  });
}

export const usePostComment = (s: SubjectRef) => useThreadMutation(s, (v: CreateCommentInput) => api<Comment>(base(s), { method: 'POST', query: query(s), body: v }));
export const useEditComment = (s: SubjectRef) => useThreadMutation(s, (v: { id: string; body: string }) => patch<Comment>(`${base(s)}/${v.id}`, { body: v.body }));
export const useDeleteComment = (s: SubjectRef) => useThreadMutation(s, (id: string) => api<Comment>(`${base(s)}/${id}`, { method: 'DELETE' }));
export const useReact = (s: SubjectRef) =>
  useThreadMutation(s, (v: { id: string; reaction: ReactionName; on: boolean }) =>
    v.on ? post<Comment>(`${base(s)}/${v.id}/reactions`, { reaction: v.reaction }) : api<Comment>(`${base(s)}/${v.id}/reactions`, { method: 'DELETE', query: { reaction: v.reaction } }),
  );
