import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, post } from '../app/api';
import { keys } from '../app/keys';
import type { AcceptedInvitation, CreatedInvitation, Invitation, InvitationPreview, Member, Role } from '../app/types';

export function useMembers(engagementId: string) {
  return useQuery({
    queryKey: keys.members(engagementId),
    queryFn: ({ signal }) => get<{ members: Member[] }>(`/engagements/${engagementId}/members`, undefined, signal),
    select: (d) => d.members,
  });
}

export function useInvitations(engagementId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.invitations(engagementId),
    queryFn: ({ signal }) => get<{ invitations: Invitation[] }>(`/engagements/${engagementId}/invitations`, undefined, signal),
    select: (d) => d.invitations,
    enabled,
  });
}

export function useInvite(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { email: string; role: Role; expiresInDays: number }) =>
      post<CreatedInvitation>(`/engagements/${engagementId}/invitations`, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }),
  });
}

export function useRevokeInvitation(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => del(`/engagements/${engagementId}/invitations/${invitationId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }),
  });
}

export function useRemoveMember(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => del(`/engagements/${engagementId}/members/${userId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }),
  });
}

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => get<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`, undefined, signal),
    retry: false,
  });
}

export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (v: { name?: string; password?: string }) =>
      post<AcceptedInvitation>(`/invitations/${encodeURIComponent(token)}/accept`, v),
  });
}
