import type { Role } from '@/libs/process/policy';

export interface AuthenticatedUser {
  id: string;
  name: string;
  role: Role;
  unitId: string;
  /** Region path of the user's unit: supervisors and auditors see cases of units at or below it. */
  regionPath: string;
  /** The sign-in session of a password sign-in (logout revokes it); null for an OIDC bearer. */
  sessionId: string | null;
}
