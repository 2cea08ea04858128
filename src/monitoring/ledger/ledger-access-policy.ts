import type { Caller } from '../../common/auth/caller.js';
import { Role } from '../../common/auth/role.js';

/** Roles that take and record decisions to share for their organisation. */
const DECISION_ROLES: readonly Role[] = [Role.PRACTITIONER, Role.IG_LEAD, Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.DPO];

/** Practitioners (and their IG and Caldicott colleagues) record and read their own organisation's decisions. */
export function canRecordDecisionsFor(caller: Caller, disclosingOrganisationId: string): boolean {
  return caller.organisationId === disclosingOrganisationId && DECISION_ROLES.some((role) => caller.roles.has(role));
}

export function canReadDecisionsOf(caller: Caller, organisationId: string): boolean {
  return canRecordDecisionsFor(caller, organisationId);
}

/** Incidents are reported by the same people, for agreements their organisation is involved in. */
export function canReportIncidents(caller: Caller): boolean {
  return DECISION_ROLES.some((role) => caller.roles.has(role));
}
