import { isSystemAdmin } from '../../common/auth/access-policy.js';
import type { Caller } from '../../common/auth/caller.js';

/**
 * Aggregates, never individual decisions:
 * - a partnership (a PROTOCOL and the agreements under it): organisations involved in the protocol,
 *   commissioners among them;
 * - an agreement: organisations involved in it, and those involved in the protocol it sits under;
 * - an organisation: its own members;
 * and SYSTEM_ADMINs everywhere.
 */
export function canReadPartnershipMetrics(caller: Caller, involvedInProtocol: boolean): boolean {
  return isSystemAdmin(caller) || involvedInProtocol;
}

export function canReadAgreementMetrics(caller: Caller, involvedInAgreement: boolean, involvedInItsProtocol: boolean): boolean {
  return isSystemAdmin(caller) || involvedInAgreement || involvedInItsProtocol;
}

export function canReadOrganisationMetrics(caller: Caller, organisationId: string): boolean {
  return isSystemAdmin(caller) || caller.organisationId === organisationId;
}
