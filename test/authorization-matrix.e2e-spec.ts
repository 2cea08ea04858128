import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DEFAULT_PASSWORD, ok, startTestApp, type GraphqlResponse, type TestApp } from './support/test-app.js';
import { createUser } from './support/fixtures.js';
import { decisionInput } from './support/decision-fixtures.js';
import {
  ACCEPT_INVITATION,
  compliantDraftAgreement,
  GET_AGREEMENT,
  readyPartner,
  REFUSE_INVITATION,
  registerEmailDomains,
  SIGN,
  SUBMIT,
  UPDATE_DRAFT,
  UPDATE_STRUCTURE,
  WITHDRAW_FROM_DRAFT,
  type Partner,
} from './support/agreement-fixtures.js';
import { CONFIRM, DISPUTE, RECORD_SIGNED, recordedAgreement, scannedPdf, signedIn2024, uploadOriginal } from './support/signed-original-fixtures.js';

/**
 * Every query and mutation, called as every kind of caller, against the caller's own
 * organisation and another one. A new operation without a row here fails the last test.
 */

/** Home is the organisation every target belongs to (and leads every agreement); other is involved in nothing. */
type CallerKind =
  | 'anonymous'
  | 'practitioner'
  | 'orgAdmin'
  | 'igLead'
  | 'signatory'
  | 'otherOrgAdmin'
  | 'otherIgLead'
  | 'otherSignatory'
  | 'systemAdmin';
const CALLERS: CallerKind[] = ['anonymous', 'practitioner', 'orgAdmin', 'igLead', 'signatory', 'otherOrgAdmin', 'otherIgLead', 'otherSignatory', 'systemAdmin'];
const SIGNED_IN = CALLERS.filter((c) => c !== 'anonymous');
const HOME_MEMBERS: CallerKind[] = ['practitioner', 'orgAdmin', 'igLead', 'signatory', 'systemAdmin'];

type AgreementState = 'DRAFT' | 'AWAITING' | 'ACTIVE' | 'VARIATION';

interface World {
  t: TestApp;
  homeOrgId: string;
  tokens: Record<Exclude<CallerKind, 'anonymous'>, string>;
  /** A fresh user in the home organisation, so each call changes its own target. */
  freshHomeUser(roles?: string[]): Promise<{ id: string; email: string; token: string }>;
  /** A fresh agreement led by home, with two partners, in the given state. */
  agreement(state: AgreementState): Promise<{ id: string; revision: number; hash: string | null }>;
  /** A valid decision by home (disclosing) to a partner, under no agreement. */
  decision(): Record<string, unknown>;
  /** A fresh incident under a fresh active agreement, reported by home. */
  incident(): Promise<string>;
  home: Partner;
  partners: Partner[];
  /** A fresh scanned original uploaded by home's IG lead: its id. */
  uploadedOriginal(): Promise<string>;
  /** An agreement led by home, recorded from its signed original (shared): its id. */
  recorded(): Promise<string>;
  /** A fresh draft led by home that also names `invitee` (the other organisation unless given), whose invitation is in the given state. */
  invitedDraft(state: InvitationState, invitee?: Partner): Promise<{ id: string; revision: number }>;
  /** A fresh organisation ready to be a party, involved in nothing. */
  freshPartner(): Promise<Partner>;
}

type InvitationState = 'NAMED' | 'ACCEPTED' | 'REFUSED' | 'WITHDRAWN';

interface Row {
  operation: string;
  allowed: CallerKind[];
  call(world: World, caller: CallerKind): Promise<{ query: string; variables?: Record<string, unknown>; token?: string }>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

const MATRIX: Row[] = [
  { operation: 'serviceInfo', allowed: CALLERS, call: async () => ({ query: '{ serviceInfo { name } }' }) },
  { operation: 'login', allowed: CALLERS, call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'mutation ($i: LoginInput!) { login(input: $i) { token } }', variables: { i: { email: user.email, password: DEFAULT_PASSWORD } } };
    } },
  { operation: 'me', allowed: SIGNED_IN, call: async () => ({ query: '{ me { id } }' }) },
  { operation: 'organisation', allowed: SIGNED_IN,
    call: async (w) => ({ query: 'query ($id: ID!) { organisation(id: $id) { name } }', variables: { id: w.homeOrgId } }) },
  { operation: 'organisations', allowed: SIGNED_IN,
    call: async () => ({ query: '{ organisations { totalCount } }' }) },
  { operation: 'user', allowed: HOME_MEMBERS, call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'query ($id: ID!) { user(id: $id) { email } }', variables: { id: user.id } };
    } },
  { operation: 'users', allowed: HOME_MEMBERS,
    call: async (w) => ({ query: 'query ($o: ID!) { users(organisationId: $o) { totalCount } }', variables: { o: w.homeOrgId } }) },
  { operation: 'createOrganisation', allowed: ['systemAdmin'], call: async () => ({
      query: 'mutation ($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
      variables: { i: { name: unique('Matrix Org'), sector: 'OTHER' } },
    }) },
  { operation: 'updateOrganisation', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => ({
      query: 'mutation ($id: ID!, $i: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $i) { id } }',
      variables: { id: w.homeOrgId, i: { name: unique('Matrix Home') } },
    }) },
  { operation: 'recordOrganisationAssurance', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => ({
      query: 'mutation ($id: ID!, $i: RecordAssuranceInput!) { recordOrganisationAssurance(organisationId: $id, input: $i) { id } }',
      // A different renewal date each call, so each records a change.
      variables: { id: w.homeOrgId, i: { icoRegistrationRenewalDate: new Date(Date.UTC(2027, 0, 1) + ++counter * 86_400_000).toISOString().slice(0, 10) } },
    }) },
  { operation: 'createUser', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => ({
      query: 'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }',
      variables: { i: { organisationId: w.homeOrgId, email: `${unique('new')}@matrix.example`, fullName: 'New', password: DEFAULT_PASSWORD, roles: [] } },
    }) },
  { operation: 'updateUser', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'mutation ($id: ID!) { updateUser(id: $id, input: { fullName: "Renamed" }) { id } }', variables: { id: user.id } };
    } },
  { operation: 'assignRole', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'mutation ($i: RoleAssignmentInput!) { assignRole(input: $i) { id } }', variables: { i: { userId: user.id, role: 'SIGNATORY' } } };
    } },
  { operation: 'revokeRole', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser(['SIGNATORY']);
      return { query: 'mutation ($i: RoleAssignmentInput!) { revokeRole(input: $i) { id } }', variables: { i: { userId: user.id, role: 'SIGNATORY' } } };
    } },
  { operation: 'deactivateUser', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }', variables: { id: user.id } };
    } },
  { operation: 'reactivateUser', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      await w.t.gql('mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: user.id }, await w.t.adminToken());
      return { query: 'mutation ($id: ID!) { reactivateUser(id: $id) { id } }', variables: { id: user.id } };
    } },
  { operation: 'changePassword', allowed: SIGNED_IN, call: async (w, caller) => {
      // Each signed-in caller changes their own password on a fresh account of the same kind.
      const roles = caller === 'practitioner' ? ['PRACTITIONER'] : caller === 'systemAdmin' ? ['SYSTEM_ADMIN'] : ['ORG_ADMIN'];
      const own = caller === 'anonymous' ? undefined : await w.freshHomeUser(roles);
      return {
        query: 'mutation ($i: ChangePasswordInput!) { changePassword(input: $i) { token } }',
        variables: { i: { currentPassword: DEFAULT_PASSWORD, newPassword: 'another long passphrase' } },
        token: own?.token,
      };
    } },
  { operation: 'sessions', allowed: SIGNED_IN, call: async () => ({ query: '{ sessions { id kind current } }' }) },
  { operation: 'logout', allowed: SIGNED_IN, call: async (w, caller) => {
      // Each signed-in caller ends a fresh token of their own, so the shared tokens keep working.
      const own = caller === 'anonymous' ? undefined : await w.freshHomeUser();
      return { query: 'mutation { logout }', token: own?.token };
    } },
  { operation: 'endSession', allowed: SIGNED_IN, call: async (w, caller) => {
      // Only one's own: each caller ends a fresh token of their own (another user's is NOT_FOUND: api-tokens.e2e-spec.ts).
      const own = caller === 'anonymous' ? undefined : await w.freshHomeUser();
      const id = own ? ok(await w.t.gql('{ sessions { id } }', {}, own.token)).sessions[0].id : '00000000-0000-4000-8000-000000000000';
      return { query: 'mutation ($id: ID!) { endSession(id: $id) }', variables: { id }, token: own?.token };
    } },
  { operation: 'notifications', allowed: SIGNED_IN, call: async () => ({ query: '{ notifications { id subject } }' }) },
  { operation: 'unreadNotificationCount', allowed: SIGNED_IN, call: async () => ({ query: '{ unreadNotificationCount }' }) },
  { operation: 'markAllNotificationsRead', allowed: SIGNED_IN, call: async () => ({ query: 'mutation { markAllNotificationsRead }' }) },
  { operation: 'markNotificationRead', allowed: SIGNED_IN, call: async (w, caller) => {
      // Only one's own: each caller marks one of their own (another user's is NOT_FOUND: notification-pages.e2e-spec.ts).
      let id = '00000000-0000-4000-8000-000000000000';
      if (caller !== 'anonymous') {
        const userId = ok(await w.t.gql('{ me { id } }', {}, w.tokens[caller])).me.id as string;
        const { rows } = await w.t.db.query(`INSERT INTO notification (user_id, kind, subject, body, link, in_digest) VALUES ($1, 'AGREEMENT_IN_FORCE', 'In force', 'In force.', '/agreements', false) RETURNING id`, [userId]);
        id = rows[0].id;
      }
      return { query: 'mutation ($id: ID!) { markNotificationRead(id: $id) }', variables: { id } };
    } },
  { operation: 'notificationPreferences', allowed: SIGNED_IN, call: async () => ({ query: '{ notificationPreferences { kind delivery } }' }) },
  { operation: 'setNotificationPreferences', allowed: SIGNED_IN, call: async () => ({
      query: 'mutation ($i: SetNotificationPreferencesInput!) { setNotificationPreferences(input: $i) { kind } }',
      variables: { i: { preferences: [{ kind: 'REVIEW_DUE_90', delivery: 'IMMEDIATE' }] } },
    }) },
  { operation: 'outbox', allowed: ['systemAdmin'], call: async () => ({ query: '{ outbox { sending counts { status count } } }' }) },
  { operation: 'agreement', allowed: HOME_MEMBERS, call: async (w) => {
      const a = await w.agreement('DRAFT');
      return { query: 'query ($id: ID!) { agreement(id: $id) { id } }', variables: { id: a.id } };
    } },
  { operation: 'agreements', allowed: SIGNED_IN, call: async () => ({ query: '{ agreements { totalCount } }' }) },
  { operation: 'agreementVersionDiff', allowed: HOME_MEMBERS, call: async (w) => {
      const a = await w.agreement('AWAITING');
      return { query: 'query ($id: ID!) { agreementVersionDiff(agreementId: $id, fromVersion: 1, toVersion: 1) { changedSections } }', variables: { id: a.id } };
    } },
  { operation: 'createAgreement', allowed: ['igLead', 'otherIgLead'], call: async () => ({
      query: 'mutation ($i: CreateAgreementInput!) { createAgreement(input: $i) { id } }',
      variables: { i: { kind: 'ISP', title: unique('Matrix agreement') } },
    }) },
  { operation: 'updateAgreementStructure', allowed: ['igLead'], call: async (w) => {
      const a = await w.agreement('DRAFT');
      return {
        query: 'mutation ($i: UpdateAgreementStructureInput!) { updateAgreementStructure(input: $i) { id } }',
        variables: { i: { agreementId: a.id, expectedRevision: a.revision, title: 'Renamed agreement' } },
      };
    } },
  { operation: 'updateAgreementDraft', allowed: ['igLead'], call: async (w) => {
      const a = await w.agreement('DRAFT');
      return {
        query: 'mutation ($i: UpdateAgreementDraftInput!) { updateAgreementDraft(input: $i) { id } }',
        variables: { i: { agreementId: a.id, expectedRevision: a.revision, scope: 'New scope' } },
      };
    } },
  { operation: 'submitForSignature', allowed: ['igLead'], call: async (w) => {
      const a = await w.agreement('DRAFT');
      return { query: 'mutation ($i: SubmitForSignatureInput!) { submitForSignature(input: $i) { number } }', variables: { i: { agreementId: a.id, expectedRevision: a.revision } } };
    } },
  { operation: 'signAgreement', allowed: ['signatory'], call: async (w) => {
      const a = await w.agreement('AWAITING');
      return { query: SIGN, variables: { input: { agreementId: a.id, versionNumber: 1, contentHash: a.hash } } };
    } },
  { operation: 'declineToSign', allowed: ['signatory'], call: async (w) => {
      const a = await w.agreement('AWAITING');
      return {
        query: 'mutation ($i: DeclineToSignInput!) { declineToSign(input: $i) { number } }',
        variables: { i: { agreementId: a.id, versionNumber: 1, reason: 'Not as drafted' } },
      };
    } },
  { operation: 'recordSignedAgreement', allowed: ['igLead'], call: async (w) => {
      // Home's own draft: only home's IG lead may record it as signed; others are refused before the input is judged.
      const draft = await w.agreement('DRAFT');
      return { query: RECORD_SIGNED, variables: { input: { ...signedIn2024(w.home, w.partners[0], w.partners[1], await w.uploadedOriginal()), agreementId: draft.id } } };
    } },
  // Only another party's IG lead or signatory answers: home leads every target, and the other organisation is no party.
  { operation: 'confirmRecordedOriginal', allowed: [], call: async (w) => ({ query: CONFIRM, variables: { input: { agreementId: await w.recorded(), versionNumber: 1 } } }) },
  { operation: 'disputeRecordedOriginal', allowed: [], call: async (w) => ({ query: DISPUTE, variables: { input: { agreementId: await w.recorded(), versionNumber: 1, reason: 'Not what we signed' } } }) },
  // Only the named organisation answers its invitation, by its IG lead or someone who may sign; the lead answers none.
  { operation: 'partnershipInvitations', allowed: SIGNED_IN, call: async () => ({ query: '{ partnershipInvitations { agreementId status } }' }) },
  { operation: 'acceptPartnershipInvitation', allowed: ['otherIgLead', 'otherSignatory'], call: async (w) => ({
      query: ACCEPT_INVITATION, variables: { input: { agreementId: (await w.invitedDraft('NAMED')).id } } }) },
  { operation: 'refusePartnershipInvitation', allowed: ['otherIgLead', 'otherSignatory'], call: async (w) => ({
      query: REFUSE_INVITATION, variables: { input: { agreementId: (await w.invitedDraft('NAMED')).id, reason: 'Not our service' } } }) },
  { operation: 'withdrawFromAgreementDraft', allowed: ['otherIgLead', 'otherSignatory'], call: async (w) => ({
      query: WITHDRAW_FROM_DRAFT, variables: { input: { agreementId: (await w.invitedDraft('ACCEPTED')).id } } }) },
  { operation: 'setOrganisationEmailDomains', allowed: ['systemAdmin'], call: async (w) => ({
      query: 'mutation ($i: SetOrganisationEmailDomainsInput!) { setOrganisationEmailDomains(input: $i) { id } }',
      variables: { i: { organisationId: w.homeOrgId, domains: ['home.example', 'matrix.example'] } },
    }) },
  { operation: 'startVariation', allowed: ['igLead'], call: async (w) => {
      const a = await w.agreement('ACTIVE');
      return { query: 'mutation ($id: ID!) { startVariation(agreementId: $id) { id } }', variables: { id: a.id } };
    } },
  { operation: 'discardVariation', allowed: ['igLead'], call: async (w) => {
      const a = await w.agreement('VARIATION');
      return { query: 'mutation ($id: ID!) { discardVariation(agreementId: $id) { id } }', variables: { id: a.id } };
    } },
  { operation: 'suspendAgreement', allowed: ['igLead'], call: async (w) => {
      const a = await w.agreement('ACTIVE');
      return { query: 'mutation ($i: AgreementStatusChangeInput!) { suspendAgreement(input: $i) { id } }', variables: { i: { agreementId: a.id, reason: 'Investigation' } } };
    } },
  { operation: 'resumeAgreement', allowed: ['igLead'], call: async (w) => {
      const a = await w.agreement('ACTIVE');
      const token = await w.t.login('ig@home.example');
      await w.t.gql('mutation ($i: AgreementStatusChangeInput!) { suspendAgreement(input: $i) { id } }', { i: { agreementId: a.id, reason: 'Investigation' } }, token);
      return { query: 'mutation ($id: ID!) { resumeAgreement(agreementId: $id) { id } }', variables: { id: a.id } };
    } },
  { operation: 'terminateAgreement', allowed: ['igLead'], call: async (w) => {
      const a = await w.agreement('ACTIVE');
      return { query: 'mutation ($i: AgreementStatusChangeInput!) { terminateAgreement(input: $i) { id } }', variables: { i: { agreementId: a.id, reason: 'Ended' } } };
    } },
  { operation: 'documentVerification', allowed: SIGNED_IN, call: async () => ({
      query: 'query ($h: String!) { documentVerification(sha256: $h) { known } }',
      variables: { h: 'a'.repeat(64) },
    }) },
  { operation: 'recordSharingDecision', allowed: ['practitioner', 'igLead'], call: async (w) => ({
      query: 'mutation ($i: SharingDecisionInput!) { recordSharingDecision(input: $i) { id } }',
      variables: { i: w.decision() },
    }) },
  { operation: 'recordSharingDecisions', allowed: ['practitioner', 'igLead'], call: async (w) => ({
      query: 'mutation ($d: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $d) { created } }',
      variables: { d: [w.decision(), w.decision()] },
    }) },
  { operation: 'importSharingDecisionsCsv', allowed: ['practitioner', 'igLead'], call: async (w) => {
      const d = w.decision();
      const columns = Object.keys(d);
      const cell = (value: unknown) => (Array.isArray(value) ? value.join('|') : String(value));
      return {
        query: 'mutation ($csv: String!) { importSharingDecisionsCsv(csv: $csv) { created } }',
        variables: { csv: `${columns.join(',')}\n${columns.map((c) => cell(d[c])).join(',')}` },
      };
    } },
  { operation: 'sharingDecisions', allowed: ['practitioner', 'igLead', 'otherIgLead'], call: async () => ({ query: '{ sharingDecisions { totalCount } }' }) },
  { operation: 'sharingDecision', allowed: ['practitioner', 'igLead'], call: async (w) => {
      const id = (await w.t.db.query('SELECT id FROM sharing_decision WHERE recorded_by_organisation_id = $1 LIMIT 1', [w.homeOrgId])).rows[0].id;
      return { query: 'query ($id: ID!) { sharingDecision(id: $id) { id } }', variables: { id } };
    } },
  { operation: 'reportIncident', allowed: ['practitioner', 'igLead'], call: async (w) => {
      const a = await w.agreement('ACTIVE');
      const at = new Date(Date.now() - 3_600_000).toISOString();
      return {
        query: 'mutation ($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }',
        variables: { i: { agreementId: a.id, kind: 'NEAR_MISS', severity: 'LOW', summary: 'Nearly misaddressed', occurredAt: at, discoveredAt: at, icoReportable: false } },
      };
    } },
  { operation: 'updateIncident', allowed: ['practitioner', 'igLead'], call: async (w) => {
      const id = await w.incident();
      return { query: 'mutation ($i: UpdateIncidentInput!) { updateIncident(input: $i) { id } }', variables: { i: { incidentId: id, status: 'INVESTIGATING' } } };
    } },
  { operation: 'incident', allowed: HOME_MEMBERS, call: async (w) => {
      const id = await w.incident();
      return { query: 'query ($id: ID!) { incident(id: $id) { id } }', variables: { id } };
    } },
  { operation: 'incidents', allowed: HOME_MEMBERS, call: async (w) => {
      const a = await w.agreement('ACTIVE');
      return { query: 'query ($id: ID!) { incidents(agreementId: $id) { id } }', variables: { id: a.id } };
    } },
  { operation: 'sharingMetrics', allowed: HOME_MEMBERS, call: async (w) => {
      const month = new Date().toISOString().slice(0, 7);
      return {
        query: 'query ($o: ID!, $m: String!) { sharingMetrics(organisationId: $o, fromMonth: $m, toMonth: $m) { decisions } }',
        variables: { o: w.homeOrgId, m: month },
      };
    } },
  { operation: 'agreementHealth', allowed: HOME_MEMBERS, call: async (w) => ({
      query: 'query ($o: ID!) { agreementHealth(organisationId: $o) { status } }',
      variables: { o: w.homeOrgId },
    }) },
  { operation: 'auditEntries', allowed: ['systemAdmin'], call: async () => ({ query: '{ auditEntries(first: 1) { totalCount } }' }) },
  { operation: 'auditChainVerification', allowed: ['systemAdmin'], call: async () => ({ query: '{ auditChainVerification { valid } }' }) },
];

describe('authorisation matrix', () => {
  let world: World;

  beforeAll(async () => {
    const t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '10000', EXPIRY_SWEEP_SECONDS: '0' });
    const home: Partner = await readyPartner(t, 'Matrix Home Trust', 'home');
    const other: Partner = await readyPartner(t, 'Matrix Other Council', 'other', { sector: 'LOCAL_AUTHORITY' });
    const partners = [await readyPartner(t, 'Matrix Partner One', 'partner-one'), await readyPartner(t, 'Matrix Partner Two', 'partner-two')];
    await registerEmailDomains(t, home.id, ['home.example', 'matrix.example']);
    await registerEmailDomains(t, other.id, ['other.example', 'other-matrix.example']);
    let recorded: Promise<string> | undefined;
    world = {
      t,
      homeOrgId: home.id,
      home,
      partners,
      uploadedOriginal: async () => (await uploadOriginal(t, home.igLead.token, scannedPdf(unique('original')))).body.id,
      recorded: () => (recorded ??= recordedAgreement(t, home, partners[0], partners[1])),
      tokens: {
        practitioner: home.practitioner.token,
        orgAdmin: (await createUser(t, home.id, 'admin@matrix.example', ['ORG_ADMIN'])).token,
        igLead: home.igLead.token,
        signatory: home.signatory.token,
        otherOrgAdmin: (await createUser(t, other.id, 'admin@other-matrix.example', ['ORG_ADMIN'])).token,
        otherIgLead: other.igLead.token,
        otherSignatory: other.signatory.token,
        systemAdmin: await t.adminToken(),
      },
      freshHomeUser: (roles = []) => createUser(t, home.id, `${unique('user')}@matrix.example`, roles),
      decision: () => decisionInput(home.id, partners[0].id, { clientKey: unique('decision') }),
      incident: async () => {
        const a = await world.agreement('ACTIVE');
        const at = new Date(Date.now() - 3_600_000).toISOString();
        const input = { agreementId: a.id, kind: 'NEAR_MISS', severity: 'LOW', summary: 'Nearly misaddressed', occurredAt: at, discoveredAt: at, icoReportable: false };
        return ok(await t.gql('mutation ($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }', { i: input }, home.practitioner.token)).reportIncident.id;
      },
      freshPartner: () => {
        const slug = unique('invitee');
        return readyPartner(t, `Matrix ${slug}`, slug, { sector: 'LOCAL_AUTHORITY' });
      },
      invitedDraft: async (state, invitee = other) => {
        const draft = await compliantDraftAgreement(t, home, home, partners[0], partners[1], unique('Matrix invitation'));
        const parties = [home, ...partners, invitee].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
        const named = ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: draft.revision, parties } }, home.igLead.token)).updateAgreementStructure;
        const answer = (query: string, input: Record<string, unknown>) => t.gql(query, { input: { agreementId: draft.id, ...input } }, invitee.igLead.token).then(ok);
        if (state !== 'NAMED' && state !== 'REFUSED') await answer(ACCEPT_INVITATION, {});
        if (state === 'REFUSED') await answer(REFUSE_INVITATION, { reason: 'Not our service' });
        if (state === 'WITHDRAWN') await answer(WITHDRAW_FROM_DRAFT, { reason: 'Service closed' });
        return { id: draft.id, revision: named.draftRevision };
      },
      agreement: async (state) => {
        const draft = await compliantDraftAgreement(t, home, home, partners[0], partners[1], unique('Matrix ISP'));
        if (state === 'DRAFT') return { ...draft, hash: null };
        const version = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, home.igLead.token)).submitForSignature;
        const answer = { ...draft, hash: version.contentHash as string };
        if (state === 'AWAITING') return answer;
        for (const signer of [home, ...partners]) {
          ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: version.contentHash } }, signer.signatory.token));
        }
        if (state === 'ACTIVE') return answer;
        ok(await t.gql('mutation ($id: ID!) { startVariation(agreementId: $id) { id } }', { id: draft.id }, home.igLead.token));
        return answer;
      },
    };
  });
  afterAll(async () => world.t.close());

  const cases = MATRIX.flatMap((row) => CALLERS.map((caller) => [row.operation, caller, row.allowed.includes(caller), row] as const));

  it.each(cases)('%s as %s: allowed=%s', async (_operation, caller, allowed, row) => {
    const { query, variables, token } = await row.call(world, caller);
    const callerToken = caller === 'anonymous' ? undefined : (token ?? world.tokens[caller]);
    const response: GraphqlResponse = await world.t.gql(query, variables, callerToken);
    const codes = (response.errors ?? []).map((e) => e.extensions.code);
    if (allowed) {
      expect(codes).toEqual([]);
    } else {
      expect(codes.length).toBeGreaterThan(0);
      expect(codes.every((code) => code === (caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'))).toBe(true);
    }
  });

  /**
   * What an organisation's invitation to a draft led by home confers, in each state. Named: it
   * may read the draft to decide, nothing more; accepted: a partner (it edits the draft, each sees the
   * other's role holders, home may submit); refused or withdrawn: nothing. Nobody outside sees a
   * partner's whole directory.
   */
  const ROLE_HOLDERS = 'query ($id: ID!) { organisation(id: $id) { igLead { email } } }';
  type Invited = { id: string; revision: number; invitee: Partner };
  const PROBES: { probe: string; confers: Record<InvitationState, boolean>; refusal: string; run(w: World, draft: Invited): Promise<GraphqlResponse> }[] = [
    { probe: 'the invited organisation reads the agreement', confers: { NAMED: true, ACCEPTED: true, REFUSED: false, WITHDRAWN: false }, refusal: 'FORBIDDEN',
      run: (w, d) => w.t.gql(GET_AGREEMENT, { id: d.id }, d.invitee.practitioner.token) },
    { probe: "the invited organisation's IG lead edits the draft", confers: { NAMED: false, ACCEPTED: true, REFUSED: false, WITHDRAWN: false }, refusal: 'FORBIDDEN',
      run: (w, d) => w.t.gql(UPDATE_DRAFT, { input: { agreementId: d.id, expectedRevision: d.revision, scope: 'Other wording' } }, d.invitee.igLead.token) },
    { probe: "home's practitioner sees the invited organisation's role holders", confers: { NAMED: false, ACCEPTED: true, REFUSED: false, WITHDRAWN: false }, refusal: 'FORBIDDEN',
      run: (w, d) => w.t.gql(ROLE_HOLDERS, { id: d.invitee.id }, w.tokens.practitioner) },
    { probe: "the invited organisation sees home's role holders", confers: { NAMED: false, ACCEPTED: true, REFUSED: false, WITHDRAWN: false }, refusal: 'FORBIDDEN',
      run: (w, d) => w.t.gql(ROLE_HOLDERS, { id: w.homeOrgId }, d.invitee.practitioner.token) },
    { probe: "home's practitioner lists the invited organisation's users", confers: { NAMED: false, ACCEPTED: false, REFUSED: false, WITHDRAWN: false }, refusal: 'FORBIDDEN',
      run: (w, d) => w.t.gql('query ($o: ID!) { users(organisationId: $o) { totalCount } }', { o: d.invitee.id }, w.tokens.practitioner) },
    { probe: "home's IG lead submits the draft for signature", confers: { NAMED: false, ACCEPTED: true, REFUSED: false, WITHDRAWN: false }, refusal: 'BAD_USER_INPUT',
      run: (w, d) => w.t.gql(SUBMIT, { input: { agreementId: d.id, expectedRevision: d.revision } }, w.tokens.igLead) },
  ];
  const STATES: InvitationState[] = ['NAMED', 'ACCEPTED', 'REFUSED', 'WITHDRAWN'];
  const invitationCases = STATES.flatMap((state) => PROBES.map((p) => [state, p.probe, p.confers[state], p] as const));

  it.each(invitationCases)('invitation %s: %s: allowed=%s', async (state, _probe, allowed, probe) => {
    // Each case invites an organisation of its own, involved in nothing else.
    const invitee = await world.freshPartner();
    const draft = { ...(await world.invitedDraft(state, invitee)), invitee };
    const codes = ((await probe.run(world, draft)).errors ?? []).map((e) => e.extensions.code);
    expect(codes).toEqual(allowed ? [] : [probe.refusal]);
  });

  it('has a row for every query and mutation in the schema', () => {
    const schema = world.t.app.get(GraphQLSchemaHost).schema;
    const operations = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
    expect(MATRIX.map((row) => row.operation).sort()).toEqual(operations.sort());
  });
});
