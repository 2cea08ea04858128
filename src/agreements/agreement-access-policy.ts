import { isSystemAdmin } from '../common/auth/access-policy.js';
import type { Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';
import { SigningRole } from './agreement.enums.js';

/** Who is involved in an agreement, as the access rules need it. */
export interface AgreementInvolvement {
  leadOrganisationId: string;
  /** Parties of the working draft that accepted their invitation (the lead's is accepted by drafting). */
  draftPartyIds: ReadonlySet<string>;
  /** The lead, the draft's accepted parties, the parties of every version not declined, and every organisation that signed. */
  involvedOrganisationIds: ReadonlySet<string>;
  /** Named in the draft and not yet answered: they may read the agreement to decide, and nothing more. */
  invitedOrganisationIds: ReadonlySet<string>;
}

/** Partners (any organisation involved), organisations invited to it, and SYSTEM_ADMINs read an agreement; nobody else. */
export function canReadAgreement(caller: Caller, involvement: AgreementInvolvement): boolean {
  return isSystemAdmin(caller) || involvement.involvedOrganisationIds.has(caller.organisationId) || involvement.invitedOrganisationIds.has(caller.organisationId);
}

/** An organisation named in a draft answers its invitation (accept, refuse, leave) by its IG lead or someone who may sign for it. */
export function canAnswerInvitation(caller: Caller, organisationId: string): boolean {
  return caller.organisationId === organisationId && (caller.roles.has(Role.IG_LEAD) || signingRoleOf(caller) !== null);
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
