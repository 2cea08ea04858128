import type { Browser, Page } from 'puppeteer-core';
import { IncidentFlow1798100000000 } from '../migrations/1798100000000-incident-flow.js';
import { compliantDraftAgreement, readyPartner, SIGN, SUBMIT, type Partner } from './support/agreement-fixtures.js';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { createUser } from './support/fixtures.js';
import { formFields, HttpBrowser, withField } from './support/http-browser.js';
import { choose, follow, path, pressMainButton, text, texts, typeDateTime, typeInto } from './support/pages.js';
import { recordedAgreement } from './support/signed-original-fixtures.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const REPORT_INCIDENT = `mutation ($input: ReportIncidentInput!) { reportIncident(input: $input) { id icoDeadline hoursUntilIcoDeadline } }`;
const HOUR = 3_600_000;

/**
 * The jobs that existed only in the API (issue 21), in headless Chromium: reporting a breach or near
 * miss with its ICO deadline counting down, following and closing it; suspending, resuming and
 * terminating an agreement with a reason and "Are you sure…"; and reaching a record of an agreement
 * signed on paper from the agreement's page. Every page state is checked with axe at 1280 and 375 px
 * (photographed when SCREENSHOTS names a folder); wrong users and forged forms are refused, writing nothing.
 */
describe('agreement jobs pages', () => {
  let t: TestApp;
  let browser: Browser;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let outsider: Partner;
  let siro: { email: string };
  let guardian: { email: string };
  let inForce: { id: string; reference: string };

  /** An ISP led by the hospital with the council and the care provider, signed by all three. */
  const agreementInForce = async (title: string) => {
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, title);
    const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
    for (const partner of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: v1.contentHash } }, partner.signatory.token));
    return { id: draft.id, reference: draft.reference };
  };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
    siro = await createUser(t, hospital.id, 'siro@hospital.example', ['SIRO']);
    guardian = await createUser(t, hospital.id, 'guardian@hospital.example', ['CALDICOTT_GUARDIAN']);
    inForce = await agreementInForce('Hospital discharge ISP');
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedInAs = async (email: string, javaScript = true): Promise<Page> => {
    const page = await newPage(browser, { javaScript });
    await signIn(page, t.url, email);
    return page;
  };
  /** Checked with axe at 1280 and 375 px wide, photographed at each when SCREENSHOTS is set; nothing wider than the window. */
  const checkPage = async (page: Page, name: string) => {
    for (const width of [1280, 375]) {
      await page.setViewport({ width, height: 900 });
      await expectAccessible(page);
      if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
      const overflowing = await page.evaluate(() =>
        document.documentElement.scrollWidth <= document.documentElement.clientWidth
          ? []
          : [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
      );
      expect(overflowing).toEqual([]);
    }
    await page.setViewport({ width: 1280, height: 900 });
  };
  const errorSummary = (page: Page) => texts(page, '.nhsuk-error-summary__list li');
  const errorLinks = (page: Page) => page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => a.getAttribute('href')));
  const incidentCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM incident`)).rows[0].n as number;
  const statusOf = async (id: string) => (await t.db.query(`SELECT status, status_reason FROM agreement WHERE id = $1`, [id])).rows[0] as { status: string; status_reason: string | null };

  describe('a practitioner reports a breach, and it is followed to its close', () => {
    let page: Page;
    let incidentId: string;
    beforeAll(async () => {
      page = await signedInAs(council.practitioner.email);
    });

    it('starts from the menu: which agreement was it under?', async () => {
      await follow(page, 'a.nhsuk-header__navigation-link[href="/incidents/new"]');
      expect(path(page)).toBe('/incidents/new');
      expect(await text(page, 'h1')).toBe('Report a breach or near miss - Which agreement was it under?');
      await pressMainButton(page);
      expect(await errorSummary(page)).toEqual(['Select the agreement it happened under']);
      expect(await errorLinks(page)).toEqual(['#agreementId']);
      await checkPage(page, 'incident-choose-error');
      await choose(page, 'agreementId', inForce.id);
      await pressMainButton(page);
      expect(path(page)).toBe(`/agreements/${inForce.id}/incidents/new`);
      await checkPage(page, 'incident-report');
    });

    it('names every missing answer beside its field, writing nothing', async () => {
      const before = await incidentCount();
      await pressMainButton(page);
      expect(await errorSummary(page)).toEqual([
        'Enter what happened',
        'Select whether it was a breach or a near miss',
        'Enter the date and time it happened',
        'Enter the date and time it was found',
        'Select the data flow it was in, or none of these',
        'Select how serious it is',
        'Select whether it is reportable to the ICO',
      ]);
      expect(await errorLinks(page)).toEqual(['#summary', '#kind', '#occurredAt-day', '#discoveredAt-day', '#flowId', '#severity', '#icoReportable']);
      expect(await text(page, '#summary-error')).toBe('Error: Enter what happened');
      await checkPage(page, 'incident-report-errors');
      expect(await incidentCount()).toBe(before);
    });

    it('shows the service’s refusals in words: a near miss reported to the ICO, found before it happened', async () => {
      const before = await incidentCount();
      await typeInto(page, '#summary', 'Discharge summary for one person emailed to the wrong care provider');
      await choose(page, 'kind', 'NEAR_MISS');
      await typeDateTime(page, 'occurredAt', new Date(Date.now() - 10 * HOUR));
      await typeDateTime(page, 'discoveredAt', new Date(Date.now() - 12 * HOUR));
      await page.click('#flowId');
      await choose(page, 'severity', 'HIGH');
      await choose(page, 'icoReportable', 'yes');
      await pressMainButton(page);
      expect(await errorSummary(page)).toEqual([
        'The date it was found must be the same as or after the date it happened',
        'A near miss is not reported to the ICO: select No, or say it was a breach',
      ]);
      expect(await errorLinks(page)).toEqual(['#discoveredAt-day', '#icoReportable']);
      // What was typed is kept.
      expect(await page.$eval('#summary', (e) => (e as HTMLTextAreaElement).value)).toBe('Discharge summary for one person emailed to the wrong care provider');
      await checkPage(page, 'incident-report-refused');
      expect(await incidentCount()).toBe(before);
    });

    it('reports it: the incident’s page counts the 72 hours down in words', async () => {
      await choose(page, 'kind', 'BREACH');
      const found = new Date(Date.now() - 10 * HOUR);
      await typeDateTime(page, 'occurredAt', new Date(Date.now() - 11 * HOUR));
      await typeDateTime(page, 'discoveredAt', found);
      await pressMainButton(page);
      expect(path(page)).toMatch(/^\/incidents\/[0-9a-f-]{36}$/);
      incidentId = path(page).split('/')[2];
      expect(await text(page, '[data-notice]')).toContain('Incident reported');
      expect(await text(page, 'h1')).toBe(`${inForce.reference}: Hospital discharge ISP - Breach, high severity`);
      expect(await text(page, '[data-ico-deadline-text]')).toMatch(/^6[12] hours left to report to the ICO$/);
      expect(await text(page, '[data-ico-deadline-detail]')).toMatch(/^Report it by \d{1,2} \w+ \d{4} at \d{2}:\d{2} (GMT|BST), 72 hours after it was found\.$/);
      expect(await text(page, '[data-incident-status]')).toBe('Open');
      const [row] = (await t.db.query(`SELECT flow_id, reported_by_organisation_id, ico_reportable, (extract(epoch FROM ico_deadline - discovered_at) / 3600)::int AS window_hours, status FROM incident WHERE id = $1`, [incidentId])).rows;
      expect(row).toMatchObject({ reported_by_organisation_id: council.id, ico_reportable: true, window_hours: 72, status: 'OPEN' });
      expect(row.flow_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await text(page, '[data-incident-flow]')).not.toBe('Not about one data flow');
      await checkPage(page, 'incident');
    });

    it('lists it on the agreement’s page, for every organisation in the agreement', async () => {
      const lead = await signedInAs(hospital.igLead.email);
      await lead.goto(`${t.url}/agreements/${inForce.id}`);
      expect(await lead.$$(`[data-incident="${incidentId}"]`)).toHaveLength(1);
      expect(await text(lead, `[data-incident="${incidentId}"] [data-ico-deadline]`)).toMatch(/^ICO deadline 6[12] hours left$/);
      expect(await text(lead, '[data-action="report-incident"]')).toBe('Report a breach or near miss');
      await checkPage(lead, 'agreement-overview-incidents');
      await follow(lead, `[data-incident="${incidentId}"] a`);
      expect(path(lead)).toBe(`/incidents/${incidentId}`);
    });

    it('updates it: reported to the ICO needs when, in the past', async () => {
      await follow(page, '[data-action="update-incident"]');
      expect(path(page)).toBe(`/incidents/${incidentId}/update`);
      await checkPage(page, 'incident-update');
      await choose(page, 'status', 'REPORTED_TO_ICO');
      await pressMainButton(page);
      expect(await errorSummary(page)).toEqual(['Enter the date and time it was reported to the ICO']);
      expect(await errorLinks(page)).toEqual(['#reportedToIcoAt-day']);
      await typeDateTime(page, 'reportedToIcoAt', new Date(Date.now() + 5 * HOUR));
      await pressMainButton(page);
      expect(await errorSummary(page)).toEqual(['The date and time it was reported to the ICO must be in the past']);
      await checkPage(page, 'incident-update-error');
      expect((await t.db.query(`SELECT status FROM incident WHERE id = $1`, [incidentId])).rows[0].status).toBe('OPEN');
      await typeDateTime(page, 'reportedToIcoAt', new Date(Date.now() - 2 * HOUR));
      await pressMainButton(page);
      expect(path(page)).toBe(`/incidents/${incidentId}`);
      expect(await text(page, '[data-notice]')).toBe('Incident updated.');
      expect(await text(page, '[data-incident-status]')).toBe('Reported to the ICO');
      expect(await text(page, '[data-ico-deadline-text]')).toBe('Reported to the ICO within 72 hours');
    });

    it('closes it after asking', async () => {
      await follow(page, '[data-action="close-incident"]');
      expect(await text(page, 'h1')).toContain('Are you sure you want to close this incident?');
      expect(await page.$$('[data-unreported]')).toHaveLength(0);
      await checkPage(page, 'incident-close');
      await follow(page, '[data-action="confirm-close"]');
      expect(await text(page, '[data-notice]')).toContain('Incident closed');
      expect(await text(page, '[data-incident-status]')).toBe('Closed');
      expect(await page.$$('[data-action="close-incident"]')).toHaveLength(0);
      expect(await text(page, '[data-action="update-incident"]')).toBe('Reopen the incident');
      expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_type = 'incident' AND entity_id = $1`, [incidentId])).rows[0].n).toBe(3);
    });

    it('says in words when the deadline has passed, and warns before closing an unreported breach', async () => {
      const discoveredAt = new Date(Date.now() - 100 * HOUR);
      const { id } = ok(
        await t.gql(REPORT_INCIDENT, { input: { agreementId: inForce.id, kind: 'BREACH', severity: 'CRITICAL', summary: 'Referral list left on a printer', occurredAt: discoveredAt, discoveredAt, icoReportable: true } }, hospital.practitioner.token),
      ).reportIncident;
      await page.goto(`${t.url}/incidents/${id}`);
      expect(await text(page, '[data-ico-deadline="OVERDUE"] .nhsuk-warning-callout__label')).toBe('Important: ICO deadline missed');
      expect(await text(page, '[data-ico-deadline-text]')).toMatch(/^Overdue by 2[78] hours: not yet reported to the ICO$/);
      expect(await text(page, '[data-incident-flow]')).toBe('Not about one data flow');
      await checkPage(page, 'incident-overdue');
      await follow(page, '[data-action="close-incident"]');
      expect(await text(page, '[data-unreported]')).toContain('has not been recorded as reported');
      await checkPage(page, 'incident-close-unreported');
    });

    it('works without JavaScript', async () => {
      const plain = await signedInAs(care.practitioner.email, false);
      await plain.goto(`${t.url}/agreements/${inForce.id}`);
      await follow(plain, '[data-action="report-incident"]');
      await typeInto(plain, '#summary', 'A fax sent to an old number of the ward');
      await choose(plain, 'kind', 'NEAR_MISS');
      await typeDateTime(plain, 'occurredAt', new Date(Date.now() - 3 * HOUR));
      await typeDateTime(plain, 'discoveredAt', new Date(Date.now() - 2 * HOUR));
      await choose(plain, 'flowId', 'none');
      await choose(plain, 'severity', 'LOW');
      await choose(plain, 'icoReportable', 'no');
      await pressMainButton(plain);
      expect(await text(plain, '[data-notice]')).toContain('Incident reported');
      expect(await text(plain, '[data-ico-deadline="NOT_REPORTABLE"]')).toBe('Not reportable to the ICO.');
    });
  });

  describe('incidents: wrong users are refused, and nothing is written', () => {
    let incidentId: string;
    beforeAll(async () => {
      const at = new Date(Date.now() - HOUR);
      incidentId = ok(
        await t.gql(REPORT_INCIDENT, { input: { agreementId: inForce.id, kind: 'NEAR_MISS', severity: 'LOW', summary: 'Wrong address on an envelope, caught', occurredAt: at, discoveredAt: at, icoReportable: false } }, council.igLead.token),
      ).reportIncident.id;
    });

    it('an organisation not in the agreement may not see or report its incidents', async () => {
      const other = await HttpBrowser.signedIn(t.url, outsider.practitioner.email);
      for (const where of [`/agreements/${inForce.id}/incidents/new`, `/incidents/${incidentId}`, `/incidents/${incidentId}/update`, `/incidents/${incidentId}/close`]) {
        expect((await other.send({ path: where })).status).toBe(403);
      }
      const before = await incidentCount();
      const posted = await other.send({ method: 'POST', path: `/agreements/${inForce.id}/incidents`, form: [['_csrf', other.csrf], ['summary', 'Forged'], ['kind', 'BREACH']] });
      expect(posted.status).toBe(403);
      expect((await other.send({ method: 'POST', path: `/incidents/${incidentId}/close`, form: [['_csrf', other.csrf]] })).status).toBe(403);
      expect(await incidentCount()).toBe(before);
      expect((await t.db.query(`SELECT status FROM incident WHERE id = $1`, [incidentId])).rows[0].status).toBe('OPEN');
    });

    it('a signatory of a party sees the incidents but gets no button, and is refused the forms', async () => {
      const page = await signedInAs(council.signatory.email);
      await page.goto(`${t.url}/agreements/${inForce.id}`);
      expect(await page.$$(`[data-incident="${incidentId}"]`)).toHaveLength(1);
      expect(await page.$$('[data-action="report-incident"]')).toHaveLength(0);
      expect(await texts(page, 'a.nhsuk-header__navigation-link')).not.toContain('Report an incident');
      await page.goto(`${t.url}/incidents/${incidentId}`);
      expect(await page.$$('[data-action="update-incident"], [data-action="close-incident"]')).toHaveLength(0);
      const signer = await HttpBrowser.signedIn(t.url, council.signatory.email);
      expect((await signer.send({ path: `/agreements/${inForce.id}/incidents/new` })).status).toBe(403);
      expect((await signer.send({ method: 'POST', path: `/incidents/${incidentId}/update`, form: [['_csrf', signer.csrf], ['status', 'INVESTIGATING']] })).status).toBe(403);
    });

    it('the API takes the flow too, and refuses one that is not the agreement’s, or a report to the ICO dated in the future', async () => {
      const at = new Date(Date.now() - HOUR);
      const input = { agreementId: inForce.id, kind: 'NEAR_MISS', severity: 'LOW', summary: 'Checked through the API', occurredAt: at, discoveredAt: at, icoReportable: false };
      const before = await incidentCount();
      const refused = await t.gql(REPORT_INCIDENT, { input: { ...input, flowId: '00000000-0000-4000-8000-000000000000' } }, council.igLead.token);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'flowId', rule: 'inAgreement' }] });
      expect(await incidentCount()).toBe(before);
      const flowId = (await t.db.query(`SELECT frozen #>> '{content,dataFlows,0,id}' AS id FROM agreement_version WHERE agreement_id = $1`, [inForce.id])).rows[0].id as string;
      const { id } = ok(await t.gql(REPORT_INCIDENT, { input: { ...input, kind: 'BREACH', icoReportable: true, flowId } }, council.igLead.token)).reportIncident;
      expect((await t.db.query(`SELECT flow_id FROM incident WHERE id = $1`, [id])).rows[0].flow_id).toBe(flowId);
      const early = await t.gql(
        `mutation ($input: UpdateIncidentInput!) { updateIncident(input: $input) { id } }`,
        { input: { incidentId: id, status: 'REPORTED_TO_ICO', reportedToIcoAt: new Date(Date.now() + HOUR) } },
        council.igLead.token,
      );
      expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reportedToIcoAt', rule: 'notInFuture' }] });
    });

    it('the migration that gives incidents a flow has a working down', async () => {
      const runner = t.owner.createQueryRunner();
      const column = () => runner.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'incident' AND column_name = 'flow_id'`);
      try {
        await runner.startTransaction();
        const before = (await runner.query(`SELECT count(*)::int AS n FROM incident`))[0].n;
        await new IncidentFlow1798100000000().down(runner);
        expect(await column()).toEqual([]);
        await new IncidentFlow1798100000000().up(runner);
        expect(await column()).toEqual([{ column_name: 'flow_id' }]);
        expect((await runner.query(`SELECT count(*)::int AS n FROM incident`))[0].n).toBe(before);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });

    it('a form posted without its CSRF token is refused, even by who may send it', async () => {
      const lead = await HttpBrowser.signedIn(t.url, council.igLead.email);
      const form = formFields(await (await lead.send({ path: `/incidents/${incidentId}/update` })).text(), `/incidents/${incidentId}/update`);
      const forged = await lead.send({ method: 'POST', path: `/incidents/${incidentId}/update`, form: withField(form.filter(([name]) => name !== '_csrf'), 'status', 'INVESTIGATING') });
      expect(forged.status).toBe(403);
      const reportForm = formFields(await (await lead.send({ path: `/agreements/${inForce.id}/incidents/new` })).text(), `/agreements/${inForce.id}/incidents`);
      const before = await incidentCount();
      expect((await lead.send({ method: 'POST', path: `/agreements/${inForce.id}/incidents`, form: reportForm.filter(([name]) => name !== '_csrf') })).status).toBe(403);
      expect(await incidentCount()).toBe(before);
      const accepted = await lead.send({ method: 'POST', path: `/incidents/${incidentId}/update`, form: withField(form, 'status', 'INVESTIGATING') });
      expect(accepted.status).toBe(303);
      expect((await t.db.query(`SELECT status FROM incident WHERE id = $1`, [incidentId])).rows[0].status).toBe('INVESTIGATING');
    });
  });

  describe('the lead’s senior roles suspend, resume and terminate an agreement', () => {
    let agreement: { id: string; reference: string };
    beforeAll(async () => {
      agreement = await agreementInForce('Care home admissions ISP');
    });

    it('the SIRO suspends it: a reason, then “Are you sure…” with what happens next', async () => {
      const page = await signedInAs(siro.email);
      await page.goto(`${t.url}/agreements/${agreement.id}`);
      expect(await texts(page, '#status-actions ~ .nhsuk-button-group [data-action]')).toEqual(['Suspend the agreement', 'Terminate the agreement']);
      await follow(page, '[data-action="suspend"]');
      expect(path(page)).toBe(`/agreements/${agreement.id}/status/suspend`);
      expect(await text(page, 'h1')).toBe(`${agreement.reference}: Care home admissions ISP - Why are you suspending it?`);
      await checkPage(page, 'agreement-suspend-reason');
      await pressMainButton(page);
      expect(await errorSummary(page)).toEqual(['Enter why you are suspending the agreement']);
      expect(await errorLinks(page)).toEqual(['#reason']);
      expect(await text(page, '#reason-error')).toBe('Error: Enter why you are suspending the agreement');
      await checkPage(page, 'agreement-suspend-reason-error');
      await typeInto(page, '#reason', 'The care provider’s DSPT lapsed');
      await pressMainButton(page);
      expect(await text(page, 'h1')).toBe(`Care home admissions ISP - Are you sure you want to suspend ${agreement.reference}?`);
      expect(await text(page, '[data-reason]')).toBe('The care provider’s DSPT lapsed');
      expect((await texts(page, '[data-what-happens-next] li'))[0]).toContain('Sharing under the agreement should stop until it is resumed');
      await checkPage(page, 'agreement-suspend-confirm');
      // Change goes back with the reason typed; nothing has changed yet.
      await follow(page, '[data-action="change-reason"]');
      expect(await page.$eval('#reason', (e) => (e as HTMLTextAreaElement).value)).toBe('The care provider’s DSPT lapsed');
      await typeInto(page, '#reason', 'The care provider’s DSPT lapsed in November');
      await pressMainButton(page);
      expect(await statusOf(agreement.id)).toEqual({ status: 'ACTIVE', status_reason: null });
      await follow(page, '[data-action="confirm-suspend"]');
      expect(path(page)).toBe(`/agreements/${agreement.id}`);
      expect(await text(page, '[data-notice]')).toContain('Agreement suspended');
      expect(await text(page, '[data-status]')).toContain('Suspended');
      expect(await statusOf(agreement.id)).toEqual({ status: 'SUSPENDED', status_reason: 'The care provider’s DSPT lapsed in November' });
      expect(await texts(page, '#status-actions ~ .nhsuk-button-group [data-action]')).toEqual(['Resume the agreement', 'Terminate the agreement']);
      await checkPage(page, 'agreement-overview-suspended');
    });

    it('the Caldicott Guardian resumes it, the reason kept in the audit log', async () => {
      const page = await signedInAs(guardian.email, false);
      await page.goto(`${t.url}/agreements/${agreement.id}`);
      await follow(page, '[data-action="resume"]');
      await typeInto(page, '#reason', 'DSPT now met again');
      await pressMainButton(page);
      await checkPage(page, 'agreement-resume-confirm');
      await follow(page, '[data-action="confirm-resume"]');
      expect(await text(page, '[data-notice]')).toContain('Agreement resumed');
      expect(await statusOf(agreement.id)).toEqual({ status: 'ACTIVE', status_reason: null });
      const [entry] = (await t.db.query(`SELECT after FROM audit_entry WHERE action = 'agreement.resume' AND entity_id = $1`, [agreement.id])).rows;
      expect(entry.after).toMatchObject({ status: 'ACTIVE', reason: 'DSPT now met again' });
    });

    it('nobody else sees the buttons or gets past the routes, and nothing changes', async () => {
      for (const email of [council.igLead.email, council.signatory.email, hospital.signatory.email, hospital.practitioner.email, outsider.igLead.email]) {
        const other = await HttpBrowser.signedIn(t.url, email);
        const overview = await other.send({ path: `/agreements/${agreement.id}` });
        if (overview.status === 200) expect(await overview.text()).not.toContain('data-action="suspend"');
        for (const action of ['suspend', 'terminate']) {
          expect((await other.send({ path: `/agreements/${agreement.id}/status/${action}` })).status).toBe(403);
          for (const step of ['/check', '']) {
            const response = await other.send({ method: 'POST', path: `/agreements/${agreement.id}/status/${action}${step}`, form: [['_csrf', other.csrf], ['reason', 'Not mine to end']] });
            expect(response.status).toBe(403);
          }
        }
      }
      expect(await statusOf(agreement.id)).toEqual({ status: 'ACTIVE', status_reason: null });
    });

    it('refuses a form without its CSRF token, and what the lifecycle does not allow', async () => {
      const lead = await HttpBrowser.signedIn(t.url, hospital.igLead.email);
      expect((await lead.send({ method: 'POST', path: `/agreements/${agreement.id}/status/terminate`, form: [['reason', 'Forged']] })).status).toBe(403);
      expect((await lead.send({ path: `/agreements/${agreement.id}/status/resume` })).status).toBe(409);
      expect((await lead.send({ path: `/agreements/${agreement.id}/status/expire` })).status).toBe(404);
      expect(await statusOf(agreement.id)).toEqual({ status: 'ACTIVE', status_reason: null });
    });

    it('the IG lead terminates it, warned that it cannot be undone', async () => {
      const page = await signedInAs(hospital.igLead.email);
      await page.goto(`${t.url}/agreements/${agreement.id}`);
      await follow(page, '[data-action="terminate"]');
      await typeInto(page, '#reason', 'The service was decommissioned');
      await pressMainButton(page);
      expect(await texts(page, '[data-what-happens-next] li')).toContain('The agreement ends now. It cannot be resumed: to share again, draft a new agreement.');
      await checkPage(page, 'agreement-terminate-confirm');
      await follow(page, '[data-action="confirm-terminate"]');
      expect(await text(page, '[data-notice]')).toContain('Agreement terminated');
      expect(await statusOf(agreement.id)).toEqual({ status: 'TERMINATED', status_reason: 'The service was decommissioned' });
      expect(await page.$$('#status-actions')).toHaveLength(0);
      await checkPage(page, 'agreement-overview-terminated');
    });
  });

  describe('a record of an agreement signed on paper, from the agreement’s page', () => {
    it('leads another party’s IG lead or signatory to confirm or dispute it, and not the lead or a practitioner', async () => {
      const recordedId = await recordedAgreement(t, hospital, council, care);
      const page = await signedInAs(council.signatory.email);
      await page.goto(`${t.url}/agreements/${recordedId}`);
      expect(await text(page, '[data-action="answer-record"]')).toBe('Confirm or dispute the record');
      await checkPage(page, 'agreement-overview-record-to-answer');
      await follow(page, '[data-action="answer-record"]');
      expect(path(page)).toBe(`/in-tray/${recordedId}/versions/1/record`);
      await follow(page, '[data-action="confirm"]');
      await page.goto(`${t.url}/agreements/${recordedId}`);
      expect(await text(page, '[data-action="answer-record"]')).toBe('See your organisation’s answer');
      for (const email of [hospital.igLead.email, council.practitioner.email]) {
        const other = await signedInAs(email);
        await other.goto(`${t.url}/agreements/${recordedId}`);
        expect(await other.$$('[data-action="answer-record"]')).toHaveLength(0);
      }
    });
  });
});
