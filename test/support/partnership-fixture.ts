import { CREATE_AGREEMENT, compliantDraftAgreement, protocolInForce, readyPartner, SIGN, SUBMIT, UPDATE_STRUCTURE, type Partner } from './agreement-fixtures.js';
import { decisionInput, RECORD_DECISIONS } from './decision-fixtures.js';
import { createUser } from './fixtures.js';
import { ok, type TestApp } from './test-app.js';

export interface Partnership {
  icb: Partner;
  hospital: Partner;
  council: Partner;
  care: Partner;
  commissioner: { email: string; token: string };
  otherCommissioner: { email: string; token: string };
  protocolId: string;
  ispA: string;
  ispB: string;
}

/**
 * A partnership to monitor: an ICB's protocol with two signed ISPs under it, a dozen decisions
 * covering every outcome, basis, override and flag (eight under ISP A, decided 10 to 80 minutes
 * after the request; three under ISP B; one under no agreement), and one reportable breach.
 */
export async function buildPartnership(t: TestApp): Promise<Partnership> {
  const icb = await readyPartner(t, 'Northshire Integrated Care Board', 'icb', { sector: 'ICB' });
  const hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
  const council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
  const care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
  const elsewhere = await readyPartner(t, 'Southshire Integrated Care Board', 'southicb', { sector: 'ICB' });
  const commissioner = await createUser(t, icb.id, 'commissioner@icb.example', ['COMMISSIONER']);
  const otherCommissioner = await createUser(t, elsewhere.id, 'commissioner@southicb.example', ['COMMISSIONER']);

  const protocolId = await protocolInForce(t, icb, [icb, hospital, council, care], hospital, council, care, 'Northshire information sharing protocol');
  ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Southshire protocol' } }, elsewhere.igLead.token));
  const activate = async (lead: Partner, title: string) => {
    const draft = await compliantDraftAgreement(t, lead, hospital, council, care, title);
    const withParent = ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: draft.revision, parentProtocolId: protocolId } }, lead.igLead.token));
    const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: withParent.updateAgreementStructure.draftRevision } }, lead.igLead.token)).submitForSignature;
    for (const party of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: v1.contentHash } }, party.signatory.token));
    return draft.id;
  };
  const ispA = await activate(hospital, 'Discharge ISP');
  const ispB = await activate(council, 'Care package ISP');
  const flows = async (id: string) =>
    ok(await t.gql('query ($id: ID!) { agreement(id: $id) { currentVersion { content { dataFlows { id } } } } }', { id }, hospital.igLead.token)).agreement.currentVersion.content.dataFlows.map(
      (f: any) => f.id,
    );
  const [aFlow] = await flows(ispA);
  const [, bFlow] = await flows(ispB);

  // Hospital → council under ISP A: eight decisions, decided 10, 20, ... 80 minutes after the request.
  const underA = (overrides: Record<string, unknown>, minutes: number) =>
    decisionInput(hospital.id, council.id, { agreementId: ispA, flowId: aFlow, dataItemsShared: ['NHS number', 'Discharge summary'], includesSpecialCategory: true, article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE', ...overrides }, { minutesToDecide: minutes });
  const hospitalDecisions = [
    underA({}, 10),
    underA({ consentStatus: 'GIVEN', commonLawBasis: 'EXPLICIT_CONSENT' }, 20),
    underA({ outcome: 'PARTIALLY_SHARED', notSharedReason: 'NOT_NECESSARY', dataItemsShared: ['NHS number'], dataItemsWithheld: ['Discharge summary'], includesSpecialCategory: false, article9Condition: null }, 30),
    underA({ outcome: 'NOT_SHARED', notSharedReason: 'RISK_OF_HARM', dataItemsShared: [], includesSpecialCategory: false, article9Condition: null, transferMethod: null, article6Basis: null, commonLawBasis: null, recordCount: 0 }, 40),
    underA({ consentStatus: 'REFUSED', commonLawBasis: 'PUBLIC_INTEREST', purposeType: 'SAFEGUARDING', publicInterestOverride: true, overrideAuthorisedBy: 'Caldicott Guardian', overrideReason: 'Serious risk of harm' }, 50),
    underA({ consentStatus: 'WITHDRAWN', outcome: 'NOT_SHARED', notSharedReason: 'CONSENT_REFUSED', dataItemsShared: [], includesSpecialCategory: false, article9Condition: null, transferMethod: null, article6Basis: null, commonLawBasis: null, recordCount: 0 }, 60),
    underA({ transferMethod: 'STANDARD_EMAIL' }, 70),
    underA({ dataItemsShared: ['NHS number', 'Full case file'], recordCount: 250, article6Basis: 'ART6_1_C_LEGAL_OBLIGATION', commonLawBasis: 'LEGAL_REQUIREMENT', consentStatus: 'NOT_SOUGHT_NOT_REQUIRED' }, 80),
  ];
  // Council → care under ISP B: three; and one under no agreement (in no partnership).
  const councilDecisions = [
    decisionInput(council.id, care.id, { agreementId: ispB, flowId: bFlow, dataItemsShared: ['Name and address'] }, { minutesToDecide: 90 }),
    decisionInput(council.id, care.id, { agreementId: ispB, flowId: bFlow, dataItemsShared: ['Name and address'], purposeType: 'SERVICE_PLANNING' }, { minutesToDecide: 100 }),
    decisionInput(council.id, care.id, { agreementId: ispB, flowId: bFlow, dataItemsShared: ['Name and address'], transferMethod: 'MESH' }, { minutesToDecide: 110 }),
    decisionInput(council.id, hospital.id, { dataItemsShared: ['Care and support plan'] }, { minutesToDecide: 5 }),
  ];
  ok(await t.gql(RECORD_DECISIONS, { decisions: hospitalDecisions }, hospital.practitioner.token));
  ok(await t.gql(RECORD_DECISIONS, { decisions: councilDecisions }, council.practitioner.token));
  const hour = 3_600_000;
  ok(
    await t.gql(
      `mutation ($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
      { input: { agreementId: ispA, kind: 'BREACH', severity: 'HIGH', summary: 'Sent to the wrong team', occurredAt: new Date(Date.now() - 2 * hour).toISOString(), discoveredAt: new Date(Date.now() - hour).toISOString(), icoReportable: true } },
      hospital.igLead.token,
    ),
  );
  return { icb, hospital, council, care, commissioner, otherCommissioner, protocolId, ispA, ispB };
}
