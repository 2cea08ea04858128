import { FrozenVersionFacts1797000000000 } from '../migrations/1797000000000-frozen-version-facts.js';
import { contentHash, type FrozenAgreement } from '../src/agreements/versions/frozen-agreement.js';
import { acceptInvitations, compliantDraftAgreement, compliantSections, CREATE_AGREEMENT, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, UPDATE_STRUCTURE, type Partner } from './support/agreement-fixtures.js';
import { createUser } from './support/fixtures.js';
import { pdfPages } from './support/pdf-text.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Versions frozen before migration 1797000000000 hold no facts, and their hash was taken without
 * them. The migration fills their facts in beside the frozen version (outside the hash), from what
 * it knows then; the hash stays valid, signatures still bind it, and the documents say so.
 */
describe('migration 1797000000000: facts filled in for versions frozen before it', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let protocol: { id: string; reference: string };
  let agreementId: string;
  let legacyHash: string;
  const migration = new FrozenVersionFacts1797000000000();

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RNS', icoRegistrationNumber: 'Z1234567' });
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    await createUser(t, hospital.id, 'guardian@hospital.example', ['CALDICOTT_GUARDIAN']);

    const parties = [hospital, council, care].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
    const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Northshire protocol', parties } }, hospital.igLead.token)).createAgreement;
    await acceptInvitations(t, created.id, [council, care]);
    const drafted = ok(
      await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: created.draftRevision, ...compliantSections(hospital.id, council.id, care.id) } }, hospital.igLead.token),
    ).updateAgreementDraft;
    const pv1 = ok(await t.gql(SUBMIT, { input: { agreementId: created.id, expectedRevision: drafted.draftRevision } }, hospital.igLead.token)).submitForSignature;
    for (const party of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: created.id, versionNumber: 1, contentHash: pv1.contentHash } }, party.signatory.token));
    protocol = { id: created.id, reference: created.reference };

    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Hospital discharge ISP');
    agreementId = draft.id;
    const moved = ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId, expectedRevision: draft.revision, parentProtocolId: protocol.id } }, hospital.igLead.token));
    ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: moved.updateAgreementStructure.draftRevision } }, hospital.igLead.token));

    // The protocol's working title changes in a variation: not what version 1 sat under.
    const varied = ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { draftRevision } }`, { id: protocol.id }, hospital.igLead.token)).startVariation;
    ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: protocol.id, expectedRevision: varied.draftRevision, title: 'Renamed protocol draft' } }, hospital.igLead.token));

    // Back to the schema before the migration, with version 1 as the old code froze it: no facts, hashed without them.
    const runner = t.owner.createQueryRunner();
    try {
      await migration.down(runner);
      const [{ frozen }] = (await t.db.query(`SELECT frozen - 'facts' AS frozen FROM agreement_version WHERE agreement_id = $1 AND number = 1`, [agreementId])).rows as { frozen: FrozenAgreement }[];
      legacyHash = contentHash(frozen);
      await t.db.query(`UPDATE agreement_version SET frozen = $2, content_hash = $3 WHERE agreement_id = $1 AND number = 1`, [agreementId, frozen, legacyHash]);
      // Renamed after version 1 was submitted: the version keeps the name it froze.
      await t.db.query(`UPDATE organisation SET name = 'Northshire Council' WHERE id = $1`, [council.id]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  });
  afterAll(async () => t.close());

  it('leaves the frozen version and its hash as they were, and fills the facts in beside them', async () => {
    const [row] = (
      await t.db.query(`SELECT frozen, content_hash, backfilled_facts, facts_backfilled_at FROM agreement_version WHERE agreement_id = $1 AND number = 1`, [agreementId])
    ).rows;
    expect(row.frozen).not.toHaveProperty('facts');
    expect(row.content_hash).toBe(legacyHash);
    expect(contentHash(row.frozen)).toBe(legacyHash);
    expect(row.facts_backfilled_at).toBeInstanceOf(Date);
    expect(row.backfilled_facts).toEqual({
      leadOrganisationName: 'Northshire General Hospital NHS Trust',
      parentProtocol: { reference: protocol.reference, title: 'Northshire protocol' },
      parties: [hospital, council, care].map((party) => ({
        organisationId: party.id,
        icoRegistrationNumber: party === hospital ? 'Z1234567' : null,
        registeredAddress: null,
        igContactEmail: null,
        igContactPhone: null,
        dsptStatus: 'STANDARDS_MET',
        dsptStatusDate: '2026-06-30',
        secureEmailMethod: 'NHSMAIL',
        secureEmailAccreditationExpiry: null,
        roleHolders: { igLead: 'ig', caldicottGuardian: party === hospital ? 'guardian' : null, siro: null, dpo: null },
      })),
    });
    // Versions frozen by the new code have their facts inside, and nothing filled in.
    const [protocolVersion] = (await t.db.query(`SELECT frozen ? 'facts' AS has_facts, backfilled_facts FROM agreement_version WHERE agreement_id = $1`, [protocol.id])).rows;
    expect(protocolVersion).toEqual({ has_facts: true, backfilled_facts: null });
  });

  it('is signed by its old hash, and its documents say when its facts were recorded', async () => {
    for (const party of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: legacyHash } }, party.signatory.token));
    const response = await fetch(`${t.url}/documents/agreements/${agreementId}/versions/1.json`, { headers: { authorization: `Bearer ${council.igLead.token}` } });
    const exported = await response.json();
    expect(exported.version).toMatchObject({ contentHash: legacyHash, signingState: 'SIGNED', factsRecordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(exported.parties.map((p: any) => p.organisationName)).toEqual(['Northshire General Hospital NHS Trust', 'Northshire County Council', 'Brightwater Home Care Ltd']);
    expect(exported.parentProtocol).toEqual({ id: protocol.id, reference: protocol.reference, title: 'Northshire protocol' });

    const pdf = await fetch(`${t.url}/documents/agreements/${agreementId}/versions/1.pdf`, { headers: { authorization: `Bearer ${hospital.igLead.token}` } });
    const text = (await pdfPages(Buffer.from(await pdf.arrayBuffer()))).join(' ');
    expect(text).toContain('were recorded on');
    expect(text).toContain('not covered by its content hash');
    expect(text).toContain(legacyHash);
  });

  it('refuses, in the database, a version with neither frozen nor filled-in facts, and any change to one', async () => {
    const copy = t.db.query(
      `INSERT INTO agreement_version (agreement_id, number, status, frozen, content_hash, submitted_at, submitted_by_user_id)
       SELECT agreement_id, 99, 'AWAITING_SIGNATURES', frozen, content_hash, submitted_at, submitted_by_user_id FROM agreement_version WHERE agreement_id = $1 AND number = 1`,
      [agreementId],
    );
    await expect(copy).rejects.toThrow(/ck_agreement_version_facts/);
    const erase = t.db.query(`UPDATE agreement_version SET backfilled_facts = NULL, facts_backfilled_at = NULL WHERE agreement_id = $1 AND number = 1`, [agreementId]);
    await expect(erase).rejects.toThrow(/a frozen version never changes/);
  });
});
