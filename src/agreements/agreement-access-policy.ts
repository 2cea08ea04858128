import { isSystemAdmin } from '../common/auth/access-policy.js';
import type { Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';
import { SigningRole } from './agreement.enums.js';

/** Who is involved in an agreement, as the access rules need it. */
export interface AgreementInvolvement {
  leadOrganisationId: string;
  /** Parties of the working draft. */
  draftPartyIds: ReadonlySet<string>;
  /** Parties of the draft or of any version, and the lead. */
  involvedOrganisationIds: ReadonlySet<string>;
}

/** Partners (any organisation involved) and SYSTEM_ADMINs read an agreement; nobody else. */
export function canReadAgreement(caller: Caller, involvement: AgreementInvolvement): boolean {
  return isSystemAdmin(caller) || involvement.involvedOrganisationIds.has(caller.organisationId);
}

/** The IG lead of any party of the draft (or of the lead organisation) edits its sections. */
export function canEditDraftContent(caller: Caller, involvement: AgreementInvolvement): boolean {
  const party = involvement.draftPartyIds.has(caller.organisationId) || caller.organisationId === involvement.leadOrganisationId;
  return caller.roles.has(Role.IG_LEAD) && party;
}

/** Structure (title, parties, parent protocol), submission and variations belong to the lead organisation's IG lead. */
export function canLeadAgreement(caller: Caller, involvement: AgreementInvolvement): boolean {
  return caller.roles.has(Role.IG_LEAD) && caller.organisationId === involvement.leadOrganisationId;
}

/** Suspending, resuming and terminating: the lead organisation's IG lead, Caldicott Guardian or SIRO. */
export function canChangeAgreementStatus(caller: Caller, involvement: AgreementInvolvement): boolean {
  const senior = [Role.IG_LEAD, Role.CALDICOTT_GUARDIAN, Role.SIRO].some((role) => caller.roles.has(role));
  return senior && caller.organisationId === involvement.leadOrganisationId;
}

/** A party other than the lead (which recorded it) confirms or disputes a recorded original: its IG lead or someone who may sign for it. */
export function canAnswerRecordedOriginal(caller: Caller, partyIds: readonly string[], leadOrganisationId: string): boolean {
  const party = partyIds.includes(caller.organisationId) && caller.organisationId !== leadOrganisationId;
  return party && (caller.roles.has(Role.IG_LEAD) || signingRoleOf(caller) !== null);
}

/** The scanned original of a recorded version is for the parties to it only. */
export function canDownloadSignedOriginal(caller: Caller, partyIds: readonly string[]): boolean {
  return partyIds.includes(caller.organisationId);
}

/** The roles that may sign, strongest first: the role used when the signer does not say. */
const SIGNING_ROLES: readonly SigningRole[] = [SigningRole.CALDICOTT_GUARDIAN, SigningRole.SIRO, SigningRole.SIGNATORY];

/** The role the caller signs in: the one they asked for if they hold it, else their strongest; null if they may not sign. */
export function signingRoleOf(caller: Caller, requested?: SigningRole | null): SigningRole | null {
  const held = SIGNING_ROLES.filter((role) => caller.roles.has(role as unknown as Role));
  if (requested) return held.includes(requested) ? requested : null;
  return held[0] ?? null;
}
