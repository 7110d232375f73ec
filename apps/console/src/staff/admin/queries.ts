/** The admin's reads and writes; every write refreshes the tree, the accounts and the changes log. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';

export function useUnits() {
  return useQuery({ queryKey: ['admin', 'units'], queryFn: () => call(api.GET('/admin/units')) });
}

export function useUsers() {
  return useQuery({ queryKey: ['admin', 'users'], queryFn: () => call(api.GET('/admin/users')) });
}

export function useChanges() {
  return useQuery({
    queryKey: ['admin', 'changes'],
    queryFn: () => call(api.GET('/admin/changes', { params: { query: { limit: 100 } } })),
  });
}

/** A change to the directory; on success every admin list is read again. */
export function useAdminChange<V>(write: (values: V) => Promise<unknown>, onDone?: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['admin'] });
      onDone?.();
    },
  });
}

export const adminWrites = {
  createUnit: (body: Schemas['CreateUnitDto']) => call(api.POST('/admin/units', { body })),
  renameUnit: (id: string, name: string) =>
    call(api.PATCH('/admin/units/{id}', { params: { path: { id } }, body: { name } })),
  moveUnit: (id: string, parentId: string) =>
    call(api.POST('/admin/units/{id}/move', { params: { path: { id } }, body: { parentId } })),
  deactivateUnit: (id: string) => call(api.POST('/admin/units/{id}/deactivate', { params: { path: { id } } })),
  createUser: (body: Schemas['CreateUserDto']) => call(api.POST('/admin/users', { body })),
  changeUser: (id: string, body: Schemas['ChangeUserDto']) =>
    call(api.PATCH('/admin/users/{id}', { params: { path: { id } }, body })),
  resetPassword: (id: string, password: string) =>
    call(api.POST('/admin/users/{id}/password', { params: { path: { id } }, body: { password } })),
  setNotificationAddresses: (id: string, addresses: Schemas['NotificationAddressDto'][]) =>
    call(api.PUT('/admin/units/{id}/notifications/addresses', { params: { path: { id } }, body: { addresses } })),
  setQuietHours: (id: string, startsAt: string | null, endsAt: string | null) =>
    call(
      api.PUT('/admin/units/{id}/notifications/quiet-hours', { params: { path: { id } }, body: { startsAt, endsAt } }),
    ),
  deactivateUser: (id: string) => call(api.POST('/admin/users/{id}/deactivate', { params: { path: { id } } })),
};
