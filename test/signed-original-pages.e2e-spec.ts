import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { compliantDraftAgreement, readyPartner, type Partner } from './support/agreement-fixtures.js';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { formFields, HttpBrowser, withField } from './support/http-browser.js';
import { choose, follow, path, pressMainButton, text, texts, todayPlus, typeDate, typeInto } from './support/pages.js';
import { scannedPdf } from './support/signed-original-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The size limit the app is started with, in KiB: small, so an oversized upload is cheap. */
const MAX_KB = 64;

/**
 * The screens of an agreement signed on paper (issue 18 part 2) in headless Chromium: the lead's IG
 * lead records a draft as signed on paper (the scan, then its reference, dates and signers), every
 * refusal shown beside its field with nothing written; the agreement's pages show the record; the
 * other parties confirm or dispute it from their in-tray. Every page state is checked with axe, and
 * photographed wide and narrow when SCREENSHOTS names a folder.
 */
describe('signed original pages', () => {
  let t: TestApp;
  let browser: Browser;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let outsider: Partner;
  let shaky: Partner;
  let agreementId: string;
  let reference: string;
  const files = mkdtempSync(join(tmpdir(), 'signed-original-pages-'));
  const file = (name: string, content: Buffer) => {
    const where = join(files, name);
    writeFileSync(where, content);
    return where;
  };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0', SIGNED_ORIGINAL_MAX_KB: String(MAX_KB) });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
    shaky = await readyPartner(t, 'Shaky Support CIC', 'shaky', { sector: 'VOLUNTARY_CHARITY' });
    ({ id: agreementId, reference } = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Hospital discharge ISP (signed 2024)'));
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const counts = async () =>
    (
      await t.db.query(`SELECT (SELECT count(*) FROM agreement_version)::int AS versions, (SELECT count(*) FROM signed_original)::int AS originals,
        (SELECT count(*) FROM signed_original WHERE version_id IS NOT NULL)::int AS claimed, (SELECT count(*) FROM agreement_original_answer)::int AS answers,
        (SELECT count(*) FROM agreement_signature)::int AS signatures, (SELECT draft_revision FROM agreement WHERE id = $1) AS revision`, [agreementId])
    ).rows[0];
  const signedInAs = async (email: string): Promise<Page> => {
    const page = await newPage(browser);
    await signIn(page, t.url, email);
    return page;
  };
  /** Checked with axe at 1280 and 375 px wide, photographed at each when SCREENSHOTS is set; back at 1280 afterwards. */
  const checkPage = async (page: Page, name: string, parts: string[] = []) => {
    for (const width of [1280, 375]) {
      await page.setViewport({ width, height: 900 });
      await expectAccessible(page);
      if (process.env.SCREENSHOTS) {
        await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
        // A long page's parts on their own, to be read.
        for (const [i, selector] of parts.entries()) await (await page.$(selector))!.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-${width}-part${i + 1}.png` });
      }
      // Nothing wider than the window: no sideways scrolling on a phone.
      const overflowing = await page.evaluate(() =>
        document.documentElement.scrollWidth <= document.documentElement.clientWidth
          ? []
          : [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
      );
      expect(overflowing).toEqual([]);
    }
    await page.setViewport({ width: 1280, height: 900 });
  };
  const errorSummary = (page: Page) => texts(page, '.nhsuk-error-summary__list li');
  const errorBeside = (page: Page, id: string) => text(page, `#${id}-error`);
  const upload = async (page: Page, where: string | null) => {
    if (where) await ((await page.$('#file')) as ElementHandle<HTMLInputElement>).uploadFile(where);
    await pressMainButton(page);
  };

  describe('the lead’s IG lead records the draft as signed on paper', () => {
    let lead: Page;
    beforeAll(async () => {
      lead = await signedInAs(hospital.igLead.email);
    });

    it('offers “Record as signed on paper” from the overview of a draft never submitted', async () => {
      await lead.goto(`${t.url}/agreements/${agreementId}`);
      expect(await text(lead, '[data-action="record-signed"]')).toBe('Record as signed on paper');
      await follow(lead, '[data-action="record-signed"]');
      expect(path(lead)).toBe(`/agreements/${agreementId}/record-signed`);
      expect(await text(lead, 'h1')).toContain('Upload the signed original');
      await checkPage(lead, 'record-original-upload');
    });

    it('refuses no file, a file that is not a PDF and one too large, beside the field, storing nothing', async () => {
      const before = await counts();
      await upload(lead, null);
      expect(await errorSummary(lead)).toEqual(['Select the scanned signed original, a PDF']);
      expect(await errorBeside(lead, 'file')).toBe('Error: Select the scanned signed original, a PDF');

      const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(200, 7)]);
      await upload(lead, file('scan.pdf', png));
      expect(await errorSummary(lead)).toEqual(['The selected file must be a PDF: it does not start with a PDF header (%PDF-1.x or %PDF-2.x)']);
      expect(await lead.$eval('.nhsuk-error-summary a', (a) => a.getAttribute('href'))).toBe('#file');

      await upload(lead, file('huge.pdf', scannedPdf('huge', (MAX_KB + 10) * 1024)));
      expect(await errorSummary(lead)).toEqual([`The selected file must be smaller than ${MAX_KB} KB: scan it at a lower resolution, or in black and white`]);
      await checkPage(lead, 'record-original-upload-error');
      expect(await counts()).toEqual(before);
    });

    it('asks for the reference, the dates and who signed for each party, the review date from the draft filled in', async () => {
      await upload(lead, file('NGH-IG-ISP-2024-017.pdf', scannedPdf('NGH-IG-ISP-2024-017')));
      expect(path(lead)).toBe(`/agreements/${agreementId}/record-signed/details`);
      expect(await text(lead, '[data-upload]')).toBe(`NGH-IG-ISP-2024-017.pdf (${scannedPdf('NGH-IG-ISP-2024-017').length} bytes)`);
      expect(await texts(lead, '[data-party] > fieldset > legend')).toEqual([`Signed for ${hospital.name}`, `Signed for ${council.name}`, `Signed for ${care.name}`]);
      expect(await lead.$eval('#nextReviewDate-year', (e) => (e as HTMLInputElement).value)).not.toBe('');
      await checkPage(lead, 'record-original-details');
    });

    it('shows every missing answer beside its field and in the summary, writing nothing', async () => {
      const before = await counts();
      await typeDate(lead, 'nextReviewDate', { day: '', month: '', year: '' });
      await pressMainButton(lead);
      const summary = await errorSummary(lead);
      expect(summary).toContain('Enter the reference on the signed original');
      expect(summary).toContain('Enter the date it came into force');
      expect(summary).toContain('Enter the date of its next review');
      expect(summary).toContain(`Enter the full name of who signed for ${council.name}`);
      expect(summary).toContain(`Select the role in which they signed for ${care.name}`);
      expect(summary).toContain(`Enter the date they signed for ${hospital.name}`);
      expect(summary).toHaveLength(3 + 3 * 4);
      expect(await errorBeside(lead, 'party-1-signerJobTitle')).toBe(`Error: Enter the job title of who signed for ${council.name}`);
      expect(await lead.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => a.getAttribute('href')).slice(0, 4))).toEqual([
        '#originalReference',
        '#inForceFrom-day',
        '#nextReviewDate-day',
        '#party-0-signerName',
      ]);
      await checkPage(lead, 'record-original-details-errors');
      expect(await counts()).toEqual(before);
    });

    const fillIn = async (page: Page, signedOn: { day: string; month: string; year: string }[]) => {
      await typeInto(page, '#originalReference', 'NGH-IG-ISP-2024-017');
      await typeDate(page, 'inForceFrom', { day: '1', month: '4', year: '2024' });
      await typeDate(page, 'nextReviewDate', { day: '30', month: '6', year: '2027' });
      const signers = [
        ['Dr Amira Shah', 'Caldicott Guardian', 'CALDICOTT_GUARDIAN'],
        ['Peter Okafor', 'Director of Adult Social Care', 'SIRO'],
        ['Jo Bright', 'Registered Manager', 'SIGNATORY'],
      ];
      for (const [i, [name, title, role]] of signers.entries()) {
        if (i >= signedOn.length) break;
        await typeInto(page, `#party-${i}-signerName`, name);
        await typeInto(page, `#party-${i}-signerJobTitle`, title);
        await choose(page, `party-${i}-signedAs`, role);
        await typeDate(page, `party-${i}-signedOn`, signedOn[i]);
      }
    };

    it('shows the service’s refusals of the dates beside each party’s signing date, writing nothing', async () => {
      const before = await counts();
      await fillIn(lead, [todayPlus(1), { day: '2', month: '4', year: '2024' }, { day: '10', month: '3', year: '2024' }]);
      await pressMainButton(lead);
      // Typed well: checked before recording; the service refuses the dates when it is recorded.
      expect(path(lead)).toBe(`/agreements/${agreementId}/record-signed/check`);
      await follow(lead, '[data-action="record"]');
      expect(path(lead)).toBe(`/agreements/${agreementId}/record-signed`);
      const tomorrow = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${todayPlus(1).iso}T00:00:00Z`));
      expect(await errorSummary(lead)).toEqual([
        `For ${hospital.name}: the signing date ${tomorrow} is in the future: a record is of an agreement already signed`,
        `For ${council.name}: the signing date 2 April 2024 is after the date it came into force (1 April 2024)`,
      ]);
      expect(await errorBeside(lead, 'party-0-signedOn')).toContain('is in the future');
      expect(await errorBeside(lead, 'party-1-signedOn')).toContain('is after the date it came into force');
      // What was typed is kept.
      expect(await lead.$eval('#party-2-signerName', (e) => (e as HTMLInputElement).value)).toBe('Jo Bright');
      expect(await lead.$eval('#party-1-signedAs-2', (e) => (e as HTMLInputElement).checked)).toBe(true);
      await checkPage(lead, 'record-original-details-refused');
      expect(await counts()).toEqual(before);
    });

    it('records it: the overview says it was recorded from a signed original, awaiting confirmation, with its findings and the scan', async () => {
      const before = await counts();
      await typeDate(lead, 'party-0-signedOn', { day: '1', month: '3', year: '2024' });
      await typeDate(lead, 'party-1-signedOn', { day: '5', month: '3', year: '2024' });
      await pressMainButton(lead);
      expect(path(lead)).toBe(`/agreements/${agreementId}/record-signed/check`);
      expect(await text(lead, '[data-check-value="originalReference"]')).toBe('NGH-IG-ISP-2024-017');
      expect(await text(lead, '[data-check-value="inForceFrom"]')).toBe('1 April 2024');
      expect(await texts(lead, '[data-check-party] .nhsuk-summary-list__value')).toEqual([
        'Dr Amira Shah, Caldicott GuardianCaldicott Guardian', '1 March 2024',
        'Peter Okafor, Director of Adult Social CareSenior Information Risk Owner', '5 March 2024',
        'Jo Bright, Registered ManagerAuthorised signatory', '10 March 2024',
      ]);
      await checkPage(lead, 'record-original-check');
      // Changing an answer goes back to the form with everything typed, then back to check.
      await follow(lead, '[data-check-party="1"] button[formaction$="#party-1-signerName"]');
      expect(path(lead)).toBe(`/agreements/${agreementId}/record-signed/edit`);
      expect(await lead.$eval('#party-1-signerName', (e) => (e as HTMLInputElement).value)).toBe('Peter Okafor');
      await typeInto(lead, '#party-1-signerName', 'Peter A. Okafor');
      await pressMainButton(lead);
      expect(await texts(lead, '[data-check-party="1"] .nhsuk-summary-list__value')).toEqual(['Peter A. Okafor, Director of Adult Social CareSenior Information Risk Owner', '5 March 2024']);
      expect(await counts()).toEqual(before);
      await follow(lead, '[data-action="record"]');
      expect(path(lead)).toBe(`/agreements/${agreementId}`);
      expect(await text(lead, '[data-notice]')).toContain('Recorded as signed on paper');
      expect(await text(lead, '#recorded-original-heading')).toBe('Recorded from a signed original');
      expect(await text(lead, '[data-original-reference]')).toBe('NGH-IG-ISP-2024-017');
      expect(await text(lead, '[data-confirmation]')).toBe('Awaiting confirmation');
      expect(await texts(lead, '[data-answers] [data-answer]')).toEqual([`${council.name}: Not answered yet`, `${care.name}: Not answered yet`]);
      expect(await lead.$eval('[data-download-original]', (a) => a.getAttribute('href'))).toBe(`/documents/agreements/${agreementId}/versions/1/signed-original.pdf`);
      expect(await lead.$$('[data-action="record-signed"]')).toHaveLength(0);
      expect(await counts()).toMatchObject({ versions: before.versions + 1, claimed: before.claimed + 1, signatures: before.signatures + 3 });
      await checkPage(lead, 'agreement-overview-recorded');

      const scan = await lead.evaluate(async (href) => {
        const response = await fetch(href!);
        return { status: response.status, type: response.headers.get('content-type'), size: (await response.arrayBuffer()).byteLength };
      }, await lead.$eval('[data-download-original]', (a) => a.getAttribute('href')));
      expect(scan).toEqual({ status: 200, type: 'application/pdf', size: scannedPdf('NGH-IG-ISP-2024-017').length });
    });

    it('the version page shows the record and the dates each party signed on paper', async () => {
      await lead.goto(`${t.url}/agreements/${agreementId}/versions/1`);
      expect(await text(lead, '[data-confirmation]')).toBe('Awaiting confirmation');
      expect(await texts(lead, 'tr[data-party] td:last-child')).toEqual(['1 March 2024, on paper', '5 March 2024, on paper', '10 March 2024, on paper']);
      await checkPage(lead, 'agreement-version-recorded');
    });
  });

  describe('a party that is not ready', () => {
    it('is refused beside its party, and nothing is written', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, shaky, 'Shaky support ISP');
      await t.db.query(`UPDATE app_user SET active = false WHERE email = $1`, [shaky.signatory.email]);
      const page = await signedInAs(hospital.igLead.email);
      await page.goto(`${t.url}/agreements/${draft.id}/record-signed`);
      await upload(page, file('shaky.pdf', scannedPdf('shaky')));
      await typeInto(page, '#originalReference', 'SHAKY-1');
      await typeDate(page, 'inForceFrom', { day: '1', month: '4', year: '2024' });
      await typeDate(page, 'nextReviewDate', { day: '1', month: '4', year: '2027' });
      for (const i of [0, 1, 2]) {
        await typeInto(page, `#party-${i}-signerName`, 'Sam Signer');
        await typeInto(page, `#party-${i}-signerJobTitle`, 'Director');
        await choose(page, `party-${i}-signedAs`, 'SIGNATORY');
        await typeDate(page, `party-${i}-signedOn`, { day: '1', month: '3', year: '2024' });
      }
      const before = await counts();
      await pressMainButton(page);
      await follow(page, '[data-action="record"]');
      const [problem] = await errorSummary(page);
      expect(problem).toMatch(/^Shaky Support CIC: the organisation is not ready to be a party: /);
      expect(await page.$eval('.nhsuk-error-summary a', (a) => a.getAttribute('href'))).toBe('#party-2');
      expect(await errorBeside(page, 'party-2')).toContain('not ready to be a party');
      await expectAccessible(page);
      expect(await counts()).toEqual(before);
    });
  });

  describe('the other parties confirm or dispute it from their in-tray', () => {
    let councilLead: Page;
    beforeAll(async () => {
      councilLead = await signedInAs(council.igLead.email);
    });

    it('an IG lead who does not sign has an in-tray listing the record to confirm', async () => {
      await councilLead.goto(`${t.url}/in-tray`);
      expect(await texts(councilLead, '[data-in-tray="records"] tbody th a')).toEqual([`${reference}: check the record and confirm or dispute it`]);
      expect(await texts(councilLead, '[data-in-tray="records"] tbody td')).toEqual(['NGH-IG-ISP-2024-017', hospital.name, expect.any(String)]);
      await checkPage(councilLead, 'in-tray-records');
      await follow(councilLead, '[data-in-tray="records"] tbody th a');
      expect(path(councilLead)).toBe(`/in-tray/${agreementId}/versions/1/record`);
      expect(await text(councilLead, 'h1')).toContain(`Confirm the record of ${reference}`);
      expect(await councilLead.$eval('[data-download-original]', (a) => a.getAttribute('href'))).toBe(`/documents/agreements/${agreementId}/versions/1/signed-original.pdf`);
      expect(await councilLead.$$('.app-document')).toHaveLength(1);
      expect(await texts(councilLead, '[data-signed-on-paper] li')).toEqual([
        `${hospital.name}: Dr Amira Shah, 1 March 2024`,
        `${council.name}: Peter A. Okafor, 5 March 2024`,
        `${care.name}: Jo Bright, 10 March 2024`,
      ]);
      await checkPage(councilLead, 'in-tray-record', ['main > h1', '#recorded-original', '#dispute-record + form']);
    });

    it('a dispute needs a reason, shown beside the field; nothing changes without one', async () => {
      const before = await counts();
      await follow(councilLead, '[data-action="dispute"]');
      expect(await errorSummary(councilLead)).toEqual(['Enter what is not accurate in the record']);
      expect(await errorBeside(councilLead, 'reason')).toBe('Error: Enter what is not accurate in the record');
      await checkPage(councilLead, 'in-tray-record-error', ['.nhsuk-error-summary', '#dispute-record + form']);
      expect(await counts()).toEqual(before);
    });

    it('a dispute with its reason marks it disputed, with who disputed it and why', async () => {
      await typeInto(councilLead, '#reason', 'Our copy names a different retention period');
      await follow(councilLead, '[data-action="dispute"]');
      expect(await text(councilLead, '[data-notice]')).toContain('You disputed the record');
      expect(await text(councilLead, '[data-confirmation]')).toBe('Disputed');
      expect(await text(councilLead, '[data-answers] [data-answer="DISPUTED"]')).toMatch(new RegExp(`^${council.name}: Disputed the record By .+, \\d{1,2} December 2026`));
      expect(await text(councilLead, '[data-dispute-reason]')).toBe('Reason: Our copy names a different retention period');
      expect(await councilLead.$eval('[data-own-answer]', (e) => e.getAttribute('data-own-answer'))).toBe('DISPUTED');
      await checkPage(councilLead, 'in-tray-record-disputed', ['[data-own-answer]', '#recorded-original']);
      // Answered: no longer awaiting in the in-tray.
      await councilLead.goto(`${t.url}/in-tray`);
      expect(await councilLead.$$('[data-in-tray="records"]')).toHaveLength(0);
      expect(await text(councilLead, '[data-in-tray="no-records"]')).toContain('No record');
    });

    it('once every other party confirms, the agreement’s pages say it is confirmed', async () => {
      const careSigner = await signedInAs(care.signatory.email);
      await careSigner.goto(`${t.url}/in-tray`);
      await follow(careSigner, '[data-in-tray="records"] tbody th a');
      await follow(careSigner, '[data-action="confirm"]');
      expect(await text(careSigner, '[data-notice]')).toBe('You confirmed the record is accurate.');
      await councilLead.goto(`${t.url}/in-tray/${agreementId}/versions/1/record`);
      await follow(councilLead, '[data-action="confirm"]');
      expect(await text(councilLead, '[data-confirmation]')).toBe('Confirmed');

      const lead = await signedInAs(hospital.igLead.email);
      await lead.goto(`${t.url}/agreements/${agreementId}`);
      expect(await text(lead, '[data-confirmation]')).toBe('Confirmed');
      expect(await lead.$$eval('[data-answers] [data-answer]', (items) => items.map((i) => i.getAttribute('data-answer')))).toEqual(['CONFIRMED', 'CONFIRMED']);
      await checkPage(lead, 'agreement-overview-confirmed');
    });
  });

  describe('wrong users are refused, and nothing changes', () => {
    const recordPage = () => `/in-tray/${agreementId}/versions/1/record`;

    it('only another party’s IG lead or signatory opens the record to answer; only they answer', async () => {
      for (const email of [hospital.igLead.email, hospital.signatory.email, council.practitioner.email, outsider.igLead.email, outsider.signatory.email]) {
        const browser = await HttpBrowser.signedIn(t.url, email);
        expect((await browser.send({ path: recordPage() })).status).toBe(403);
        const before = await counts();
        for (const action of ['confirm', 'dispute']) {
          const response = await browser.send({ method: 'POST', path: `/in-tray/${agreementId}/record/${action}`, form: [['_csrf', browser.csrf], ['versionNumber', '1'], ['reason', 'Not ours']] });
          expect(response.status).toBe(403);
        }
        expect(await counts()).toEqual(before);
      }
    });

    it('a form posted without its CSRF token is refused, even by who may answer', async () => {
      const browser = await HttpBrowser.signedIn(t.url, care.igLead.email);
      const form = formFields(await (await browser.send({ path: recordPage() })).text(), `/in-tray/${agreementId}/record/dispute`);
      const before = await counts();
      const withoutToken = form.filter(([name]) => name !== '_csrf');
      const response = await browser.send({ method: 'POST', path: `/in-tray/${agreementId}/record/dispute`, form: withField(withoutToken, 'reason', 'Forged') });
      expect(response.status).toBe(403);
      expect(await counts()).toEqual(before);
      // The same form with its token is accepted.
      const accepted = await browser.send({ method: 'POST', path: `/in-tray/${agreementId}/record/confirm`, form: formFields(await (await browser.send({ path: recordPage() })).text(), `/in-tray/${agreementId}/record/confirm`) });
      expect(accepted.status).toBe(303);
    });

    it('only the lead’s IG lead records a draft as signed on paper; an upload without its token stores nothing', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Another paper ISP');
      for (const email of [council.igLead.email, hospital.signatory.email, outsider.igLead.email]) {
        const browser = await HttpBrowser.signedIn(t.url, email);
        expect((await browser.send({ path: `/agreements/${draft.id}/record-signed` })).status).toBe(403);
        const before = await counts();
        const upload = await multipart(browser, `/agreements/${draft.id}/record-signed/original`, browser.csrf);
        expect(upload.status).toBe(403);
        expect(await counts()).toEqual(before);
      }
      const lead = await HttpBrowser.signedIn(t.url, hospital.igLead.email);
      const before = await counts();
      expect((await multipart(lead, `/agreements/${draft.id}/record-signed/original`, null)).status).toBe(403);
      expect(await counts()).toEqual(before);
      const accepted = await multipart(lead, `/agreements/${draft.id}/record-signed/original`, lead.csrf);
      expect(accepted.status).toBe(303);
      expect(accepted.headers.get('location')).toMatch(new RegExp(`^/agreements/${draft.id}/record-signed/details\\?original=[0-9a-f-]{36}$`));
      // An agreement already recorded is not offered again.
      expect((await lead.send({ path: `/agreements/${agreementId}/record-signed` })).status).toBe(409);
    });
  });

  /** A browser form's multipart post: the `_csrf` field first (when given), then the scan. */
  async function multipart(browser: HttpBrowser, to: string, csrf: string | null): Promise<Response> {
    const boundary = `----form-${Math.random().toString(16).slice(2)}`;
    const token = csrf === null ? '' : `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`;
    const head = `${token}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const body = Buffer.concat([Buffer.from(head), scannedPdf(`upload ${Math.random()}`), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return browser.send({ method: 'POST', path: to, body, contentType: `multipart/form-data; boundary=${boundary}` });
  }
});
