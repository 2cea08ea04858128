import type { Role } from './role.js';

/** The authenticated user making a request, as every service sees them. */
export interface Caller {
  userId: string;
  organisationId: string;
  email: string;
  roles: ReadonlySet<Role>;
}

/** Who an audit entry or a system action is attributed to when no user is signed in. */
export type Actor = Caller | null;
