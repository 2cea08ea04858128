import { createHash } from 'node:crypto';
import { acceptInvitations, compliantDraftAgreement, compliantSections, CREATE_AGREEMENT, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, UPDATE_STRUCTURE, type Partner } from './support/agreement-fixtures.js';
import { createUser } from './support/fixtures.js';
import { HttpBrowser } from './support/http-browser.js';
import { pdfPages } from './support/pdf-text.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const ASSIGN = `mutation ($input: RoleAssignmentInput!) { assignRole(input: $input) { id roles } }`;
const UPDATE_ORGANISATION = `mutation ($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { id name } }`;
const DOCUMENT_FIELD = `query ($id: ID!) { agreement(id: $id) { version(number: 1) { status document { sha256 byteSize renderedAt downloadPath } } } }`;

/** Everything Accordant shows of one version: the stored PDF (bytes, hash, text), its JSON export, its GraphQL document field and the signing page's copy. */
interface Rendered {
  pdf: Buffer;
  pdfText: string[];
  json: string;
  documentField: unknown;
  signingPageDocument: string;
}

/**
 * Issue 18 part 1: a signed version never changes. Version 1 of an ISP is rendered every way it can
 * be; then the agreement is renamed, moved under another protocol, a party renamed and readdressed,
 * the lead's IG lead and Caldicott Guardian replaced, and version 2 varied and signed. Version 1's
 * PDF text, JSON export and stored file are exactly as before, and a fresh render says the same.
 */
describe('a signed version never changes', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let agreementId: string;
  let before: Rendered;

  const download = async (path: string, token: string) => {
    const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response;
  };
  const signingPage = async (email: string) => {
    const browser = await HttpBrowser.signedIn(t.url, email);
    const response = await browser.send({ path: `/in-tray/${agreementId}/versions/1` });
    expect(response.status).toBe(200);
    const html = await response.text();
    const section = html.match(/<section class="app-document"[\s\S]*<\/section>/);
    expect(section).not.toBeNull();
    return section![0];
  };
  const renderAll = async (): Promise<Rendered> => {
    const pdf = Buffer.from(await (await download(`/documents/agreements/${agreementId}/versions/1.pdf`, council.igLead.token)).arrayBuffer());
    return {
      pdf,
      pdfText: await pdfPages(pdf),
      json: await (await download(`/documents/agreements/${agreementId}/versions/1.json`, care.igLead.token)).text(),
      documentField: ok(await t.gql(DOCUMENT_FIELD, { id: agreementId }, hospital.igLead.token)).agreement.version.document,
      signingPageDocument: await signingPage(council.signatory.email),
    };
  };
  const storedDocuments = async () =>
    (
      await t.db.query(
        `SELECT d.state_key, d.sha256, encode(d.content, 'hex') AS content FROM agreement_document d JOIN agreement_version v ON v.id = d.version_id
         WHERE v.agreement_id = $1 AND v.number = 1 ORDER BY d.rendered_at, d.state_key`,
        [agreementId],
      )
    ).rows;

  /** A protocol of the three partners, signed by all: ACTIVE. */
  const activeProtocol = async (title: string) => {
    const parties = [hospital, council, care].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
    const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title, parties } }, hospital.igLead.token)).createAgreement;
    await acceptInvitations(t, created.id, [council, care]);
    const drafted = ok(
      await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: created.draftRevision, ...compliantSections(hospital.id, council.id, care.id) } }, hospital.igLead.token),
    ).updateAgreementDraft;
    const version = ok(await t.gql(SUBMIT, { input: { agreementId: created.id, expectedRevision: drafted.draftRevision } }, hospital.igLead.token)).submitForSignature;
    for (const party of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: created.id, versionNumber: 1, contentHash: version.contentHash } }, party.signatory.token));
    return { id: created.id as string, reference: created.reference as string };
  };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', {
      odsCode: 'RNS',
      icoRegistrationNumber: 'Z1234567',
      registeredAddress: 'Northshire General Hospital\nInfirmary Road\nNorthtown\nNT1 4AB',
      igContactEmail: 'IG.Queries@Northshire.example',
      igContactPhone: '0113 496 0000',
    });
    council = await readyPartner(t, 'Northshire County Council', 'council', {
      sector: 'LOCAL_AUTHORITY',
      registeredAddress: 'County Hall, Northtown NT2 1AA',
      igContactPhone: '+44 113 496 0999',
      secureEmailMethod: 'DCB1596_SELF_ACCREDITED',
      secureEmailAccreditationExpiry: '2027-09-30',
    });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    const guardian = await createUser(t, hospital.id, 'guardian@hospital.example', ['CALDICOTT_GUARDIAN']);
    expect(guardian.id).toBeTruthy();
  });
  afterAll(async () => t.close());

  it('renders version 1 every way, signed at last by every party', async () => {
    const protocolA = await activeProtocol('Northshire information sharing protocol');
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Hospital discharge ISP');
    agreementId = draft.id;
    const moved = ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId, expectedRevision: draft.revision, parentProtocolId: protocolA.id } }, hospital.igLead.token));
    const v1 = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: moved.updateAgreementStructure.draftRevision } }, hospital.igLead.token)).submitForSignature;
    ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: v1.contentHash } }, hospital.signatory.token));
    const halfSigned = await renderAll();
    for (const party of [council, care]) ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: v1.contentHash } }, party.signatory.token));
    before = await renderAll();
    // Signing is the one thing that changes the document, once.
    expect(before.pdf.equals(halfSigned.pdf)).toBe(false);

    const text = before.pdfText.join(' ');
    expect(text).toContain('Hospital discharge ISP');
    expect(text).toContain(`Under protocol ${protocolA.reference}: Northshire information sharing protocol`);
    expect(text).toMatch(/Status Signed by all parties; in force from \d{1,2} \w+ \d{4}/);
    expect(text).toContain('Northshire County Council');
    expect(text).toContain('Z1234567');
    expect(text).toContain('Infirmary Road');
    expect(text.replace(/\s/g, '')).toContain('ig.queries@northshire.example'); // a table cell may wrap it
    expect(text).toContain('+44 113 496 0999');
    expect(text).toContain('Self-accredited to DCB1596, accreditation expires 30 September 2027');
    expect(text).toMatch(/Northshire General Hospital NHS Trust ig guardian Not stated Not stated/);
    expect(text).toMatch(/Northshire General Hospital NHS Trust signer Authorised signatory/);
    const json = JSON.parse(before.json);
    expect(json.title).toBe('Hospital discharge ISP');
    expect(json.parentProtocol).toEqual({ id: protocolA.id, reference: protocolA.reference, title: 'Northshire information sharing protocol' });
    expect(json.version).toMatchObject({ signingState: 'SIGNED', factsRecordedAt: null });
    expect(json.parties[0]).toMatchObject({ organisationName: 'Northshire General Hospital NHS Trust', registeredAddress: 'Northshire General Hospital\nInfirmary Road\nNorthtown\nNT1 4AB', roleHolders: { igLead: 'ig', caldicottGuardian: 'guardian' } });
    expect(before.signingPageDocument).toContain('Infirmary Road');
    expect(before.signingPageDocument).toContain(protocolA.reference);
    expect(await storedDocuments()).toHaveLength(2);
  });

  it('after renaming, moving, readdressing, new role holders and a signed version 2, version 1 is exactly as before', async () => {
    const admin = await t.adminToken();
    const protocolB = await activeProtocol('Southshire joint protocol');
    const storedBefore = await storedDocuments();

    const varied = ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { draftRevision } }`, { id: agreementId }, hospital.igLead.token)).startVariation;
    const restructured = ok(
      await t.gql(UPDATE_STRUCTURE, { input: { agreementId, expectedRevision: varied.draftRevision, title: 'Discharge to assess ISP', parentProtocolId: protocolB.id } }, hospital.igLead.token),
    ).updateAgreementStructure;
    ok(await t.gql(UPDATE_ORGANISATION, { id: council.id, input: { name: 'Northshire Council', registeredAddress: 'Civic Centre, Northtown NT9 9ZZ', igContactEmail: 'dpo@northshire-council.example' } }, admin));
    ok(await t.gql(UPDATE_ORGANISATION, { id: hospital.id, input: { registeredAddress: 'New Hospital Campus\nNT5 5XY', igContactPhone: null } }, admin));
    // The hospital's signer changes name and post: version 1's signature keeps them as they signed.
    ok(await t.gql(`mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }`, { id: hospital.signatory.id, input: { fullName: 'Renamed Signer', jobTitle: 'Chief Executive' } }, admin));
    const newLead = await createUser(t, hospital.id, 'newlead@hospital.example');
    const newGuardian = await createUser(t, hospital.id, 'newguardian@hospital.example');
    ok(await t.gql(ASSIGN, { input: { userId: newLead.id, role: 'IG_LEAD' } }, admin));
    ok(await t.gql(ASSIGN, { input: { userId: newGuardian.id, role: 'CALDICOTT_GUARDIAN' } }, admin));
    const v2 = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: restructured.draftRevision } }, await t.login(newLead.email))).submitForSignature;
    for (const party of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 2, contentHash: v2.contentHash } }, party.signatory.token));

    // The changes took: version 2 says all of them, and version 1 is superseded.
    const v2Text = (await pdfPages(Buffer.from(await (await download(`/documents/agreements/${agreementId}/versions/2.pdf`, care.igLead.token)).arrayBuffer()))).join(' ');
    expect(v2Text).toContain('Discharge to assess ISP');
    expect(v2Text).toContain(`Under protocol ${protocolB.reference}: Southshire joint protocol`);
    expect(v2Text).toContain('Northshire Council');
    expect(v2Text).toContain('Civic Centre');
    expect(v2Text).toContain('Renamed Signer, Chief Executive');
    expect(v2Text).toMatch(/Northshire General Hospital NHS Trust newlead newguardian Not stated Not stated/);
    expect(ok(await t.gql(DOCUMENT_FIELD, { id: agreementId }, hospital.igLead.token)).agreement.version.status).toBe('SUPERSEDED');

    const after = await renderAll();
    expect(after.pdf.equals(before.pdf)).toBe(true);
    expect(sha256(after.pdf)).toBe(sha256(before.pdf));
    expect(after.pdfText).toEqual(before.pdfText);
    expect(after.json).toBe(before.json);
    expect(after.documentField).toEqual(before.documentField);
    expect(after.signingPageDocument).toBe(before.signingPageDocument);
    expect(await storedDocuments()).toEqual(storedBefore);

    // Rendered afresh (the stored file gone), version 1 says exactly what it said.
    await t.db.query(`DELETE FROM agreement_document d USING agreement_version v WHERE v.id = d.version_id AND v.agreement_id = $1 AND v.number = 1`, [agreementId]);
    const rerendered = await renderAll();
    expect(rerendered.pdfText).toEqual(before.pdfText);
    expect(rerendered.json).toBe(before.json);
  });

  it('keeps the frozen version unchangeable in the database too', async () => {
    const update = t.db.query(`UPDATE agreement_version SET frozen = jsonb_set(frozen, '{title}', '"Rewritten"') WHERE agreement_id = $1 AND number = 1`, [agreementId]);
    await expect(update).rejects.toThrow(/a frozen version never changes/);
  });
});
