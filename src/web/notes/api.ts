import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from '../app/api';
import { keys } from '../app/keys';
import type { CreateNoteInput, Note, NoteKind, NoteList, Visibility } from '../app/types';

export interface NoteFilters {
  q?: string;
  kind?: NoteKind;
  visibility?: Visibility;
}

const PAGE = 20;

export function useNotes(engagementId: string, filters: NoteFilters) {
  return useInfiniteQuery({
    queryKey: keys.notes(engagementId, filters),
    queryFn: ({ pageParam, signal }) =>
      get<NoteList>(`/engagements/${engagementId}/notes`, { ...filters, cursor: pageParam, limit: PAGE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
}

export function useNote(engagementId: string, noteId: string | undefined) {
  return useQuery({
    queryKey: keys.note(engagementId, noteId ?? ''),
    queryFn: ({ signal }) => get<Note>(`/engagements/${engagementId}/notes/${noteId}`, undefined, signal),
    enabled: !!noteId,
  });
}

export function useSaveNote(engagementId: string, noteId: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateNoteInput) =>
      noteId ? patch<Note>(`/engagements/${engagementId}/notes/${noteId}`, input) : post<Note>(`/engagements/${engagementId}/notes`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }),
  });
}

export function useDeleteNote(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (noteId: string) => del(`/engagements/${engagementId}/notes/${noteId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }),
  });
}
