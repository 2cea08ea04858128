import { DataSource } from 'typeorm';
import { queryCounterOf } from '../src/database/query-counter.js';
import { HTML_ACCEPT, HttpBrowser } from './support/http-browser.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every statement is a round trip that wakes a PostgreSQL backend, and on the dashboard's host a
 * round trip costs more CPU than most of its SQL (bench/RESULTS.md, Dashboards): the page's count is kept.
 */
describe('the dashboard page’s SQL statements', () => {
  let t: TestApp;
  let partnership: Partnership;
  let browser: HttpBrowser;

  beforeAll(async () => {
    // No background jobs: their statements would be counted with the page's.
    t = await startTestApp({ ROLLUP_FOLD_SECONDS: '0', EXPIRY_SWEEP_SECONDS: '0', AUDIT_ANCHOR_SECONDS: '0' });
    partnership = await buildPartnership(t);
    browser = await HttpBrowser.signedIn(t.url, partnership.commissioner.email);
  });
  afterAll(async () => t.close());

  const statementsFor = async (path: string) => {
    const counter = queryCounterOf(t.app.get(DataSource));
    await browser.send({ path, accept: HTML_ACCEPT }); // the first view folds pending decisions and draws the charts
    const before = counter.queries;
    const response = await browser.send({ path, accept: HTML_ACCEPT });
    const sent = counter.queries - before;
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('Northshire information sharing protocol');
    expect(html).toContain('<svg');
    return sent;
  };

  it('reads a partnership’s period, the period before and health with the scope checked once', async () => {
    const path = `/dashboard?${new URLSearchParams({ partnership: partnership.protocolId, from: '2026-01', to: '2026-12' })}`;
    // Who is calling (with their session), the partnerships they may see, the agreements in the chosen one, the
    // scope with its access check (once, not once for each of the three reads), the two periods' figures, health
    // and the header's count of unread notifications.
    expect(await statementsFor(path)).toBe(8);
  });
});
