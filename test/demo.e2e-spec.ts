import { HttpBrowser } from './support/http-browser.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const DASHBOARD_FIGURES = `query ($p: ID!, $from: String!, $to: String!) {
  sharingMetrics(partnershipId: $p, fromMonth: $from, toMonth: $to) { decisions shared notShared byMonth { month decisions } flaggedDecisions incidents { total } outsideAnyAgreement { decisions } }
  agreementHealth(partnershipId: $p) { status reasons activeAgreements }
}`;
const PROTOCOL = `query ($id: ID!) { agreement(id: $id) { currentVersion { effectiveDate recordedFromOriginal originalReference confirmationStatus signedOriginal { byteSize } } } }`;
const CARE_ASSURANCE = `{ organisations(first: 10, filter: { search: "Brightwater" }) { edges { node { name assuranceHistory { effectiveFrom dsptStatus } } } } }`;

describe('the demo (npm run demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true', EXPIRY_SWEEP_SECONDS: '0' });
  });
  afterAll(async () => t.close());

  it('loads a partnership a commissioner sees populated, with months of decisions', async () => {
    const token = await t.login('commissioner@northshire-icb.demo', 'demo-password-2026');
    const agreements = ok(await t.gql('{ agreements(first: 10) { edges { node { id kind status } } } }', {}, token)).agreements.edges.map((e: any) => e.node);
    const protocol = agreements.find((a: any) => a.kind === 'PROTOCOL');
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
    const figures = ok(await t.gql(DASHBOARD_FIGURES, { p: protocol.id, from, to: now.toISOString().slice(0, 7) }, token));
    expect(figures.sharingMetrics.decisions).toBeGreaterThan(200);
    expect(figures.sharingMetrics.byMonth.length).toBeGreaterThanOrEqual(6);
    expect(figures.sharingMetrics.notShared).toBeGreaterThan(0);
    expect(figures.sharingMetrics.flaggedDecisions).toBeGreaterThan(0);
    expect(figures.sharingMetrics.incidents.total).toBe(2);
    expect(figures.sharingMetrics.outsideAnyAgreement.decisions).toBeGreaterThan(0);
    // The care provider's DSPT fell to Approaching Standards in 2025: said in words. A variation awaits signatures too (the suspended and terminated agreements are not active).
    expect(figures.agreementHealth).toEqual({
      status: 'AMBER',
      reasons: ['1 agreement awaiting signatures (1 of 3 signed)', "Brightwater Home Care Ltd (demo)'s DSPT is Approaching Standards"],
      activeAgreements: 4,
    });
    // The protocol was signed on paper two years ago, recorded from its scan and confirmed by the partners.
    const recorded = ok(await t.gql(PROTOCOL, { id: protocol.id }, token)).agreement.currentVersion;
    expect(recorded).toMatchObject({ recordedFromOriginal: true, originalReference: 'NICB/IG/PROT/2024/01', confirmationStatus: 'CONFIRMED' });
    expect(recorded.signedOriginal.byteSize).toBeGreaterThan(0);
    expect(Date.parse(recorded.effectiveDate)).toBeLessThan(Date.now() - 700 * 86_400_000);
    const care = ok(await t.gql(CARE_ASSURANCE, {}, token)).organisations.edges[0].node;
    expect(care.assuranceHistory).toEqual([
      { effectiveFrom: '2025-07-01', dsptStatus: 'APPROACHING_STANDARDS' },
      { effectiveFrom: '2024-06-30', dsptStatus: 'STANDARDS_MET' },
    ]);
  });

  it('populates every page of every role: lists, in-trays, incidents, notifications, decisions', async () => {
    const PASSWORD = 'demo-password-2026';
    const page = async (email: string, path: string) => {
      const browser = await HttpBrowser.signedIn(t.url, email, PASSWORD);
      const response = await browser.send({ path });
      expect(response.status).toBe(200);
      return response.text();
    };
    const count = (html: string, attribute: string) => (html.match(new RegExp(`${attribute}="`, 'g')) ?? []).length;

    // The lead's IG lead: agreements in every state, and an invitation to answer.
    const list = await page('ig@northshire-hospital.demo', '/agreements?size=50');
    for (const status of ['Active', 'Suspended', 'Terminated', 'Variation awaiting signatures', 'Draft']) expect(list).toContain(status);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM agreement_version WHERE status = 'DECLINED'`)).rows).toEqual([{ n: 1 }]);
    expect(list).toContain('data-invitations');
    expect(list).toContain('Mental health crisis ISP (demo)');
    // The council's and the care provider's signatories: the variation to sign; the hospital's: a paper original to confirm.
    for (const email of ['signatory@northshire-council.demo', 'signatory@brightwater-care.demo']) expect(await page(email, '/in-tray')).toContain('Hospital discharge ISP (demo)');
    expect(await page('signatory@northshire-hospital.demo', '/in-tray')).toContain('Reablement ISP signed on paper (demo)');
    // Every IG lead and signatory has notifications.
    for (const email of ['ig@northshire-hospital.demo', 'ig@northshire-council.demo', 'ig@brightwater-care.demo', 'signatory@brightwater-care.demo']) {
      expect(count(await page(email, '/notifications'), 'data-notification')).toBeGreaterThan(0);
    }
    // Every organisation's practitioner has recent decisions.
    for (const slug of ['northshire-icb', 'northshire-hospital', 'northshire-council', 'brightwater-care']) {
      expect(count(await page(`practitioner@${slug}.demo`, '/decisions'), 'data-decision')).toBeGreaterThan(0);
    }
    // Incidents: a closed breach, and an open one still inside its 72 hours to report to the ICO.
    const incidents = (await t.db.query('SELECT kind, status, ico_reportable FROM incident ORDER BY discovered_at')).rows;
    expect(incidents).toEqual([
      { kind: 'BREACH', status: 'CLOSED', ico_reportable: false },
      { kind: 'BREACH', status: 'OPEN', ico_reportable: true },
    ]);
  });

  it('loads once: a second start leaves the same data', async () => {
    const counts = async () =>
      (await t.db.query('SELECT (SELECT count(*) FROM sharing_decision)::int AS decisions, (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM notification)::int AS notifications, (SELECT count(*) FROM incident)::int AS incidents')).rows[0];
    const before = await counts();
    const seeder = (await import('../src/demo/demo-seeder.js')).DemoSeeder;
    await t.app.get(seeder).onApplicationBootstrap();
    expect(await counts()).toEqual(before);
  });
});
