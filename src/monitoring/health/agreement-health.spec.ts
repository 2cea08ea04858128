import { agreementHealth, RagStatus, type HealthFacts } from './agreement-health.js';

const AS_OF = '2026-06-01';

/** The date `days` days from AS_OF (negative for before), YYYY-MM-DD. */
function inDays(days: number): string {
  return new Date(Date.parse(`${AS_OF}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

type Agreement = HealthFacts['agreements'][number];
type Organisation = HealthFacts['organisations'][number];

const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  id: 'a1',
  reference: 'ISA-001',
  title: 'Hospital discharge',
  statusOnDate: 'ACTIVE',
  nextReviewDate: inDays(365),
  awaiting: null,
  partyIds: ['o1', 'o2'],
  ...over,
});

const organisation = (over: Partial<Organisation> = {}): Organisation => ({
  id: 'o1',
  name: 'Acute Hospital Trust',
  dsptStatus: 'STANDARDS_MET',
  secureEmailAccreditationExpiry: null,
  ...over,
});

const HEALTHY: HealthFacts = {
  asOf: AS_OF,
  agreements: [agreement()],
  organisations: [
    organisation(),
    organisation({ id: 'o2', name: 'Borough Council', dsptStatus: 'STANDARDS_EXCEEDED', secureEmailAccreditationExpiry: inDays(200) }),
  ],
};

const health = (over: Partial<HealthFacts>) => agreementHealth({ ...HEALTHY, ...over });

describe('agreementHealth', () => {
  it('is GREEN, with no reasons, when nothing is wrong or due', () => {
    const h = agreementHealth(HEALTHY);
    expect(h.status).toBe(RagStatus.GREEN);
    expect(h.reasons).toEqual([]);
    expect(h.asOf).toBe(AS_OF);
    expect(h.activeAgreements).toBe(1);
    expect(h.awaitingSignatures).toBe(0);
    expect(h.signatureCompleteness).toBeNull();
    expect(h.reviewsOverdue).toBe(0);
    expect(h.reviewsDueWithin30Days).toBe(0);
    expect(h.reviewsDueWithin90Days).toBe(0);
    expect(h.partiesBelowDsptMet).toEqual([]);
    expect(h.accreditationsExpiringWithin90Days).toEqual([]);
    expect(h.agreements).toEqual([
      { reference: 'ISA-001', title: 'Hospital discharge', status: 'ACTIVE', nextReviewDate: inDays(365), daysToReview: 365, signed: null, parties: null, parentProtocolReference: null, parentProtocolStatus: null },
    ]);
  });

  it('is GREEN for an empty set of agreements', () => {
    const h = agreementHealth({ asOf: AS_OF, agreements: [], organisations: [] });
    expect(h.status).toBe(RagStatus.GREEN);
    expect(h.activeAgreements).toBe(0);
    expect(h.agreements).toEqual([]);
  });

  describe('reviews', () => {
    it('is AMBER for a review due within 90 days, and counts those due within 30', () => {
      const h = health({
        agreements: [
          agreement({ id: 'a1', reference: 'ISA-001', nextReviewDate: inDays(10) }),
          agreement({ id: 'a2', reference: 'ISA-002', nextReviewDate: inDays(30) }),
          agreement({ id: 'a3', reference: 'ISA-003', nextReviewDate: inDays(60) }),
          agreement({ id: 'a4', reference: 'ISA-004', nextReviewDate: inDays(200) }),
        ],
      });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.reviewsDueWithin90Days).toBe(3);
      expect(h.reviewsDueWithin30Days).toBe(2);
      expect(h.reviewsOverdue).toBe(0);
      expect(h.reasons).toEqual(['3 agreements due for review within 90 days: ISA-001, ISA-002, ISA-003']);
      expect(h.agreements.map((a) => a.daysToReview)).toEqual([10, 30, 60, 200]);
    });

    it('counts a review due today as due, not overdue', () => {
      const h = health({ agreements: [agreement({ nextReviewDate: AS_OF })] });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.reviewsOverdue).toBe(0);
      expect(h.reviewsDueWithin30Days).toBe(1);
      expect(h.agreements[0].daysToReview).toBe(0);
    });

    it('counts a review exactly 90 days away as due, and 91 days away as not', () => {
      const at90 = health({ agreements: [agreement({ nextReviewDate: inDays(90) })] });
      expect(at90.status).toBe(RagStatus.AMBER);
      expect(at90.reviewsDueWithin90Days).toBe(1);
      expect(at90.reviewsDueWithin30Days).toBe(0);

      const at91 = health({ agreements: [agreement({ nextReviewDate: inDays(91) })] });
      expect(at91.status).toBe(RagStatus.GREEN);
      expect(at91.reviewsDueWithin90Days).toBe(0);
    });

    it('counts a review exactly 30 days away within 30 days, and 31 not', () => {
      expect(health({ agreements: [agreement({ nextReviewDate: inDays(30) })] }).reviewsDueWithin30Days).toBe(1);
      expect(health({ agreements: [agreement({ nextReviewDate: inDays(31) })] }).reviewsDueWithin30Days).toBe(0);
    });

    it('is RED for a review overdue, with negative days to review', () => {
      const h = health({
        agreements: [agreement({ reference: 'ISA-001', nextReviewDate: inDays(-1) }), agreement({ id: 'a2', reference: 'ISA-002', nextReviewDate: inDays(-40) })],
      });
      expect(h.status).toBe(RagStatus.RED);
      expect(h.reviewsOverdue).toBe(2);
      expect(h.reviewsDueWithin90Days).toBe(0);
      expect(h.reasons).toEqual(['2 agreements overdue for review: ISA-001, ISA-002']);
      expect(h.agreements.map((a) => a.daysToReview)).toEqual([-1, -40]);
    });

    it('ignores the review date of an agreement not ACTIVE on the date', () => {
      const h = health({
        agreements: [
          agreement({ id: 'a1', reference: 'ISA-001', statusOnDate: 'TERMINATED', nextReviewDate: inDays(-30) }),
          agreement({ id: 'a2', reference: 'ISA-002', statusOnDate: 'SUSPENDED', nextReviewDate: inDays(10) }),
          agreement({ id: 'a3', reference: 'ISA-003', statusOnDate: 'DRAFT', nextReviewDate: inDays(-5) }),
        ],
      });
      expect(h.status).toBe(RagStatus.GREEN);
      expect(h.activeAgreements).toBe(0);
      expect(h.reviewsOverdue).toBe(0);
      expect(h.reviewsDueWithin90Days).toBe(0);
      // ...though the rows still show them
      expect(h.agreements.map((a) => [a.reference, a.status, a.daysToReview])).toEqual([
        ['ISA-001', 'TERMINATED', -30],
        ['ISA-002', 'SUSPENDED', 10],
        ['ISA-003', 'DRAFT', -5],
      ]);
    });

    it('does not count an ACTIVE agreement with no review date', () => {
      const h = health({ agreements: [agreement({ nextReviewDate: null })] });
      expect(h.status).toBe(RagStatus.GREEN);
      expect(h.reviewsOverdue).toBe(0);
      expect(h.reviewsDueWithin90Days).toBe(0);
      expect(h.agreements[0].daysToReview).toBeNull();
      expect(h.agreements[0].nextReviewDate).toBeNull();
    });
  });

  describe('signatures', () => {
    it('is AMBER for agreements awaiting signatures, with the percentage signed', () => {
      const h = health({
        agreements: [
          agreement({ id: 'a1', reference: 'ISA-001', statusOnDate: 'AWAITING_SIGNATURES', awaiting: { parties: 3, signed: 1 }, partyIds: [] }),
          agreement({ id: 'a2', reference: 'ISA-002', awaiting: { parties: 4, signed: 3 } }),
        ],
      });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.awaitingSignatures).toBe(2);
      expect(h.signatureCompleteness).toBe(57.1); // 4 of 7
      expect(h.reasons).toEqual(['2 agreements awaiting signatures (4 of 7 signed)']);
      expect(h.agreements.map((a) => [a.signed, a.parties])).toEqual([
        [1, 3],
        [3, 4],
      ]);
    });

    it('gives 0% when none have signed', () => {
      const h = health({ agreements: [agreement({ awaiting: { parties: 2, signed: 0 } })] });
      expect(h.signatureCompleteness).toBe(0);
      expect(h.status).toBe(RagStatus.AMBER);
    });
  });

  describe('DSPT', () => {
    it.each([
      ['APPROACHING_STANDARDS', 'Approaching Standards'],
      ['NOT_PUBLISHED', 'Not published'],
    ])('is AMBER for a party in force with DSPT %s, saying so in words', (dsptStatus, words) => {
      const h = health({ organisations: [organisation({ dsptStatus }), HEALTHY.organisations[1]] });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.reasons).toEqual([`Acute Hospital Trust's DSPT is ${words}`]);
      expect(h.partiesBelowDsptMet).toEqual([{ organisationId: 'o1', name: 'Acute Hospital Trust', dsptStatus, secureEmailAccreditationExpiry: null }]);
    });

    it('is RED for a party in force with DSPT STANDARDS_NOT_MET', () => {
      const h = health({ organisations: [organisation({ dsptStatus: 'STANDARDS_NOT_MET', dsptStatusDate: '2025-06-30' }), HEALTHY.organisations[1]] });
      expect(h.status).toBe(RagStatus.RED);
      expect(h.reasons).toEqual(["Acute Hospital Trust's DSPT assessment has been Standards Not Met since 30 June 2025 while ISA-001 relies on it"]);
      expect(h.assuranceLapses).toEqual([{ organisationId: 'o1', name: 'Acute Hospital Trust', kind: 'DSPT_NOT_MET', since: '2025-06-30', agreements: ['ISA-001'] }]);
      expect(h.partiesBelowDsptMet.map((o) => o.organisationId)).toEqual(['o1']);
    });

    it('counts only parties of agreements ACTIVE on the date', () => {
      const h = health({
        agreements: [
          agreement({ id: 'a1', statusOnDate: 'ACTIVE', partyIds: ['o1'] }),
          agreement({ id: 'a2', reference: 'ISA-002', statusOnDate: 'TERMINATED', partyIds: ['o2', 'o3'] }),
        ],
        organisations: [
          organisation({ id: 'o1', name: 'Acute Hospital Trust', dsptStatus: 'STANDARDS_MET' }),
          organisation({ id: 'o2', name: 'Borough Council', dsptStatus: 'STANDARDS_NOT_MET' }),
          organisation({ id: 'o3', name: 'Care Home Ltd', dsptStatus: 'NOT_PUBLISHED' }),
        ],
      });
      expect(h.status).toBe(RagStatus.GREEN);
      expect(h.partiesBelowDsptMet).toEqual([]);
    });

    it('does not count an organisation that is a party to no agreement in force', () => {
      const h = health({
        agreements: [agreement({ partyIds: ['o1'] })],
        organisations: [organisation({ id: 'o1' }), organisation({ id: 'o9', name: 'Former Partner', dsptStatus: 'STANDARDS_NOT_MET' })],
      });
      expect(h.status).toBe(RagStatus.GREEN);
    });
  });

  describe('DCB1596 accreditation', () => {
    it('is AMBER for an accreditation expiring within 90 days', () => {
      const h = health({ organisations: [organisation({ secureEmailAccreditationExpiry: inDays(45) }), HEALTHY.organisations[1]] });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.reasons).toEqual(['DCB1596 accreditation expires within 90 days: Acute Hospital Trust']);
      expect(h.accreditationsExpiringWithin90Days).toEqual([
        { organisationId: 'o1', name: 'Acute Hospital Trust', dsptStatus: 'STANDARDS_MET', secureEmailAccreditationExpiry: inDays(45) },
      ]);
    });

    it('counts an accreditation exactly 90 days away, and not 91', () => {
      const at90 = health({ organisations: [organisation({ secureEmailAccreditationExpiry: inDays(90) })] });
      expect(at90.status).toBe(RagStatus.AMBER);
      expect(at90.accreditationsExpiringWithin90Days).toHaveLength(1);

      const at91 = health({ organisations: [organisation({ secureEmailAccreditationExpiry: inDays(91) })] });
      expect(at91.status).toBe(RagStatus.GREEN);
      expect(at91.accreditationsExpiringWithin90Days).toEqual([]);
    });

    it('counts an accreditation expiring today as expiring, not expired', () => {
      const h = health({ organisations: [organisation({ secureEmailAccreditationExpiry: AS_OF })] });
      expect(h.status).toBe(RagStatus.AMBER);
    });

    it('is only AMBER for an expired accreditation no agreement in force sends by secure email with, which is also listed', () => {
      const h = health({ organisations: [organisation({ secureEmailAccreditationExpiry: inDays(-1) }), HEALTHY.organisations[1]] });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.reasons).toEqual(["Acute Hospital Trust's DCB1596 accreditation expired on 31 May 2026; no agreement in force sends by secure email to or from it"]);
      expect(h.accreditationsExpiringWithin90Days.map((o) => o.organisationId)).toEqual(['o1']);
      expect(h.assuranceLapses).toEqual([]);
    });

    const bySecureEmail = (method: string) => [{ fromOrganisationId: 'o1', toOrganisationId: 'o2', transferMethod: method }];

    it.each(['NHSMAIL', 'DCB1596_SECURE_EMAIL'])('is RED, in words, when a flow by %s relies on an expired accreditation of either end', (method) => {
      const h = health({
        agreements: [agreement({ flows: bySecureEmail(method) }), agreement({ id: 'a2', reference: 'ISA-002', flows: [{ fromOrganisationId: 'o2', toOrganisationId: 'o1', transferMethod: method }] })],
        organisations: [organisation(), organisation({ id: 'o2', name: 'Oakview Care Home', dsptStatus: 'STANDARDS_MET', secureEmailAccreditationExpiry: '2026-03-01' })],
      });
      expect(h.status).toBe(RagStatus.RED);
      expect(h.reasons).toEqual(["Oakview Care Home's DCB1596 accreditation expired on 1 March 2026 while ISA-001, ISA-002 rely on it"]);
      expect(h.assuranceLapses).toEqual([{ organisationId: 'o2', name: 'Oakview Care Home', kind: 'ACCREDITATION_EXPIRED', since: '2026-03-01', agreements: ['ISA-001', 'ISA-002'] }]);
    });

    it('does not count a flow by another method, or an agreement not in force, as relying on the accreditation', () => {
      const h = health({
        agreements: [agreement({ flows: bySecureEmail('MESH') }), agreement({ id: 'a2', reference: 'ISA-002', statusOnDate: 'EXPIRED', flows: bySecureEmail('NHSMAIL') })],
        organisations: [organisation(), organisation({ id: 'o2', name: 'Oakview Care Home', dsptStatus: 'STANDARDS_MET', secureEmailAccreditationExpiry: inDays(-1) })],
      });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.assuranceLapses).toEqual([]);
    });

    it('counts an accreditation expiring on the date itself as still good', () => {
      const h = health({ agreements: [agreement({ flows: bySecureEmail('NHSMAIL') })], organisations: [organisation({ secureEmailAccreditationExpiry: AS_OF })] });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.assuranceLapses).toEqual([]);
    });
  });

  describe('assurance in force on the date', () => {
    it('is RED when the next DSPT assessment was due before the date and none was published', () => {
      const h = health({ organisations: [organisation({ dsptStatusDate: '2025-06-30', dsptNextDueDate: '2026-05-31' }), HEALTHY.organisations[1]] });
      expect(h.status).toBe(RagStatus.RED);
      expect(h.reasons).toEqual(["Acute Hospital Trust's DSPT assessment was due on 31 May 2026 and none was published while ISA-001 relies on it"]);
      expect(h.assuranceLapses.map((l) => [l.kind, l.since])).toEqual([['DSPT_OVERDUE', '2026-05-31']]);
    });

    it('is not overdue on the due date itself', () => {
      expect(health({ organisations: [organisation({ dsptStatusDate: '2025-06-30', dsptNextDueDate: AS_OF }), HEALTHY.organisations[1]] }).status).toBe(RagStatus.GREEN);
    });

    it('is AMBER for a party in force with no assurance on record on the date, and an ICO registration due for renewal', () => {
      const h = health({
        organisations: [
          organisation({ dsptStatus: null, secureEmailAccreditationExpiry: null }),
          organisation({ id: 'o2', name: 'Borough Council', dsptStatus: 'STANDARDS_MET', secureEmailAccreditationExpiry: null, icoRegistrationRenewalDate: inDays(-2) }),
        ],
      });
      expect(h.status).toBe(RagStatus.AMBER);
      expect(h.reasons).toEqual(["Borough Council's ICO registration was due for renewal on 30 May 2026", 'No assurance on record on 1 June 2026 for: Acute Hospital Trust']);
      expect(h.partiesBelowDsptMet).toEqual([]);
    });
  });

  describe('the protocol an agreement sits under', () => {
    const under = (statusOnDate: string) => health({ agreements: [agreement({ parentProtocol: { reference: 'PROTOCOL-001', statusOnDate } })] });

    it('is RED when an agreement in force sits under a protocol that has been terminated or has expired', () => {
      expect(under('TERMINATED')).toMatchObject({ status: RagStatus.RED, reasons: ['ISA-001 is in force under PROTOCOL-001, which has been terminated'] });
      expect(under('EXPIRED')).toMatchObject({ status: RagStatus.RED, reasons: ['ISA-001 is in force under PROTOCOL-001, which has expired'] });
      expect(under('TERMINATED').agreements[0]).toMatchObject({ parentProtocolReference: 'PROTOCOL-001', parentProtocolStatus: 'TERMINATED' });
    });

    it('is AMBER under a suspended protocol, and GREEN under one in force or awaiting signatures', () => {
      expect(under('SUSPENDED')).toMatchObject({ status: RagStatus.AMBER, reasons: ['ISA-001 is in force under PROTOCOL-001, which is suspended'] });
      expect(under('ACTIVE')).toMatchObject({ status: RagStatus.GREEN, reasons: [] });
      expect(under('AWAITING_SIGNATURES')).toMatchObject({ status: RagStatus.GREEN, reasons: [] });
    });

    it('says nothing of the protocol of an agreement no longer in force', () => {
      const h = health({ agreements: [agreement({ statusOnDate: 'TERMINATED', parentProtocol: { reference: 'PROTOCOL-001', statusOnDate: 'TERMINATED' } })] });
      expect(h).toMatchObject({ status: RagStatus.GREEN, reasons: [] });
    });
  });

  it('lists red reasons before amber ones', () => {
    const h = health({
      agreements: [
        agreement({ id: 'a1', reference: 'ISA-001', nextReviewDate: inDays(20), partyIds: ['o1', 'o2', 'o3'], flows: [{ fromOrganisationId: 'o1', toOrganisationId: 'o3', transferMethod: 'NHSMAIL' }] }),
        agreement({ id: 'a2', reference: 'ISA-002', nextReviewDate: inDays(-3), partyIds: [] }),
        agreement({ id: 'a3', reference: 'ISA-003', statusOnDate: 'AWAITING_SIGNATURES', nextReviewDate: null, awaiting: { parties: 2, signed: 1 }, partyIds: [] }),
      ],
      organisations: [
        organisation({ id: 'o1', name: 'Acute Hospital Trust', dsptStatus: 'APPROACHING_STANDARDS', secureEmailAccreditationExpiry: inDays(-10) }),
        organisation({ id: 'o2', name: 'Borough Council', dsptStatus: 'STANDARDS_NOT_MET', dsptStatusDate: '2025-06-30', secureEmailAccreditationExpiry: inDays(30) }),
        organisation({ id: 'o3', name: 'Care Home Ltd', dsptStatus: 'STANDARDS_MET' }),
      ],
    });
    expect(h.status).toBe(RagStatus.RED);
    expect(h.reasons).toEqual([
      '1 agreement overdue for review: ISA-002',
      "Acute Hospital Trust's DCB1596 accreditation expired on 22 May 2026 while ISA-001 relies on it",
      "Borough Council's DSPT assessment has been Standards Not Met since 30 June 2025 while ISA-001 relies on it",
      '1 agreement due for review within 90 days: ISA-001',
      '1 agreement awaiting signatures (1 of 2 signed)',
      "Acute Hospital Trust's DSPT is Approaching Standards",
      'DCB1596 accreditation expires within 90 days: Borough Council',
    ]);
    expect(h.activeAgreements).toBe(2);
    expect(h.reviewsOverdue).toBe(1);
    expect(h.reviewsDueWithin30Days).toBe(1);
    expect(h.signatureCompleteness).toBe(50);
    expect(h.partiesBelowDsptMet.map((o) => o.name)).toEqual(['Acute Hospital Trust', 'Borough Council']);
    expect(h.accreditationsExpiringWithin90Days.map((o) => o.name)).toEqual(['Acute Hospital Trust', 'Borough Council']);
  });
});
