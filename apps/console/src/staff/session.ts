/** Who is signed in (`GET /auth/me`: the user, their unit and role), shared by every screen. */
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, call, type Schemas } from '../api/client';
import { session } from '../api/session-store';

export type CurrentUser = Schemas['CurrentUserView'];
export type StaffRole = 'registrar' | 'handler' | 'unitHead' | 'caseLeader' | 'supervisor' | 'auditor' | 'admin';

export function useSignedIn(): boolean {
  return useSyncExternalStore(session.onChange, session.signedIn);
}

export function useCurrentUser() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: ['me', signedIn],
    queryFn: () => call(api.GET('/auth/me')),
    enabled: signedIn,
    staleTime: 60_000,
  });
}

/** The signed-in user; only for screens inside the shell, which renders them once the user is known. */
export function useMe(): CurrentUser & { role: StaffRole } {
  const { data } = useCurrentUser();
  if (!data) throw new Error('useMe outside the signed-in shell');
  return data as CurrentUser & { role: StaffRole };
}

export async function signOut(): Promise<void> {
  await call(api.POST('/auth/logout')).catch(() => undefined);
  session.clear();
}
