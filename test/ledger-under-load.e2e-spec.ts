import { decisionInput } from './support/decision-fixtures.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const RECORD = `mutation ($input: SharingDecisionInput!) { recordSharingDecision(input: $input) { id } }`;

/**
 * More concurrent writers than database connections: each decision's transaction must do all
 * its work on its own connection, or writers holding one and waiting for another deadlock the pool.
 */
describe('the ledger with more writers than connections', () => {
  let t: TestApp;
  let partnership: Partnership;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '2', EXPIRY_SWEEP_SECONDS: '0' });
    partnership = await buildPartnership(t);
  });
  afterAll(async () => t.close());

  it('records every one of 12 concurrent decisions under an agreement, with a pool of 2', async () => {
    const { hospital, council, ispA } = partnership;
    const inputs = Array.from({ length: 12 }, () => decisionInput(hospital.id, council.id, { agreementId: ispA }));
    const results = await Promise.all(inputs.map((input) => t.gql(RECORD, { input }, hospital.practitioner.token)));
    expect(results.map((r) => r.errors ?? null)).toEqual(inputs.map(() => null));
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM sharing_decision WHERE client_key = ANY($1)', [inputs.map((i) => i.clientKey)]);
    expect(rows[0].n).toBe(12);
  });

  it('submits agreements concurrently with a pool of 2', async () => {
    const created = await Promise.all(
      [1, 2, 3].map(async (n) =>
        ok(
          await t.gql(
            `mutation ($input: CreateAgreementInput!) { createAgreement(input: $input) { id draftRevision } }`,
            { input: { kind: 'ISP', title: `Concurrent submission ${n}` } },
            partnership.hospital.igLead.token,
          ),
        ).createAgreement,
      ),
    );
    // Each is refused for its blockers, but every submission completes: none waits forever on the pool.
    const results = await Promise.all(
      created.map((a) =>
        t.gql(`mutation ($input: SubmitForSignatureInput!) { submitForSignature(input: $input) { number } }`, { input: { agreementId: a.id, expectedRevision: a.draftRevision } }, partnership.hospital.igLead.token),
      ),
    );
    expect(results.map((r) => r.errors?.[0].extensions.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });
});
