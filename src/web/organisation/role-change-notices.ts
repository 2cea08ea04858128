import { Role, SINGLE_HOLDER_ROLES } from '../../common/auth/role.js';
import { partyReadiness } from '../../organisations/party-readiness.js';
import type { RoleHolders } from '../../organisations/role-holders.js';
import type { User } from '../../organisations/user.entity.js';

/**
 * What the organisation admin is told about a change of roles: whom a named post was taken from
 * when it was given to someone else, and, before deactivating someone, what the organisation
 * loses. Pure.
 */

const POST_NAMES: Partial<Record<Role, string>> = {
  IG_LEAD: 'IG lead',
  CALDICOTT_GUARDIAN: 'Caldicott Guardian',
  SIRO: 'SIRO',
  DPO: 'DPO',
};

const holderOf = (holders: RoleHolders, role: Role): User | null =>
  ({ IG_LEAD: holders.igLead, CALDICOTT_GUARDIAN: holders.caldicottGuardian, SIRO: holders.siro, DPO: holders.dpo })[role as string] ?? null;

/** A named post given to someone, and the user who held it until then. */
export interface MovedPost {
  role: Role;
  fromUserId: string;
}

/** The named posts among `added` that someone other than `userId` holds now: giving them takes them from that person. */
export function postsTakenBy(added: readonly Role[], holders: RoleHolders, userId: string | null): MovedPost[] {
  return added
    .filter((role) => SINGLE_HOLDER_ROLES.includes(role))
    .flatMap((role) => {
      const holder = holderOf(holders, role);
      return holder && holder.id !== userId ? [{ role, fromUserId: holder.id }] : [];
    });
}

/** The moved posts as query parameters for the page the change returns to. */
export const movedQuery = (moved: readonly MovedPost[]): string => moved.map((m) => `&moved=${m.role}.${m.fromUserId}`).join('');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The moved posts a query names; anything malformed is left out. */
export function movedPostsOf(value: unknown): MovedPost[] {
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string').slice(0, SINGLE_HOLDER_ROLES.length);
  return values.flatMap((v) => {
    const [role, fromUserId] = v.split('.');
    return SINGLE_HOLDER_ROLES.includes(role as Role) && UUID.test(fromUserId ?? '') ? [{ role: role as Role, fromUserId }] : [];
  });
}

/** "Caldicott Guardian was taken from Pat Previous.", one for each post moved. */
export function takenFromLines(moved: readonly { role: Role; fromName: string }[]): string[] {
  return moved.map((m) => `${POST_NAMES[m.role] ?? m.role} was taken from ${m.fromName}: they no longer hold it.`);
}

/** The holders as they would be without this user. */
function without(holders: RoleHolders, userId: string): RoleHolders {
  const keep = (u: User | null) => (u && u.id === userId ? null : u);
  return {
    igLead: keep(holders.igLead),
    caldicottGuardian: keep(holders.caldicottGuardian),
    siro: keep(holders.siro),
    dpo: keep(holders.dpo),
    signatories: holders.signatories.filter((u) => u.id !== userId),
  };
}

export interface AwaitingSignature {
  reference: string;
  title: string;
  versionNumber: number;
}

/**
 * Before deactivating someone: the named posts the organisation would be left without, whether it
 * would stop being ready to be a party (no IG lead, or no one who may sign), and then the
 * agreements awaiting its signature, which it could not sign. Null when nothing is lost.
 */
export function deactivationWarning(organisationName: string, userId: string, holders: RoleHolders, awaiting: readonly AwaitingSignature[]) {
  const after = without(holders, userId);
  const postsLost = SINGLE_HOLDER_ROLES.filter((role) => holderOf(holders, role)?.id === userId).map((role) => POST_NAMES[role]!);
  const readyNow = partyReadiness(holders).ready;
  const readiness = partyReadiness(after);
  const lastSigner = holders.signatories.length + Number(!!holders.caldicottGuardian) + Number(!!holders.siro) > 0 && readiness.reasons.some((r) => r.code === 'NO_SIGNATORY');
  const becomesUnready = readyNow && !readiness.ready;
  if (postsLost.length === 0 && !becomesUnready && !lastSigner) return null;
  return {
    postsLost: postsLost.map((post) => `${organisationName} will have no ${post}.`),
    unready: becomesUnready
      ? `${organisationName} will not be ready to be a party to an agreement: ${readiness.reasons.map((r) => (r.code === 'NO_IG_LEAD' ? 'it will have no IG lead' : 'no one will be able to sign for it')).join(', and ')}.`
      : null,
    lastSigner,
    awaiting: lastSigner || becomesUnready ? awaiting.map((a) => `${a.reference} version ${a.versionNumber}: ${a.title}`) : [],
  };
}
