import { pageAssets } from '../src/web/page-assets.js';
import {
  ACCEPT_INVITATION,
  compliantDraftAgreement,
  CREATE_AGREEMENT,
  DECLINE,
  GET_AGREEMENT,
  readyPartner,
  registerEmailDomains,
  SIGN,
  SUBMIT,
  UPDATE_STRUCTURE,
  type Partner,
} from './support/agreement-fixtures.js';
import { decisionInput } from './support/decision-fixtures.js';
import { createUser } from './support/fixtures.js';
import { multipartFile, recordedAgreement, scannedPdf } from './support/signed-original-fixtures.js';
import { cookiesSetBy, formFields, HTML_ACCEPT, HttpBrowser, withField, type FormFields, type HttpMethod, type HttpRequest } from './support/http-browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The route half of the authorisation matrix (the GraphQL half is authorization-matrix.e2e-spec.ts):
 * every page, form and document route the app serves outside /graphql, called as every kind of
 * caller with the credential a browser or an API client would use, against the home organisation's
 * real resources. Routes are read from the running app's router: one without a row fails the last test.
 *
 * Allowed: got past authorisation (not 401, 403 or 404, not sent to sign in, no server error; a 400
 * for the form's content counts). Refused: 403; for anonymous callers 401, or for a page opened in a
 * browser a redirect to sign in; 404 only where a row names the callers the app deliberately does not
 * show the resource to. Every POST carries the caller's valid CSRF token, so what is tested is who
 * the caller is, never the token.
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
type SignedIn = Exclude<CallerKind, 'anonymous'>;
const CALLERS: CallerKind[] = ['anonymous', 'practitioner', 'orgAdmin', 'igLead', 'signatory', 'otherOrgAdmin', 'otherIgLead', 'otherSignatory', 'systemAdmin'];
const SIGNED_IN = CALLERS.filter((c): c is SignedIn => c !== 'anonymous');
/** Members of the home organisation, and the SYSTEM_ADMIN who reads everything. */
const HOME_MEMBERS: CallerKind[] = ['practitioner', 'orgAdmin', 'igLead', 'signatory', 'systemAdmin'];
/** Who records and reads decisions for their own organisation (the ledger's policy), among the callers. */
const RECORDERS: CallerKind[] = ['practitioner', 'igLead', 'otherIgLead'];

/**
 * How the caller is identified. Pages: the session cookie a browser signed in with. Document
 * routes, which API clients call too: that cookie, and separately an `Authorization: Bearer` token
 * (no cookie, no CSRF token), as another system would.
 */
type Credential = 'session' | 'bearer';

type AgreementState = 'DRAFT' | 'AWAITING' | 'ACTIVE' | 'VARIATION' | 'DECLINED';

interface AgreementRef {
  id: string;
  /** The draft's first data flow. */
  flowId: string | null;
}

interface World {
  t: TestApp;
  partners: Partner[];
  /** The organisation every target belongs to. */
  homeId: string;
  /** A ready organisation in no agreement yet, to add as a party. */
  newcomer: Partner;
  /** A PROTOCOL led by home: the partnership of its dashboard. */
  homeProtocolId: string;
  /** A decision recorded by home's practitioner. */
  homeDecisionId: string;
  /** Version 1 of a home agreement as PDF, to verify. */
  pdf: Buffer;
  tokens: Record<SignedIn, string>;
  /** One browser per caller, signed in (the anonymous one has only opened the sign-in page). */
  browsers: Record<CallerKind, HttpBrowser>;
  /** The caller in a browser of its own, signed in afresh: for a request that ends its session. */
  freshBrowser(caller: CallerKind): Promise<HttpBrowser>;
  /** An agreement led by home, with two partners, in the given state, shared by the rows that only read it. */
  shared(state: AgreementState): Promise<AgreementRef>;
  /** The same, made for one call that changes it. */
  fresh(state: AgreementState): Promise<AgreementRef>;
  /** A fresh user of home, for one call that changes them. */
  freshHomeUser(roles?: string[]): Promise<{ id: string; email: string }>;
  /** An agreement led by home with two partners, recorded from its signed original (shared): its id. */
  recorded(): Promise<string>;
  /** A fresh draft led by home that also names the other organisation, its invitation open or accepted: its id. */
  invitingOther(accepted: boolean): Promise<string>;
  /** A page as a caller who may open it, which must answer 200: where a form's fields come from. */
  page(as: SignedIn, path: string, cookies?: Record<string, string>): Promise<string>;
  /** The fields of the form on that page posting to `action`, as that caller's browser would send them unchanged. */
  form(as: SignedIn, path: string, action: string, options?: { answerRadios?: boolean; cookies?: Record<string, string> }): Promise<FormFields>;
  /** The decision draft a caller's browser holds after starting to record one (none if refused). */
  decisionDraft(caller: CallerKind): Promise<Record<string, string>>;
}

interface Row {
  method: HttpMethod;
  /** The route as the app registers it. */
  path: string;
  allowed: CallerKind[];
  /** Refused with 404 rather than 403: the app deliberately does not show them the resource. */
  hidden?: CallerKind[];
  /** Also called with a bearer token (the document routes). */
  bearer?: boolean;
  /** Why the row says what it says, where the policy could be read more than one way. */
  note?: string;
  /** The request (or requests: each must give the same answer); the caller's `_csrf` is added to every form (the `X-CSRF-Token` header to any other body). */
  request(w: World, caller: CallerKind, credential: Credential): Promise<HttpRequest | HttpRequest[]>;
  /** Sent from a browser of its own, signed in afresh (the request ends the session). */
  freshSession?: boolean;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;
/**
 * The organisation admins among the callers. The first SYSTEM_ADMIN is also the ORG_ADMIN of the
 * service operator's organisation (first-admin.bootstrap.ts), so the organisation pages are theirs too,
 * for that organisation.
 */
const ORG_ADMINS: CallerKind[] = ['orgAdmin', 'otherOrgAdmin', 'systemAdmin'];
/** The admin whose own organisation's form a caller would be shown: their own if they are one, else home's. */
const OWN_ORG_ADMIN = (caller: CallerKind): SignedIn => (caller === 'otherOrgAdmin' || caller === 'systemAdmin' ? caller : 'orgAdmin');

const get = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'GET', path, ...extra });
const post = (path: string, form: FormFields = [], extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'POST', path, form, ...extra });

/** An incident reported by home's practitioner under home's shared ACTIVE agreement (once). */
let incident: Promise<string> | null = null;
const homeIncident = (w: World): Promise<string> =>
  (incident ??= (async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const input = { agreementId: (await w.shared('ACTIVE')).id, kind: 'NEAR_MISS', severity: 'LOW', summary: 'A letter nearly posted to an old address', occurredAt: at, discoveredAt: at, icoReportable: false };
    return ok(await w.t.gql('mutation ($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }', { input }, w.tokens.practitioner)).reportIncident.id as string;
  })());

const MATRIX: Row[] = [
  // --- Public: no sign-in needed -------------------------------------------------------------
  { method: 'GET', path: '/health', allowed: CALLERS, request: async () => get('/health', { accept: 'application/json' }) },
  { method: 'GET', path: '/assets/*', allowed: CALLERS, note: 'every static mount under /assets (the NHS design system and our own files): public',
    request: async (w) => {
      const { urls } = pageAssets(w.t.config.templatesDir);
      return [urls.nhsukCss, urls.nhsukJs, urls.pageCss, urls.pageJs, urls.favicon].map((path) => get(path, { accept: '*/*' }));
    } },
  { method: 'GET', path: '/sign-in', allowed: CALLERS, request: async () => get('/sign-in') },
  { method: 'POST', path: '/sign-in', allowed: CALLERS, note: 'signing in as someone else while signed in is allowed: the new session replaces the cookie',
    request: async (w) => {
      const user = await w.freshHomeUser();
      return post('/sign-in', [['email', user.email], ['password', DEFAULT_PASSWORD], ['next', '/']]);
    } },
  { method: 'POST', path: '/sign-out', allowed: CALLERS, freshSession: true, note: 'public, so a browser whose session already ended can still sign out',
    request: async () => post('/sign-out') },
  { method: 'GET', path: '/password/forgotten', allowed: CALLERS, request: async () => get('/password/forgotten') },
  { method: 'POST', path: '/password/forgotten', allowed: CALLERS, note: 'public: the answer is the same page whether or not the address has an account',
    request: async () => post('/password/forgotten', [['email', 'nobody@matrix.example']]) },
  { method: 'GET', path: '/password/set/:token', allowed: CALLERS, note: 'public: the emailed link opens it before the person can sign in',
    request: async () => get(`/password/set/${'A'.repeat(43)}`) },
  { method: 'POST', path: '/password/set/:token', allowed: CALLERS, note: 'public: an unknown link is a 400 naming the link, the same for everyone',
    request: async () => post(`/password/set/${'A'.repeat(43)}`, [['email', 'nobody@matrix.example'], ['newPassword', 'amber quarry lantern violet']]) },
  { method: 'GET', path: '/session/warning.css', allowed: CALLERS, note: 'the idle warning\'s timing (from configuration, the same for everyone): public', request: async () => get('/session/warning.css', { accept: 'text/css' }) },
  { method: 'GET', path: '/session/stay-signed-in', allowed: SIGNED_IN, note: 'records the caller\'s own session activity and returns to the page', request: async () => get('/session/stay-signed-in?next=/agreements') },

  // --- The start and the dashboard ------------------------------------------------------------
  { method: 'GET', path: '/', allowed: SIGNED_IN, note: 'every signed-in user is sent to the first page of their menu (or the dashboard)', request: async () => get('/') },
  { method: 'GET', path: '/dashboard', allowed: HOME_MEMBERS,
    note: "home's partnership (a PROTOCOL home leads) named in the address: organisations involved in the protocol and SYSTEM_ADMIN; without one, everyone sees their own (or none)",
    request: async (w) => get(`/dashboard?partnership=${w.homeProtocolId}`) },
  { method: 'GET', path: '/dashboard.csv', allowed: HOME_MEMBERS, request: async (w) => get(`/dashboard.csv?partnership=${w.homeProtocolId}`) },
  { method: 'GET', path: '/dashboard/report.pdf', allowed: HOME_MEMBERS, request: async (w) => get(`/dashboard/report.pdf?partnership=${w.homeProtocolId}`) },

  // --- Agreements ---------------------------------------------------------------------------------
  { method: 'GET', path: '/agreements', allowed: SIGNED_IN,
    note: "the `agreements` query's rule: any signed-in user, each seeing only what their organisation is involved in (the menu offers it to the IG roles, but the list is not theirs alone)",
    request: async () => get('/agreements') },
  { method: 'GET', path: '/agreements/new', allowed: ['igLead', 'otherIgLead'], note: "`createAgreement` is any IG lead's, so the form is too, as the other journeys' form pages are (it was served to anyone signed in: fixed)",
    request: async () => get('/agreements/new') },
  { method: 'POST', path: '/agreements', allowed: ['igLead', 'otherIgLead'], note: 'any IG lead; their own organisation leads the draft',
    request: async (w) => {
      const form = await w.form('igLead', '/agreements/new', '/agreements');
      return post('/agreements', withField(withField(form, 'kind', 'ISP'), 'title', unique('Route matrix agreement')));
    } },
  { method: 'GET', path: '/agreements/:id', allowed: HOME_MEMBERS, note: "`agreement`'s rule: every member of an organisation involved, and SYSTEM_ADMIN",
    request: async (w) => get(`/agreements/${(await w.shared('DRAFT')).id}`) },
  { method: 'GET', path: '/agreements/:id/check', allowed: ['igLead'], note: 'the page before submitting: the lead organisation\'s IG lead\'s, as submitting is',
    request: async (w) => get(`/agreements/${(await w.shared('DRAFT')).id}/check`) },
  { method: 'POST', path: '/agreements/:id/submit', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('DRAFT');
      return post(`/agreements/${a.id}/submit`, withField(await w.form('igLead', `/agreements/${a.id}/check`, `/agreements/${a.id}/submit`), 'declaration', 'yes'));
    } },
  { method: 'GET', path: '/agreements/:id/changes', allowed: ['igLead'], note: "a variation's changes before it is checked and submitted",
    request: async (w) => get(`/agreements/${(await w.shared('VARIATION')).id}/changes`) },
  { method: 'GET', path: '/agreements/:id/variation/discard', allowed: ['igLead'], note: 'the question before a variation is discarded',
    request: async (w) => get(`/agreements/${(await w.shared('VARIATION')).id}/variation/discard`) },
  { method: 'GET', path: '/agreements/:id/versions/:number/text', allowed: HOME_MEMBERS, note: "a version's text as HTML: whoever may download its PDF",
    request: async (w) => get(`/agreements/${(await w.shared('AWAITING')).id}/versions/1/text`) },
  { method: 'POST', path: '/agreements/:id/variation', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('ACTIVE');
      return post(`/agreements/${a.id}/variation`, await w.form('igLead', `/agreements/${a.id}`, `/agreements/${a.id}/variation`));
    } },
  { method: 'POST', path: '/agreements/:id/variation/discard', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('VARIATION');
      return post(`/agreements/${a.id}/variation/discard`, await w.form('igLead', `/agreements/${a.id}/variation/discard`, `/agreements/${a.id}/variation/discard`));
    } },
  { method: 'GET', path: '/agreements/:id/versions/:number', allowed: HOME_MEMBERS,
    request: async (w) => get(`/agreements/${(await w.shared('AWAITING')).id}/versions/1`) },
  { method: 'GET', path: '/agreements/:id/compare', allowed: HOME_MEMBERS, note: "`agreementVersionDiff`'s rule",
    request: async (w) => get(`/agreements/${(await w.shared('AWAITING')).id}/compare?from=1&to=1`) },
  { method: 'GET', path: '/agreements/:id/edit/details', allowed: ['igLead'], note: 'the structure is the lead organisation\'s IG lead\'s: its form is refused to everyone else, even readers',
    request: async (w) => get(`/agreements/${(await w.shared('DRAFT')).id}/edit/details`) },
  { method: 'POST', path: '/agreements/:id/edit/details', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('DRAFT');
      const form = await w.form('igLead', `/agreements/${a.id}/edit/details`, `/agreements/${a.id}/edit/details`);
      return post(`/agreements/${a.id}/edit/details`, withField(form, 'title', unique('Renamed agreement')));
    } },
  { method: 'GET', path: '/agreements/:id/edit/parties', allowed: HOME_MEMBERS, note: 'everyone who may read the agreement sees its parties; only the lead\'s IG lead gets the forms',
    request: async (w) => get(`/agreements/${(await w.shared('DRAFT')).id}/edit/parties`) },
  { method: 'POST', path: '/agreements/:id/edit/parties/roles', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('DRAFT');
      return post(`/agreements/${a.id}/edit/parties/roles`, await w.form('igLead', `/agreements/${a.id}/edit/parties`, `/agreements/${a.id}/edit/parties/roles`));
    } },
  { method: 'POST', path: '/agreements/:id/edit/parties/add', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('DRAFT');
      const form = await w.form('igLead', `/agreements/${a.id}/edit/parties`, `/agreements/${a.id}/edit/parties/add`);
      return post(`/agreements/${a.id}/edit/parties/add`, withField(form, 'parties', w.newcomer.id));
    } },
  { method: 'POST', path: '/agreements/:id/edit/parties/remove', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('DRAFT');
      const form = await w.form('igLead', `/agreements/${a.id}/edit/parties`, `/agreements/${a.id}/edit/parties/remove`);
      return post(`/agreements/${a.id}/edit/parties/remove`, withField(form, 'remove', w.partners[1].id));
    } },
  { method: 'GET', path: '/agreements/:id/edit/data-flows', allowed: ['igLead'],
    note: "a section form is for the IG lead of the lead or of a party of the draft (`updateAgreementDraft`'s rule); readers are refused the form",
    request: async (w) => get(`/agreements/${(await w.shared('DRAFT')).id}/edit/data-flows`) },
  { method: 'GET', path: '/agreements/:id/edit/data-flows/:flowId', allowed: ['igLead'], request: async (w) => {
      const a = await w.shared('DRAFT');
      return get(`/agreements/${a.id}/edit/data-flows/${a.flowId}`);
    } },
  { method: 'POST', path: '/agreements/:id/edit/data-flows/:flowId', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('DRAFT');
      const path = `/agreements/${a.id}/edit/data-flows/${a.flowId}`;
      return post(path, await w.form('igLead', path, path));
    } },
  { method: 'POST', path: '/agreements/:id/edit/data-flows/:flowId/remove', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('DRAFT');
      const path = `/agreements/${a.id}/edit/data-flows/${a.flowId}`;
      return post(`${path}/remove`, await w.form('igLead', path, `${path}/remove`));
    } },
  { method: 'GET', path: '/agreements/:id/edit/:section', allowed: ['igLead'],
    request: async (w) => get(`/agreements/${(await w.shared('DRAFT')).id}/edit/purposes`) },
  { method: 'POST', path: '/agreements/:id/edit/:section', allowed: ['igLead'], request: async (w) => {
      const a = await w.fresh('DRAFT');
      const path = `/agreements/${a.id}/edit/purposes`;
      return post(path, await w.form('igLead', path, path));
    } },

  // --- Invitations: the named organisation answers ----------------------------------------------------
  { method: 'POST', path: '/agreements/:id/invitation/accept', allowed: ['otherIgLead', 'otherSignatory'],
    note: "`acceptPartnershipInvitation`'s rule: the named organisation's IG lead or signatory; the lead organisation answers no invitation",
    request: async (w) => post(`/agreements/${await w.invitingOther(false)}/invitation/accept`) },
  { method: 'GET', path: '/agreements/:id/invitation/:answer', allowed: ['otherIgLead', 'otherSignatory'], note: 'the refuse (and leave) form is for those who may send it',
    request: async (w) => get(`/agreements/${await w.invitingOther(false)}/invitation/refuse`) },
  { method: 'POST', path: '/agreements/:id/invitation/:answer', allowed: ['otherIgLead', 'otherSignatory'], request: async (w) => {
      const id = await w.invitingOther(true);
      return post(`/agreements/${id}/invitation/leave`, [['reason', 'Service closed']]);
    } },

  // --- Recording an agreement signed on paper ---------------------------------------------------------
  { method: 'GET', path: '/agreements/:id/record-signed', allowed: ['igLead'], note: "`recordSignedAgreement` on a draft is the lead organisation's IG lead's",
    request: async (w) => get(`/agreements/${(await w.shared('DRAFT')).id}/record-signed`) },
  { method: 'POST', path: '/agreements/:id/record-signed/original', allowed: ['igLead'], note: 'the scan, posted as a browser form (multipart, token in the header here); nothing is stored for anyone else',
    request: async (w) => ({ method: 'POST', path: `/agreements/${(await w.shared('DRAFT')).id}/record-signed/original`, ...multipartFile(scannedPdf(unique('page upload'))) }) },
  { method: 'GET', path: '/agreements/:id/record-signed/details', allowed: ['igLead'], note: 'without an upload of theirs the lead\'s IG lead is sent back to the upload page',
    request: async (w) => get(`/agreements/${(await w.shared('DRAFT')).id}/record-signed/details`) },
  { method: 'POST', path: '/agreements/:id/record-signed/check', allowed: ['igLead'], request: async (w) => post(`/agreements/${(await w.shared('DRAFT')).id}/record-signed/check`, [['originalId', '00000000-0000-4000-8000-000000000000']]) },
  { method: 'POST', path: '/agreements/:id/record-signed/edit', allowed: ['igLead'], request: async (w) => post(`/agreements/${(await w.shared('DRAFT')).id}/record-signed/edit`, [['originalId', '00000000-0000-4000-8000-000000000000']]) },
  { method: 'POST', path: '/agreements/:id/record-signed', allowed: ['igLead'], request: async (w) => post(`/agreements/${(await w.shared('DRAFT')).id}/record-signed`, [['originalId', '00000000-0000-4000-8000-000000000000']]) },

    // --- In-tray: signing --------------------------------------------------------------------------
  { method: 'GET', path: '/in-tray', allowed: ['igLead', 'signatory', 'otherIgLead', 'otherSignatory'],
    note: "each signatory and IG lead their own organisation's in-tray (an IG lead's holds the records of agreements signed on paper to confirm); nobody else has one, SYSTEM_ADMIN included",
    request: async () => get('/in-tray') },
  { method: 'GET', path: '/in-tray/:agreementId/versions/:versionNumber', allowed: ['signatory'],
    note: "only signatories of the version's parties: a party's IG lead or admin, and SYSTEM_ADMIN, who may read it elsewhere, may not open it to sign",
    request: async (w) => get(`/in-tray/${(await w.shared('AWAITING')).id}/versions/1`) },
  { method: 'POST', path: '/in-tray/:agreementId/sign', allowed: ['signatory'], request: async (w) => {
      const a = await w.fresh('AWAITING');
      const form = await w.form('signatory', `/in-tray/${a.id}/versions/1`, `/in-tray/${a.id}/sign`);
      return post(`/in-tray/${a.id}/sign`, withField(form, 'confirm', 'yes'));
    } },
  { method: 'POST', path: '/in-tray/:agreementId/decline', allowed: ['signatory'], request: async (w) => {
      const a = await w.fresh('AWAITING');
      const form = await w.form('signatory', `/in-tray/${a.id}/versions/1`, `/in-tray/${a.id}/decline`);
      return post(`/in-tray/${a.id}/decline`, withField(form, 'reason', 'The retention period is not agreed'));
    } },
  { method: 'GET', path: '/in-tray/:agreementId/versions/:versionNumber/record', allowed: [],
    note: "only the IG lead or a signatory of a party other than the lead (none of these callers: home leads it; signed-original-pages.e2e-spec.ts lets them in)",
    request: async (w) => get(`/in-tray/${await w.recorded()}/versions/1/record`) },
  { method: 'POST', path: '/in-tray/:agreementId/record/confirm', allowed: [], note: "`confirmRecordedOriginal`'s rule, as the page's",
    request: async (w) => post(`/in-tray/${await w.recorded()}/record/confirm`, [['versionNumber', '1']]) },
  { method: 'POST', path: '/in-tray/:agreementId/record/dispute', allowed: [], note: "`disputeRecordedOriginal`'s rule, as the page's",
    request: async (w) => post(`/in-tray/${await w.recorded()}/record/dispute`, [['versionNumber', '1'], ['reason', 'Not what we signed']]) },
  { method: 'GET', path: '/in-tray/:agreementId/versions/:versionNumber/signed', allowed: ['signatory'],
    request: async (w) => get(`/in-tray/${(await w.shared('ACTIVE')).id}/versions/1/signed`) },
  { method: 'GET', path: '/in-tray/:agreementId/versions/:versionNumber/declined', allowed: ['signatory'],
    request: async (w) => get(`/in-tray/${(await w.shared('DECLINED')).id}/versions/1/declined`) },

  // --- Incidents, and suspending, resuming and terminating an agreement ------------------------
  { method: 'GET', path: '/incidents/new', allowed: RECORDERS, note: "`reportIncident`'s role rule: practitioners and IG roles of any organisation", request: async () => get('/incidents/new') },
  { method: 'POST', path: '/incidents/new', allowed: RECORDERS, note: 'an agreement the caller is not involved in is refused as a form error (400), never named',
    request: async (w) => post('/incidents/new', [['agreementId', (await w.shared('ACTIVE')).id]]) },
  { method: 'GET', path: '/agreements/:id/incidents/new', allowed: ['practitioner', 'igLead'], request: async (w) => get(`/agreements/${(await w.shared('ACTIVE')).id}/incidents/new`) },
  { method: 'POST', path: '/agreements/:id/incidents', allowed: ['practitioner', 'igLead'], note: 'an empty form: refused for its content (400) by who may send it',
    request: async (w) => post(`/agreements/${(await w.shared('ACTIVE')).id}/incidents`) },
  { method: 'GET', path: '/incidents/:id', allowed: HOME_MEMBERS, note: "`incident`'s rule: every member of an organisation involved in the agreement, and SYSTEM_ADMIN",
    request: async (w) => get(`/incidents/${await homeIncident(w)}`) },
  { method: 'GET', path: '/incidents/:id/update', allowed: ['practitioner', 'igLead'], request: async (w) => get(`/incidents/${await homeIncident(w)}/update`) },
  { method: 'POST', path: '/incidents/:id/update', allowed: ['practitioner', 'igLead'], request: async (w) => post(`/incidents/${await homeIncident(w)}/update`, [['status', 'INVESTIGATING']]) },
  { method: 'GET', path: '/incidents/:id/close', allowed: ['practitioner', 'igLead'], note: 'once closed, the page answers 409 to who may close it', request: async (w) => get(`/incidents/${await homeIncident(w)}/close`) },
  { method: 'POST', path: '/incidents/:id/close', allowed: ['practitioner', 'igLead'], request: async (w) => post(`/incidents/${await homeIncident(w)}/close`) },
  { method: 'GET', path: '/agreements/:id/status/:action', allowed: ['igLead'], note: "the lead organisation's IG lead, Caldicott Guardian or SIRO: of these callers, home's IG lead",
    request: async (w) => get(`/agreements/${(await w.shared('ACTIVE')).id}/status/suspend`) },
  { method: 'POST', path: '/agreements/:id/status/:action/edit', allowed: ['igLead'], request: async (w) => post(`/agreements/${(await w.shared('ACTIVE')).id}/status/terminate/edit`, [['reason', 'Changing the words']]) },
  { method: 'POST', path: '/agreements/:id/status/:action/check', allowed: ['igLead'], request: async (w) => post(`/agreements/${(await w.shared('ACTIVE')).id}/status/suspend/check`, [['reason', 'Checking the words']]) },
  { method: 'POST', path: '/agreements/:id/status/:action', allowed: ['igLead'], request: async (w) => post(`/agreements/${(await w.fresh('ACTIVE')).id}/status/suspend`, [['reason', 'Suspended for the matrix']]) },

  // --- Organisation: the admin's pages (always the caller's own organisation) -----------------
  { method: 'GET', path: '/organisation', allowed: ORG_ADMINS,
    note: "always the caller's own organisation, only for its ORG_ADMIN: the SYSTEM_ADMIN gets the operator's organisation, and manages any other through the API only",
    request: async () => get('/organisation') },
  { method: 'GET', path: '/organisation/profile', allowed: ORG_ADMINS, request: async () => get('/organisation/profile') },
  { method: 'POST', path: '/organisation/profile', allowed: ORG_ADMINS, note: 'posts the caller\'s own organisation\'s details unchanged',
    request: async (w, caller) => post('/organisation/profile', await w.form(OWN_ORG_ADMIN(caller), '/organisation/profile', '/organisation/profile')) },
  { method: 'GET', path: '/organisation/assurance', allowed: ORG_ADMINS, request: async () => get('/organisation/assurance') },
  { method: 'POST', path: '/organisation/assurance', allowed: ORG_ADMINS, note: "posts the caller's own organisation's assurance form unchanged: an entry like the one in force, from today",
    request: async (w, caller) => post('/organisation/assurance', await w.form(OWN_ORG_ADMIN(caller), '/organisation/assurance', '/organisation/assurance')) },
  { method: 'GET', path: '/organisation/users/new', allowed: ORG_ADMINS, request: async () => get('/organisation/users/new') },
  { method: 'POST', path: '/organisation/users/new', allowed: ORG_ADMINS, note: 'the user is added to the caller\'s own organisation', request: async (w) => {
      const form = await w.form('orgAdmin', '/organisation/users/new', '/organisation/users/new');
      const fields = withField(withField(withField(form, 'email', `${unique('added')}@route-matrix.example`), 'fullName', 'Added Person'), 'password', DEFAULT_PASSWORD);
      return post('/organisation/users/new', fields);
    } },
  { method: 'GET', path: '/organisation/users/:userId/roles', allowed: ['orgAdmin'], hidden: ['otherOrgAdmin', 'systemAdmin'],
    note: "another organisation's admin (the SYSTEM_ADMIN too, here) is told a home user is not found (404), whoever may see them elsewhere",
    request: async (w) => get(`/organisation/users/${(await w.freshHomeUser()).id}/roles`) },
  { method: 'POST', path: '/organisation/users/:userId/roles', allowed: ['orgAdmin'], hidden: ['otherOrgAdmin', 'systemAdmin'], request: async (w) => {
      const user = await w.freshHomeUser();
      const path = `/organisation/users/${user.id}/roles`;
      return post(path, withField(await w.form('orgAdmin', path, path), 'roles', ['SIGNATORY']));
    } },
  { method: 'GET', path: '/organisation/users/:userId/deactivate', allowed: ['orgAdmin'], hidden: ['otherOrgAdmin', 'systemAdmin'],
    request: async (w) => get(`/organisation/users/${(await w.freshHomeUser()).id}/deactivate`) },
  { method: 'POST', path: '/organisation/users/:userId/deactivate', allowed: ['orgAdmin'], hidden: ['otherOrgAdmin', 'systemAdmin'], request: async (w) => {
      const path = `/organisation/users/${(await w.freshHomeUser()).id}/deactivate`;
      return post(path, await w.form('orgAdmin', path, path));
    } },
  { method: 'POST', path: '/organisation/users/:userId/reactivate', allowed: ['orgAdmin'], hidden: ['otherOrgAdmin', 'systemAdmin'], request: async (w) => {
      const user = await w.freshHomeUser();
      ok(await w.t.gql('mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: user.id }, await w.t.adminToken()));
      return post(`/organisation/users/${user.id}/reactivate`);
    } },

  // --- Account: any signed-in user's own sessions -------------------------------------------------
  { method: 'GET', path: '/account', allowed: SIGNED_IN, note: "always the caller's own account and sessions", request: async () => get('/account') },
  { method: 'POST', path: '/account/sessions/:sessionId/end', allowed: ['practitioner'], hidden: SIGNED_IN.filter((c) => c !== 'practitioner'),
    note: "`endSession`'s rule: only one's own session or token (here a fresh API token of home's practitioner); anyone else's, an admin's too, is not found",
    request: async (w) => {
      const email = ok(await w.t.gql('{ me { email } }', {}, w.tokens.practitioner)).me.email as string;
      const token = await w.t.login(email);
      const id = ok(await w.t.gql('{ sessions { id current } }', {}, token)).sessions.find((s: { current: boolean }) => s.current).id as string;
      return post(`/account/sessions/${id}/end`);
    } },
  { method: 'POST', path: '/account/notifications', allowed: SIGNED_IN, note: "the caller's own email choices (here: none in the digest)", request: async () => post('/account/notifications') },

  // --- Notifications: each person's own; the outbox for the SYSTEM_ADMIN ------------------------
  { method: 'GET', path: '/notifications', allowed: SIGNED_IN, note: "always the caller's own notifications", request: async () => get('/notifications') },
  { method: 'POST', path: '/notifications/read', allowed: SIGNED_IN, note: "marks the caller's own read", request: async () => post('/notifications/read') },
  { method: 'POST', path: '/notifications/:id/read', allowed: ['practitioner'], hidden: SIGNED_IN.filter((c) => c !== 'practitioner'),
    note: "a notification of home's practitioner: anyone else's is not found", request: async (w) => {
      const userId = ok(await w.t.gql('{ me { id } }', {}, w.tokens.practitioner)).me.id as string;
      const { rows } = await w.t.db.query(`INSERT INTO notification (user_id, kind, subject, body, link, in_digest) VALUES ($1, 'AGREEMENT_IN_FORCE', 'In force', 'An agreement is in force.', '/agreements', false) RETURNING id`, [userId]);
      return post(`/notifications/${rows[0].id}/read`);
    } },
  { method: 'GET', path: '/outbox', allowed: ['systemAdmin'], note: 'every email the service has written, to anyone', request: async () => get('/outbox') },
  { method: 'GET', path: '/organisations/:id/email-domains', allowed: ['systemAdmin'], note: "`setOrganisationEmailDomains`'s rule: a system admin, for any organisation",
    request: async (w) => get(`/organisations/${w.homeId}/email-domains`) },
  { method: 'POST', path: '/organisations/:id/email-domains', allowed: ['systemAdmin'], note: "posts home's domains unchanged",
    request: async (w) => post(`/organisations/${w.homeId}/email-domains`, [['domains', 'home.example\nroute-matrix.example']]) },

  // --- Decisions: the practitioner's pages (the caller's own organisation's) -------------------
  { method: 'GET', path: '/decisions', allowed: RECORDERS, note: 'the recorders of any organisation, each seeing their own organisation\'s decisions', request: async () => get('/decisions') },
  { method: 'GET', path: '/decisions/new', allowed: RECORDERS, request: async () => get('/decisions/new') },
  { method: 'POST', path: '/decisions/new', allowed: RECORDERS, request: async (w) => post('/decisions/new', await w.form('practitioner', '/decisions/new', '/decisions/new')) },
  { method: 'GET', path: '/decisions/new/check', allowed: RECORDERS, note: "with the caller's own draft, begun a moment ago (so it sends them on to the first question)",
    request: async (w, caller) => get('/decisions/new/check', { cookies: await w.decisionDraft(caller) }) },
  { method: 'POST', path: '/decisions/new/check', allowed: RECORDERS, request: async (w, caller) => post('/decisions/new/check', [], { cookies: await w.decisionDraft(caller) }) },
  { method: 'GET', path: '/decisions/new/:step', allowed: RECORDERS,
    request: async (w, caller) => get('/decisions/new/question-1', { cookies: await w.decisionDraft(caller) }) },
  { method: 'POST', path: '/decisions/new/:step', allowed: RECORDERS, request: async (w, caller) => {
      const form = await w.form('practitioner', '/decisions/new/question-1', '/decisions/new/question-1', { answerRadios: true, cookies: await w.decisionDraft('practitioner') });
      return post('/decisions/new/question-1', form, { cookies: await w.decisionDraft(caller) });
    } },
  { method: 'GET', path: '/decisions/routine', allowed: RECORDERS, note: 'each recorder is offered only the flows from their own organisation', request: async () => get('/decisions/routine') },
  { method: 'GET', path: '/decisions/routine/:agreementId/:flowId', allowed: ['practitioner', 'igLead'], hidden: ['otherIgLead'],
    note: "a flow from the caller's own organisation under an agreement in force: another organisation's recorders are not told it is there",
    request: async (w) => get(await routineHref(w)) },
  { method: 'POST', path: '/decisions/routine/:agreementId/:flowId', allowed: ['practitioner', 'igLead'], hidden: ['otherIgLead'], request: async (w) => {
      const href = await routineHref(w);
      return post(href, await w.form('practitioner', href, href));
    } },
  { method: 'GET', path: '/decisions/:id', allowed: ['practitioner', 'igLead'], note: "`sharingDecision`'s rule: the recording organisation's recorders; another organisation's are refused (403), not told it is not there",
    request: async (w) => get(`/decisions/${w.homeDecisionId}`) },
  { method: 'GET', path: '/decisions/:id/recorded', allowed: ['practitioner', 'igLead'], request: async (w) => get(`/decisions/${w.homeDecisionId}/recorded`) },

  // --- Documents: pages' links, and API clients with a bearer token ------------------------------
  { method: 'GET', path: '/documents/agreements/:agreementId/versions/:versionNumber.pdf', allowed: HOME_MEMBERS, bearer: true,
    note: 'organisations involved in the agreement, and SYSTEM_ADMIN (as `agreement`)',
    request: async (w, _caller, credential) => get(`/documents/agreements/${(await w.shared('AWAITING')).id}/versions/1.pdf`, documentAccept(credential, 'application/pdf')) },
  { method: 'GET', path: '/documents/agreements/:agreementId/draft.pdf', allowed: HOME_MEMBERS, bearer: true,
    request: async (w, _caller, credential) => get(`/documents/agreements/${(await w.shared('DRAFT')).id}/draft.pdf`, documentAccept(credential, 'application/pdf')) },
  { method: 'GET', path: '/documents/agreements/:agreementId/versions/:versionNumber.json', allowed: HOME_MEMBERS, bearer: true,
    request: async (w, _caller, credential) => get(`/documents/agreements/${(await w.shared('AWAITING')).id}/versions/1.json`, documentAccept(credential, 'application/json')) },
  { method: 'GET', path: '/documents/agreements/:agreementId/draft.json', allowed: HOME_MEMBERS, bearer: true,
    request: async (w, _caller, credential) => get(`/documents/agreements/${(await w.shared('DRAFT')).id}/draft.json`, documentAccept(credential, 'application/json')) },
  { method: 'POST', path: '/documents/signed-originals', allowed: ['igLead', 'otherIgLead'], bearer: true,
    note: 'any IG lead uploads a scanned original for their own organisation, to record it afterwards',
    request: async () => ({ method: 'POST', path: '/documents/signed-originals', ...multipartFile(scannedPdf(unique('upload'))), accept: 'application/json' }) },
  { method: 'GET', path: '/documents/agreements/:agreementId/versions/:versionNumber/signed-original.pdf', allowed: ['practitioner', 'orgAdmin', 'igLead', 'signatory'], bearer: true,
    note: "the parties only: not a SYSTEM_ADMIN, who reads the agreement but is no party to it",
    request: async (w, _caller, credential) => get(`/documents/agreements/${await w.recorded()}/versions/1/signed-original.pdf`, documentAccept(credential, 'application/pdf')) },
  { method: 'POST', path: '/documents/verify', allowed: SIGNED_IN, bearer: true, note: '`documentVerification`\'s rule: any signed-in user (it says only which agreement a PDF is, if they hold it)',
    request: async (w) => ({ method: 'POST', path: '/documents/verify', body: w.pdf, contentType: 'application/pdf', accept: 'application/json' }) },

  // --- The ledger: bulk ingest for other systems -------------------------------------------------
  { method: 'POST', path: '/ledger/decisions', allowed: ['practitioner', 'igLead'], bearer: true,
    note: "`recordSharingDecisions`' rule: the recorders of the disclosing organisation (home's here; another organisation's IG lead is refused)",
    request: async (w) => ({
      method: 'POST',
      path: '/ledger/decisions',
      contentType: 'application/x-ndjson',
      accept: 'application/json',
      body: Buffer.from(JSON.stringify(decisionInput(w.homeId, w.partners[0].id, { clientKey: unique('route-matrix-bulk') }))),
    }) },
];

/** The short route's page for home's first routine flow under the shared agreement in force. */
async function routineHref(w: World): Promise<string> {
  const { id } = await w.shared('ACTIVE');
  const href = (await w.page('practitioner', '/decisions/routine')).match(new RegExp(`href="(/decisions/routine/${id}/[^"]+)"`))?.[1];
  if (!href) throw new Error("the short route offers home's practitioner no flow of the shared agreement in force");
  return href;
}

/** Served elsewhere and covered by their own matrix. */
const COVERED_ELSEWHERE: Record<string, string> = {
  'USE /graphql': 'test/authorization-matrix.e2e-spec.ts walks every query and mutation',
};

/** A browser following a link asks for HTML; an API client asks for the document. */
function documentAccept(credential: Credential, type: string): Partial<HttpRequest> {
  return { accept: credential === 'session' ? HTML_ACCEPT : type };
}

/** Every route and mounted handler the running app serves, as `METHOD /path` (`USE /path` for a mounted handler such as static files). */
function servedRoutes(t: TestApp): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    rawPath?: unknown;
    slash?: boolean;
  }
  const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router.stack;
  const served: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') served.push(`${method.toUpperCase()} ${layer.route.path}`);
      continue;
    }
    // Middleware for every request (body parsers, headers, logging) serves no path of its own.
    const path = String(layer.rawPath);
    if (layer.slash || path === '/' || path === '/*path' || path === '*') continue;
    served.push(`USE ${path}`);
  }
  return [...new Set(served)];
}

/** The row a served route belongs to: static mounts under /assets belong to the assets row. */
function rowKeyOf(served: string): string {
  return served.startsWith('USE /assets/') ? 'GET /assets/*' : served;
}

describe('authorisation matrix: pages and document routes', () => {
  let world: World;

  beforeAll(async () => {
    const t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '10000', EXPIRY_SWEEP_SECONDS: '0' });
    const home = await readyPartner(t, 'Route Matrix Home Trust', 'home');
    const other = await readyPartner(t, 'Route Matrix Other Council', 'other', { sector: 'LOCAL_AUTHORITY' });
    const partners = [await readyPartner(t, 'Route Matrix Partner One', 'partner-one'), await readyPartner(t, 'Route Matrix Partner Two', 'partner-two')];
    const newcomer = await readyPartner(t, 'Route Matrix Newcomer', 'newcomer');
    await registerEmailDomains(t, home.id, ['home.example', 'route-matrix.example']);
    const orgAdmin = await createUser(t, home.id, 'admin@route-matrix.example', ['ORG_ADMIN']);
    const otherOrgAdmin = await createUser(t, other.id, 'admin@other-route-matrix.example', ['ORG_ADMIN']);
    const member = (email: string) => ({ email, password: DEFAULT_PASSWORD });
    const emails: Record<SignedIn, { email: string; password: string }> = {
      practitioner: member(home.practitioner.email),
      orgAdmin: member(orgAdmin.email),
      igLead: member(home.igLead.email),
      signatory: member(home.signatory.email),
      otherOrgAdmin: member(otherOrgAdmin.email),
      otherIgLead: member(other.igLead.email),
      otherSignatory: member(other.signatory.email),
      systemAdmin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    };
    const tokens: World['tokens'] = {
      practitioner: home.practitioner.token,
      orgAdmin: orgAdmin.token,
      igLead: home.igLead.token,
      signatory: home.signatory.token,
      otherOrgAdmin: otherOrgAdmin.token,
      otherIgLead: other.igLead.token,
      otherSignatory: other.signatory.token,
      systemAdmin: await t.adminToken(),
    };
    const freshBrowser = (caller: CallerKind) =>
      caller === 'anonymous' ? HttpBrowser.anonymous(t.url) : HttpBrowser.signedIn(t.url, emails[caller].email, emails[caller].password);
    const browsers = Object.fromEntries(await Promise.all(CALLERS.map(async (c) => [c, await freshBrowser(c)] as const))) as Record<CallerKind, HttpBrowser>;

    const protocol = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Route Matrix Partnership Protocol' } }, home.igLead.token)).createAgreement;
    const decision = ok(
      await t.gql('mutation ($i: SharingDecisionInput!) { recordSharingDecision(input: $i) { id } }', {
        i: decisionInput(home.id, partners[0].id, { clientKey: unique('route-matrix-decision') }),
      }, home.practitioner.token),
    ).recordSharingDecision;

    const make = async (state: AgreementState): Promise<AgreementRef> => {
      const draft = await compliantDraftAgreement(t, home, home, partners[0], partners[1], unique('Route Matrix ISP'));
      const flows = ok(await t.gql(GET_AGREEMENT, { id: draft.id }, home.igLead.token)).agreement.draft.content.dataFlows as { id: string }[];
      const ref: AgreementRef = { id: draft.id, flowId: flows[0]?.id ?? null };
      if (state === 'DRAFT') return ref;
      const version = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, home.igLead.token)).submitForSignature;
      if (state === 'AWAITING') return ref;
      if (state === 'DECLINED') {
        ok(await t.gql(DECLINE, { input: { agreementId: draft.id, versionNumber: 1, reason: 'Not as drafted' } }, home.signatory.token));
        return ref;
      }
      for (const signer of [home, ...partners]) {
        ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: version.contentHash } }, signer.signatory.token));
      }
      if (state === 'ACTIVE') return ref;
      ok(await t.gql('mutation ($id: ID!) { startVariation(agreementId: $id) { id } }', { id: draft.id }, home.igLead.token));
      return ref;
    };
    const sharedAgreements = new Map<AgreementState, Promise<AgreementRef>>();
    let recorded: Promise<string> | undefined;
    const page = async (as: SignedIn, path: string, cookies?: Record<string, string>) => {
      const response = await browsers[as].send({ path, cookies });
      const html = await response.text();
      if (response.status !== 200) throw new Error(`${path} as ${as} answered ${response.status}, not the page with the form: ${html.slice(0, 300)}`);
      return html;
    };

    world = {
      t,
      partners,
      homeId: home.id,
      newcomer,
      homeProtocolId: protocol.id,
      homeDecisionId: decision.id,
      pdf: Buffer.alloc(0),
      tokens,
      browsers,
      freshBrowser,
      shared: (state) => {
        if (!sharedAgreements.has(state)) sharedAgreements.set(state, make(state));
        return sharedAgreements.get(state)!;
      },
      fresh: make,
      invitingOther: async (accepted) => {
        const draft = await compliantDraftAgreement(t, home, home, partners[0], partners[1], unique('Route Matrix invitation'));
        const parties = [home, ...partners, other].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
        ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: draft.revision, parties } }, home.igLead.token));
        if (accepted) ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId: draft.id } }, other.igLead.token));
        return draft.id;
      },
      recorded: () => (recorded ??= recordedAgreement(t, home, partners[0], partners[1])),
      freshHomeUser: async (roles = []) => {
        const user = await createUser(t, home.id, `${unique('user')}@route-matrix.example`, roles);
        return { id: user.id, email: user.email };
      },
      page,
      form: async (as, path, action, options = {}) => formFields(await page(as, path, options.cookies), action, options),
      decisionDraft: async (caller) => {
        if (caller === 'anonymous') return {};
        const browser = browsers[caller];
        const response = await browser.send({ method: 'POST', path: '/decisions/new', form: [['_csrf', browser.csrf]] });
        const drafts = Object.entries(cookiesSetBy(response)).filter((entry): entry is [string, string] => entry[0].startsWith('accordant_decision-') && entry[1] !== null);
        return Object.fromEntries(drafts);
      },
    };
    const pdf = await fetch(`${t.url}/documents/agreements/${(await world.shared('AWAITING')).id}/versions/1.pdf`, { headers: { authorization: `Bearer ${home.igLead.token}` } });
    expect(pdf.status).toBe(200);
    world.pdf = Buffer.from(await pdf.arrayBuffer());
  });
  afterAll(async () => world?.t.close());

  const cases = MATRIX.flatMap((row) =>
    (row.bearer ? (['session', 'bearer'] as const) : (['session'] as const)).flatMap((credential) =>
      CALLERS.map((caller) => {
        const expected = row.allowed.includes(caller) ? 'allowed' : row.hidden?.includes(caller) ? 'hidden (404)' : 'refused';
        return [`${row.method} ${row.path}`, caller, credential, expected, row] as const;
      }),
    ),
  );

  it.each(cases)('%s as %s (%s): %s', async (_route, caller, credential, expected, row) => {
    const requests = await row.request(world, caller, credential);
    for (const request of Array.isArray(requests) ? requests : [requests]) {
      const browser = row.freshSession ? await world.freshBrowser(caller) : world.browsers[caller];
      let response: Response;
      if (credential === 'bearer') {
        const headers = { ...request.headers, ...(caller === 'anonymous' ? {} : { authorization: `Bearer ${world.tokens[caller]}` }) };
        response = await new HttpBrowser(world.t.url).send({ ...request, headers });
      } else if (request.form) {
        response = await browser.send({ ...request, form: withField(request.form, '_csrf', browser.csrf) });
      } else if ((request.method ?? 'GET') !== 'GET') {
        response = await browser.send({ ...request, headers: { ...request.headers, 'x-csrf-token': browser.csrf } });
      } else {
        response = await browser.send(request);
      }
      const location = response.headers.get('location') ?? '';
      const sentToSignIn = response.status >= 300 && response.status < 400 && location.startsWith('/sign-in?next=');
      const answer = `${request.method ?? 'GET'} ${request.path} as ${caller} (${credential}) answered ${response.status}${location ? ` -> ${location}` : ''}`;
      const body = (await response.text()).replace(/\s+/g, ' ').slice(0, 400);
      if (expected === 'allowed') {
        const refused = [401, 403, 404].includes(response.status) || response.status >= 500 || sentToSignIn;
        if (refused) throw new Error(`${answer}, expected it allowed: ${body}`);
      } else {
        const pageInBrowser = (request.method ?? 'GET') === 'GET' && (request.accept ?? HTML_ACCEPT) === HTML_ACCEPT && credential === 'session';
        const wanted = caller === 'anonymous' ? (pageInBrowser ? 'a redirect to sign in' : 401) : expected === 'hidden (404)' ? 404 : 403;
        const got = sentToSignIn ? 'a redirect to sign in' : response.status;
        if (got !== wanted) throw new Error(`${answer}, expected ${wanted}: ${body}`);
      }
    }
  });

  it('has a row for every route the app serves, and no row for a route it does not', () => {
    const served = servedRoutes(world.t).filter((route) => !(route in COVERED_ELSEWHERE));
    const rows = MATRIX.map((row) => `${row.method} ${row.path}`);
    expect(served.filter((route) => !rows.includes(rowKeyOf(route)))).toEqual([]);
    expect(rows.filter((row) => !served.some((route) => rowKeyOf(route) === row))).toEqual([]);
    expect(new Set(rows).size).toBe(rows.length);
  });
});
