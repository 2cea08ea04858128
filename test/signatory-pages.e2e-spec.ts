import type { Browser, Page } from 'puppeteer-core';
import { compliantDraftAgreement, GET_AGREEMENT, readyPartner, SIGN, SUBMIT, UPDATE_STRUCTURE, type Partner } from './support/agreement-fixtures.js';
import { cookiesOf, expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { createUser } from './support/fixtures.js';
import { follow as click, text } from './support/pages.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The signatory's journey in Chromium, typing and clicking: the in-tray of what awaits their
 * organisation, the signing page with the exact frozen version (as HTML, as PDF and by its hash),
 * signing and declining through the same service as the GraphQL mutations, and the refusals.
 */
describe('signatory pages: in-tray, signing and declining', () => {
  let t: TestApp;
  let browser: Browser;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let outsider: Partner;
  /** The care provider's Caldicott Guardian, who is also an authorised signatory, so chooses the role to sign in. */
  let guardian: { id: string; email: string; token: string };

  /** Drafts a compliant ISP led by the hospital with the three partners and submits it: version 1 and its hash. */
  const submitted = async (title: string) => {
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, title);
    const version = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
    return { id: draft.id, reference: draft.reference, hash: version.contentHash as string };
  };
  const agreement = async (id: string) => ok(await t.gql(GET_AGREEMENT, { id }, hospital.igLead.token)).agreement;
  const signedInPage = async (email: string, javaScript = true) => {
    const page = await newPage(browser, { javaScript });
    await signIn(page, t.url, email);
    return page;
  };
  const close = (page: Page) => page.browserContext().close();

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RNS' });
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
    guardian = await createUser(t, care.id, 'guardian@care.example', ['CALDICOTT_GUARDIAN', 'SIGNATORY']);
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('each signatory signs from their in-tray: the page shows the frozen version and its hash; the agreement becomes ACTIVE and its PDF downloads', async () => {
    const isp = await submitted('Hospital discharge information sharing agreement');
    const signers = [
      { partner: hospital, email: hospital.signatory.email, javaScript: true, role: 'SIGNATORY' },
      { partner: council, email: council.signatory.email, javaScript: false, role: 'SIGNATORY' },
      { partner: care, email: guardian.email, javaScript: true, role: 'CALDICOTT_GUARDIAN' },
    ];
    for (const [i, signer] of signers.entries()) {
      const page = await signedInPage(signer.email, signer.javaScript);
      try {
        await page.goto(`${t.url}/in-tray`);
        expect(await page.$eval('h1', (h) => h.textContent)).toContain('In-tray');
        expect(await page.$eval('a.nhsuk-header__navigation-link[href="/in-tray"]', (a) => a.getAttribute('aria-current'))).toBe('page');
        const row = `[data-in-tray="awaiting"] tr[data-reference="${isp.reference}"]`;
        expect(await text(page, row)).toEqual(expect.stringContaining('Hospital discharge information sharing agreement'));
        expect(await page.$$eval(`${row} td`, (cells) => cells.map((c) => c.textContent?.trim()))).toEqual([
          'Information Sharing Agreement',
          'Northshire General Hospital NHS Trust',
          '1',
          expect.any(String),
          `${i} of 3 signed`,
        ]);
        await expectAccessible(page);

        await click(page, `${row} a`);
        expect(new URL(page.url()).pathname).toBe(`/in-tray/${isp.id}/versions/1`);
        expect(await text(page, 'h1')).toBe(`Information Sharing Agreement - Sign version 1 of ${isp.reference}`);
        // The hash shown in full is the version's, and the document is the frozen version as the PDF prints it.
        expect(await text(page, '[data-content-hash]')).toBe(isp.hash);
        expect(isp.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(await text(page, '.app-document .cover h1')).toBe('Hospital discharge information sharing agreement');
        expect(await text(page, '.app-document')).toContain(`Each party signs Version 1 of ${isp.reference}, whose content hash (SHA-256) is: ${isp.hash}`);
        expect(await text(page, 'label[for="confirm"]')).toBe(
          `I confirm I have authority to sign for ${signer.partner.name} and have read version 1 of ${isp.reference}, whose content hash (SHA-256) is ${isp.hash}`,
        );
        expect(await page.$eval('input[name="contentHash"]', (e) => (e as HTMLInputElement).value)).toBe(isp.hash);
        await expectAccessible(page);

        if (i === 0) {
          // Signing without ticking the statement: the error beside the box and in the summary, linking to it.
          await click(page, 'button[data-action="sign"]');
          expect(await page.title()).toBe(`Error: Sign version 1 of ${isp.reference} – Accordant`);
          expect(await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => [a.getAttribute('href'), a.textContent?.trim()]))).toEqual([
            ['#confirm', 'Confirm that you have authority to sign for your organisation and have read this version'],
          ]);
          expect(await text(page, '#confirm-error')).toBe('Error: Confirm that you have authority to sign for your organisation and have read this version');
          expect(await page.$eval('#confirm', (e) => e.closest('fieldset')?.getAttribute('aria-describedby'))).toBe('confirm-error');
          await expectAccessible(page);
        }
        if (signer.role === 'CALDICOTT_GUARDIAN') {
          // Holding two signing roles, they choose; the strongest is chosen already.
          expect(await page.$eval('input[name="signingAs"]:checked', (e) => (e as HTMLInputElement).value)).toBe('CALDICOTT_GUARDIAN');
        } else {
          expect(await page.$('input[name="signingAs"]')).toBeNull();
        }

        await page.click('#confirm');
        await click(page, 'button[data-action="sign"]');
        expect(new URL(page.url()).pathname).toBe(`/in-tray/${isp.id}/versions/1/signed`);
        expect(await text(page, '.nhsuk-panel__heading')).toBe(`Version 1 of ${isp.reference} signed`);
        expect(await text(page, '[data-answer="next"]')).toContain(i === 2 ? 'Every party has now signed: the agreement is in force from' : `It awaits the signature of ${2 - i} more`);
        await expectAccessible(page);

        await click(page, 'a.nhsuk-button[href="/in-tray"]');
        expect(await page.$(row)).toBeNull();
        expect(await text(page, `[data-in-tray="answered"] tr[data-reference="${isp.reference}"] [data-answer]`)).toBe('Signed');
      } finally {
        await close(page);
      }
    }

    const signed = await agreement(isp.id);
    expect(signed.status).toBe('ACTIVE');
    expect(signed.versions).toEqual([expect.objectContaining({ number: 1, status: 'ACTIVE', contentHash: isp.hash })]);
    const rows = await t.db.query(
      `SELECT o.name, s.signed_as, s.content_hash FROM agreement_signature s JOIN organisation o ON o.id = s.organisation_id
       JOIN agreement_version v ON v.id = s.version_id WHERE v.agreement_id = $1 ORDER BY s.signed_at`,
      [isp.id],
    );
    expect(rows.rows).toEqual([
      { name: hospital.name, signed_as: 'SIGNATORY', content_hash: isp.hash },
      { name: council.name, signed_as: 'SIGNATORY', content_hash: isp.hash },
      { name: care.name, signed_as: 'CALDICOTT_GUARDIAN', content_hash: isp.hash },
    ]);

    // The signed version's page says so, and its PDF link downloads the PDF.
    const page = await signedInPage(council.signatory.email);
    try {
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      expect(await text(page, '[data-notice="version"] h2')).toBe('Every party has signed this version: it is in force');
      expect(await page.$('form[action$="/sign"]')).toBeNull();
      await expectAccessible(page);
      const href = await page.$eval('a[data-pdf]', (a) => a.getAttribute('href')!);
      expect(href).toBe(`/documents/agreements/${isp.id}/versions/1.pdf`);
      const cookie = Object.entries(await cookiesOf(page)).map(([k, v]) => `${k}=${v}`).join('; ');
      const pdf = await fetch(`${t.url}${href}`, { headers: { cookie } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await close(page);
    }
  });

  it('a decline needs a reason: the service’s error beside the field and in the summary; with a reason the version returns to draft', async () => {
    const isp = await submitted('Care package information sharing agreement');
    const page = await signedInPage(council.signatory.email, false);
    try {
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      await click(page, 'button[data-action="decline"]');
      expect(await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => [a.getAttribute('href'), a.textContent?.trim()]))).toEqual([
        ['#reason', 'Enter why your organisation declines to sign'],
      ]);
      expect(await text(page, '#reason-error')).toBe('Error: Enter why your organisation declines to sign');
      expect(await page.$eval('#reason', (e) => e.getAttribute('aria-describedby'))).toBe('reason-hint reason-error');
      await expectAccessible(page);
      expect((await agreement(isp.id)).status).toBe('AWAITING_SIGNATURES');

      await page.type('#reason', 'The retention period for discharge summaries is longer than our policy allows.');
      await click(page, 'button[data-action="decline"]');
      expect(new URL(page.url()).pathname).toBe(`/in-tray/${isp.id}/versions/1/declined`);
      expect(await text(page, '.nhsuk-panel__heading')).toBe(`You declined version 1 of ${isp.reference}`);
      expect(await text(page, '[data-answer="summary"]')).toBe('Your reason: The retention period for discharge summaries is longer than our policy allows.');
      await expectAccessible(page);

      const declined = await agreement(isp.id);
      expect(declined.status).toBe('DRAFT');
      expect(declined.versions).toEqual([expect.objectContaining({ number: 1, status: 'DECLINED' })]);
      const [version] = (await t.db.query('SELECT decline_reason FROM agreement_version WHERE agreement_id = $1', [isp.id])).rows;
      expect(version.decline_reason).toBe('The retention period for discharge summaries is longer than our policy allows.');

      // No longer awaiting: the in-tray lists the answer, and the version's page says why it cannot be signed.
      await page.goto(`${t.url}/in-tray`);
      expect(await page.$(`[data-in-tray="awaiting"] tr[data-reference="${isp.reference}"]`)).toBeNull();
      expect(await text(page, `[data-in-tray="answered"] tr[data-reference="${isp.reference}"]`)).toContain('Declined');
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      expect(await text(page, '[data-notice="version"]')).toContain('This version is no longer awaiting signatures: it was declined');
      expect(await page.$('form[action$="/decline"]')).toBeNull();
    } finally {
      await close(page);
    }
  });

  it('shows a version superseded by a variation as such, with its own frozen text, not the later one; draft text is never markup', async () => {
    const isp = await submitted('Falls prevention information sharing agreement');
    for (const partner of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: isp.id, versionNumber: 1, contentHash: isp.hash } }, partner.signatory.token));
    const variation = ok(await t.gql('mutation ($id: ID!) { startVariation(agreementId: $id) { draftRevision } }', { id: isp.id }, hospital.igLead.token)).startVariation;
    const renamed = ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: isp.id, expectedRevision: variation.draftRevision, title: 'Falls prevention and <em>frailty</em> agreement' } }, hospital.igLead.token));
    const v2 = ok(await t.gql(SUBMIT, { input: { agreementId: isp.id, expectedRevision: renamed.updateAgreementStructure.draftRevision } }, hospital.igLead.token)).submitForSignature;

    const page = await signedInPage(care.signatory.email);
    try {
      // Version 2 awaits; version 1 is still in force and shows its own title.
      await page.goto(`${t.url}/in-tray`);
      expect(await text(page, `[data-in-tray="awaiting"] tr[data-reference="${isp.reference}"]`)).toContain('Falls prevention and <em>frailty</em> agreement');
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      expect(await text(page, '.app-document .cover h1')).toBe('Falls prevention information sharing agreement');
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/2`);
      // Text from the draft is text on the page, never markup.
      expect(await text(page, '.app-document .cover h1')).toBe('Falls prevention and <em>frailty</em> agreement');
      expect(await page.$('.app-document em, h1 em')).toBeNull();
      expect(await text(page, '[data-content-hash]')).toBe(v2.contentHash);

      for (const partner of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: isp.id, versionNumber: 2, contentHash: v2.contentHash } }, partner.signatory.token));
      await page.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      expect(await text(page, '[data-notice="version"] h2')).toBe('This version is no longer awaiting signatures: it has been superseded by version 2');
      expect(await page.$eval('[data-notice="version"] a', (a) => a.getAttribute('href'))).toBe(`/in-tray/${isp.id}/versions/2`);
      expect(await text(page, '.app-document .cover h1')).toBe('Falls prevention information sharing agreement');
      await expectAccessible(page);
    } finally {
      await close(page);
    }
  });

  it('refuses another organisation’s signatory, a party’s user who may not sign, and a form posted without its CSRF token', async () => {
    const isp = await submitted('Safeguarding adults information sharing agreement');

    // Another organisation's signatory: neither the page nor a signing form posted with their own valid token.
    const stranger = await signedInPage(outsider.signatory.email);
    try {
      const response = await stranger.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      expect(response?.status()).toBe(403);
      expect(await text(stranger, 'h1')).toBe('You cannot do this');
      expect(await stranger.content()).not.toContain(isp.hash);
      await expectAccessible(stranger);
      await stranger.goto(`${t.url}/in-tray`);
      expect(await stranger.$('[data-in-tray="awaiting"]')).toBeNull();
      const posted = await stranger.evaluate(
        async (action, hash) => {
          const token = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
          const response = await fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams({ _csrf: token, versionNumber: '1', contentHash: hash, confirm: 'yes' }) });
          return { status: response.status, body: await response.text() };
        },
        `/in-tray/${isp.id}/sign`,
        isp.hash,
      );
      expect(posted.status).toBe(403);
      expect(posted.body).toContain('Only the organisations involved in agreement');
    } finally {
      await close(stranger);
    }

    // A practitioner of a party has no in-tray and may not open the signing page.
    const practitioner = await signedInPage(council.practitioner.email);
    try {
      expect((await practitioner.goto(`${t.url}/in-tray`))?.status()).toBe(403);
      expect((await practitioner.goto(`${t.url}/in-tray/${isp.id}/versions/1`))?.status()).toBe(403);
    } finally {
      await close(practitioner);
    }

    // The party's own signatory, but the form has lost its CSRF token: refused, nothing signed.
    const signer = await signedInPage(hospital.signatory.email);
    try {
      await signer.goto(`${t.url}/in-tray/${isp.id}/versions/1`);
      await signer.click('#confirm');
      await signer.$eval('form[action$="/sign"] input[name="_csrf"]', (input) => input.remove());
      const response = await click(signer, 'button[data-action="sign"]');
      expect(response?.status()).toBe(403);
      expect(await text(signer, '[data-error="message"]')).toContain('security token was missing or out of date');
    } finally {
      await close(signer);
    }
    const untouched = await agreement(isp.id);
    expect(untouched.status).toBe('AWAITING_SIGNATURES');
    expect(untouched.pendingVersion.awaitingSignatureFrom).toHaveLength(3);
  });
});
