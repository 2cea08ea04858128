import { acceptInvitations, compliantSections, CREATE_AGREEMENT, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, UPDATE_STRUCTURE, type Partner } from './support/agreement-fixtures.js';
import { decisionInput, RECORD_DECISIONS } from './support/decision-fixtures.js';
import { createUser } from './support/fixtures.js';
import { CONFIRM, RECORD_SIGNED, scannedPdf, uploadOriginal } from './support/signed-original-fixtures.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const RECORD_ASSURANCE = `mutation ($id: ID!, $input: RecordAssuranceInput!) { recordOrganisationAssurance(organisationId: $id, input: $input) { id } }`;
const HEALTH = `query ($p: ID!, $asOf: LocalDate) { agreementHealth(partnershipId: $p, asOf: $asOf) {
  asOf status reasons activeAgreements awaitingSignatures signatureCompleteness reviewsOverdue reviewsDueWithin30Days reviewsDueWithin90Days
  partiesBelowDsptMet { name dsptStatus } accreditationsExpiringWithin90Days { name secureEmailAccreditationExpiry }
  assuranceLapses { name kind since agreements }
  agreements { reference status nextReviewDate daysToReview parentProtocolReference parentProtocolStatus }
} }`;
/** The same figures for the agreements one organisation is involved in. */
const ORGANISATION_HEALTH = HEALTH.replace('$p: ID!', '$o: ID!').replace('partnershipId: $p', 'organisationId: $o');
const METRICS = `query ($agreementId: ID, $partnershipId: ID, $organisationId: ID, $from: String!, $to: String!) {
  sharingMetrics(agreementId: $agreementId, partnershipId: $partnershipId, organisationId: $organisationId, fromMonth: $from, toMonth: $to) {
    scope scopeName fromMonth toMonth decisions shared partiallyShared notShared recordsShared recordsPartiallyShared recordsNotShared
    outsideAnyAgreement { decisions shared partiallyShared notShared }
    flaggedDecisions flagsByKind { value decisions }
    byMonth { month decisions shared partiallyShared notShared }
    byFlow { fromOrganisationName toOrganisationName decisions shared partiallyShared notShared }
    byWithheldItem { value decisions records }
    byDataItem { value decisions } specialCategoryShare
    byArticle6Basis { value decisions } byCommonLawBasis { value decisions } byConsentStatus { value decisions }
    consentRefused consentRefusedOverridden byTransferMethod { value decisions } approvedMethodPercentage
    incidents { total breaches nearMisses icoReportable icoDeadlinesMissed open }
    rechecks { decisions flaggedAsRecorded flaggedAfterRecheck }
    medianMinutesToDecision p90MinutesToDecision
  }
}`;

const ICB = 'Northshire Integrated Care Board';
const HOSPITAL = 'Northshire General Hospital NHS Trust';
const COUNCIL = 'Northshire County Council';
const CARE = 'Brightwater Home Care Ltd';
const HOUSING = 'Eastfield Housing Association';
const HOSPICE = 'Northshire Hospice';

/** A month's line: decisions, then shared in full, in part, and not. */
const month = (m: string, decisions: number, shared: number, partiallyShared: number, notShared: number) => ({ month: m, decisions, shared, partiallyShared, notShared });
const flow = (from: string, to: string, decisions: number, shared: number, partiallyShared: number, notShared: number) => ({
  fromOrganisationName: from,
  toOrganisationName: to,
  decisions,
  shared,
  partiallyShared,
  notShared,
});
const outside = (decisions: number, shared: number, partiallyShared: number, notShared: number) => ({ decisions, shared, partiallyShared, notShared });
/** Figures with no incidents and no re-checks in scope. */
const quiet = {
  incidents: { total: 0, breaches: 0, nearMisses: 0, icoReportable: 0, icoDeadlinesMissed: 0, open: 0 },
  rechecks: { decisions: 0, flaggedAsRecorded: 0, flaggedAfterRecheck: 0 },
};
const count = (value: string, decisions: number) => ({ value, decisions });

/**
 * A partnership that moved into Accordant with its history. Its protocol was signed on paper in
 * January 2024 (in force from 1 February 2024, due for review on 15 November 2025) and its
 * discharge ISP in March 2024 (in force from 1 April 2024, due for review on 15 January 2026),
 * both recorded from their signed originals and confirmed by the other parties; a
 * care package ISP is signed in Accordant today, bringing a hospice into the partnership. A
 * housing association shares too, in no agreement of the partnership. Assurance is on record from July 2023: the
 * council's self-accredited DCB1596 secure email (which the ISP's hospital-to-council flow uses)
 * expired on 31 May 2025 and was not renewed, and the care provider's DSPT fell to Approaching
 * Standards on 30 June 2025. Decisions run from February 2024 to December 2025, under the ISP
 * and outside any agreement. Everything is then read "as at" the last day of March 2024, February 2025
 * and November 2025, the metrics for the months from January 2024 to each.
 */
describe('a partnership with history: every figure as at three dates', () => {
  let t: TestApp;
  let icb: Partner;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let housing: Partner;
  let hospice: Partner;
  let commissioner: { token: string };
  let protocol: { id: string; reference: string };
  let isp: { id: string; reference: string };
  let live: { id: string; reference: string };
  const flags: Record<string, string[]> = {};

  const record = async (lead: Partner, input: Record<string, unknown>) => {
    const uploaded = await uploadOriginal(t, lead.igLead.token, scannedPdf(String(input.originalReference)));
    if (uploaded.status !== 201) throw new Error(`upload failed: ${JSON.stringify(uploaded.body)}`);
    return ok(await t.gql(RECORD_SIGNED, { input: { ...input, originalId: uploaded.body.id } }, lead.igLead.token)).recordSignedAgreement;
  };
  const signer = (p: Partner, signedOn: string, signerName: string) => ({ organisationId: p.id, role: 'CONTROLLER', signerName, signerJobTitle: 'Caldicott Guardian', signedAs: 'CALDICOTT_GUARDIAN', signedOn });

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    icb = await readyPartner(t, ICB, 'icb', { sector: 'ICB' });
    hospital = await readyPartner(t, HOSPITAL, 'hospital');
    council = await readyPartner(t, COUNCIL, 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, CARE, 'care', { sector: 'CARE_PROVIDER' });
    housing = await readyPartner(t, HOUSING, 'housing', { sector: 'HOUSING' });
    hospice = await readyPartner(t, HOSPICE, 'hospice', { sector: 'VOLUNTARY_CHARITY' });
    commissioner = await createUser(t, icb.id, 'commissioner@icb.example', ['COMMISSIONER']);

    // Assurance as it was from July 2023, then the two changes of 2025.
    const assurance = async (p: Partner, input: Record<string, unknown>) => ok(await t.gql(RECORD_ASSURANCE, { id: p.id, input }, await t.adminToken()));
    const met2023 = { effectiveFrom: '2023-07-01', dsptStatus: 'STANDARDS_MET', dsptStatusDate: '2023-06-30' };
    for (const p of [icb, hospital, care]) await assurance(p, { ...met2023, secureEmailMethod: 'NHSMAIL' });
    await assurance(council, { ...met2023, secureEmailMethod: 'DCB1596_SELF_ACCREDITED', secureEmailAccreditationExpiry: '2025-05-31' });
    await assurance(care, { effectiveFrom: '2025-06-30', dsptStatus: 'APPROACHING_STANDARDS', dsptStatusDate: '2025-06-30' });

    // The protocol, signed on paper in January 2024, and the ISP under it, signed in March 2024.
    const sections = compliantSections(hospital.id, council.id, care.id);
    const recordedProtocol = await record(icb, {
      kind: 'PROTOCOL',
      title: 'Northshire information sharing protocol',
      originalReference: 'NICB-ISP-PROTOCOL-2024',
      parties: [signer(icb, '2024-01-10', 'Dr Helen Marsh'), signer(hospital, '2024-01-12', 'Dr Amira Shah'), signer(council, '2024-01-15', 'Peter Okafor'), signer(care, '2024-01-18', 'Jo Bright')],
      content: sections,
      inForceFrom: '2024-02-01',
      nextReviewDate: '2025-11-15',
    });
    protocol = { id: recordedProtocol.id, reference: recordedProtocol.reference };
    const dcb1596 = { ...sections, dataFlows: sections.dataFlows.map((f, i) => (i === 0 ? { ...f, transferMethod: 'DCB1596_SECURE_EMAIL' } : f)) };
    const recordedIsp = await record(hospital, {
      kind: 'ISP',
      title: 'Hospital discharge information sharing agreement',
      originalReference: 'NGH-IG-ISP-2024-017',
      parentProtocolId: protocol.id,
      parties: [signer(hospital, '2024-03-01', 'Dr Amira Shah'), signer(council, '2024-03-05', 'Peter Okafor'), signer(care, '2024-03-10', 'Jo Bright')],
      content: dcb1596,
      inForceFrom: '2024-04-01',
      nextReviewDate: '2026-01-15',
    });
    isp = { id: recordedIsp.id, reference: recordedIsp.reference };
    for (const p of [hospital, council, care]) ok(await t.gql(CONFIRM, { input: { agreementId: protocol.id, versionNumber: 1 } }, p.signatory.token));
    for (const p of [council, care]) ok(await t.gql(CONFIRM, { input: { agreementId: isp.id, versionNumber: 1 } }, p.signatory.token));

    // A care package ISP under the protocol, signed in Accordant today: the hospice's first agreement in the partnership.
    const livePartners = [hospital, council, care, hospice];
    const parties = livePartners.map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
    const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Care package ISP', parties } }, council.igLead.token)).createAgreement;
    await acceptInvitations(t, created.id, livePartners, council.id);
    const filled = ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: created.draftRevision, ...sections } }, council.igLead.token)).updateAgreementDraft;
    const structured = ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: created.id, expectedRevision: filled.draftRevision, parentProtocolId: protocol.id } }, council.igLead.token));
    const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: created.id, expectedRevision: structured.updateAgreementStructure.draftRevision } }, council.igLead.token)).submitForSignature;
    for (const p of livePartners) ok(await t.gql(SIGN, { input: { agreementId: created.id, versionNumber: 1, contentHash: v1.contentHash } }, p.signatory.token));
    live = { id: created.id, reference: created.reference };

    // Decisions, each decided at 10:00 half an hour after the request, recorded by the discloser.
    const ispFlows = ok(await t.gql('query ($id: ID!) { agreement(id: $id) { currentVersion { content { dataFlows { id } } } } }', { id: isp.id }, hospital.igLead.token)).agreement
      .currentVersion.content.dataFlows;
    const on = (day: string) => ({ requestedAt: `${day}T09:30:00.000Z`, decidedAt: `${day}T10:00:00.000Z` });
    const discharge = (day: string, overrides: Record<string, unknown> = {}) =>
      decisionInput(hospital.id, council.id, {
        ...on(day),
        agreementId: isp.id,
        flowId: ispFlows[0].id,
        dataItemsShared: ['NHS number', 'Discharge summary'],
        includesSpecialCategory: true,
        article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
        transferMethod: 'DCB1596_SECURE_EMAIL',
        ...overrides,
      });
    const partial = (recordCount: number) => ({
      outcome: 'PARTIALLY_SHARED',
      notSharedReason: 'NOT_NECESSARY',
      dataItemsShared: ['NHS number'],
      dataItemsWithheld: ['Discharge summary'],
      includesSpecialCategory: false,
      article9Condition: null,
      recordCount,
    });
    const notShared = (notSharedReason: string, consentStatus = 'IMPLIED') => ({
      outcome: 'NOT_SHARED',
      notSharedReason,
      consentStatus,
      dataItemsShared: [],
      includesSpecialCategory: false,
      article9Condition: null,
      transferMethod: null,
      article6Basis: null,
      commonLawBasis: null,
      recordCount: 0,
    });
    const underIsp = {
      'ISP 2024-03-20, before it came into force': discharge('2024-03-20'),
      'ISP 2024-05-14, shared': discharge('2024-05-14'),
      'ISP 2024-09-10, partially shared': discharge('2024-09-10', partial(1)),
      'ISP 2024-11-05, not shared': discharge('2024-11-05', notShared('RISK_OF_HARM')),
      'ISP 2025-01-22, partially shared in bulk': discharge('2025-01-22', partial(3)),
      'ISP 2025-02-10, by standard email': discharge('2025-02-10', { transferMethod: 'STANDARD_EMAIL' }),
      'ISP 2025-06-20, by DCB1596 after the lapse': discharge('2025-06-20'),
      'ISP 2025-09-15, partially shared after the lapse': discharge('2025-09-15', partial(1)),
      'ISP 2025-10-01, refused before consent arose': discharge('2025-10-01', notShared('NO_LEGITIMATE_PURPOSE', 'NOT_SOUGHT_REQUEST_REFUSED')),
      'ISP 2025-12-05, after the last date': discharge('2025-12-05'),
    };
    const plan = 'Care and support plan';
    const byCare = { 'care to hospital 2024-02-12, outside': decisionInput(care.id, hospital.id, { ...on('2024-02-12'), dataItemsShared: [plan], includesSpecialCategory: true, article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE' }) };
    const byCouncil = {
      'council to care 2025-01-15, outside, refused': decisionInput(council.id, care.id, { ...on('2025-01-15'), ...notShared('NO_LAWFUL_BASIS', 'NOT_SOUGHT_REQUEST_REFUSED') }),
      'council to hospital 2025-10-20, outside, by DCB1596 after the lapse': decisionInput(council.id, hospital.id, { ...on('2025-10-20'), dataItemsShared: [plan], transferMethod: 'DCB1596_SECURE_EMAIL' }),
    };
    const byHousing = {
      'housing to hospital 2025-03-03, outside, not a partner': decisionInput(housing.id, hospital.id, { ...on('2025-03-03'), dataItemsShared: ['Tenancy risk notes'], purposeType: 'SAFEGUARDING' }),
    };
    const byHospice = { 'hospice to hospital 2025-12-10, outside, before it joined': decisionInput(hospice.id, hospital.id, { ...on('2025-12-10'), dataItemsShared: ['Advance care plan'] }) };
    for (const [recorder, batch] of [[hospital, underIsp], [care, byCare], [council, byCouncil], [housing, byHousing], [hospice, byHospice]] as const) {
      const recorded = ok(await t.gql(RECORD_DECISIONS, { decisions: Object.values(batch) }, recorder.practitioner.token)).recordSharingDecisions.decisions;
      Object.keys(batch).forEach((name, i) => (flags[name] = recorded[i].flags));
    }
  });
  afterAll(async () => t.close());

  it("lists each record's findings as judged on its signing date, by the assurance then", async () => {
    const findings = async (id: string) =>
      ok(await t.gql('query ($id: ID!) { agreement(id: $id) { currentVersion { recordedFindings { code severity field message } } } }', { id }, hospital.igLead.token)).agreement.currentVersion
        .recordedFindings;
    const expiresBeforeReview = (field: string, review: string) => ({
      code: 'SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW',
      severity: 'WARNING',
      field,
      message: `Northshire County Council's DCB1596 secure email accreditation expires on 31 May 2025, before the agreement's next review on ${review}. Make sure it is renewed in time.`,
    });
    expect(await findings(protocol.id)).toEqual([expiresBeforeReview('parties[2]', '15 November 2025')]);
    expect(await findings(isp.id)).toEqual([expiresBeforeReview('parties[1]', '15 January 2026')]);
  });

  it('flags each decision exactly, against the agreement and the assurance in force on its date', () => {
    expect(flags).toEqual({
      'ISP 2024-03-20, before it came into force': ['AGREEMENT_NOT_ACTIVE'],
      'ISP 2024-05-14, shared': [],
      'ISP 2024-09-10, partially shared': [],
      'ISP 2024-11-05, not shared': [],
      'ISP 2025-01-22, partially shared in bulk': [],
      'ISP 2025-02-10, by standard email': ['METHOD_NOT_SECURE', 'METHOD_NOT_ALLOWED'],
      'ISP 2025-06-20, by DCB1596 after the lapse': ['ACCREDITATION_LAPSED'],
      'ISP 2025-09-15, partially shared after the lapse': ['ACCREDITATION_LAPSED'],
      'ISP 2025-10-01, refused before consent arose': [],
      'ISP 2025-12-05, after the last date': ['ACCREDITATION_LAPSED'],
      'care to hospital 2024-02-12, outside': [],
      'council to care 2025-01-15, outside, refused': [],
      'council to hospital 2025-10-20, outside, by DCB1596 after the lapse': ['ACCREDITATION_LAPSED'],
      'housing to hospital 2025-03-03, outside, not a partner': ['IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE'],
      'hospice to hospital 2025-12-10, outside, before it joined': [],
    });
  });

  describe('as at 31 March 2024: the protocol in force, the ISP signed but not yet in force', () => {
    it('health', async () => {
      expect(ok(await t.gql(HEALTH, { p: protocol.id, asOf: '2024-03-31' }, commissioner.token)).agreementHealth).toEqual({
        asOf: '2024-03-31',
        status: 'GREEN',
        reasons: [],
        activeAgreements: 1,
        awaitingSignatures: 0,
        signatureCompleteness: null,
        reviewsOverdue: 0,
        reviewsDueWithin30Days: 0,
        reviewsDueWithin90Days: 0,
        partiesBelowDsptMet: [],
        accreditationsExpiringWithin90Days: [],
        assuranceLapses: [],
        agreements: [{ reference: protocol.reference, status: 'ACTIVE', nextReviewDate: '2025-11-15', daysToReview: 594, parentProtocolReference: null, parentProtocolStatus: null }],
      });
    });

    it('metrics for January to March 2024', async () => {
      const range = { from: '2024-01', to: '2024-03' };
      expect(ok(await t.gql(METRICS, { partnershipId: protocol.id, ...range }, commissioner.token)).sharingMetrics).toEqual({
        scope: 'PARTNERSHIP',
        decisions: 2,
        shared: 2,
        partiallyShared: 0,
        notShared: 0,
        outsideAnyAgreement: outside(1, 1, 0, 0),
        flaggedDecisions: 1,
        flagsByKind: [{ value: 'AGREEMENT_NOT_ACTIVE', decisions: 1 }],
        byMonth: [month('2024-02', 1, 1, 0, 0), month('2024-03', 1, 1, 0, 0)],
        byFlow: [flow(CARE, HOSPITAL, 1, 1, 0, 0), flow(HOSPITAL, COUNCIL, 1, 1, 0, 0)],
        byWithheldItem: [],
        scopeName: 'Northshire information sharing protocol', fromMonth: '2024-01', toMonth: '2024-03',
        recordsShared: 2, recordsPartiallyShared: 0, recordsNotShared: 0,
        byDataItem: [count('Care and support plan', 1), count('Discharge summary', 1), count('NHS number', 1)],
        specialCategoryShare: 1,
        byArticle6Basis: [count('ART6_1_E_PUBLIC_TASK', 2)],
        byCommonLawBasis: [count('IMPLIED_CONSENT', 2)],
        byConsentStatus: [count('IMPLIED', 2)],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [count('DCB1596_SECURE_EMAIL', 1), count('NHSMAIL', 1)],
        approvedMethodPercentage: 100,
        ...quiet, medianMinutesToDecision: 30, p90MinutesToDecision: 30,
      });
      expect(ok(await t.gql(METRICS, { agreementId: isp.id, ...range }, commissioner.token)).sharingMetrics).toEqual({
        scope: 'AGREEMENT',
        decisions: 1,
        shared: 1,
        partiallyShared: 0,
        notShared: 0,
        outsideAnyAgreement: outside(0, 0, 0, 0),
        flaggedDecisions: 1,
        flagsByKind: [{ value: 'AGREEMENT_NOT_ACTIVE', decisions: 1 }],
        byMonth: [month('2024-03', 1, 1, 0, 0)],
        byFlow: [flow(HOSPITAL, COUNCIL, 1, 1, 0, 0)],
        byWithheldItem: [],
        scopeName: 'Hospital discharge information sharing agreement', fromMonth: '2024-01', toMonth: '2024-03',
        recordsShared: 1, recordsPartiallyShared: 0, recordsNotShared: 0,
        byDataItem: [count('Discharge summary', 1), count('NHS number', 1)],
        specialCategoryShare: 1,
        byArticle6Basis: [count('ART6_1_E_PUBLIC_TASK', 1)],
        byCommonLawBasis: [count('IMPLIED_CONSENT', 1)],
        byConsentStatus: [count('IMPLIED', 1)],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [count('DCB1596_SECURE_EMAIL', 1)],
        approvedMethodPercentage: 100,
        ...quiet, medianMinutesToDecision: 30, p90MinutesToDecision: 30,
      });
      expect(ok(await t.gql(METRICS, { organisationId: council.id, ...range }, council.igLead.token)).sharingMetrics).toEqual({
        scope: 'ORGANISATION',
        decisions: 0,
        shared: 0,
        partiallyShared: 0,
        notShared: 0,
        outsideAnyAgreement: outside(0, 0, 0, 0),
        flaggedDecisions: 0,
        flagsByKind: [],
        byMonth: [],
        byFlow: [],
        byWithheldItem: [],
        scopeName: COUNCIL, fromMonth: '2024-01', toMonth: '2024-03',
        recordsShared: 0, recordsPartiallyShared: 0, recordsNotShared: 0,
        byDataItem: [],
        specialCategoryShare: null,
        byArticle6Basis: [],
        byCommonLawBasis: [],
        byConsentStatus: [],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [],
        approvedMethodPercentage: null,
        ...quiet, medianMinutesToDecision: null, p90MinutesToDecision: null,
      });
    });
  });

  describe('as at 28 February 2025: both in force, every party assured', () => {
    it('health', async () => {
      expect(ok(await t.gql(HEALTH, { p: protocol.id, asOf: '2025-02-28' }, commissioner.token)).agreementHealth).toEqual({
        asOf: '2025-02-28',
        status: 'GREEN',
        reasons: [],
        activeAgreements: 2,
        awaitingSignatures: 0,
        signatureCompleteness: null,
        reviewsOverdue: 0,
        reviewsDueWithin30Days: 0,
        reviewsDueWithin90Days: 0,
        partiesBelowDsptMet: [],
        // The council's accreditation expires on 31 May 2025: 92 days on, so not yet within 90.
        accreditationsExpiringWithin90Days: [],
        assuranceLapses: [],
        agreements: [
          { reference: protocol.reference, status: 'ACTIVE', nextReviewDate: '2025-11-15', daysToReview: 260, parentProtocolReference: null, parentProtocolStatus: null },
          { reference: isp.reference, status: 'ACTIVE', nextReviewDate: '2026-01-15', daysToReview: 321, parentProtocolReference: protocol.reference, parentProtocolStatus: 'ACTIVE' },
        ].sort((a, b) => a.reference.localeCompare(b.reference)),
      });
    });

    it('metrics for January 2024 to February 2025', async () => {
      const range = { from: '2024-01', to: '2025-02' };
      expect(ok(await t.gql(METRICS, { partnershipId: protocol.id, ...range }, commissioner.token)).sharingMetrics).toEqual({
        scope: 'PARTNERSHIP',
        decisions: 8,
        shared: 4,
        partiallyShared: 2,
        notShared: 2,
        outsideAnyAgreement: outside(2, 1, 0, 1),
        flaggedDecisions: 2,
        flagsByKind: [
          { value: 'AGREEMENT_NOT_ACTIVE', decisions: 1 },
          { value: 'METHOD_NOT_ALLOWED', decisions: 1 },
          { value: 'METHOD_NOT_SECURE', decisions: 1 },
        ],
        byMonth: [
          month('2024-02', 1, 1, 0, 0),
          month('2024-03', 1, 1, 0, 0),
          month('2024-05', 1, 1, 0, 0),
          month('2024-09', 1, 0, 1, 0),
          month('2024-11', 1, 0, 0, 1),
          month('2025-01', 2, 0, 1, 1),
          month('2025-02', 1, 1, 0, 0),
        ],
        byFlow: [flow(HOSPITAL, COUNCIL, 6, 3, 2, 1), flow(CARE, HOSPITAL, 1, 1, 0, 0), flow(COUNCIL, CARE, 1, 0, 0, 1)],
        byWithheldItem: [{ value: 'Discharge summary', decisions: 2, records: 4 }],
        scopeName: 'Northshire information sharing protocol', fromMonth: '2024-01', toMonth: '2025-02',
        recordsShared: 4, recordsPartiallyShared: 4, recordsNotShared: 0,
        byDataItem: [count('NHS number', 5), count('Discharge summary', 3), count('Care and support plan', 1)],
        specialCategoryShare: 4 / 6,
        byArticle6Basis: [count('ART6_1_E_PUBLIC_TASK', 6)],
        byCommonLawBasis: [count('IMPLIED_CONSENT', 6)],
        byConsentStatus: [count('IMPLIED', 7), count('NOT_SOUGHT_REQUEST_REFUSED', 1)],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [count('DCB1596_SECURE_EMAIL', 4), count('NHSMAIL', 1), count('STANDARD_EMAIL', 1)],
        approvedMethodPercentage: 83.3,
        ...quiet, medianMinutesToDecision: 30, p90MinutesToDecision: 30,
      });
      expect(ok(await t.gql(METRICS, { agreementId: isp.id, ...range }, commissioner.token)).sharingMetrics).toEqual({
        scope: 'AGREEMENT',
        decisions: 6,
        shared: 3,
        partiallyShared: 2,
        notShared: 1,
        outsideAnyAgreement: outside(0, 0, 0, 0),
        flaggedDecisions: 2,
        flagsByKind: [
          { value: 'AGREEMENT_NOT_ACTIVE', decisions: 1 },
          { value: 'METHOD_NOT_ALLOWED', decisions: 1 },
          { value: 'METHOD_NOT_SECURE', decisions: 1 },
        ],
        byMonth: [
          month('2024-03', 1, 1, 0, 0),
          month('2024-05', 1, 1, 0, 0),
          month('2024-09', 1, 0, 1, 0),
          month('2024-11', 1, 0, 0, 1),
          month('2025-01', 1, 0, 1, 0),
          month('2025-02', 1, 1, 0, 0),
        ],
        byFlow: [flow(HOSPITAL, COUNCIL, 6, 3, 2, 1)],
        byWithheldItem: [{ value: 'Discharge summary', decisions: 2, records: 4 }],
        scopeName: 'Hospital discharge information sharing agreement', fromMonth: '2024-01', toMonth: '2025-02',
        recordsShared: 3, recordsPartiallyShared: 4, recordsNotShared: 0,
        byDataItem: [count('NHS number', 5), count('Discharge summary', 3)],
        specialCategoryShare: 3 / 5,
        byArticle6Basis: [count('ART6_1_E_PUBLIC_TASK', 5)],
        byCommonLawBasis: [count('IMPLIED_CONSENT', 5)],
        byConsentStatus: [count('IMPLIED', 6)],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [count('DCB1596_SECURE_EMAIL', 4), count('STANDARD_EMAIL', 1)],
        approvedMethodPercentage: 80,
        ...quiet, medianMinutesToDecision: 30, p90MinutesToDecision: 30,
      });
      expect(ok(await t.gql(METRICS, { organisationId: council.id, ...range }, council.igLead.token)).sharingMetrics).toEqual({
        scope: 'ORGANISATION',
        decisions: 1,
        shared: 0,
        partiallyShared: 0,
        notShared: 1,
        outsideAnyAgreement: outside(1, 0, 0, 1),
        flaggedDecisions: 0,
        flagsByKind: [],
        byMonth: [month('2025-01', 1, 0, 0, 1)],
        byFlow: [flow(COUNCIL, CARE, 1, 0, 0, 1)],
        byWithheldItem: [],
        scopeName: COUNCIL, fromMonth: '2024-01', toMonth: '2025-02',
        recordsShared: 0, recordsPartiallyShared: 0, recordsNotShared: 0,
        byDataItem: [],
        specialCategoryShare: null,
        byArticle6Basis: [],
        byCommonLawBasis: [],
        byConsentStatus: [count('NOT_SOUGHT_REQUEST_REFUSED', 1)],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [],
        approvedMethodPercentage: null,
        ...quiet, medianMinutesToDecision: 30, p90MinutesToDecision: 30,
      });
    });
  });

  describe("as at 30 November 2025: the protocol overdue for review, the council's accreditation lapsed, the care provider's DSPT below Met", () => {
    it('health', async () => {
      const [first, second] = [protocol.reference, isp.reference].sort();
      const expected = {
        asOf: '2025-11-30',
        status: 'RED',
        reasons: [
          `1 agreement overdue for review: ${protocol.reference}`,
          `Northshire County Council's DCB1596 accreditation expired on 31 May 2025 while ${first}, ${second} rely on it`,
          `1 agreement due for review within 90 days: ${isp.reference}`,
          "Brightwater Home Care Ltd's DSPT is Approaching Standards",
        ],
        activeAgreements: 2,
        awaitingSignatures: 0,
        signatureCompleteness: null,
        reviewsOverdue: 1,
        reviewsDueWithin30Days: 0,
        reviewsDueWithin90Days: 1,
        partiesBelowDsptMet: [{ name: CARE, dsptStatus: 'APPROACHING_STANDARDS' }],
        accreditationsExpiringWithin90Days: [{ name: COUNCIL, secureEmailAccreditationExpiry: '2025-05-31' }],
        assuranceLapses: [{ name: COUNCIL, kind: 'ACCREDITATION_EXPIRED', since: '2025-05-31', agreements: [first, second] }],
        agreements: [
          { reference: protocol.reference, status: 'ACTIVE', nextReviewDate: '2025-11-15', daysToReview: -15, parentProtocolReference: null, parentProtocolStatus: null },
          { reference: isp.reference, status: 'ACTIVE', nextReviewDate: '2026-01-15', daysToReview: 46, parentProtocolReference: protocol.reference, parentProtocolStatus: 'ACTIVE' },
        ].sort((a, b) => a.reference.localeCompare(b.reference)),
      };
      expect(ok(await t.gql(HEALTH, { p: protocol.id, asOf: '2025-11-30' }, commissioner.token)).agreementHealth).toEqual(expected);
      // The council is involved in the same two agreements then (the third was not yet made): the same health.
      expect(ok(await t.gql(ORGANISATION_HEALTH, { o: council.id, asOf: '2025-11-30' }, council.igLead.token)).agreementHealth).toEqual(expected);
    });

    it('metrics for January 2024 to November 2025', async () => {
      const range = { from: '2024-01', to: '2025-11' };
      expect(ok(await t.gql(METRICS, { partnershipId: protocol.id, ...range }, commissioner.token)).sharingMetrics).toEqual({
        scope: 'PARTNERSHIP',
        decisions: 12,
        shared: 6,
        partiallyShared: 3,
        notShared: 3,
        outsideAnyAgreement: outside(3, 2, 0, 1),
        flaggedDecisions: 5,
        flagsByKind: [
          { value: 'ACCREDITATION_LAPSED', decisions: 3 },
          { value: 'AGREEMENT_NOT_ACTIVE', decisions: 1 },
          { value: 'METHOD_NOT_ALLOWED', decisions: 1 },
          { value: 'METHOD_NOT_SECURE', decisions: 1 },
        ],
        byMonth: [
          month('2024-02', 1, 1, 0, 0),
          month('2024-03', 1, 1, 0, 0),
          month('2024-05', 1, 1, 0, 0),
          month('2024-09', 1, 0, 1, 0),
          month('2024-11', 1, 0, 0, 1),
          month('2025-01', 2, 0, 1, 1),
          month('2025-02', 1, 1, 0, 0),
          month('2025-06', 1, 1, 0, 0),
          month('2025-09', 1, 0, 1, 0),
          month('2025-10', 2, 1, 0, 1),
        ],
        byFlow: [flow(HOSPITAL, COUNCIL, 9, 4, 3, 2), flow(CARE, HOSPITAL, 1, 1, 0, 0), flow(COUNCIL, CARE, 1, 0, 0, 1), flow(COUNCIL, HOSPITAL, 1, 1, 0, 0)],
        byWithheldItem: [{ value: 'Discharge summary', decisions: 3, records: 5 }],
        scopeName: 'Northshire information sharing protocol', fromMonth: '2024-01', toMonth: '2025-11',
        recordsShared: 6, recordsPartiallyShared: 5, recordsNotShared: 0,
        byDataItem: [count('NHS number', 7), count('Discharge summary', 4), count('Care and support plan', 2)],
        specialCategoryShare: 5 / 9,
        byArticle6Basis: [count('ART6_1_E_PUBLIC_TASK', 9)],
        byCommonLawBasis: [count('IMPLIED_CONSENT', 9)],
        byConsentStatus: [count('IMPLIED', 10), count('NOT_SOUGHT_REQUEST_REFUSED', 2)],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [count('DCB1596_SECURE_EMAIL', 7), count('NHSMAIL', 1), count('STANDARD_EMAIL', 1)],
        // Sent by DCB1596 secure email after the accreditation lapsed still counts as the agreed, secure method (reported).
        approvedMethodPercentage: 88.9,
        ...quiet, medianMinutesToDecision: 30, p90MinutesToDecision: 30,
      });
      expect(ok(await t.gql(METRICS, { agreementId: isp.id, ...range }, commissioner.token)).sharingMetrics).toEqual({
        scope: 'AGREEMENT',
        decisions: 9,
        shared: 4,
        partiallyShared: 3,
        notShared: 2,
        outsideAnyAgreement: outside(0, 0, 0, 0),
        flaggedDecisions: 4,
        flagsByKind: [
          { value: 'ACCREDITATION_LAPSED', decisions: 2 },
          { value: 'AGREEMENT_NOT_ACTIVE', decisions: 1 },
          { value: 'METHOD_NOT_ALLOWED', decisions: 1 },
          { value: 'METHOD_NOT_SECURE', decisions: 1 },
        ],
        byMonth: [
          month('2024-03', 1, 1, 0, 0),
          month('2024-05', 1, 1, 0, 0),
          month('2024-09', 1, 0, 1, 0),
          month('2024-11', 1, 0, 0, 1),
          month('2025-01', 1, 0, 1, 0),
          month('2025-02', 1, 1, 0, 0),
          month('2025-06', 1, 1, 0, 0),
          month('2025-09', 1, 0, 1, 0),
          month('2025-10', 1, 0, 0, 1),
        ],
        byFlow: [flow(HOSPITAL, COUNCIL, 9, 4, 3, 2)],
        byWithheldItem: [{ value: 'Discharge summary', decisions: 3, records: 5 }],
        scopeName: 'Hospital discharge information sharing agreement', fromMonth: '2024-01', toMonth: '2025-11',
        recordsShared: 4, recordsPartiallyShared: 5, recordsNotShared: 0,
        byDataItem: [count('NHS number', 7), count('Discharge summary', 4)],
        specialCategoryShare: 4 / 7,
        byArticle6Basis: [count('ART6_1_E_PUBLIC_TASK', 7)],
        byCommonLawBasis: [count('IMPLIED_CONSENT', 7)],
        byConsentStatus: [count('IMPLIED', 8), count('NOT_SOUGHT_REQUEST_REFUSED', 1)],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [count('DCB1596_SECURE_EMAIL', 6), count('STANDARD_EMAIL', 1)],
        approvedMethodPercentage: 85.7,
        ...quiet, medianMinutesToDecision: 30, p90MinutesToDecision: 30,
      });
      expect(ok(await t.gql(METRICS, { organisationId: council.id, ...range }, council.igLead.token)).sharingMetrics).toEqual({
        scope: 'ORGANISATION',
        decisions: 2,
        shared: 1,
        partiallyShared: 0,
        notShared: 1,
        outsideAnyAgreement: outside(2, 1, 0, 1),
        flaggedDecisions: 1,
        flagsByKind: [{ value: 'ACCREDITATION_LAPSED', decisions: 1 }],
        byMonth: [month('2025-01', 1, 0, 0, 1), month('2025-10', 1, 1, 0, 0)],
        byFlow: [flow(COUNCIL, CARE, 1, 0, 0, 1), flow(COUNCIL, HOSPITAL, 1, 1, 0, 0)],
        byWithheldItem: [],
        scopeName: COUNCIL, fromMonth: '2024-01', toMonth: '2025-11',
        recordsShared: 1, recordsPartiallyShared: 0, recordsNotShared: 0,
        byDataItem: [count('Care and support plan', 1)],
        specialCategoryShare: 0,
        byArticle6Basis: [count('ART6_1_E_PUBLIC_TASK', 1)],
        byCommonLawBasis: [count('IMPLIED_CONSENT', 1)],
        byConsentStatus: [count('IMPLIED', 1), count('NOT_SOUGHT_REQUEST_REFUSED', 1)],
        consentRefused: 0, consentRefusedOverridden: 0,
        byTransferMethod: [count('DCB1596_SECURE_EMAIL', 1)],
        approvedMethodPercentage: 100,
        ...quiet, medianMinutesToDecision: 30, p90MinutesToDecision: 30,
      });
      // The housing association is in no agreement of the partnership: its decision counts in its own figures only.
      expect(ok(await t.gql(METRICS, { organisationId: housing.id, ...range }, housing.igLead.token)).sharingMetrics).toMatchObject({
        decisions: 1,
        shared: 1,
        outsideAnyAgreement: outside(1, 1, 0, 0),
        flaggedDecisions: 1,
        flagsByKind: [{ value: 'IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE', decisions: 1 }],
        byFlow: [flow(HOUSING, HOSPITAL, 1, 1, 0, 0)],
      });
    });
  });

  /*
   * A partnership counts its members' decisions outside any agreement only for the months they
   * belonged to it (metrics.queries.ts PARTNERSHIP_MEMBER_SPANS): the hospice joined today, so its
   * December 2025 decision is not in the partnership's December 2025 figures, which are the ISP's
   * one decision.
   */
  it('counts a decision outside any agreement in a partnership only from when its discloser was a partner', async () => {
    expect(ok(await t.gql(METRICS, { partnershipId: protocol.id, from: '2025-12', to: '2025-12' }, commissioner.token)).sharingMetrics).toMatchObject({
      decisions: 1,
      shared: 1,
      outsideAnyAgreement: outside(0, 0, 0, 0),
      byFlow: [flow(HOSPITAL, COUNCIL, 1, 1, 0, 0)],
    });
  });

  it('lists the agreement signed today only as at today', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const now = ok(await t.gql(HEALTH, { p: protocol.id, asOf: today }, commissioner.token)).agreementHealth;
    expect(now.agreements.map((a: { reference: string; status: string }) => [a.reference, a.status]).sort()).toEqual(
      [[protocol.reference, 'ACTIVE'], [isp.reference, 'ACTIVE'], [live.reference, 'ACTIVE']].sort(),
    );
  });
});
