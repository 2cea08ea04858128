import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { OrganisationAssurance1797100000000 } from '../migrations/1797100000000-organisation-assurance.js';
import { Agreement } from '../src/agreements/agreement.entity.js';
import { ComplianceService } from '../src/agreements/compliance/compliance.service.js';
import { Clock } from '../src/common/clock/clock.js';
import { compliantDraftAgreement, readyPartner, SIGN, SUBMIT, type Partner } from './support/agreement-fixtures.js';
import { decisionInput, RECORD_DECISIONS } from './support/decision-fixtures.js';
import { createUser } from './support/fixtures.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const RECORD = `mutation ($id: ID!, $input: RecordAssuranceInput!) {
  recordOrganisationAssurance(organisationId: $id, input: $input) { dsptStatus dsptStatusDate secureEmailMethod secureEmailAccreditationExpiry }
}`;
const HISTORY = `query ($id: ID!) { organisation(id: $id) {
  assuranceHistory { effectiveFrom dsptStatus dsptStatusDate dsptNextDueDate secureEmailMethod secureEmailAccreditationExpiry icoRegistrationRenewalDate }
} }`;
const HEALTH = `query ($id: ID!, $asOf: LocalDate) { agreementHealth(agreementId: $id, asOf: $asOf) {
  asOf status reasons activeAgreements
  partiesBelowDsptMet { name dsptStatus } accreditationsExpiringWithin90Days { name secureEmailAccreditationExpiry }
  assuranceLapses { name kind since agreements }
  agreements { reference status }
} }`;

const DAY = 86_400_000;
const TODAY = new Date().toISOString().slice(0, 10);
/** The date `days` after today, YYYY-MM-DD. */
const day = (days: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** The same date in words, as health writes it. */
const inWords = (date: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
/** Noon on the date `days` after today. */
const noon = (days: number) => new Date(Date.parse(`${day(days)}T12:00:00Z`));

/**
 * An ISP signed today between a hospital, a council and Oakview Care Home, whose flow from the
 * council to Oakview goes by NHSmail. Then the clock moves 60 days on, and Oakview's history is
 * recorded as it happened: its DSPT fell to Standards Not Met on day 10, and its DCB1596
 * accreditation (self-accredited, expiring on day 25) was never renewed.
 */
describe('assurance over time', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let oakview: Partner;
  let oakviewAdmin: { email: string };
  let isp: { id: string; reference: string };
  let entries: () => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    oakview = await readyPartner(t, 'Oakview Care Home', 'oakview', {
      sector: 'CARE_PROVIDER',
      dsptStatusDate: '2026-06-30',
      secureEmailMethod: 'DCB1596_SELF_ACCREDITED',
      secureEmailAccreditationExpiry: day(25),
    });
    oakviewAdmin = await createUser(t, oakview.id, 'admin@oakview.example', ['ORG_ADMIN']);
    await createUser(t, hospital.id, 'admin@hospital.example', ['ORG_ADMIN']);
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, oakview);
    const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
    for (const party of [hospital, council, oakview]) ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: v1.contentHash } }, party.signatory.token));
    isp = draft;
    entries = async () => (await t.db.query('SELECT count(*)::int AS n FROM organisation_assurance WHERE organisation_id = $1', [oakview.id])).rows[0].n;
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(noon(60));
  });
  afterAll(async () => t.close());

  // Tokens follow the clock, so each call signs in afresh at the moved time.
  const as = (email: string) => t.login(email);

  it('records a DSPT change as a new dated entry, keeping the first, and shows it as the current view', async () => {
    const recorded = ok(await t.gql(RECORD, { id: oakview.id, input: { effectiveFrom: day(10), dsptStatus: 'STANDARDS_NOT_MET', dsptStatusDate: day(10) } }, await as(oakviewAdmin.email)));
    expect(recorded.recordOrganisationAssurance).toEqual({ dsptStatus: 'STANDARDS_NOT_MET', dsptStatusDate: day(10), secureEmailMethod: 'DCB1596_SELF_ACCREDITED', secureEmailAccreditationExpiry: day(25) });
    const history = ok(await t.gql(HISTORY, { id: oakview.id }, await as(council.igLead.email))).organisation.assuranceHistory;
    const accreditation = { secureEmailMethod: 'DCB1596_SELF_ACCREDITED', secureEmailAccreditationExpiry: day(25), dsptNextDueDate: null, icoRegistrationRenewalDate: null };
    expect(history).toEqual([
      { effectiveFrom: day(10), dsptStatus: 'STANDARDS_NOT_MET', dsptStatusDate: day(10), ...accreditation },
      { effectiveFrom: '2026-06-30', dsptStatus: 'STANDARDS_MET', dsptStatusDate: '2026-06-30', ...accreditation },
    ]);
    const audit = await t.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1 AND action = 'organisation.recordAssurance'`, [oakview.id]);
    expect(audit.rows).toHaveLength(2);
    // The database keeps entries as they were recorded.
    await expect(t.db.query(`UPDATE organisation_assurance SET dspt_status = 'STANDARDS_MET' WHERE organisation_id = $1`, [oakview.id])).rejects.toThrow(/record a new entry/);
  });

  it('refuses a DSPT status change without a new publication date, by either mutation, writing nothing', async () => {
    const token = await as(oakviewAdmin.email);
    const before = await entries();
    const refused = failure(await t.gql(RECORD, { id: oakview.id, input: { dsptStatus: 'STANDARDS_MET' } }, token));
    expect(refused.extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.extensions.fields).toEqual([
      { field: 'dsptStatusDate', rule: 'newWhenDsptStatusChanges', message: `must be a new publication date, after ${inWords(day(10))}, when dsptStatus changes from STANDARDS_NOT_MET to STANDARDS_MET` },
    ]);
    const sameDate = failure(await t.gql(RECORD, { id: oakview.id, input: { dsptStatus: 'STANDARDS_MET', dsptStatusDate: day(10) } }, token));
    expect(sameDate.extensions.fields?.map((f) => f.rule)).toEqual(['newWhenDsptStatusChanges']);
    const byUpdate = failure(await t.gql(`mutation ($id: ID!) { updateOrganisation(id: $id, input: { dsptStatus: STANDARDS_MET }) { id } }`, { id: oakview.id }, token));
    expect(byUpdate.extensions.fields?.map((f) => f.rule)).toEqual(['newWhenDsptStatusChanges']);
    const future = failure(await t.gql(RECORD, { id: oakview.id, input: { effectiveFrom: day(61), icoRegistrationRenewalDate: day(200) } }, token));
    expect(future.extensions.fields?.map((f) => `${f.field}:${f.rule}`)).toEqual(['effectiveFrom:notInFuture']);
    expect(await entries()).toBe(before);
    const { rows } = await t.db.query('SELECT dspt_status FROM organisation WHERE id = $1', [oakview.id]);
    expect(rows[0].dspt_status).toBe('STANDARDS_NOT_MET');
  });

  it("refuses another organisation's ORG_ADMIN and the organisation's own practitioner", async () => {
    const before = await entries();
    for (const email of ['admin@hospital.example', oakview.practitioner.email]) {
      const refused = failure(await t.gql(RECORD, { id: oakview.id, input: { icoRegistrationRenewalDate: day(200) } }, await as(email)));
      expect(refused.extensions.code).toBe('FORBIDDEN');
    }
    expect(await entries()).toBe(before);
  });

  it('judges health on each date by the agreements then in force and the assurance then in force', async () => {
    const token = await as(hospital.igLead.email);
    const health = async (asOf: string) => ok(await t.gql(HEALTH, { id: isp.id, asOf }, token)).agreementHealth;
    const row = { reference: isp.reference, status: 'ACTIVE' };

    // The day before it was signed, the agreement was not yet made: nothing is listed.
    expect(await health(day(-1))).toEqual({
      asOf: day(-1),
      status: 'GREEN',
      reasons: [],
      activeAgreements: 0,
      partiesBelowDsptMet: [],
      accreditationsExpiringWithin90Days: [],
      assuranceLapses: [],
      agreements: [],
    });
    // Day 5: the DSPT still met; the accreditation expires within 90 days.
    expect(await health(day(5))).toEqual({
      asOf: day(5),
      status: 'AMBER',
      reasons: ['DCB1596 accreditation expires within 90 days: Oakview Care Home'],
      activeAgreements: 1,
      partiesBelowDsptMet: [],
      accreditationsExpiringWithin90Days: [{ name: 'Oakview Care Home', secureEmailAccreditationExpiry: day(25) }],
      assuranceLapses: [],
      agreements: [row],
    });
    // Day 15: the DSPT fell to Standards Not Met on day 10.
    expect(await health(day(15))).toEqual({
      asOf: day(15),
      status: 'RED',
      reasons: [
        `Oakview Care Home's DSPT assessment has been Standards Not Met since ${inWords(day(10))} while ${isp.reference} relies on it`,
        'DCB1596 accreditation expires within 90 days: Oakview Care Home',
      ],
      activeAgreements: 1,
      partiesBelowDsptMet: [{ name: 'Oakview Care Home', dsptStatus: 'STANDARDS_NOT_MET' }],
      accreditationsExpiringWithin90Days: [{ name: 'Oakview Care Home', secureEmailAccreditationExpiry: day(25) }],
      assuranceLapses: [{ name: 'Oakview Care Home', kind: 'DSPT_NOT_MET', since: day(10), agreements: [isp.reference] }],
      agreements: [row],
    });
    // Day 30: the accreditation the council-to-Oakview NHSmail flow relies on expired on day 25.
    expect(await health(day(30))).toEqual({
      asOf: day(30),
      status: 'RED',
      reasons: [
        `Oakview Care Home's DSPT assessment has been Standards Not Met since ${inWords(day(10))} while ${isp.reference} relies on it`,
        `Oakview Care Home's DCB1596 accreditation expired on ${inWords(day(25))} while ${isp.reference} relies on it`,
      ],
      activeAgreements: 1,
      partiesBelowDsptMet: [{ name: 'Oakview Care Home', dsptStatus: 'STANDARDS_NOT_MET' }],
      accreditationsExpiringWithin90Days: [{ name: 'Oakview Care Home', secureEmailAccreditationExpiry: day(25) }],
      assuranceLapses: [
        { name: 'Oakview Care Home', kind: 'DSPT_NOT_MET', since: day(10), agreements: [isp.reference] },
        { name: 'Oakview Care Home', kind: 'ACCREDITATION_EXPIRED', since: day(25), agreements: [isp.reference] },
      ],
      agreements: [row],
    });
  });

  it("judges compliance findings as at a date by the parties' assurance in force on it", async () => {
    // A record of an agreement signed in the past asks for its findings as at its signing date.
    const compliance = t.app.get(ComplianceService);
    const agreement = await t.app.get(DataSource).getRepository(Agreement).findOneByOrFail({ id: isp.id });
    const about = async (asAt: string) =>
      (await compliance.findingsForDraft(agreement, undefined, asAt)).filter((f) => f.field === 'parties[2]').map((f) => [f.code, f.severity, f.message]);
    expect(await about(day(5))).toEqual([]);
    expect(await about(day(15))).toEqual([
      ['PARTY_DSPT_NOT_MET', 'BLOCKER', `Oakview Care Home's Data Security and Protection Toolkit assessment is "Standards Not Met". It cannot be relied on to keep shared information secure until it meets the standards.`],
    ]);
    expect(await about(day(30))).toEqual([
      ['PARTY_DSPT_NOT_MET', 'BLOCKER', expect.any(String)],
      [
        'SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW',
        'WARNING',
        `Oakview Care Home's DCB1596 secure email accreditation expired on ${inWords(day(25))}. It must be renewed before the organisation sends or receives information by secure email.`,
      ],
    ]);
  });

  it('flags a decision sent by NHSmail after the accreditation lapsed, and not one before', async () => {
    const flows = ok(await t.gql('query ($id: ID!) { agreement(id: $id) { currentVersion { content { dataFlows { id } } } } }', { id: isp.id }, await as(council.igLead.email)))
      .agreement.currentVersion.content.dataFlows;
    const toOakview = (decidedOn: number) => {
      const decidedAt = noon(decidedOn);
      return decisionInput(council.id, oakview.id, {
        agreementId: isp.id,
        flowId: flows[1].id,
        dataItemsShared: ['Name and address'],
        requestedAt: new Date(decidedAt.getTime() - 3_600_000).toISOString(),
        decidedAt: decidedAt.toISOString(),
      });
    };
    const recorded = ok(await t.gql(RECORD_DECISIONS, { decisions: [toOakview(25), toOakview(26)] }, await as(council.practitioner.email))).recordSharingDecisions;
    expect(recorded.decisions.map((d: { flags: string[] }) => d.flags)).toEqual([[], ['ACCREDITATION_LAPSED']]);
    const stored = await t.db.query('SELECT flags FROM sharing_decision WHERE id = ANY($1) ORDER BY decided_at', [recorded.decisions.map((d: { id: string }) => d.id)]);
    expect(stored.rows.map((r) => r.flags)).toEqual([[], ['ACCREDITATION_LAPSED']]);
  });

  it('gives every organisation its current values as a first entry when the history is first made, and undoes cleanly', async () => {
    const runner = t.owner.createQueryRunner();
    try {
      await runner.startTransaction();
      const migration = new OrganisationAssurance1797100000000();
      await migration.down(runner);
      await migration.up(runner);
      const [{ organisations, entries: made, matching }] = await runner.query(`
        SELECT (SELECT count(*)::int FROM organisation) AS organisations, count(*)::int AS entries,
               count(*) FILTER (WHERE e.dspt_status = o.dspt_status AND e.dspt_status_date IS NOT DISTINCT FROM o.dspt_status_date
                 AND e.secure_email_method = o.secure_email_method AND e.secure_email_accreditation_expiry IS NOT DISTINCT FROM o.secure_email_accreditation_expiry
                 AND e.effective_from = coalesce(o.dspt_status_date, o.created_at::date))::int AS matching
        FROM organisation_assurance e JOIN organisation o ON o.id = e.organisation_id`);
      expect(made).toBe(organisations);
      expect(matching).toBe(organisations);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});
