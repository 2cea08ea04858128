import { dischargeSections } from '../../src/demo/demo-content.js';
import { createOrganisation, createUser, type OrganisationInput } from './fixtures.js';
import { ok, type TestApp } from './test-app.js';

export interface Member {
  id: string;
  email: string;
  token: string;
}

export interface Partner {
  id: string;
  name: string;
  igLead: Member;
  signatory: Member;
  practitioner: Member;
}

/**
 * Signs every member in again. A test that moves the clock past the sessions' lifetime and signs
 * in there sweeps the old sessions away, as the service would; the tests after it need new ones.
 */
export async function signInAfresh(t: TestApp, ...partners: Partner[]): Promise<void> {
  t.forgetAdminToken();
  for (const partner of partners) {
    for (const member of [partner.igLead, partner.signatory, partner.practitioner]) member.token = await t.login(member.email);
  }
}

/** An organisation ready to be a party: an IG lead, a signatory and a practitioner, DSPT met, NHSmail. */
export async function readyPartner(t: TestApp, name: string, slug: string, fields: Partial<OrganisationInput> = {}): Promise<Partner> {
  const organisation = await createOrganisation(t, {
    name,
    dsptStatus: 'STANDARDS_MET',
    dsptStatusDate: '2026-06-30',
    secureEmailMethod: 'NHSMAIL',
    ...fields,
  });
  await registerEmailDomains(t, organisation.id, [`${slug}.example`]);
  return {
    id: organisation.id,
    name,
    igLead: await createUser(t, organisation.id, `ig@${slug}.example`, ['IG_LEAD']),
    signatory: await createUser(t, organisation.id, `signer@${slug}.example`, ['SIGNATORY']),
    practitioner: await createUser(t, organisation.id, `practitioner@${slug}.example`, ['PRACTITIONER']),
  };
}

export const SET_EMAIL_DOMAINS = `mutation ($input: SetOrganisationEmailDomainsInput!) { setOrganisationEmailDomains(input: $input) { id emailDomains } }`;

/** Registers the organisation's email domains as the SYSTEM_ADMIN, so its ORG_ADMIN may create users at them. */
export async function registerEmailDomains(t: TestApp, organisationId: string, domains: string[]): Promise<void> {
  ok(await t.gql(SET_EMAIL_DOMAINS, { input: { organisationId, domains } }, await t.adminToken()));
}

const INVITATION_FIELDS = 'agreementId organisationId status reason';
export const ACCEPT_INVITATION = `mutation ($input: AcceptPartnershipInvitationInput!) { acceptPartnershipInvitation(input: $input) { ${INVITATION_FIELDS} } }`;
export const REFUSE_INVITATION = `mutation ($input: RefusePartnershipInvitationInput!) { refusePartnershipInvitation(input: $input) { ${INVITATION_FIELDS} } }`;
export const WITHDRAW_FROM_DRAFT = `mutation ($input: WithdrawFromAgreementDraftInput!) { withdrawFromAgreementDraft(input: $input) { ${INVITATION_FIELDS} } }`;

/** Each partner's IG lead accepts its organisation's invitation to the draft (the lead's own party is accepted already, and skipped). */
export async function acceptInvitations(t: TestApp, agreementId: string, partners: readonly { igLead: Member }[], leadId?: string): Promise<void> {
  for (const partner of partners) {
    if (leadId !== undefined && (partner as Partial<Partner>).id === leadId) continue;
    ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId } }, partner.igLead.token));
  }
}

export const AGREEMENT_FIELDS = `
  id reference kind title status variationStatus draftRevision statusReason
  leadOrganisation { id name }
  draft { revision parties { organisationId organisationName role invitation invitationReason } content { purposes { description purposeType } dataFlows { id name } } }
  findings { code severity field message reference }
  versions { number status contentHash effectiveDate }
  currentVersion { number status }
  pendingVersion { number contentHash awaitingSignatureFrom { organisationId } }
  review { status nextReviewDate daysUntilReview }
`;

export const CREATE_AGREEMENT = `mutation ($input: CreateAgreementInput!) { createAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const UPDATE_STRUCTURE = `mutation ($input: UpdateAgreementStructureInput!) { updateAgreementStructure(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const UPDATE_DRAFT = `mutation ($input: UpdateAgreementDraftInput!) { updateAgreementDraft(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const GET_AGREEMENT = `query ($id: ID!) { agreement(id: $id) { ${AGREEMENT_FIELDS} } }`;
export const SUBMIT = `mutation ($input: SubmitForSignatureInput!) {
  submitForSignature(input: $input) { number status contentHash parties { organisationId role signature { signerName } } awaitingSignatureFrom { organisationId } }
}`;
export const SIGN = `mutation ($input: SignAgreementInput!) {
  signAgreement(input: $input) { number status effectiveDate contentHash agreement { status variationStatus } signatures { organisationId signedAs signerName contentHash } }
}`;
export const DECLINE = `mutation ($input: DeclineToSignInput!) { declineToSign(input: $input) { number status declineReason agreement { status variationStatus draftRevision } } }`;

/** Every section an IG lead fills in for a compliant ISP (the demo's): hospital discharge to council and care provider, reviewed in a year. */
export function compliantSections(hospitalId: string, councilId: string, careId: string, today = new Date()) {
  const nextReview = new Date(today);
  nextReview.setUTCMonth(nextReview.getUTCMonth() + 12);
  return dischargeSections(hospitalId, councilId, careId, nextReview.toISOString().slice(0, 10)) as unknown as PlainSections;
}

/** The sections as plain data, as a GraphQL client sends them. */
export interface PlainSections {
  scope: string;
  purposes: { description: string; purposeType: string }[];
  dataFlows: Record<string, unknown>[];
  [section: string]: unknown;
}

/** Creates an ISP led by `lead` with the given parties, fills in every section, and returns its id and revision. */
export async function compliantDraftAgreement(
  t: TestApp,
  lead: Partner,
  hospital: Partner,
  council: Partner,
  care: Partner,
  title = 'Hospital discharge information sharing agreement',
): Promise<{ id: string; revision: number; reference: string }> {
  const parties = [
    { organisationId: hospital.id, role: 'CONTROLLER' },
    { organisationId: council.id, role: 'CONTROLLER' },
    { organisationId: care.id, role: 'CONTROLLER' },
  ];
  const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title, parties } }, lead.igLead.token)).createAgreement;
  await acceptInvitations(t, created.id, [hospital, council, care], lead.id);
  const updated = ok(
    await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: created.draftRevision, ...compliantSections(hospital.id, council.id, care.id) } }, lead.igLead.token),
  ).updateAgreementDraft;
  return { id: updated.id, revision: updated.draftRevision, reference: updated.reference };
}

/**
 * Puts a PROTOCOL in force: created by `lead` with every partner as a controller, its sections
 * filled in (the flows run between hospital, council and care), submitted and signed by every
 * partner. Agreements may then sit under it and be submitted.
 */
export async function protocolInForce(t: TestApp, lead: Partner, partners: Partner[], hospital: Partner, council: Partner, care: Partner, title: string): Promise<string> {
  const parties = partners.map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
  const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title, parties } }, lead.igLead.token)).createAgreement;
  await acceptInvitations(t, created.id, partners, lead.id);
  const filled = ok(
    await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: created.draftRevision, ...compliantSections(hospital.id, council.id, care.id) } }, lead.igLead.token),
  ).updateAgreementDraft;
  const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: created.id, expectedRevision: filled.draftRevision } }, lead.igLead.token)).submitForSignature;
  for (const partner of partners) ok(await t.gql(SIGN, { input: { agreementId: created.id, versionNumber: 1, contentHash: v1.contentHash } }, partner.signatory.token));
  return created.id;
}
