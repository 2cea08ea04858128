import { canSeeDirectoryOf } from '../common/auth/access-policy.js';
import type { Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';
import type { User } from './user.entity.js';

/** An organisation's current holders of the named posts, and its signatories. */
export interface RoleHolders {
  igLead: User | null;
  caldicottGuardian: User | null;
  siro: User | null;
  dpo: User | null;
  signatories: User[];
}

/** The roles whose holders an organisation shows. */
export const HELD_POSTS: readonly Role[] = [Role.IG_LEAD, Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.DPO, Role.SIGNATORY];

export function roleHoldersFrom(rows: { role: Role; user: User }[]): RoleHolders {
  const holderOf = (role: Role) => rows.find((r) => r.role === role)?.user ?? null;
  return {
    igLead: holderOf(Role.IG_LEAD),
    caldicottGuardian: holderOf(Role.CALDICOTT_GUARDIAN),
    siro: holderOf(Role.SIRO),
    dpo: holderOf(Role.DPO),
    signatories: rows.filter((r) => r.role === Role.SIGNATORY).map((r) => r.user),
  };
}

/** A user's roles as the caller may see them: all of them in the caller's own organisation (or to a SYSTEM_ADMIN); elsewhere only the posts held. */
export function rolesShownTo(caller: Caller, organisationId: string, roles: readonly Role[]): Role[] {
  return canSeeDirectoryOf(caller, organisationId) ? [...roles] : roles.filter((role) => HELD_POSTS.includes(role));
}
