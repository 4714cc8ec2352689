import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../app/api';
import { keys } from '../app/keys';
import type { AdminUser, CreatedUser, Organization, ResetLink } from '../app/types';

export function useOrganizations() {
  return useQuery({
    queryKey: keys.adminOrgs,
    queryFn: ({ signal }) => get<{ organizations: Organization[] }>('/admin/organizations', undefined, signal),
    select: (d) => d.organizations,
  });
}

export function useUsers() {
  return useQuery({
    queryKey: keys.adminUsers,
    queryFn: ({ signal }) => get<{ users: AdminUser[] }>('/admin/users', undefined, signal),
    select: (d) => d.users,
  });
}

function useAdminMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['admin'] }) });
}

export const useCreateOrg = () => useAdminMutation((v: { name: string; kind: 'provider' | 'client' }) => post<Organization>('/admin/organizations', v));
export const useRenameOrg = () =>
  useAdminMutation((v: { orgId: string; name: string }) => patch<Organization>(`/admin/organizations/${v.orgId}`, { name: v.name }));
export const useCreateUser = () =>
  useAdminMutation((v: { email: string; name: string; orgId: string | null; isAdmin: boolean }) => post<CreatedUser>('/admin/users', v));
export const useUpdateUser = () =>
  useAdminMutation((v: { userId: string; patch: { name?: string; orgId?: string | null; isAdmin?: boolean; disabled?: boolean } }) =>
    patch<AdminUser>(`/admin/users/${v.userId}`, v.patch),
  );
export const useResetLink = () => useMutation({ mutationFn: (userId: string) => post<ResetLink>(`/admin/users/${userId}/reset-link`) });
