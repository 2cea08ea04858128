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

/** An organisation ready to be a party: an IG lead, a signatory and a practitioner, DSPT met, NHSmail. */
export async function readyPartner(t: TestApp, name: string, slug: string, fields: Partial<OrganisationInput> = {}): Promise<Partner> {
  const organisation = await createOrganisation(t, {
    name,
    dsptStatus: 'STANDARDS_MET',
    dsptStatusDate: '2026-06-30',
    secureEmailMethod: 'NHSMAIL',
    ...fields,
  });
  return {
    id: organisation.id,
    name,
    igLead: await createUser(t, organisation.id, `ig@${slug}.example`, ['IG_LEAD']),
    signatory: await createUser(t, organisation.id, `signer@${slug}.example`, ['SIGNATORY']),
    practitioner: await createUser(t, organisation.id, `practitioner@${slug}.example`, ['PRACTITIONER']),
  };
}

export const AGREEMENT_FIELDS = `
  id reference kind title status variationStatus draftRevision statusReason
  leadOrganisation { id name }
  draft { revision parties { organisationId organisationName role } content { purposes { description purposeType } dataFlows { id name } } }
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

/** Every section an IG lead fills in for a compliant ISP: hospital discharge to council and care provider. */
export function compliantSections(hospitalId: string, councilId: string, careId: string, today = new Date()) {
  const inMonths = (months: number) => {
    const date = new Date(today);
    date.setUTCMonth(date.getUTCMonth() + months);
    return date.toISOString().slice(0, 10);
  };
  const item = (name: string, specialCategory: boolean) => ({
    name,
    specialCategory,
    identifiability: 'IDENTIFIABLE',
    justification: `${name} is needed to arrange safe care on discharge`,
  });
  return {
    scope: 'Adults medically fit for discharge from Northshire General Hospital who need care and support at home.',
    purposes: [{ description: 'Plan and deliver care and support on discharge from hospital', purposeType: 'INDIVIDUAL_CARE' }],
    benefits: ['Fewer delayed discharges', 'People tell their story once'],
    dataSubjects: { categories: ['Adults leaving hospital who need care and support'], includesChildren: false, childrenHighPrivacyDefault: null },
    legalBasis: {
      article6: ['ART6_1_E_PUBLIC_TASK'],
      article9: [{ condition: 'ART9_2_H_HEALTH_SOCIAL_CARE', schedule1Condition: 'SCH1_P1_2_HEALTH_SOCIAL_CARE' }],
      commonLawBases: ['IMPLIED_CONSENT'],
      statutoryPowers: ['Care Act 2014 s2', 'Health and Social Care Act 2012 s251B'],
    },
    dataFlows: [
      {
        name: 'Discharge notification',
        fromOrganisationId: hospitalId,
        toOrganisationId: councilId,
        dataItems: [item('NHS number', false), item('Discharge summary', true)],
        frequency: 'DAILY',
        transferMethod: 'NHSMAIL',
        estimatedRecordsPerYear: 4000,
        recipientRetention: '8 years after the last contact',
        transferOutsideUk: false,
      },
      {
        name: 'Care package start',
        fromOrganisationId: councilId,
        toOrganisationId: careId,
        dataItems: [item('Name and address', false), item('Care and support plan', true)],
        frequency: 'AD_HOC',
        transferMethod: 'NHSMAIL',
        estimatedRecordsPerYear: 900,
        recipientRetention: 'For the duration of care and 3 years after',
        transferOutsideUk: false,
      },
    ],
    consentAndTransparency: {
      howIndividualsAreInformed: 'Ward staff explain the sharing and give the joint privacy notice.',
      privacyNoticeUrl: 'https://northshire.example/privacy/discharge',
      consentAndObjections: 'Objections go to the ward manager and are recorded.',
      nationalDataOptOutApplied: false,
    },
    security: { measures: 'Each party keeps DSPT Standards Met.', accessControls: 'Named discharge team members only.' },
    retention: { period: '8 years after the last contact', disposal: 'Secure deletion and certified destruction of paper.' },
    rights: { process: 'Each party answers requests for its own records and tells the others within 5 working days.' },
    breaches: { notifyPartiesWithinHours: 24, process: 'Report to the lead IG team within 24 hours; ICO within 72 hours if reportable.' },
    dpia: { reference: 'DPIA-2026-014', outcome: 'RISKS_MITIGATED', completedOn: '2026-05-01' },
    review: { cycleMonths: 12, nextReviewDate: inMonths(12) },
    termination: { noticeDays: 90, endDate: null, onTermination: 'Each party keeps what it holds under its own retention schedule.' },
    clauses: [{ heading: 'Governance', text: 'The discharge partnership board oversees this agreement.' }],
  };
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
  const updated = ok(
    await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: created.draftRevision, ...compliantSections(hospital.id, council.id, care.id) } }, lead.igLead.token),
  ).updateAgreementDraft;
  return { id: updated.id, revision: updated.draftRevision, reference: updated.reference };
}
