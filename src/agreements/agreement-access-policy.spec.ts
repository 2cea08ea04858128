import type { Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';
import {
  canAnswerInvitation,
  canAnswerRecordedOriginal,
  canChangeAgreementStatus,
  canDownloadSignedOriginal,
  canEditDraftContent,
  canLeadAgreement,
  canReadAgreement,
  signingRoleOf,
  type AgreementInvolvement,
} from './agreement-access-policy.js';
import { SigningRole } from './agreement.enums.js';

const LEAD_ORG = 'org-lead';
const DRAFT_PARTY = 'org-party';
/** Party of an earlier version only, no longer a party of the draft. */
const FORMER_PARTY = 'org-former';
const OUTSIDER = 'org-outsider';
/** Named in the draft, not yet answered. */
const INVITED = 'org-invited';

const involvement: AgreementInvolvement = {
  leadOrganisationId: LEAD_ORG,
  draftPartyIds: new Set([LEAD_ORG, DRAFT_PARTY]),
  involvedOrganisationIds: new Set([LEAD_ORG, DRAFT_PARTY, FORMER_PARTY]),
  invitedOrganisationIds: new Set([INVITED]),
};

/** A lead that is (as yet) not itself a party of the draft. */
const leadNotAParty: AgreementInvolvement = {
  leadOrganisationId: LEAD_ORG,
  draftPartyIds: new Set([DRAFT_PARTY]),
  involvedOrganisationIds: new Set([LEAD_ORG, DRAFT_PARTY]),
  invitedOrganisationIds: new Set(),
};

function caller(organisationId: string, ...roles: Role[]): Caller {
  return { userId: `user-${organisationId}`, organisationId, email: `someone@${organisationId}.example`, roles: new Set(roles) };
}

const ALL_ROLES = Object.values(Role);

describe('canReadAgreement', () => {
  it.each<[string, Caller, boolean]>([
    ['SYSTEM_ADMIN of an uninvolved organisation', caller(OUTSIDER, Role.SYSTEM_ADMIN), true],
    ['SYSTEM_ADMIN with no organisation involved at all', caller('org-operator', Role.SYSTEM_ADMIN), true],
    ['anyone at the lead organisation', caller(LEAD_ORG, Role.PRACTITIONER), true],
    ['anyone at a draft party', caller(DRAFT_PARTY, Role.COMMISSIONER), true],
    ['anyone at an organisation involved in an old version', caller(FORMER_PARTY, Role.DPO), true],
    ['a user with no roles at an involved organisation', caller(DRAFT_PARTY), true],
    ['anyone at an organisation invited and yet to answer', caller(INVITED, Role.PRACTITIONER), true],
    ['IG_LEAD of an uninvolved organisation', caller(OUTSIDER, Role.IG_LEAD), false],
    ['ORG_ADMIN of an uninvolved organisation', caller(OUTSIDER, Role.ORG_ADMIN), false],
    ['a user with every role but SYSTEM_ADMIN at an uninvolved organisation', caller(OUTSIDER, ...ALL_ROLES.filter((r) => r !== Role.SYSTEM_ADMIN)), false],
  ])('%s -> %s', (_who, who, expected) => {
    expect(canReadAgreement(who, involvement)).toBe(expected);
  });
});

describe('canEditDraftContent', () => {
  it.each<[string, Caller, AgreementInvolvement, boolean]>([
    ["the lead's IG_LEAD", caller(LEAD_ORG, Role.IG_LEAD), involvement, true],
    ["a draft party's IG_LEAD", caller(DRAFT_PARTY, Role.IG_LEAD), involvement, true],
    ["the lead's IG_LEAD when the lead is not a draft party", caller(LEAD_ORG, Role.IG_LEAD), leadNotAParty, true],
    ['IG_LEAD of an organisation involved only in an old version', caller(FORMER_PARTY, Role.IG_LEAD), involvement, false],
    ['IG_LEAD of an uninvolved organisation', caller(OUTSIDER, Role.IG_LEAD), involvement, false],
    ['SYSTEM_ADMIN', caller(OUTSIDER, Role.SYSTEM_ADMIN), involvement, false],
    ...ALL_ROLES.filter((r) => r !== Role.IG_LEAD).map((role): [string, Caller, AgreementInvolvement, boolean] => [
      `a draft party's ${role}`,
      caller(DRAFT_PARTY, role),
      involvement,
      false,
    ]),
    ["the lead's CALDICOTT_GUARDIAN", caller(LEAD_ORG, Role.CALDICOTT_GUARDIAN), involvement, false],
    ["a draft party's user holding every role but IG_LEAD", caller(DRAFT_PARTY, ...ALL_ROLES.filter((r) => r !== Role.IG_LEAD)), involvement, false],
  ])('%s -> %s', (_who, who, inv, expected) => {
    expect(canEditDraftContent(who, inv)).toBe(expected);
  });
});

describe('canLeadAgreement', () => {
  it.each<[string, Caller, boolean]>([
    ["the lead's IG_LEAD", caller(LEAD_ORG, Role.IG_LEAD), true],
    ["the lead's IG_LEAD who holds other roles too", caller(LEAD_ORG, Role.IG_LEAD, Role.SIRO), true],
    ["another draft party's IG_LEAD", caller(DRAFT_PARTY, Role.IG_LEAD), false],
    ["a former party's IG_LEAD", caller(FORMER_PARTY, Role.IG_LEAD), false],
    ["the lead's CALDICOTT_GUARDIAN", caller(LEAD_ORG, Role.CALDICOTT_GUARDIAN), false],
    ["the lead's SIRO", caller(LEAD_ORG, Role.SIRO), false],
    ["the lead's ORG_ADMIN", caller(LEAD_ORG, Role.ORG_ADMIN), false],
    ['SYSTEM_ADMIN', caller(OUTSIDER, Role.SYSTEM_ADMIN), false],
  ])('%s -> %s', (_who, who, expected) => {
    expect(canLeadAgreement(who, involvement)).toBe(expected);
  });
});

describe('canChangeAgreementStatus', () => {
  it.each<[string, Caller, boolean]>([
    ["the lead's IG_LEAD", caller(LEAD_ORG, Role.IG_LEAD), true],
    ["the lead's CALDICOTT_GUARDIAN", caller(LEAD_ORG, Role.CALDICOTT_GUARDIAN), true],
    ["the lead's SIRO", caller(LEAD_ORG, Role.SIRO), true],
    ["the lead's SIGNATORY", caller(LEAD_ORG, Role.SIGNATORY), false],
    ["the lead's DPO", caller(LEAD_ORG, Role.DPO), false],
    ["the lead's ORG_ADMIN", caller(LEAD_ORG, Role.ORG_ADMIN), false],
    ["the lead's PRACTITIONER", caller(LEAD_ORG, Role.PRACTITIONER), false],
    ["another party's SIRO", caller(DRAFT_PARTY, Role.SIRO), false],
    ["another party's CALDICOTT_GUARDIAN", caller(DRAFT_PARTY, Role.CALDICOTT_GUARDIAN), false],
    ["another party's IG_LEAD", caller(DRAFT_PARTY, Role.IG_LEAD), false],
    ["an uninvolved organisation's SIRO", caller(OUTSIDER, Role.SIRO), false],
  ])('%s -> %s', (_who, who, expected) => {
    expect(canChangeAgreementStatus(who, involvement)).toBe(expected);
  });
});

describe('signingRoleOf', () => {
  const { CALDICOTT_GUARDIAN, SIRO, SIGNATORY } = SigningRole;

  it('keeps the signing roles and the user roles spelt the same', () => {
    for (const role of Object.values(SigningRole)) expect(ALL_ROLES).toContain(role);
  });

  it.each<[string, Role[], SigningRole | null]>([
    ['CALDICOTT_GUARDIAN, SIRO and SIGNATORY', [Role.SIGNATORY, Role.SIRO, Role.CALDICOTT_GUARDIAN], CALDICOTT_GUARDIAN],
    ['CALDICOTT_GUARDIAN and SIGNATORY', [Role.SIGNATORY, Role.CALDICOTT_GUARDIAN], CALDICOTT_GUARDIAN],
    ['SIRO and SIGNATORY', [Role.SIGNATORY, Role.SIRO], SIRO],
    ['CALDICOTT_GUARDIAN only', [Role.CALDICOTT_GUARDIAN], CALDICOTT_GUARDIAN],
    ['SIRO only', [Role.SIRO], SIRO],
    ['SIGNATORY only', [Role.SIGNATORY], SIGNATORY],
    ['SIGNATORY and IG_LEAD', [Role.IG_LEAD, Role.SIGNATORY], SIGNATORY],
    ['PRACTITIONER', [Role.PRACTITIONER], null],
    ['IG_LEAD, DPO, ORG_ADMIN, COMMISSIONER and SYSTEM_ADMIN', [Role.IG_LEAD, Role.DPO, Role.ORG_ADMIN, Role.COMMISSIONER, Role.SYSTEM_ADMIN], null],
    ['no roles', [], null],
  ])('with no role asked, a holder of %s signs as %s', (_held, roles, expected) => {
    const who = caller(DRAFT_PARTY, ...roles);
    expect(signingRoleOf(who)).toBe(expected);
    expect(signingRoleOf(who, null)).toBe(expected);
    expect(signingRoleOf(who, undefined)).toBe(expected);
  });

  it.each<[string, Role[], SigningRole, SigningRole | null]>([
    ['all three, asking SIGNATORY', [Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.SIGNATORY], SIGNATORY, SIGNATORY],
    ['all three, asking SIRO', [Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.SIGNATORY], SIRO, SIRO],
    ['all three, asking CALDICOTT_GUARDIAN', [Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.SIGNATORY], CALDICOTT_GUARDIAN, CALDICOTT_GUARDIAN],
    ['SIRO, asking SIRO', [Role.SIRO], SIRO, SIRO],
    ['CALDICOTT_GUARDIAN, asking SIRO', [Role.CALDICOTT_GUARDIAN], SIRO, null],
    ['SIGNATORY, asking CALDICOTT_GUARDIAN', [Role.SIGNATORY], CALDICOTT_GUARDIAN, null],
    ['CALDICOTT_GUARDIAN, asking SIGNATORY', [Role.CALDICOTT_GUARDIAN], SIGNATORY, null],
    ['PRACTITIONER, asking SIGNATORY', [Role.PRACTITIONER], SIGNATORY, null],
    ['SYSTEM_ADMIN, asking SIRO', [Role.SYSTEM_ADMIN], SIRO, null],
  ])('a holder of %s -> %s', (_case, roles, requested, expected) => {
    expect(signingRoleOf(caller(DRAFT_PARTY, ...roles), requested)).toBe(expected);
  });
});

describe('recorded originals', () => {
  const as = (organisationId: string, ...roles: Role[]): Caller => ({ userId: 'u', organisationId, roles: new Set(roles) }) as unknown as Caller;
  const parties = ['lead', 'b'];

  it('another party’s IG lead or signatory answers; the lead, practitioners and outsiders do not', () => {
    expect(canAnswerRecordedOriginal(as('b', Role.IG_LEAD), parties, 'lead')).toBe(true);
    expect(canAnswerRecordedOriginal(as('b', Role.SIGNATORY), parties, 'lead')).toBe(true);
    expect(canAnswerRecordedOriginal(as('b', Role.CALDICOTT_GUARDIAN), parties, 'lead')).toBe(true);
    expect(canAnswerRecordedOriginal(as('b', Role.PRACTITIONER), parties, 'lead')).toBe(false);
    expect(canAnswerRecordedOriginal(as('lead', Role.IG_LEAD), parties, 'lead')).toBe(false);
    expect(canAnswerRecordedOriginal(as('c', Role.IG_LEAD), parties, 'lead')).toBe(false);
  });

  it('only the parties download the original', () => {
    expect(canDownloadSignedOriginal(as('b', Role.PRACTITIONER), parties)).toBe(true);
    expect(canDownloadSignedOriginal(as('c', Role.SYSTEM_ADMIN), parties)).toBe(false);
  });
});

describe('canAnswerInvitation', () => {
  it('lets the named organisation answer by its IG lead or someone who may sign, and nobody else', () => {
    expect(canAnswerInvitation(caller(INVITED, Role.IG_LEAD), INVITED)).toBe(true);
    expect(canAnswerInvitation(caller(INVITED, Role.SIGNATORY), INVITED)).toBe(true);
    expect(canAnswerInvitation(caller(INVITED, Role.SIRO), INVITED)).toBe(true);
    expect(canAnswerInvitation(caller(INVITED, Role.PRACTITIONER, Role.ORG_ADMIN, Role.DPO), INVITED)).toBe(false);
    expect(canAnswerInvitation(caller(LEAD_ORG, Role.IG_LEAD), INVITED)).toBe(false);
    expect(canAnswerInvitation(caller(OUTSIDER, Role.SYSTEM_ADMIN), INVITED)).toBe(false);
  });

  it('gives an invited organisation no right to edit the draft', () => {
    expect(canEditDraftContent(caller(INVITED, Role.IG_LEAD), involvement)).toBe(false);
  });
});
