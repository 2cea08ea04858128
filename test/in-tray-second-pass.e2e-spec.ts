import type { Browser, Page } from 'puppeteer-core';
import { compliantDraftAgreement, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, compliantSections, type Partner } from './support/agreement-fixtures.js';
import { launchBrowser, newPage, signIn } from './support/browser.js';
import { createUser } from './support/fixtures.js';
import { accessibleAtBothWidths } from './support/page-widths.js';
import { follow as click, path, text, texts } from './support/pages.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The signatory's pages, second pass (issue 21): landing on the in-tray with a count in the menu,
 * Sign and Decline on a version's page, a variation's changes marked on its signing page, who
 * declined in which role and when, and the two hashes explained.
 */
describe('signatory pages, second pass', () => {
  let t: TestApp;
  let browser: Browser;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let outsider: Partner;
  let guardian: { id: string; email: string; token: string };

  const submitted = async (title: string) => {
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, title);
    const version = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
    return { id: draft.id, reference: draft.reference, hash: version.contentHash as string };
  };
  const signedInPage = async (email: string, javaScript = true) => {
    const page = await newPage(browser, { javaScript });
    await signIn(page, t.url, email);
    return page;
  };
  const close = (page: Page) => page.browserContext().close();
  const awaitingCount = async (organisationId: string) =>
    (
      await t.db.query(
        `SELECT count(*)::int AS n FROM agreement_version_party p JOIN agreement_version v ON v.id = p.version_id
         WHERE p.organisation_id = $1 AND v.status = 'AWAITING_SIGNATURES'
           AND NOT EXISTS (SELECT 1 FROM agreement_signature s WHERE s.version_id = v.id AND s.organisation_id = $1)`,
        [organisationId],
      )
    ).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RNS' });
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
    guardian = await createUser(t, care.id, 'guardian@care.example', ['CALDICOTT_GUARDIAN', 'SIGNATORY']);
    browser = await launchBrowser(t.config);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 180_000);

  it('lands a signatory with something to sign on the in-tray, with the count in the menu; one with nothing to sign lands as before', async () => {
    const nothing = await signedInPage(outsider.signatory.email);
    try {
      expect(path(nothing)).toBe('/agreements');
      expect(await nothing.$('.nhsuk-header__navigation .app-count')).toBeNull();
    } finally {
      await close(nothing);
    }

    const first = await submitted('Landing agreement one');
    await submitted('Landing agreement two');
    expect(await awaitingCount(council.id)).toBe(2);
    const page = await signedInPage(council.signatory.email);
    try {
      expect(path(page)).toBe('/in-tray');
      expect(await text(page, 'a.nhsuk-header__navigation-link[href="/in-tray"] .app-count')).toBe('2 to sign');
      await accessibleAtBothWidths(page, 'in-tray-count');
      // The count follows what is signed: on every page, not only the in-tray.
      ok(await t.gql(SIGN, { input: { agreementId: first.id, versionNumber: 1, contentHash: first.hash } }, council.signatory.token));
      await page.goto(`${t.url}/agreements`);
      expect(await page.$eval('.nhsuk-header__navigation .app-count', (e) => e.getAttribute('data-count'))).toBe('1');
    } finally {
      await close(page);
    }
    // An IG lead, who may not sign, has no count even though the organisation has something to sign.
    const lead = await signedInPage(council.igLead.email);
    try {
      expect(path(lead)).not.toBe('/in-tray');
      expect(await lead.$('.nhsuk-header__navigation .app-count')).toBeNull();
    } finally {
      await close(lead);
    }
  }, 180_000);

  it('offers Sign and Decline on a version’s page to a signatory of a party yet to sign, and to no one else', async () => {
    const isp = await submitted('Sign from the version page');
    const versionPath = `/agreements/${isp.id}/versions/1`;

    const lead = await signedInPage(hospital.igLead.email);
    try {
      await lead.goto(`${t.url}${versionPath}`);
      expect(await lead.$('[data-signing-actions]')).toBeNull();
    } finally {
      await close(lead);
    }
    const stranger = await signedInPage(outsider.signatory.email);
    try {
      const response = await stranger.goto(`${t.url}${versionPath}`);
      expect(response?.status()).toBe(403);
    } finally {
      await close(stranger);
    }

    const page = await signedInPage(care.signatory.email, false);
    try {
      await page.goto(`${t.url}${versionPath}`);
      expect(await texts(page, '[data-signing-actions] a')).toEqual(['Sign version 1', 'Decline version 1']);
      await accessibleAtBothWidths(page, 'agreement-version-sign');
      await click(page, '[data-signing-actions] a[data-action="sign"]');
      expect(path(page)).toBe(`/in-tray/${isp.id}/versions/1`);
      expect(new URL(page.url()).hash).toBe('#sign-version');
      await page.click('#confirm');
      await click(page, 'button[data-action="sign"]');
      expect(path(page)).toBe(`/in-tray/${isp.id}/versions/1/signed`);
      await page.goto(`${t.url}${versionPath}`);
      expect(await page.$('[data-signing-actions]')).toBeNull();
    } finally {
      await close(page);
    }
  }, 180_000);

  it('links a variation’s signing page to what changed since the version in force and tags the changed sections', async () => {
    const isp = await submitted('Variation to mark');
    for (const partner of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: isp.id, versionNumber: 1, contentHash: isp.hash } }, partner.signatory.token));
    const started = ok(await t.gql('mutation ($id: ID!) { startVariation(agreementId: $id) { draftRevision } }', { id: isp.id }, hospital.igLead.token)).startVariation;
    const sections = compliantSections(hospital.id, council.id, care.id);
    const flows = sections.dataFlows.map((f, i) => (i === 0 ? { ...f, frequency: 'WEEKLY' } : f));
    const drafted = ok(
      await t.gql(UPDATE_DRAFT, { input: { agreementId: isp.id, expectedRevision: started.draftRevision, ...sections, dataFlows: flows, retention: { period: '6 years after the last contact', disposal: 'Secure deletion.' } } }, hospital.igLead.token),
    ).updateAgreementDraft;
    const v2 = ok(await t.gql(SUBMIT, { input: { agreementId: isp.id, expectedRevision: drafted.draftRevision } }, hospital.igLead.token)).submitForSignature;
    expect(v2.number).toBe(2);

    const page = await signedInPage(council.signatory.email);
    try {
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/2`);
      expect(await text(page, '[data-variation] h2')).toBe('This version changes version 1, which is in force');
      expect(await page.$eval('[data-compare]', (a) => a.getAttribute('href'))).toBe(`/agreements/${isp.id}/compare?from=1&to=2`);
      const changed = await texts(page, '[data-changed-sections] a');
      expect(changed).toEqual([expect.stringMatching(/Information reference table$/), expect.stringMatching(/Retention and disposal$/)]);
      expect(await page.$$eval('.app-document h2[data-changed]', (hs) => hs.map((h) => h.id))).toEqual(['data-flows', 'retention']);
      expect(await text(page, '.app-document h2#retention')).toMatch(/Retention and disposal Changed$/);
      expect(await page.$('.app-document h2#security[data-changed]')).toBeNull();
      await accessibleAtBothWidths(page, 'in-tray-variation');
      await click(page, '[data-compare]');
      expect(path(page)).toBe(`/agreements/${isp.id}/compare`);
    } finally {
      await close(page);
    }
    // Version 1, in force, is no variation: nothing marked.
    const first = await signedInPage(council.signatory.email);
    try {
      await first.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      expect(await first.$('[data-variation]')).toBeNull();
      expect(await first.$('.app-document [data-changed]')).toBeNull();
    } finally {
      await close(first);
    }
  }, 180_000);

  it('says who declined, in which role, and when: to the decliner, on the version, and to the lead’s IG lead', async () => {
    const isp = await submitted('Declined in a role');
    const page = await signedInPage(guardian.email);
    try {
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      // Holding two signing roles, they choose the one they decline in; the strongest is chosen already.
      expect(await page.$eval('input[name="decliningAs"]:checked', (e) => (e as HTMLInputElement).value)).toBe('CALDICOTT_GUARDIAN');
      await page.click('#decliningAs-SIGNATORY');
      await page.type('#reason', 'Retention is longer than our policy allows.');
      await click(page, 'button[data-action="decline"]');
      expect(path(page)).toBe(`/in-tray/${isp.id}/versions/1/declined`);
      const said = await text(page, '[data-answer="declined"]');
      expect(said).toMatch(/^guardian, Authorised signatory, declined it for Brightwater Home Care Ltd on \d{1,2} \w+ \d{4} at \d{2}:\d{2} (GMT|BST)\.$/);
      await accessibleAtBothWidths(page, 'in-tray-declined');
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      expect((await texts(page, '[data-notice="version"] p'))[0]).toBe(said);
    } finally {
      await close(page);
    }
    const [row] = (await t.db.query('SELECT declined_by_name, declined_as FROM agreement_version WHERE agreement_id = $1', [isp.id])).rows;
    expect(row).toEqual({ declined_by_name: 'guardian', declined_as: 'SIGNATORY' });

    const lead = await signedInPage(hospital.igLead.email);
    try {
      await lead.goto(`${t.url}/agreements/${isp.id}`);
      expect(await text(lead, '[data-declined-by]')).toMatch(/^guardian, Authorised signatory, declined it for Brightwater Home Care Ltd on /);
      expect(await text(lead, '[data-declined]')).toBe('Retention is longer than our policy allows.');
      await accessibleAtBothWidths(lead, 'agreement-overview-declined');
      await lead.goto(`${t.url}/agreements/${isp.id}/versions/1`);
      expect(await text(lead, 'p[data-declined]')).toMatch(/^guardian, Authorised signatory, declined it for Brightwater Home Care Ltd on /);
      await accessibleAtBothWidths(lead, 'agreement-version-declined');
    } finally {
      await close(lead);
    }

    // Declining in a role not held is refused by the service, whatever the form sent.
    const other = await submitted('Declined in a role not held');
    const refused = await t.gql(
      'mutation ($input: DeclineToSignInput!) { declineToSign(input: $input) { number } }',
      { input: { agreementId: other.id, versionNumber: 1, reason: 'Not ours to sign', decliningAs: 'SIRO' } },
      council.signatory.token,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  }, 180_000);

  it('explains the content hash (what is signed) and the PDF file hash (what verification checks)', async () => {
    const isp = await submitted('Two hashes');
    const page = await signedInPage(council.signatory.email, false);
    try {
      for (const at of [`/in-tray/${isp.id}/versions/1`, `/agreements/${isp.id}/versions/1`]) {
        await page.goto(`${t.url}${at}`);
        expect(await text(page, '[data-explains="hashes"] summary')).toBe('What the content hash and the PDF file hash are');
        const explained = await text(page, '[data-explains="hashes"] .nhsuk-details__text');
        expect(explained).toContain('The content hash: what is signed');
        expect(explained).toContain('The PDF file hash: what verification checks');
      }
    } finally {
      await close(page);
    }
  }, 180_000);
});
