import type { Caller } from './caller.js';
import { Role } from './role.js';

/**
 * Who may do what, as pure rules. Services call these with facts they have loaded
 * (for example whether two organisations are partners) and throw FORBIDDEN on false.
 */

export function isSystemAdmin(caller: Caller): boolean {
  return caller.roles.has(Role.SYSTEM_ADMIN);
}

/** Creating organisations is the service operator's job. */
export function canCreateOrganisation(caller: Caller): boolean {
  return isSystemAdmin(caller);
}

/** An ORG_ADMIN manages their own organisation's details; a SYSTEM_ADMIN manages any. */
export function canManageOrganisation(caller: Caller, organisationId: string): boolean {
  return isSystemAdmin(caller) || (caller.organisationId === organisationId && caller.roles.has(Role.ORG_ADMIN));
}

/** Users and role holders are managed by the same people who manage the organisation. */
export const canManageUsersOf = canManageOrganisation;

/** Only a SYSTEM_ADMIN may make another SYSTEM_ADMIN. */
export function canGrantRole(caller: Caller, organisationId: string, role: Role): boolean {
  if (role === Role.SYSTEM_ADMIN) return isSystemAdmin(caller);
  return canManageUsersOf(caller, organisationId);
}

/** An organisation's whole directory (every user, their email and roles): its own members and SYSTEM_ADMINs only. */
export function canSeeDirectoryOf(caller: Caller, organisationId: string): boolean {
  return caller.organisationId === organisationId || isSystemAdmin(caller);
}

/**
 * Its role holders (IG lead, Caldicott Guardian, SIRO, DPO, signatories) with their work contact:
 * also members of its partners, organisations that consented to an agreement with it.
 */
export function canSeeRoleHoldersOf(caller: Caller, organisationId: string, isPartner: boolean): boolean {
  return canSeeDirectoryOf(caller, organisationId) || isPartner;
}

export function canReadAuditLog(caller: Caller): boolean {
  return isSystemAdmin(caller);
}
