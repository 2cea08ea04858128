import type { Role } from './role.js';

/** The authenticated user making a request, as every service sees them. */
export interface Caller {
  userId: string;
  organisationId: string;
  email: string;
  roles: ReadonlySet<Role>;
  /** The browser session or API token the request came with (`user_session.id`), when it came with one. */
  sessionId?: string;
}

/** Who an audit entry or a system action is attributed to when no user is signed in. */
export type Actor = Caller | null;
