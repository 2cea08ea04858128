import { createHash } from 'node:crypto';
import { SignedOriginals1797300000000 } from '../migrations/1797300000000-signed-originals.js';
import { compliantDraftAgreement, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, type Partner } from './support/agreement-fixtures.js';
import { decisionInput, RECORD_DECISIONS } from './support/decision-fixtures.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { CONFIRM, DISPUTE, RECORD_SIGNED, scannedPdf, signedIn2024, uploadOriginal } from './support/signed-original-fixtures.js';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { HttpBrowser } from './support/http-browser.js';
import { pdfPages } from './support/pdf-text.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const DECISION = `query ($id: ID!) { sharingDecision(id: $id) { id flags rechecks { flagsRecorded flags } } }`;
const METRICS = `query ($agreementId: ID!) {
  sharingMetrics(agreementId: $agreementId, fromMonth: "2023-01", toMonth: "2025-12") {
    decisions flaggedDecisions flagsByKind { value decisions } rechecks { decisions flaggedAsRecorded flaggedAfterRecheck }
  }
}`;

/** The size limit the app is started with, in KiB: small, so an oversized upload is cheap. */
const MAX_KB = 64;

describe('agreements signed outside Accordant', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let outsider: Partner;
  let unready: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0', SIGNED_ORIGINAL_MAX_KB: String(MAX_KB) });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
    // Their assurance on record from 2023, so a record of 2024 is judged by what was true then.
    for (const party of [hospital, council, care]) {
      ok(
        await t.gql(
          `mutation ($id: ID!, $input: RecordAssuranceInput!) { recordOrganisationAssurance(organisationId: $id, input: $input) { id } }`,
          { id: party.id, input: { effectiveFrom: '2023-07-01', dsptStatus: 'STANDARDS_MET', dsptStatusDate: '2023-06-30', secureEmailMethod: 'NHSMAIL' } },
          await t.adminToken(),
        ),
      );
    }
    // An IG lead but no one who may sign: not ready to be a party.
    unready = await createOrganisation(t, { name: 'Shaky Support CIC', sector: 'VOLUNTARY_CHARITY', dsptStatus: 'STANDARDS_MET', dsptStatusDate: '2026-06-30', secureEmailMethod: 'NHSMAIL' });
    await createUser(t, unready.id, 'ig@shaky.example', ['IG_LEAD']);
  });
  afterAll(async () => t.close());

  /** Hospital → council, shared by NHSmail under the agreement named, decided on `day` at 10:00. */
  const decidedOn = (agreementId: string, day: string) =>
    decisionInput(hospital.id, council.id, { agreementId, requestedAt: `${day}T09:30:00.000Z`, decidedAt: `${day}T10:00:00.000Z` });
  const record = async (decisions: Record<string, unknown>[]) =>
    ok(await t.gql(RECORD_DECISIONS, { decisions }, hospital.practitioner.token)).recordSharingDecisions.decisions as { id: string; flags: string[] }[];
  const decision = async (id: string) => ok(await t.gql(DECISION, { id }, hospital.practitioner.token)).sharingDecision;
  const upload = async (label: string) => {
    const response = await uploadOriginal(t, hospital.igLead.token, scannedPdf(label));
    expect(response.status).toBe(201);
    return response.body as { id: string; sha256: string; byteSize: number };
  };
  const counts = async () => {
    const { rows } = await t.db.query(`SELECT
      (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM agreement_version)::int AS versions,
      (SELECT count(*) FROM agreement_signature)::int AS signatures, (SELECT count(*) FROM agreement_status_change)::int AS statuses,
      (SELECT count(*) FROM signed_original)::int AS originals, (SELECT count(*) FROM signed_original WHERE version_id IS NOT NULL)::int AS claimed,
      (SELECT count(*) FROM audit_entry)::int AS audit, (SELECT count(*) FROM sharing_decision_recheck)::int AS rechecks`);
    return rows[0];
  };

  describe('a partnership recording an agreement signed in 2024, with decisions dated 2025', () => {
    let agreementId: string;
    let before: { early: string; february: string; june: string };
    let afterImport: string;

    it('decisions recorded under the draft before the import are flagged: no agreement was in force', async () => {
      agreementId = (await compliantDraftAgreement(t, hospital, hospital, council, care, 'Hospital discharge ISP')).id;
      const [early, february, june] = await record([decidedOn(agreementId, '2023-11-15'), decidedOn(agreementId, '2025-02-10'), decidedOn(agreementId, '2025-06-15')]);
      for (const d of [early, february, june]) expect(d.flags).toEqual(['AGREEMENT_NOT_ACTIVE']);
      before = { early: early.id, february: february.id, june: june.id };
    });

    it('the IG lead records it from the signed original: version 1 in force from its real dates, findings listed, awaiting confirmation', async () => {
      const original = await upload('NGH-IG-ISP-2024-017');
      expect(original.byteSize).toBe(scannedPdf('NGH-IG-ISP-2024-017').length);
      expect(original.sha256).toBe(createHash('sha256').update(scannedPdf('NGH-IG-ISP-2024-017')).digest('hex'));
      const startedAt = new Date();

      const recorded = ok(await t.gql(RECORD_SIGNED, { input: { ...signedIn2024(hospital, council, care, original.id), agreementId } }, hospital.igLead.token)).recordSignedAgreement;
      expect(recorded).toMatchObject({ id: agreementId, kind: 'ISP', title: 'Hospital discharge information sharing agreement (2024)', status: 'ACTIVE', variationStatus: 'NONE' });
      // Its review date has passed, so it shows as due for review, as any other agreement would.
      expect(recorded.displayStatus).toBe('REVIEW_DUE');
      expect(recorded.review).toEqual({ status: 'OVERDUE', nextReviewDate: '2026-06-30' });
      expect(recorded.recordedOriginal).toEqual({ number: 1 });
      const v1 = recorded.currentVersion;
      expect(v1).toMatchObject({
        number: 1,
        status: 'ACTIVE',
        effectiveDate: '2024-04-01',
        recordedFromOriginal: true,
        originalReference: 'NGH-IG-ISP-2024-017',
        confirmationStatus: 'AWAITING_CONFIRMATION',
        signedOriginalPath: `/documents/agreements/${agreementId}/versions/1/signed-original.pdf`,
        signedOriginal: { filename: 'signed-original.pdf', byteSize: original.byteSize, sha256: original.sha256 },
        originalAnswers: [],
      });
      // No retention section: a blocker for a draft, listed here but not stopping the record.
      expect(v1.recordedFindings).toEqual([{ code: 'NO_RETENTION', severity: 'BLOCKER' }]);
      expect(v1.signatures).toEqual([
        { organisationId: hospital.id, userId: null, signedOutside: true, signedAs: 'CALDICOTT_GUARDIAN', signerName: 'Dr Amira Shah', signerJobTitle: 'Caldicott Guardian', signedAt: '2024-03-01T00:00:00.000Z', contentHash: v1.contentHash },
        { organisationId: council.id, userId: null, signedOutside: true, signedAs: 'SIRO', signerName: 'Peter Okafor', signerJobTitle: 'Director of Adult Social Care', signedAt: '2024-03-05T00:00:00.000Z', contentHash: v1.contentHash },
        { organisationId: care.id, userId: null, signedOutside: true, signedAs: 'SIGNATORY', signerName: 'Jo Bright', signerJobTitle: 'Registered Manager', signedAt: '2024-03-10T00:00:00.000Z', contentHash: v1.contentHash },
      ]);

      // Its status history is dated from when it came into force, so decisions in its period are checked against it.
      const statuses = await t.db.query(`SELECT status, changed_at FROM agreement_status_change WHERE agreement_id = $1 ORDER BY changed_at`, [agreementId]);
      expect(statuses.rows).toEqual([{ status: 'ACTIVE', changed_at: new Date('2024-04-01T00:00:00.000Z') }]);

      // The audit log says who recorded it, and when.
      const audit = await t.db.query(`SELECT actor_user_id, occurred_at, "after" FROM audit_entry WHERE action = 'agreement.recordSignedOriginal' AND entity_id = $1`, [agreementId]);
      expect(audit.rows).toHaveLength(1);
      expect(audit.rows[0].actor_user_id).toBe((await t.db.query(`SELECT id FROM app_user WHERE email = $1`, [hospital.igLead.email])).rows[0].id);
      expect(audit.rows[0].occurred_at.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
      expect(audit.rows[0].after).toMatchObject({ originalReference: 'NGH-IG-ISP-2024-017', inForceFrom: '2024-04-01', original: { sha256: original.sha256 }, findings: ['NO_RETENTION'] });
    });

    it('decisions recorded before the import keep their flags; the re-check beside them finds the agreement in force', async () => {
      expect(await decision(before.early)).toMatchObject({ flags: ['AGREEMENT_NOT_ACTIVE'], rechecks: [{ flagsRecorded: ['AGREEMENT_NOT_ACTIVE'], flags: ['AGREEMENT_NOT_ACTIVE'] }] });
      expect(await decision(before.february)).toMatchObject({ flags: ['AGREEMENT_NOT_ACTIVE'], rechecks: [{ flagsRecorded: ['AGREEMENT_NOT_ACTIVE'], flags: ['AGREEMENT_AWAITING_CONFIRMATION'] }] });
      expect(await decision(before.june)).toMatchObject({ flags: ['AGREEMENT_NOT_ACTIVE'], rechecks: [{ flagsRecorded: ['AGREEMENT_NOT_ACTIVE'], flags: ['AGREEMENT_AWAITING_CONFIRMATION'] }] });
      const { rows } = await t.db.query(`SELECT flags FROM sharing_decision WHERE id = ANY($1)`, [Object.values(before)]);
      expect(rows.map((r) => r.flags)).toEqual([['AGREEMENT_NOT_ACTIVE'], ['AGREEMENT_NOT_ACTIVE'], ['AGREEMENT_NOT_ACTIVE']]);
    });

    it('a decision dated inside its period and recorded now is checked against it, flagged as awaiting confirmation', async () => {
      const [d] = await record([decidedOn(agreementId, '2025-09-01')]);
      expect(d.flags).toEqual(['AGREEMENT_AWAITING_CONFIRMATION']);
      expect((await decision(d.id)).rechecks).toEqual([]);
      afterImport = d.id;
    });

    it('only another party’s IG lead or signatory may confirm or dispute it', async () => {
      const input = { agreementId, versionNumber: 1 };
      for (const token of [hospital.igLead.token, hospital.signatory.token, council.practitioner.token, outsider.igLead.token, outsider.signatory.token]) {
        expect(failure(await t.gql(CONFIRM, { input }, token)).extensions.code).toBe('FORBIDDEN');
        expect(failure(await t.gql(DISPUTE, { input: { ...input, reason: 'Not what we signed' } }, token)).extensions.code).toBe('FORBIDDEN');
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM agreement_original_answer`)).rows[0].n).toBe(0);
    });

    it('a dispute, with its reason, marks it disputed and flags decisions so; a confirmation by every party clears the flag for later decisions', async () => {
      const input = { agreementId, versionNumber: 1 };
      expect(ok(await t.gql(CONFIRM, { input }, council.signatory.token)).confirmRecordedOriginal).toEqual({
        number: 1,
        confirmationStatus: 'AWAITING_CONFIRMATION',
        originalAnswers: [{ organisationId: council.id, answer: 'CONFIRMED', reason: null }],
      });
      const disputed = ok(await t.gql(DISPUTE, { input: { ...input, reason: 'Our copy names a different retention period' } }, care.igLead.token)).disputeRecordedOriginal;
      expect(disputed.confirmationStatus).toBe('DISPUTED');
      expect(disputed.originalAnswers).toContainEqual({ organisationId: care.id, answer: 'DISPUTED', reason: 'Our copy names a different retention period' });
      const [underDispute] = await record([decidedOn(agreementId, '2025-09-02')]);
      expect(underDispute.flags).toEqual(['AGREEMENT_RECORD_DISPUTED']);

      // The care provider confirms once satisfied: every other party has now confirmed.
      expect(ok(await t.gql(CONFIRM, { input }, care.signatory.token)).confirmRecordedOriginal.confirmationStatus).toBe('CONFIRMED');
      const [confirmed] = await record([decidedOn(agreementId, '2025-09-03')]);
      expect(confirmed.flags).toEqual([]);
      // What was recorded earlier keeps its flags.
      expect((await decision(afterImport)).flags).toEqual(['AGREEMENT_AWAITING_CONFIRMATION']);
      expect((await decision(underDispute.id)).flags).toEqual(['AGREEMENT_RECORD_DISPUTED']);
      // The re-check of the decisions from before the import is brought up to date; their own flags stay.
      expect(await decision(before.february)).toMatchObject({ flags: ['AGREEMENT_NOT_ACTIVE'], rechecks: [{ flagsRecorded: ['AGREEMENT_NOT_ACTIVE'], flags: [] }] });
      expect(await decision(before.early)).toMatchObject({ flags: ['AGREEMENT_NOT_ACTIVE'], rechecks: [{ flagsRecorded: ['AGREEMENT_NOT_ACTIVE'], flags: ['AGREEMENT_NOT_ACTIVE'] }] });

      // A party that confirmed may dispute later; the re-check follows, and follows back once it confirms again.
      expect(ok(await t.gql(DISPUTE, { input: { ...input, reason: 'We found a later page' } }, council.igLead.token)).disputeRecordedOriginal.confirmationStatus).toBe('DISPUTED');
      expect((await decision(before.february)).rechecks).toEqual([{ flagsRecorded: ['AGREEMENT_NOT_ACTIVE'], flags: ['AGREEMENT_RECORD_DISPUTED'] }]);
      expect(ok(await t.gql(CONFIRM, { input }, council.igLead.token)).confirmRecordedOriginal.confirmationStatus).toBe('CONFIRMED');
      expect((await decision(before.february)).rechecks).toEqual([{ flagsRecorded: ['AGREEMENT_NOT_ACTIVE'], flags: [] }]);
    });

    it('shows the re-check on the decision’s page, beside the flags as recorded', async () => {
      const browser = await HttpBrowser.signedIn(t.url, hospital.practitioner.email);
      const response = await browser.send({ path: `/decisions/${before.february}` });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('data-flag="AGREEMENT_NOT_ACTIVE"');
      expect(html).toContain('against an agreement recorded from its signed original after this decision was recorded');
      expect(html).toContain('data-recheck-flag="none"');
      const early = await (await browser.send({ path: `/decisions/${before.early}` })).text();
      expect(early).toContain('<li data-recheck-flag="AGREEMENT_NOT_ACTIVE">The agreement was not in force on the date of the decision.</li>');
    });

    it('the decision page with its re-check passes axe in Chromium, wide and narrow', async () => {
      const chromium = await launchBrowser(t.config);
      try {
        const page = await newPage(chromium);
        await signIn(page, t.url, hospital.practitioner.email);
        for (const width of [1280, 375]) {
          await page.setViewport({ width, height: 900 });
          await page.goto(`${t.url}/decisions/${before.early}`);
          expect(await page.$$eval('[data-recheck]', (nodes) => nodes.length)).toBe(1);
          await expectAccessible(page);
        }
      } finally {
        await chromium.close();
      }
    });

    it('counts the re-checks in the metrics, straight from their table', async () => {
      const metrics = ok(await t.gql(METRICS, { agreementId }, hospital.igLead.token)).sharingMetrics;
      expect(metrics).toEqual({
        decisions: 6,
        flaggedDecisions: 5,
        flagsByKind: [
          { value: 'AGREEMENT_NOT_ACTIVE', decisions: 3 },
          { value: 'AGREEMENT_AWAITING_CONFIRMATION', decisions: 1 },
          { value: 'AGREEMENT_RECORD_DISPUTED', decisions: 1 },
        ],
        rechecks: { decisions: 3, flaggedAsRecorded: 3, flaggedAfterRecheck: 1 },
      });
    });

    it('the parties, and only they, download the signed original', async () => {
      const path = `${t.url}/documents/agreements/${agreementId}/versions/1/signed-original.pdf`;
      const get = (token?: string) => fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      const byCouncil = await get(council.practitioner.token);
      expect(byCouncil.status).toBe(200);
      expect(byCouncil.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await byCouncil.arrayBuffer());
      expect(bytes.equals(scannedPdf('NGH-IG-ISP-2024-017'))).toBe(true);
      expect(byCouncil.headers.get('x-content-sha256')).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect((await get(outsider.igLead.token)).status).toBe(403);
      expect((await get(await t.adminToken())).status).toBe(403);
      expect((await get()).status).toBe(401);
    });

    it("its version's document says it was signed on paper and recorded, with each signature's date and no time", async () => {
      const get = (path: string) => fetch(`${t.url}/documents/agreements/${agreementId}/versions/1${path}`, { headers: { authorization: `Bearer ${council.igLead.token}` } });
      const exported = await (await get('.json')).json();
      expect(exported.version).toMatchObject({ signingState: 'SIGNED', effectiveDate: '2024-04-01', recordedFromOriginal: { originalReference: 'NGH-IG-ISP-2024-017' } });
      expect(exported.signatures.map((s: { signerName: string; signedOutside: boolean; signedAt: string }) => [s.signerName, s.signedOutside, s.signedAt])).toEqual([
        ['Dr Amira Shah', true, '2024-03-01T00:00:00.000Z'],
        ['Peter Okafor', true, '2024-03-05T00:00:00.000Z'],
        ['Jo Bright', true, '2024-03-10T00:00:00.000Z'],
      ]);
      // Words broken at a hyphen across lines are joined again.
      const text = (await pdfPages(Buffer.from(await (await get('.pdf')).arrayBuffer()))).join('\n').replace(/-\s+/g, '-');
      expect(text).toContain('Signed on paper by all parties; in force from 1 April 2024');
      expect(text).toContain('Signed on paper before Accordant and recorded from the scanned original, whose own reference is NGH-IG-ISP-2024-017');
      expect(text).toContain('1 March 2024, on paper');
      expect(text).toContain('Each party as it stood when Version 1 was recorded in Accordant on');
      expect(text).not.toContain('Submitted for signature');
    });

    it('is varied in Accordant, and the variation is signed in Accordant, dated now', async () => {
      const started = ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { draftRevision } }`, { id: agreementId }, hospital.igLead.token)).startVariation;
      const fixed = ok(
        await t.gql(UPDATE_DRAFT, { input: { agreementId, expectedRevision: started.draftRevision, retention: { period: '8 years after the last contact', disposal: 'Secure deletion.' } } }, hospital.igLead.token),
      ).updateAgreementDraft;
      expect(fixed.findings.filter((f: { severity: string }) => f.severity === 'BLOCKER')).toEqual([]);
      const v2 = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: fixed.draftRevision } }, hospital.igLead.token)).submitForSignature;
      expect(v2.number).toBe(2);
      const signingStarted = Date.now();
      let signed: any;
      for (const party of [hospital, council, care]) {
        signed = ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 2, contentHash: v2.contentHash } }, party.signatory.token)).signAgreement;
      }
      expect(signed).toMatchObject({ number: 2, status: 'ACTIVE', agreement: { status: 'ACTIVE', variationStatus: 'NONE' } });
      const versions = ok(
        await t.gql(
          `query ($id: ID!) { agreement(id: $id) { versions { number status recordedFromOriginal confirmationStatus signatures { signedOutside signedAt } } } }`,
          { id: agreementId },
          council.igLead.token,
        ),
      ).agreement.versions;
      const [first, second] = [...versions].sort((a: { number: number }, b: { number: number }) => a.number - b.number);
      expect(first).toMatchObject({ number: 1, status: 'SUPERSEDED', recordedFromOriginal: true, confirmationStatus: 'CONFIRMED' });
      expect(second).toMatchObject({ number: 2, status: 'ACTIVE', recordedFromOriginal: false, confirmationStatus: null });
      for (const s of second.signatures) {
        expect(s.signedOutside).toBe(false);
        expect(Date.parse(s.signedAt)).toBeGreaterThanOrEqual(signingStarted - 1000);
      }
      // A decision under version 2 is checked against it: no confirmation to wait for.
      const [now] = await record([decisionInput(hospital.id, council.id, { agreementId })]);
      expect(now.flags).toEqual([]);
    });
  });

  describe('an agreement whose end date has passed', () => {
    it('is recorded EXPIRED, with its period dated in its status history', async () => {
      const original = await upload('expired');
      const input = signedIn2024(hospital, council, care, original.id, { title: 'Winter pressures ISP 2024', originalReference: 'WP-2024-03' });
      input.content = { ...input.content, retention: { period: '1 year', disposal: 'Secure deletion.' }, termination: { noticeDays: 30, endDate: '2025-03-31', onTermination: 'Each party deletes what it received.' } };
      const recorded = ok(await t.gql(RECORD_SIGNED, { input }, hospital.igLead.token)).recordSignedAgreement;
      expect(recorded.status).toBe('EXPIRED');
      const statuses = await t.db.query(`SELECT status, changed_at FROM agreement_status_change WHERE agreement_id = $1 ORDER BY changed_at`, [recorded.id]);
      expect(statuses.rows).toEqual([
        { status: 'ACTIVE', changed_at: new Date('2024-04-01T00:00:00.000Z') },
        { status: 'EXPIRED', changed_at: new Date('2025-04-01T00:00:00.000Z') },
      ]);
      const [inPeriod, afterEnd] = await record([decidedOn(recorded.id, '2025-03-31'), decidedOn(recorded.id, '2025-04-01')]);
      expect(inPeriod.flags).toEqual(['AGREEMENT_AWAITING_CONFIRMATION']);
      expect(afterEnd.flags).toEqual(['AGREEMENT_NOT_ACTIVE']);
    });
  });

  describe('bad input is refused naming the field, and writes nothing', () => {
    let originalId: string;
    beforeAll(async () => {
      originalId = (await upload('for bad input')).id;
    });

    const refused = async (input: Record<string, unknown>, field: string, rule: string) => {
      const before = await counts();
      const error = failure(await t.gql(RECORD_SIGNED, { input }, hospital.igLead.token));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toContainEqual(expect.objectContaining({ field, rule }));
      expect(await counts()).toEqual(before);
    };
    const withParty = (i: number, change: Record<string, unknown>) => {
      const input = signedIn2024(hospital, council, care, originalId);
      input.parties = input.parties.map((p, j) => (j === i ? { ...p, ...change } : p));
      return input;
    };

    it('a signing date in the future', async () => {
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await refused(withParty(0, { signedOn: tomorrow }), 'parties[0].signedOn', 'notInFuture');
    });

    it('a signing date after the date it came into force', async () => {
      await refused(withParty(1, { signedOn: '2024-04-02' }), 'parties[1].signedOn', 'notAfterInForceFrom');
    });

    it('an organisation that is not ready to be a party', async () => {
      const input = signedIn2024(hospital, council, care, originalId);
      input.parties = [...input.parties, { organisationId: unready.id, role: 'PROCESSOR', signerName: 'Sam Shaky', signerJobTitle: 'Director', signedAs: 'SIGNATORY', signedOn: '2024-03-12' }];
      await refused(input, 'parties[3].organisationId', 'readyToBeParty');
    });

    it('an original not uploaded by the organisation', async () => {
      const theirs = await uploadOriginal(t, outsider.igLead.token, scannedPdf('theirs'));
      await refused(signedIn2024(hospital, council, care, theirs.body.id), 'originalId', 'uploaded');
    });

    it('a file that is not a PDF, whatever its name and declared type', async () => {
      const before = await counts();
      const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(200, 7)]);
      const response = await uploadOriginal(t, hospital.igLead.token, png, 'scan.pdf', 'application/pdf');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'file', rule: 'pdf' }] });
      expect(await counts()).toEqual(before);
    });

    it('a PDF over the size limit', async () => {
      const before = await counts();
      const response = await uploadOriginal(t, hospital.igLead.token, scannedPdf('big', (MAX_KB + 10) * 1024));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'file', rule: 'maxSize', message: `a signed original may be at most ${MAX_KB} KiB` }] });
      expect(await counts()).toEqual(before);
      // At the limit it is accepted.
      expect((await uploadOriginal(t, hospital.igLead.token, scannedPdf('just fits', MAX_KB * 1024))).status).toBe(201);
    });
  });

  describe('the migration', () => {
    it('goes down cleanly, and up again', async () => {
      const runner = t.owner.createQueryRunner();
      try {
        await runner.startTransaction();
        await new SignedOriginals1797300000000().down(runner);
        const [{ tables }] = await runner.query(`SELECT count(*)::int AS tables FROM pg_tables WHERE tablename IN ('signed_original', 'agreement_original_answer', 'sharing_decision_recheck')`);
        expect(tables).toBe(0);
        const [{ nullable }] = await runner.query(`SELECT is_nullable AS nullable FROM information_schema.columns WHERE table_name = 'agreement_signature' AND column_name = 'user_id'`);
        expect(nullable).toBe('NO');
        await new SignedOriginals1797300000000().up(runner);
        const [{ back }] = await runner.query(`SELECT count(*)::int AS back FROM pg_tables WHERE tablename IN ('signed_original', 'agreement_original_answer', 'sharing_decision_recheck')`);
        expect(back).toBe(3);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });

  describe('who may record', () => {
    it('only an IG lead uploads, and only the lead organisation’s IG lead records', async () => {
      expect((await uploadOriginal(t, hospital.practitioner.token, scannedPdf())).status).toBe(403);
      expect((await uploadOriginal(t, hospital.signatory.token, scannedPdf())).status).toBe(403);
      expect((await uploadOriginal(t, undefined, scannedPdf())).status).toBe(401);
      const originalId = (await upload('who may record')).id;
      const before = await counts();
      const input = signedIn2024(hospital, council, care, originalId);
      expect(failure(await t.gql(RECORD_SIGNED, { input }, hospital.practitioner.token)).extensions.code).toBe('FORBIDDEN');
      expect(failure(await t.gql(RECORD_SIGNED, { input }, hospital.signatory.token)).extensions.code).toBe('FORBIDDEN');
      // Another party's IG lead may not record the hospital's draft as signed.
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Someone else’s draft');
      const afterDraft = await counts();
      expect(failure(await t.gql(RECORD_SIGNED, { input: { ...input, agreementId: draft.id } }, council.igLead.token)).extensions.code).toBe('FORBIDDEN');
      expect(afterDraft.versions).toBe(before.versions);
      expect(await counts()).toEqual(afterDraft);
    });
  });
});
