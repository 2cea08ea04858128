import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Clock } from '../src/common/clock/clock.js';
import { AgreementStatusService } from '../src/agreements/agreement-status.service.js';
import { canonicalJson } from '../src/common/canonical-json.js';
import {
  acceptInvitations,
  compliantDraftAgreement,
  compliantSections,
  CREATE_AGREEMENT,
  DECLINE,
  GET_AGREEMENT,
  readyPartner,
  SIGN,
  signInAfresh,
  SUBMIT,
  UPDATE_DRAFT,
  UPDATE_STRUCTURE,
  type Partner,
} from './support/agreement-fixtures.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const DIFF = `query ($id: ID!, $from: Int!, $to: Int!) {
  agreementVersionDiff(agreementId: $id, fromVersion: $from, toVersion: $to) { changedSections changes { section path before after } }
}`;

describe('agreements: drafting, compliance, versions and signing', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let outsider: Partner;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RNS', sector: 'NHS_TRUST' });
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY', secureEmailMethod: 'DCB1596_ACCREDITED_OFFICE365', secureEmailAccreditationExpiry: '2030-01-01' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
  });
  afterAll(async () => t.close());
  afterEach(() => jest.restoreAllMocks());

  const signAll = async (agreementId: string, versionNumber: number, contentHash: string, partners: Partner[]) => {
    let last: any;
    for (const partner of partners) {
      last = ok(await t.gql(SIGN, { input: { agreementId, versionNumber, contentHash } }, partner.signatory.token)).signAgreement;
    }
    return last;
  };

  describe('the whole journey', () => {
    it('an IG lead drafts an ISP with three partners, sees the blockers, fixes them, submits; three signatories sign; it is ACTIVE', async () => {
      // A third partner that is not yet ready: no signatory, DSPT not met.
      const shaky = await createOrganisation(t, {
        name: 'Shaky Support CIC',
        sector: 'VOLUNTARY_CHARITY',
        dsptStatus: 'STANDARDS_NOT_MET',
        dsptStatusDate: '2026-06-30',
        secureEmailMethod: 'NHSMAIL',
      });
      const shakyIg = await createUser(t, shaky.id, 'ig@shaky.example', ['IG_LEAD', 'ORG_ADMIN']);

      const parties = [
        { organisationId: hospital.id, role: 'CONTROLLER' },
        { organisationId: council.id, role: 'CONTROLLER' },
        { organisationId: shaky.id, role: 'CONTROLLER' },
      ];
      const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Discharge to assess ISP', parties } }, hospital.igLead.token))
        .createAgreement;
      expect(created).toMatchObject({ kind: 'ISP', status: 'DRAFT', draftRevision: 1, leadOrganisation: { id: hospital.id } });
      expect(created.reference).toMatch(/^ISP-\d{4}-\d{4}$/);
      const codes = created.findings.map((f: any) => f.code);
      expect(codes).toEqual(expect.arrayContaining(['NO_PURPOSE', 'NO_ARTICLE_6_BASIS', 'NO_DATA_FLOWS', 'NO_REVIEW_DATE', 'PARTY_NOT_READY', 'PARTY_DSPT_NOT_MET']));
      const notReady = created.findings.find((f: any) => f.code === 'PARTY_NOT_READY');
      expect(notReady).toMatchObject({ severity: 'BLOCKER', field: 'parties[2]', message: expect.stringContaining('Shaky Support CIC') });
      expect(created.findings.every((f: any) => f.reference.length > 0)).toBe(true);

      // Submitting now is refused with the blockers listed.
      const refused = failure(await t.gql(SUBMIT, { input: { agreementId: created.id, expectedRevision: 1 } }, hospital.igLead.token));
      expect(refused.extensions.code).toBe('BAD_USER_INPUT');
      expect(refused.extensions.fields?.map((f) => f.rule)).toEqual(expect.arrayContaining(['NO_PURPOSE', 'PARTY_NOT_READY', 'PARTY_DSPT_NOT_MET']));
      expect((await t.db.query('SELECT count(*)::int AS n FROM agreement_version WHERE agreement_id = $1', [created.id])).rows[0].n).toBe(0);
      // ...and with the parties that have not accepted their invitations: they accept.
      expect(refused.extensions.fields).toContainEqual(expect.objectContaining({ field: 'parties', rule: 'accepted', message: expect.stringContaining(`${council.name} (Invited)`) }));
      await acceptInvitations(t, created.id, [council, { igLead: shakyIg }]);

      // The IG lead fills in every section; the partner fixes its readiness and DSPT.
      const filled = ok(
        await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: 1, ...compliantSections(hospital.id, council.id, shaky.id) } }, hospital.igLead.token),
      ).updateAgreementDraft;
      expect(filled.draftRevision).toBe(2);
      expect(filled.findings.map((f: any) => f.code).sort()).toEqual(['PARTY_DSPT_NOT_MET', 'PARTY_NOT_READY']);
      const shakySigner = await createUser(t, shaky.id, 'signer@shaky.example', ['SIGNATORY']);
      // A new DSPT status comes with its new publication date.
      const published = new Date().toISOString().slice(0, 10);
      ok(await t.gql(`mutation ($id: ID!, $d: LocalDate) { updateOrganisation(id: $id, input: { dsptStatus: STANDARDS_MET, dsptStatusDate: $d }) { id } }`, { id: shaky.id, d: published }, shakyIg.token));
      const fixed = ok(await t.gql(GET_AGREEMENT, { id: created.id }, hospital.igLead.token)).agreement;
      expect(fixed.findings.filter((f: any) => f.severity === 'BLOCKER')).toEqual([]);

      const version = ok(await t.gql(SUBMIT, { input: { agreementId: created.id, expectedRevision: 2 } }, hospital.igLead.token)).submitForSignature;
      expect(version).toMatchObject({ number: 1, status: 'AWAITING_SIGNATURES' });
      expect(version.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(version.awaitingSignatureFrom.map((p: any) => p.organisationId)).toEqual([hospital.id, council.id, shaky.id]);

      // The stored hash is the SHA-256 of the canonical serialisation of what was frozen.
      const { rows } = await t.db.query('SELECT frozen, content_hash FROM agreement_version WHERE agreement_id = $1', [created.id]);
      expect(createHash('sha256').update(canonicalJson(rows[0].frozen)).digest('hex')).toBe(rows[0].content_hash);
      expect(rows[0].frozen.parties.map((p: any) => p.organisationName)).toEqual([hospital.name, council.name, 'Shaky Support CIC']);

      const afterHospital = ok(await t.gql(SIGN, { input: { agreementId: created.id, versionNumber: 1, contentHash: version.contentHash } }, hospital.signatory.token))
        .signAgreement;
      expect(afterHospital).toMatchObject({ status: 'AWAITING_SIGNATURES', agreement: { status: 'AWAITING_SIGNATURES' } });
      ok(await t.gql(SIGN, { input: { agreementId: created.id, versionNumber: 1, contentHash: version.contentHash } }, council.signatory.token));
      const last = ok(await t.gql(SIGN, { input: { agreementId: created.id, versionNumber: 1, contentHash: version.contentHash } }, shakySigner.token))
        .signAgreement;
      expect(last).toMatchObject({ status: 'ACTIVE', agreement: { status: 'ACTIVE' }, effectiveDate: new Date().toISOString().slice(0, 10) });
      expect(last.signatures).toHaveLength(3);
      expect(last.signatures.every((s: any) => s.contentHash === version.contentHash && s.signedAs === 'SIGNATORY')).toBe(true);

      const active = ok(await t.gql(GET_AGREEMENT, { id: created.id }, council.practitioner.token)).agreement;
      expect(active).toMatchObject({ status: 'ACTIVE', draft: null, currentVersion: { number: 1, status: 'ACTIVE' }, pendingVersion: null });
      expect(active.review).toMatchObject({ status: 'NOT_DUE' });
    });
  });

  describe('drafting rules', () => {
    it('lets only IG leads draft, and only the lead organisation change structure', async () => {
      const parties = [
        { organisationId: hospital.id, role: 'DISCLOSER' },
        { organisationId: council.id, role: 'RECIPIENT' },
      ];
      const practitioner = failure(await t.gql(CREATE_AGREEMENT, { input: { kind: 'DDA', title: 'Refused draft', parties } }, hospital.practitioner.token));
      expect(practitioner.extensions.code).toBe('FORBIDDEN');
      const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'DDA', title: 'Weekly bed state', parties } }, hospital.igLead.token)).createAgreement;
      await acceptInvitations(t, created.id, [council]);

      // A party's IG lead edits sections...
      const edited = ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: 1, scope: 'Bed state' } }, council.igLead.token));
      expect(edited.updateAgreementDraft.draftRevision).toBe(2);
      // ...but not the structure, which is the lead's.
      const structure = failure(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: created.id, expectedRevision: 2, title: 'Hijacked' } }, council.igLead.token));
      expect(structure.extensions.code).toBe('FORBIDDEN');
      // A non-party's IG lead edits nothing and reads nothing.
      const stranger = failure(await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: 2, scope: 'Mine now' } }, outsider.igLead.token));
      expect(stranger.extensions.code).toBe('FORBIDDEN');
      expect(failure(await t.gql(GET_AGREEMENT, { id: created.id }, outsider.igLead.token)).extensions.code).toBe('FORBIDDEN');
      // A party's signatory is not an IG lead.
      expect(failure(await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: 2, scope: 'x' } }, council.signatory.token)).extensions.code).toBe(
        'FORBIDDEN',
      );

      const restructured = ok(
        await t.gql(
          UPDATE_STRUCTURE,
          { input: { agreementId: created.id, expectedRevision: 2, title: 'Weekly bed state disclosure', parties: [...parties, { organisationId: care.id, role: 'RECIPIENT' }] } },
          hospital.igLead.token,
        ),
      ).updateAgreementStructure;
      expect(restructured.title).toBe('Weekly bed state disclosure');
      expect(restructured.draft.parties.map((p: any) => p.organisationName)).toEqual([hospital.name, council.name, care.name]);
    });

    it('detects a concurrent edit by revision and refuses it with CONFLICT, overwriting nothing', async () => {
      const parties = [
        { organisationId: hospital.id, role: 'CONTROLLER' },
        { organisationId: council.id, role: 'CONTROLLER' },
      ];
      const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Concurrent edits', parties } }, hospital.igLead.token)).createAgreement;
      await acceptInvitations(t, created.id, [council]);
      ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: 1, scope: 'Hospital wording' } }, hospital.igLead.token));
      const stale = failure(await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: 1, scope: 'Council wording' } }, council.igLead.token));
      expect(stale).toMatchObject({ extensions: { code: 'CONFLICT', fields: [{ field: 'expectedRevision', rule: 'current' }] } });
      const { rows } = await t.db.query(`SELECT draft_content->>'scope' AS scope, draft_revision FROM agreement WHERE id = $1`, [created.id]);
      expect(rows[0]).toEqual({ scope: 'Hospital wording', draft_revision: 2 });

      // Two edits sent at the same moment with the same revision: exactly one wins.
      const results = await Promise.all(
        ['first', 'second'].map((scope, i) =>
          t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: 2, scope } }, i === 0 ? hospital.igLead.token : council.igLead.token),
        ),
      );
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT').length).toBe(1);
    });

    it('names the field and rule for bad input and writes nothing', async () => {
      const bad = failure(
        await t.gql(
          CREATE_AGREEMENT,
          { input: { kind: 'ISP', title: 'Bad parties', parties: [{ organisationId: council.id, role: 'CONTROLLER' }, { organisationId: council.id, role: 'RECIPIENT' }] } },
          hospital.igLead.token,
        ),
      );
      expect(bad.extensions.code).toBe('BAD_USER_INPUT');
      expect(bad.extensions.fields?.map((f) => f.rule).sort()).toEqual(['includesLead', 'unique']);
      const parties = [{ organisationId: hospital.id, role: 'CONTROLLER' }];
      const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Input checks', parties } }, hospital.igLead.token)).createAgreement;
      const badItem = failure(
        await t.gql(
          UPDATE_DRAFT,
          { input: { agreementId: created.id, expectedRevision: 1, review: { cycleMonths: 0, nextReviewDate: '2027-02-30' } } },
          hospital.igLead.token,
        ),
      );
      expect(badItem.extensions.code).toBe('BAD_USER_INPUT');
      const badCycle = failure(await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: 1, review: { cycleMonths: 0 } } }, hospital.igLead.token));
      expect(badCycle.extensions.fields?.[0]).toMatchObject({ field: 'review.cycleMonths', rule: 'min' });
      const badParent = failure(
        await t.gql(UPDATE_STRUCTURE, { input: { agreementId: created.id, expectedRevision: 1, parentProtocolId: created.id } }, hospital.igLead.token),
      );
      expect(badParent.extensions.fields?.[0]).toMatchObject({ field: 'parentProtocolId' });
    });

    it('lets an ISP sit under a PROTOCOL the lead can read, and not under an ISP', async () => {
      const protocol = ok(
        await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Northshire information sharing protocol', parties: [{ organisationId: hospital.id, role: 'CONTROLLER' }, { organisationId: council.id, role: 'CONTROLLER' }] } }, hospital.igLead.token),
      ).createAgreement;
      const child = ok(
        await t.gql(`mutation ($input: CreateAgreementInput!) { createAgreement(input: $input) { id parentProtocol { id kind } } }`, { input: { kind: 'ISP', title: 'Child ISP', parentProtocolId: protocol.id } }, council.igLead.token),
      ).createAgreement;
      expect(child.parentProtocol).toEqual({ id: protocol.id, kind: 'PROTOCOL' });
      const notProtocol = failure(await t.gql(CREATE_AGREEMENT, { input: { kind: 'DDA', title: 'Grandchild', parentProtocolId: child.id } }, council.igLead.token));
      expect(notProtocol.extensions.fields?.[0]).toMatchObject({ field: 'parentProtocolId', rule: 'isProtocol' });
      const unreadable = failure(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Sneaky child', parentProtocolId: protocol.id } }, outsider.igLead.token));
      expect(unreadable.extensions.code).toBe('FORBIDDEN');
    });
  });

  describe('the protocol an agreement sits under', () => {

    it('must be in force or awaiting signatures before the agreement is submitted, for a first version and a variation alike', async () => {
      const protocolParties = [hospital, council, care].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
      const protocol = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Protocol still being drafted', parties: protocolParties } }, hospital.igLead.token)).createAgreement;
      await acceptInvitations(t, protocol.id, [council, care]);
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'ISP under a draft protocol');
      const placed = ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: draft.revision, parentProtocolId: protocol.id } }, hospital.igLead.token)).updateAgreementStructure;
      expect(placed.findings).toContainEqual(
        expect.objectContaining({ code: 'PARENT_PROTOCOL_NOT_IN_FORCE', severity: 'BLOCKER', field: 'parentProtocolId', message: expect.stringContaining(`${protocol.reference} (Protocol still being drafted), is still a draft`) }),
      );
      const refused = failure(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: placed.draftRevision } }, hospital.igLead.token));
      expect(refused.extensions.fields).toEqual([expect.objectContaining({ field: 'parentProtocolId', rule: 'PARENT_PROTOCOL_NOT_IN_FORCE' })]);
      expect(ok(await t.gql(GET_AGREEMENT, { id: draft.id }, hospital.igLead.token)).agreement.versions).toEqual([]);

      // The protocol is submitted: awaiting signatures is enough.
      const protocolText = ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: protocol.id, expectedRevision: protocol.draftRevision, ...compliantSections(hospital.id, council.id, care.id) } }, hospital.igLead.token)).updateAgreementDraft;
      const protocolV1 = ok(await t.gql(SUBMIT, { input: { agreementId: protocol.id, expectedRevision: protocolText.draftRevision } }, hospital.igLead.token)).submitForSignature;
      const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: placed.draftRevision } }, hospital.igLead.token)).submitForSignature;
      for (const party of [hospital, council, care]) {
        ok(await t.gql(SIGN, { input: { agreementId: protocol.id, versionNumber: 1, contentHash: protocolV1.contentHash } }, party.signatory.token));
        ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: v1.contentHash } }, party.signatory.token));
      }

      // The protocol ends: a variation of the agreement under it cannot be submitted until it moves.
      ok(await t.gql(`mutation ($input: AgreementStatusChangeInput!) { terminateAgreement(input: $input) { status } }`, { input: { agreementId: protocol.id, reason: 'Replaced by the regional protocol' } }, hospital.igLead.token));
      const health = ok(await t.gql(`query ($id: ID!) { agreementHealth(agreementId: $id) { status reasons agreements { parentProtocolReference parentProtocolStatus } } }`, { id: draft.id }, council.igLead.token)).agreementHealth;
      expect(health).toEqual({
        status: 'RED',
        reasons: [`${draft.reference} is in force under ${protocol.reference}, which has been terminated`],
        agreements: [{ parentProtocolReference: protocol.reference, parentProtocolStatus: 'TERMINATED' }],
      });
      const variation = ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { draftRevision findings { code message } } }`, { id: draft.id }, hospital.igLead.token)).startVariation;
      expect(variation.findings).toContainEqual({ code: 'PARENT_PROTOCOL_NOT_IN_FORCE', message: expect.stringContaining('is terminated') });
      const refusedVariation = failure(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: variation.draftRevision } }, hospital.igLead.token));
      expect(refusedVariation.extensions.fields).toEqual([expect.objectContaining({ field: 'parentProtocolId', rule: 'PARENT_PROTOCOL_NOT_IN_FORCE' })]);
    });
  });

  describe('signing refusals', () => {
    let agreementId: string;
    let hash: string;

    beforeAll(async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Signing refusals ISP');
      agreementId = draft.id;
      hash = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature.contentHash;
    });

    it('refuses a stale hash, a version that does not exist, and a non-signing role', async () => {
      const stale = failure(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: 'a'.repeat(64) } }, hospital.signatory.token));
      expect(stale).toMatchObject({ extensions: { code: 'CONFLICT', fields: [{ field: 'contentHash', rule: 'matchesVersion' }] } });
      const missing = failure(await t.gql(SIGN, { input: { agreementId, versionNumber: 9, contentHash: hash } }, hospital.signatory.token));
      expect(missing.extensions.code).toBe('NOT_FOUND');
      const practitioner = failure(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: hash } }, hospital.practitioner.token));
      expect(practitioner.extensions.code).toBe('FORBIDDEN');
      const wrongRole = failure(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: hash, signingAs: 'SIRO' } }, hospital.signatory.token));
      expect(wrongRole).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('SIRO') });
      const malformed = failure(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: 'nope' } }, hospital.signatory.token));
      expect(malformed.extensions.fields?.[0]).toMatchObject({ field: 'contentHash', rule: 'matches' });
    });

    it('refuses signing for an organisation that is not a party', async () => {
      const error = failure(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: hash } }, outsider.signatory.token));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect((await t.db.query('SELECT count(*)::int AS n FROM agreement_signature WHERE organisation_id = $1', [outsider.id])).rows[0].n).toBe(0);
    });

    it('refuses a second signature for the same party, even from another signatory', async () => {
      ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: hash } }, hospital.signatory.token));
      const twice = failure(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: hash } }, hospital.signatory.token));
      expect(twice).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('already signed') });
      const colleague = await createUser(t, hospital.id, 'second.signer@hospital.example', ['CALDICOTT_GUARDIAN']);
      expect(failure(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: hash } }, colleague.token)).extensions.code).toBe('CONFLICT');
    });
  });

  describe('variations', () => {
    it('signs a variation; the first version becomes SUPERSEDED; the diff names what changed; the old version cannot be signed', async () => {
      const draft = await compliantDraftAgreement(t, council, hospital, council, care, 'Variation ISP');
      const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, council.igLead.token)).submitForSignature;
      await signAll(draft.id, 1, v1.contentHash, [hospital, council]);

      // The variation starts before the last signature is in: refused, v1 is still awaiting.
      expect(failure(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { id } }`, { id: draft.id }, council.igLead.token)).extensions.code).toBe(
        'CONFLICT',
      );
      await signAll(draft.id, 1, v1.contentHash, [care]);

      const started = ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { status variationStatus draftRevision draft { content { dataFlows { id name transferMethod } } } } }`, { id: draft.id }, council.igLead.token))
        .startVariation;
      expect(started).toMatchObject({ status: 'ACTIVE', variationStatus: 'DRAFTING' });
      const flows = started.draft.content.dataFlows;
      const sections = compliantSections(hospital.id, council.id, care.id);
      const changedFlows = sections.dataFlows.map((flow, i) => ({ ...flow, id: flows[i].id, ...(i === 1 ? { transferMethod: 'MESH' } : {}) }));
      ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: started.draftRevision, dataFlows: changedFlows, scope: 'Wider scope' } }, council.igLead.token));
      const current = ok(await t.gql(GET_AGREEMENT, { id: draft.id }, council.igLead.token)).agreement;
      const v2 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: current.draftRevision } }, council.igLead.token)).submitForSignature;
      expect(v2.number).toBe(2);
      expect(v2.contentHash).not.toBe(v1.contentHash);

      const diff = ok(await t.gql(DIFF, { id: draft.id, from: 1, to: 2 }, care.practitioner.token)).agreementVersionDiff;
      expect(diff.changedSections).toEqual(['scope', 'dataFlows']);
      expect(diff.changes).toEqual(
        expect.arrayContaining([
          { section: 'dataFlows', path: `dataFlows.${flows[1].id}.transferMethod`, before: 'NHSMAIL', after: 'MESH' },
          { section: 'scope', path: 'scope', before: sections.scope, after: 'Wider scope' },
        ]),
      );

      // While v2 awaits signatures, v1 stays in force.
      const midway = ok(await t.gql(GET_AGREEMENT, { id: draft.id }, council.igLead.token)).agreement;
      expect(midway).toMatchObject({ status: 'ACTIVE', variationStatus: 'AWAITING_SIGNATURES', currentVersion: { number: 1 }, pendingVersion: { number: 2 } });

      const last = await signAll(draft.id, 2, v2.contentHash, [hospital, council, care]);
      expect(last).toMatchObject({ number: 2, status: 'ACTIVE', agreement: { status: 'ACTIVE', variationStatus: 'NONE' } });
      const after = ok(await t.gql(GET_AGREEMENT, { id: draft.id }, council.igLead.token)).agreement;
      expect(after.versions.map((v: any) => [v.number, v.status])).toEqual([
        [2, 'ACTIVE'],
        [1, 'SUPERSEDED'],
      ]);
      const superseded = failure(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: v1.contentHash } }, hospital.signatory.token));
      expect(superseded).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('superseded') });
    });
  });

  describe('declining', () => {
    it('a party declines with a reason: the version is DECLINED, the draft returns to the lead, the next submission is version 2', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Declined ISP');
      const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
      ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: v1.contentHash } }, hospital.signatory.token));

      const noReason = failure(await t.gql(DECLINE, { input: { agreementId: draft.id, versionNumber: 1, reason: '' } }, care.signatory.token));
      expect(noReason.extensions.fields?.[0]).toMatchObject({ field: 'reason' });
      expect(failure(await t.gql(DECLINE, { input: { agreementId: draft.id, versionNumber: 1, reason: 'Not ours' } }, outsider.signatory.token)).extensions.code).toBe(
        'FORBIDDEN',
      );
      const declined = ok(await t.gql(DECLINE, { input: { agreementId: draft.id, versionNumber: 1, reason: 'Retention period is too long for us' } }, care.signatory.token))
        .declineToSign;
      expect(declined).toMatchObject({ status: 'DECLINED', declineReason: 'Retention period is too long for us', agreement: { status: 'DRAFT', variationStatus: 'NONE' } });

      const back = ok(await t.gql(GET_AGREEMENT, { id: draft.id }, hospital.igLead.token)).agreement;
      expect(back.draft.content.purposes).toHaveLength(1);
      expect(back.draft.parties).toHaveLength(3);
      const lateSignature = failure(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: v1.contentHash } }, council.signatory.token));
      expect(lateSignature).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('declined') });

      const v2 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: back.draftRevision } }, hospital.igLead.token)).submitForSignature;
      expect(v2).toMatchObject({ number: 2, status: 'AWAITING_SIGNATURES' });
      expect(v2.parties.every((p: any) => p.signature === null)).toBe(true);
    });
  });

  describe('at the same moment', () => {
    it('two submissions at once: exactly one version', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Double submit ISP');
      const results = await Promise.all([1, 2].map(() => t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.find((r) => r.errors)?.errors?.[0].extensions.code).toBe('CONFLICT');
      expect((await t.db.query('SELECT count(*)::int AS n FROM agreement_version WHERE agreement_id = $1', [draft.id])).rows[0].n).toBe(1);
    });

    it('the last two parties sign at once: both count, the version is ACTIVE once; two signatories of one party: one signature', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Simultaneous signatures ISP');
      const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
      const input = { agreementId: draft.id, versionNumber: 1, contentHash: v1.contentHash };
      const caldicott = await createUser(t, hospital.id, 'cg@hospital.example', ['CALDICOTT_GUARDIAN']);
      const sameParty = await Promise.all([hospital.signatory.token, caldicott.token].map((token) => t.gql(SIGN, { input }, token)));
      expect(sameParty.filter((r) => !r.errors)).toHaveLength(1);
      expect(sameParty.find((r) => r.errors)?.errors?.[0].extensions.code).toBe('CONFLICT');

      const lastTwo = await Promise.all([council.signatory.token, care.signatory.token].map((token) => t.gql(SIGN, { input }, token)));
      expect(lastTwo.every((r) => !r.errors)).toBe(true);
      const { rows } = await t.db.query(
        `SELECT a.status, v.status AS version_status, (SELECT count(*)::int FROM agreement_signature s WHERE s.version_id = v.id) AS signatures
         FROM agreement a JOIN agreement_version v ON v.agreement_id = a.id WHERE a.id = $1`,
        [draft.id],
      );
      expect(rows).toEqual([{ status: 'ACTIVE', version_status: 'ACTIVE', signatures: 3 }]);
      const audits = await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action = 'agreement.sign'`, [draft.id]);
      expect(audits.rows[0].n).toBe(3);
    });
  });

  describe('status changes, review and expiry', () => {
    let agreementId: string;

    beforeAll(async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Status ISP');
      agreementId = draft.id;
      await t.gql(UPDATE_DRAFT, { input: { agreementId, expectedRevision: draft.revision, termination: { noticeDays: 30, endDate: '2027-12-31', onTermination: 'Delete' } } }, hospital.igLead.token);
      const v1 = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: draft.revision + 1 } }, hospital.igLead.token)).submitForSignature;
      await signAll(agreementId, 1, v1.contentHash, [hospital, council, care]);
    });

    // The clock moves years ahead here; sign in afresh at the real time after each test.
    afterEach(async () => {
      jest.restoreAllMocks();
      await signInAfresh(t, hospital, council, care, outsider);
    });

    const STATUS = `mutation ($input: AgreementStatusChangeInput!) { suspendAgreement(input: $input) { status statusReason } }`;

    it('suspends with a reason and resumes, by the lead organisation only', async () => {
      expect(failure(await t.gql(STATUS, { input: { agreementId, reason: 'Breach under investigation' } }, council.igLead.token)).extensions.code).toBe('FORBIDDEN');
      const suspended = ok(await t.gql(STATUS, { input: { agreementId, reason: 'Breach under investigation' } }, hospital.igLead.token)).suspendAgreement;
      expect(suspended).toEqual({ status: 'SUSPENDED', statusReason: 'Breach under investigation' });
      expect(failure(await t.gql(STATUS, { input: { agreementId, reason: 'again' } }, hospital.igLead.token)).extensions.code).toBe('CONFLICT');
      const resumed = ok(await t.gql(`mutation ($id: ID!) { resumeAgreement(agreementId: $id) { status } }`, { id: agreementId }, hospital.igLead.token));
      expect(resumed.resumeAgreement.status).toBe('ACTIVE');
    });

    it('computes REVIEW due within 90 days and overdue from the clock', async () => {
      const clock = t.app.get(Clock);
      // Tokens follow the clock too, so each moment signs in afresh.
      const review = async () => ok(await t.gql(GET_AGREEMENT, { id: agreementId }, await t.login(hospital.igLead.email))).agreement.review;
      const { nextReviewDate } = await review();
      const at = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000);
      const displayed = async () =>
        ok(await t.gql('query ($id: ID!) { agreement(id: $id) { displayStatus } }', { id: agreementId }, await t.login(hospital.igLead.email))).agreement.displayStatus;
      expect(await displayed()).toBe('ACTIVE');
      jest.spyOn(clock, 'now').mockReturnValue(at(nextReviewDate, -91));
      expect(await review()).toMatchObject({ status: 'NOT_DUE', daysUntilReview: 91 });
      jest.spyOn(clock, 'now').mockReturnValue(at(nextReviewDate, -30));
      expect(await review()).toMatchObject({ status: 'DUE', daysUntilReview: 30 });
      expect(await displayed()).toBe('REVIEW_DUE');
      jest.spyOn(clock, 'now').mockReturnValue(at(nextReviewDate, 5));
      expect(await review()).toMatchObject({ status: 'OVERDUE', daysUntilReview: -5 });
    });

    it('expires after the end date, by the sweep, once', async () => {
      const clock = t.app.get(Clock);
      const sweeper = t.app.get(AgreementStatusService);
      jest.spyOn(clock, 'now').mockReturnValue(new Date('2027-12-31T12:00:00Z'));
      expect(await sweeper.expireEnded()).not.toContain(agreementId);
      jest.spyOn(clock, 'now').mockReturnValue(new Date('2028-01-01T09:00:00Z'));
      expect(await sweeper.expireEnded()).toContain(agreementId);
      expect(await sweeper.expireEnded()).not.toContain(agreementId);
      expect(ok(await t.gql(GET_AGREEMENT, { id: agreementId }, await t.login(hospital.igLead.email))).agreement.status).toBe('EXPIRED');
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action = 'agreement.expire'`, [agreementId]);
      expect(rows[0].n).toBe(1);
    });

    it('terminates with a reason; a terminated agreement cannot be varied', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Terminated ISP');
      const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
      await signAll(draft.id, 1, v1.contentHash, [hospital, council, care]);
      const TERMINATE = `mutation ($input: AgreementStatusChangeInput!) { terminateAgreement(input: $input) { status statusReason } }`;
      const input = { agreementId: draft.id, reason: 'Service decommissioned' };
      expect(failure(await t.gql(TERMINATE, { input }, hospital.signatory.token)).extensions.code).toBe('FORBIDDEN');
      expect(failure(await t.gql(TERMINATE, { input }, council.igLead.token)).extensions.code).toBe('FORBIDDEN');
      expect(ok(await t.gql(TERMINATE, { input }, hospital.igLead.token)).terminateAgreement).toEqual({ status: 'TERMINATED', statusReason: 'Service decommissioned' });
      const vary = failure(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { id } }`, { id: draft.id }, hospital.igLead.token));
      expect(vary).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('TERMINATED') });
    });
  });

  describe('reading', () => {
    it('lists only the agreements an organisation is involved in, filtered by status, kind and partner', async () => {
      const LIST = `query ($status: AgreementStatus, $kind: AgreementKind, $partner: ID, $search: String) {
        agreements(first: 100, status: $status, kind: $kind, partnerOrganisationId: $partner, search: $search) { totalCount edges { node { title status } } }
      }`;
      const outsiderView = ok(await t.gql(LIST, {}, outsider.practitioner.token)).agreements;
      expect(outsiderView.totalCount).toBe(0);
      const careView = ok(await t.gql(LIST, { kind: 'ISP' }, care.practitioner.token)).agreements;
      expect(careView.edges.map((e: any) => e.node.title)).toEqual(expect.arrayContaining(['Variation ISP', 'Declined ISP']));
      expect(careView.edges.map((e: any) => e.node.title)).not.toContain('Concurrent edits');
      const active = ok(await t.gql(LIST, { status: 'ACTIVE', search: 'variation' }, care.practitioner.token)).agreements;
      expect(active.edges.map((e: any) => e.node.title)).toEqual(['Variation ISP']);
      const admin = ok(await t.gql(LIST, { partner: outsider.id }, await t.adminToken())).agreements;
      expect(admin.totalCount).toBe(0);
    });

    it("makes the parties partners: a party's members may now see the others' role holders; outsiders may not", async () => {
      const HOLDERS = `query ($id: ID!) { organisation(id: $id) { igLead { email } signatories { email } } }`;
      const seen = ok(await t.gql(HOLDERS, { id: hospital.id }, care.practitioner.token)).organisation;
      expect(seen.igLead.email).toBe(hospital.igLead.email);
      const refused = await t.gql(HOLDERS, { id: hospital.id }, outsider.practitioner.token);
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });
  });
});
