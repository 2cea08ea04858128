import { PartnershipInvitations1797600000000 } from '../migrations/1797600000000-partnership-invitations.js';
import {
  ACCEPT_INVITATION,
  compliantSections,
  CREATE_AGREEMENT,
  DECLINE,
  GET_AGREEMENT,
  readyPartner,
  REFUSE_INVITATION,
  SET_EMAIL_DOMAINS,
  SUBMIT,
  UPDATE_DRAFT,
  UPDATE_STRUCTURE,
  WITHDRAW_FROM_DRAFT,
  type Partner,
} from './support/agreement-fixtures.js';
import { CREATE_USER, createUser } from './support/fixtures.js';
import { HttpBrowser } from './support/http-browser.js';
import { CONFIRM, recordedAgreement } from './support/signed-original-fixtures.js';
import { failure, ok, startTestApp, type GraphqlResponse, type TestApp } from './support/test-app.js';

const USERS = `query ($o: ID!) { users(organisationId: $o) { totalCount edges { node { email } } } }`;
const USER = `query ($id: ID!) { user(id: $id) { email fullName roles } }`;
const ROLE_HOLDERS = `query ($id: ID!) { organisation(id: $id) { name igLead { email } signatories { email } } }`;
const INVITATIONS = `{ partnershipInvitations { agreementId reference title leadOrganisationName status } }`;

/**
 * Issue 19 §1: nobody becomes a partner without agreeing. Before it, any IG lead could name any
 * organisation and submit; everyone at the drafting organisation could then read the named one's
 * whole staff list, the document landed in its in-tray, and this outlived its declining and
 * being removed. Being named is now an invitation; only acceptance or a signature makes partners;
 * partners see each other's role holders only.
 */
describe('partnership consent', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  /** A user of the hospital with no roles at all. */
  let nobody: { id: string; email: string; token: string };
  let councilAdmin: { id: string; email: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    nobody = await createUser(t, hospital.id, 'nobody@hospital.example', []);
    councilAdmin = await createUser(t, council.id, 'admin@council.example', ['ORG_ADMIN']);
  });
  afterAll(async () => t.close());

  /** A compliant draft led by the hospital naming `named` (the council unless said) and the care provider; the care provider accepts. */
  const draftNamingCouncil = async (title: string, named: Partner = council) => {
    const parties = [hospital, named, care].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
    const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title, parties } }, hospital.igLead.token)).createAgreement;
    ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId: created.id } }, care.igLead.token));
    const filled = ok(
      await t.gql(UPDATE_DRAFT, { input: { agreementId: created.id, expectedRevision: created.draftRevision, ...compliantSections(hospital.id, named.id, care.id) } }, hospital.igLead.token),
    ).updateAgreementDraft;
    return { id: filled.id as string, revision: filled.draftRevision as number, reference: filled.reference as string };
  };
  const invitationOf = async (agreementId: string, organisationId: string) =>
    ok(await t.gql(GET_AGREEMENT, { id: agreementId }, hospital.igLead.token)).agreement.draft.parties.find((p: any) => p.organisationId === organisationId);
  const codesOf = (response: GraphqlResponse) => (response.errors ?? []).map((e) => e.extensions.code);
  /** What a role-less user of the hospital can learn of the people of `named` (the council unless said). */
  const councilPeopleSeenByHospital = async (named: Partner = council) => ({
    directory: codesOf(await t.gql(USERS, { o: named.id }, nobody.token)),
    practitioner: codesOf(await t.gql(USER, { id: named.practitioner.id }, nobody.token)),
    roleHolders: await t.gql(ROLE_HOLDERS, { id: named.id }, nobody.token),
  });
  /** What the in-tray page says awaits the signature of the signatory's organisation (the table of awaiting versions, or the line saying nothing does). */
  const inTrayOf = async (email: string) => {
    const browser = await HttpBrowser.signedIn(t.url, email);
    const response = await browser.send({ path: '/in-tray' });
    expect(response.status).toBe(200);
    const html = await response.text();
    const awaiting = /<table class="nhsuk-table" data-in-tray="awaiting">[\s\S]*?<\/table>|<p data-in-tray="empty">[^<]*<\/p>/.exec(html);
    expect(awaiting).not.toBeNull();
    return awaiting![0];
  };

  it('the attack: naming an organisation and submitting exposes none of its people and puts nothing in its in-tray, before or after it refuses', async () => {
    const draft = await draftNamingCouncil('Attack: council named without asking');

    // The draft cannot be submitted: the council has not accepted.
    const refused = failure(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token));
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'parties', rule: 'accepted', message: expect.stringContaining(`${council.name} (Invited)`) }] });
    expect((await t.db.query('SELECT count(*)::int AS n FROM agreement_version WHERE agreement_id = $1', [draft.id])).rows[0].n).toBe(0);
    expect(await inTrayOf(council.signatory.email)).not.toContain(draft.reference);

    // Nobody at the hospital sees the council's staff: not the directory, not a practitioner, not its role holders.
    const seen = await councilPeopleSeenByHospital();
    expect(seen.directory).toEqual(['FORBIDDEN']);
    expect(seen.practitioner).toEqual(['FORBIDDEN']);
    expect(seen.roleHolders.data?.organisation).toMatchObject({ name: council.name, igLead: null });
    expect(seen.roleHolders.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);

    // The council refuses; the hospital reads why; the council no longer reads the draft.
    const answer = ok(await t.gql(REFUSE_INVITATION, { input: { agreementId: draft.id, reason: 'We have no part in this service' } }, council.igLead.token));
    expect(answer.refusePartnershipInvitation).toMatchObject({ status: 'REFUSED', reason: 'We have no part in this service' });
    expect(await invitationOf(draft.id, council.id)).toMatchObject({ invitation: 'REFUSED', invitationReason: 'We have no part in this service' });
    expect(codesOf(await t.gql(GET_AGREEMENT, { id: draft.id }, council.practitioner.token))).toEqual(['FORBIDDEN']);
    const again = failure(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token));
    expect(again.extensions.fields?.[0].message).toContain(`${council.name} (Refused: We have no part in this service)`);

    // Removed from the draft, still nothing.
    const parties = [hospital, care].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
    ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: draft.revision, parties } }, hospital.igLead.token));
    const after = await councilPeopleSeenByHospital();
    expect([after.directory, after.practitioner, after.roleHolders.errors?.map((e) => e.extensions.code)]).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN', 'FORBIDDEN']]);
    expect(await inTrayOf(council.signatory.email)).not.toContain(draft.reference);
  });

  it('a party that accepts is a partner: each side sees the other’s role holders with their work contact, never the whole directory', async () => {
    const draft = await draftNamingCouncil('Accepted: council agrees');
    expect(ok(await t.gql(INVITATIONS, {}, council.igLead.token)).partnershipInvitations).toContainEqual({
      agreementId: draft.id,
      reference: draft.reference,
      title: 'Accepted: council agrees',
      leadOrganisationName: hospital.name,
      status: 'INVITED',
    });
    // The council may read the draft to decide, but not edit it yet.
    expect(codesOf(await t.gql(GET_AGREEMENT, { id: draft.id }, council.igLead.token))).toEqual([]);
    expect(codesOf(await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, scope: 'Council wording' } }, council.igLead.token))).toEqual(['FORBIDDEN']);

    const accepted = ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId: draft.id } }, council.signatory.token)).acceptPartnershipInvitation;
    expect(accepted).toMatchObject({ agreementId: draft.id, organisationId: council.id, status: 'ACCEPTED', reason: null });
    expect(ok(await t.gql(INVITATIONS, {}, council.igLead.token)).partnershipInvitations.map((i: any) => i.agreementId)).not.toContain(draft.id);

    const seen = await councilPeopleSeenByHospital();
    expect(seen.roleHolders.errors).toBeUndefined();
    expect(seen.roleHolders.data?.organisation).toEqual({ name: council.name, igLead: { email: council.igLead.email }, signatories: [{ email: council.signatory.email }] });
    expect(seen.directory).toEqual(['FORBIDDEN']);
    expect(seen.practitioner).toEqual(['FORBIDDEN']);
    // A role holder may be read by id, with the posts they hold and nothing else.
    const igLead = ok(await t.gql(USER, { id: council.igLead.id }, nobody.token)).user;
    expect(igLead).toEqual({ email: council.igLead.email, fullName: 'ig', roles: ['IG_LEAD'] });
    expect(ok(await t.gql(ROLE_HOLDERS, { id: hospital.id }, council.practitioner.token)).organisation.igLead).toEqual({ email: hospital.igLead.email });
    // Its own organisation still sees its whole directory.
    expect(ok(await t.gql(USERS, { o: council.id }, council.practitioner.token)).users.totalCount).toBeGreaterThanOrEqual(4);

    const version = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
    expect(version.parties.map((p: any) => p.organisationId)).toEqual([hospital.id, council.id, care.id]);
    expect(await inTrayOf(council.signatory.email)).toContain(draft.reference);
  });

  it('a party that declines to sign and is then removed from the draft is no longer a partner', async () => {
    // A council of its own, partner of the hospital in nothing else.
    const council = await readyPartner(t, 'Eastmoor Borough Council', 'eastmoor', { sector: 'LOCAL_AUTHORITY' });
    const draft = await draftNamingCouncil('Declined then removed', council);
    ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId: draft.id } }, council.igLead.token));
    ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token));
    const declined = ok(await t.gql(DECLINE, { input: { agreementId: draft.id, versionNumber: 1, reason: 'We will not share this' } }, council.signatory.token)).declineToSign;
    // Back in the draft, the council still stands as it answered: accepted.
    expect(await invitationOf(draft.id, council.id)).toMatchObject({ invitation: 'ACCEPTED' });
    const parties = [hospital, care].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
    ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: declined.agreement.draftRevision, parties } }, hospital.igLead.token));

    const seen = await councilPeopleSeenByHospital(council);
    expect(seen.directory).toEqual(['FORBIDDEN']);
    expect(seen.roleHolders.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(codesOf(await t.gql(GET_AGREEMENT, { id: draft.id }, council.practitioner.token))).toEqual(['FORBIDDEN']);
    expect(await inTrayOf(council.signatory.email)).not.toContain(draft.reference);
  });

  it('an accepted party may leave the draft: it confers nothing after, and the lead sees that it withdrew', async () => {
    const council = await readyPartner(t, 'Westmoor Borough Council', 'westmoor', { sector: 'LOCAL_AUTHORITY' });
    const draft = await draftNamingCouncil('Withdrawn: council leaves', council);
    ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId: draft.id } }, council.igLead.token));
    // Accepted: the hospital sees its role holders...
    expect((await councilPeopleSeenByHospital(council)).roleHolders.errors).toBeUndefined();
    const left = ok(await t.gql(WITHDRAW_FROM_DRAFT, { input: { agreementId: draft.id, reason: 'Service decommissioned' } }, council.igLead.token));
    expect(left.withdrawFromAgreementDraft).toMatchObject({ status: 'WITHDRAWN', reason: 'Service decommissioned' });
    expect(await invitationOf(draft.id, council.id)).toMatchObject({ invitation: 'WITHDRAWN', invitationReason: 'Service decommissioned' });
    // ...and, once it leaves, no longer.
    expect((await councilPeopleSeenByHospital(council)).roleHolders.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const refused = failure(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token));
    expect(refused.extensions.fields?.[0]).toMatchObject({ field: 'parties', rule: 'accepted', message: expect.stringContaining(`${council.name} (Withdrew: Service decommissioned)`) });

    // Answers out of turn are refused with the reason; the audit log has each answer.
    expect(failure(await t.gql(WITHDRAW_FROM_DRAFT, { input: { agreementId: draft.id } }, council.igLead.token)).extensions.code).toBe('CONFLICT');
    expect(failure(await t.gql(REFUSE_INVITATION, { input: { agreementId: draft.id, reason: 'Changed our mind' } }, council.igLead.token)).extensions.code).toBe('CONFLICT');
    const { rows } = await t.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1 AND after->>'organisationId' = $2 ORDER BY sequence`, [draft.id, council.id]);
    expect(rows.map((r: any) => r.action)).toEqual(['agreement.acceptInvitation', 'agreement.withdrawFromDraft']);
  });

  it('a paper record confers nothing on a party that never confirmed it, not even through a variation', async () => {
    const westmoor = await readyPartner(t, 'Westmoor Community Trust', 'westmoor-paper', { sector: 'NHS_TRUST' });
    const eastfield = await readyPartner(t, 'Eastfield Care Group', 'eastfield-paper', { sector: 'CARE_PROVIDER' });
    const agreementId = await recordedAgreement(t, hospital, westmoor, eastfield);
    ok(await t.gql(CONFIRM, { input: { agreementId, versionNumber: 1 } }, westmoor.igLead.token));
    ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { draftRevision } }`, { id: agreementId }, hospital.igLead.token));
    // The variation's draft counts the lead and the party that confirmed as having accepted; the other is asked.
    expect(await invitationOf(agreementId, hospital.id)).toMatchObject({ invitation: 'ACCEPTED' });
    expect(await invitationOf(agreementId, westmoor.id)).toMatchObject({ invitation: 'ACCEPTED' });
    expect(await invitationOf(agreementId, eastfield.id)).toMatchObject({ invitation: 'INVITED' });
    expect((await councilPeopleSeenByHospital(eastfield)).roleHolders.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('only the named organisation’s IG lead or signatory answers; everyone else is FORBIDDEN; bad input names the field', async () => {
    const draft = await draftNamingCouncil('Wrong people answering');
    const outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
    for (const token of [council.practitioner.token, councilAdmin.token, outsider.igLead.token, hospital.igLead.token, await t.adminToken()]) {
      expect(codesOf(await t.gql(ACCEPT_INVITATION, { input: { agreementId: draft.id } }, token))).toEqual(['FORBIDDEN']);
      expect(codesOf(await t.gql(REFUSE_INVITATION, { input: { agreementId: draft.id, reason: 'Not for us' } }, token))).toEqual(['FORBIDDEN']);
    }
    expect(await invitationOf(draft.id, council.id)).toMatchObject({ invitation: 'INVITED' });
    const short = failure(await t.gql(REFUSE_INVITATION, { input: { agreementId: draft.id, reason: 'x' } }, council.igLead.token));
    expect(short.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
    const noAgreement = failure(await t.gql(ACCEPT_INVITATION, { input: { agreementId: 'not-a-uuid' } }, council.igLead.token));
    expect(noAgreement.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'agreementId' }] });
  });

  it('the migration counts parties of versions already submitted as accepted and those named only in a draft as invited; its down removes what it made', async () => {
    const draftOnly = await draftNamingCouncil('Migration: named in a draft only');
    const submitted = await draftNamingCouncil('Migration: submitted');
    ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId: submitted.id } }, council.igLead.token));
    ok(await t.gql(SUBMIT, { input: { agreementId: submitted.id, expectedRevision: submitted.revision } }, hospital.igLead.token));
    const runner = t.owner.createQueryRunner();
    const statuses = async (agreementId: string) =>
      (await runner.query(`SELECT organisation_id, status FROM partnership_invitation WHERE agreement_id = $1`, [agreementId])) as { organisation_id: string; status: string }[];
    const byOrganisation = (rows: { organisation_id: string; status: string }[]) => Object.fromEntries(rows.map((r) => [r.organisation_id, r.status]));
    try {
      await runner.startTransaction();
      await new PartnershipInvitations1797600000000().down(runner);
      const tables = await runner.query(`SELECT tablename FROM pg_tables WHERE tablename IN ('partnership_invitation', 'organisation_email_domain')`);
      expect(tables).toEqual([]);
      await new PartnershipInvitations1797600000000().up(runner);
      // The care provider had accepted the draft: its answer is not kept, and it is asked again.
      expect(byOrganisation(await statuses(draftOnly.id))).toEqual({ [hospital.id]: 'ACCEPTED', [council.id]: 'INVITED', [care.id]: 'INVITED' });
      expect(byOrganisation(await statuses(submitted.id))).toEqual({ [hospital.id]: 'ACCEPTED', [council.id]: 'ACCEPTED', [care.id]: 'ACCEPTED' });
      expect(await runner.query(`SELECT count(*)::int AS n FROM organisation_email_domain`)).toEqual([{ n: 0 }]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  describe('email domains', () => {
    const newUser = (organisationId: string, email: string) => ({ input: { organisationId, email, fullName: 'New Person', roles: [] } });

    it('an ORG_ADMIN creates users only at its organisation’s registered domains; a SYSTEM_ADMIN is not held to them', async () => {
      const lookalike = failure(await t.gql(CREATE_USER, newUser(council.id, 'fake.ig@hospital.example'), councilAdmin.token));
      expect(lookalike.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'email', rule: 'registeredDomain', message: expect.stringContaining('council.example') }] });
      const subdomain = failure(await t.gql(CREATE_USER, newUser(council.id, 'x@evil.council.example'), councilAdmin.token));
      expect(subdomain.extensions.fields?.[0]).toMatchObject({ field: 'email', rule: 'registeredDomain' });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM app_user WHERE email IN ('fake.ig@hospital.example', 'x@evil.council.example')`)).rows[0].n).toBe(0);

      ok(await t.gql(CREATE_USER, newUser(council.id, 'Real.Person@Council.example'), councilAdmin.token));
      ok(await t.gql(CREATE_USER, newUser(council.id, 'contractor@agency.example'), await t.adminToken()));
    });

    it('a SYSTEM_ADMIN sets them: lowercase domain names, a shared one (nhs.net) for several organisations', async () => {
      const admin = await t.adminToken();
      const set = ok(await t.gql(SET_EMAIL_DOMAINS, { input: { organisationId: council.id, domains: ['council.example', ' Northshire.GOV.uk '] } }, admin));
      expect(set.setOrganisationEmailDomains).toEqual({ id: council.id, emailDomains: ['council.example', 'northshire.gov.uk'] });
      expect(codesOf(await t.gql(SET_EMAIL_DOMAINS, { input: { organisationId: council.id, domains: ['council.example'] } }, councilAdmin.token))).toEqual(['FORBIDDEN']);

      const bad = failure(await t.gql(SET_EMAIL_DOMAINS, { input: { organisationId: council.id, domains: ['not a domain'] } }, admin));
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'domains' }] });
      const repeated = failure(await t.gql(SET_EMAIL_DOMAINS, { input: { organisationId: council.id, domains: ['council.example', 'COUNCIL.example'] } }, admin));
      expect(repeated.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'domains', rule: 'arrayUnique' }] });
      ok(await t.gql(SET_EMAIL_DOMAINS, { input: { organisationId: hospital.id, domains: ['hospital.example', 'nhs.net'] } }, admin));
      const shared = ok(await t.gql(SET_EMAIL_DOMAINS, { input: { organisationId: council.id, domains: ['council.example', 'northshire.gov.uk', 'nhs.net'] } }, admin));
      expect(shared.setOrganisationEmailDomains.emailDomains).toEqual(['council.example', 'nhs.net', 'northshire.gov.uk']);
      const stored = await t.db.query(`SELECT domain FROM organisation_email_domain WHERE organisation_id = $1 ORDER BY domain`, [council.id]);
      expect(stored.rows.map((r: any) => r.domain)).toEqual(['council.example', 'nhs.net', 'northshire.gov.uk']);
      // The database holds the rules too.
      await expect(t.db.query(`INSERT INTO organisation_email_domain (domain, organisation_id) VALUES ('council.example', $1)`, [council.id])).rejects.toThrow(/duplicate key/);
      await expect(t.db.query(`INSERT INTO organisation_email_domain (domain, organisation_id) VALUES ('Upper.example', $1)`, [council.id])).rejects.toThrow(/ck_organisation_email_domain/);
    });
  });
});
