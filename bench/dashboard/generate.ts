// Ten million decisions without the API: rows generated in SQL (generate_series), in chunks, each
// chunk inserted and then added to the rollups by the app's own `addToRollups(em, ids)` in the same
// transaction, exactly as SharingDecisionsService.recordBatch does after its INSERT. The rows are
// valid for every CHECK constraint and name organisations, users, agreements, versions and flows
// that exist (seeded through the API). Their values follow the same practice mix as bench/ingest's
// decisions, and carry the flags the app's rules give them (decision-flags.ts) under a version in force.
import type { DataSource } from 'typeorm';
import { addToRollups } from '../../src/monitoring/metrics/decision-rollups.js';
import type { SeededPartnership } from './seed.js';

export const SLOTS = 10_000;

interface Route {
  agreementId: string | null;
  versionId: string | null;
  flowId: string | null;
  discloser: string;
  requester: string;
  decidedBy: string;
  items: { name: string; specialCategory: boolean }[];
  weight: number;
}

interface FlowRow {
  id: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  dataItems: { name: string; specialCategory: boolean }[];
}

/**
 * Where decisions go and in what proportion: every ISP's two flows (most), a direction between two
 * of its parties with no flow (flagged FLOW_NOT_IN_AGREEMENT), and, per partnership, a few routes
 * under no agreement (about 5% of all decisions). ISPs differ in size: weights 1 to 5.
 */
export async function buildRoutes(ds: DataSource, partnerships: SeededPartnership[]): Promise<{ routes: number; slots: number; weights: Map<string, number> }> {
  const versions = (await ds.query(
    `SELECT v.id, v.agreement_id, v.frozen #> '{content,dataFlows}' AS flows FROM agreement_version v WHERE v.status = 'ACTIVE' AND v.agreement_id = ANY($1)`,
    [partnerships.flatMap((p) => p.isps.map((i) => i.id))],
  )) as { id: string; agreement_id: string; flows: FlowRow[] }[];
  const versionOf = new Map(versions.map((v) => [v.agreement_id, v]));
  const routes: Route[] = [];
  const weights = new Map<string, number>();
  let totalIspWeight = 0;
  partnerships.forEach((p, pi) => {
    p.isps.forEach((isp, k) => {
      const version = versionOf.get(isp.id);
      if (!version) throw new Error(`ISP ${isp.id} has no ACTIVE version`);
      const weight = 1 + (((pi * 10 + k) * 7) % 5);
      weights.set(isp.id, weight);
      totalIspWeight += weight;
      const practitioner = (orgId: string) => p.organisations.find((o) => o.id === orgId)!.practitioner.id;
      const [flow1, flow2] = version.flows;
      for (const [flow, share] of [
        [flow1, 0.55],
        [flow2, 0.42],
      ] as const) {
        routes.push({
          agreementId: isp.id,
          versionId: version.id,
          flowId: flow.id,
          discloser: flow.fromOrganisationId,
          requester: flow.toOrganisationId,
          decidedBy: practitioner(flow.fromOrganisationId),
          items: flow.dataItems,
          weight: weight * share,
        });
      }
      // Third party back to the first: no such flow in the ISP.
      routes.push({
        agreementId: isp.id,
        versionId: version.id,
        flowId: null,
        discloser: flow2.toOrganisationId,
        requester: flow1.fromOrganisationId,
        decidedBy: practitioner(flow2.toOrganisationId),
        items: flow2.dataItems,
        weight: weight * 0.03,
      });
    });
  });
  // About 5% of all decisions under no agreement: three routes per partnership.
  const noAgreementWeight = (totalIspWeight * 0.05) / 0.95 / (partnerships.length * 3);
  for (const p of partnerships) {
    const [icb, hospital, council, care] = p.organisations;
    for (const [from, to] of [
      [care, icb],
      [council, icb],
      [hospital, care],
    ] as const) {
      routes.push({
        agreementId: null,
        versionId: null,
        flowId: null,
        discloser: from.id,
        requester: to.id,
        decidedBy: from.practitioner.id,
        items: [
          { name: 'NHS number', specialCategory: false },
          { name: 'Safeguarding concern summary', specialCategory: true },
        ],
        weight: noAgreementWeight,
      });
    }
  }

  await ds.query(`DROP TABLE IF EXISTS bench_route, bench_slot`);
  await ds.query(`CREATE TABLE bench_route (
    id int PRIMARY KEY, agreement_id uuid, version_id uuid, flow_id text, discloser uuid NOT NULL, requester uuid NOT NULL, decided_by uuid NOT NULL,
    item1 text NOT NULL, item1_special boolean NOT NULL, item2 text NOT NULL, item2_special boolean NOT NULL)`);
  await ds.query(
    `INSERT INTO bench_route SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id int, agreement_id uuid, version_id uuid, flow_id text, discloser uuid, requester uuid,
       decided_by uuid, item1 text, item1_special boolean, item2 text, item2_special boolean)`,
    [
      JSON.stringify(
        routes.map((r, id) => ({
          id,
          agreement_id: r.agreementId,
          version_id: r.versionId,
          flow_id: r.flowId,
          discloser: r.discloser,
          requester: r.requester,
          decided_by: r.decidedBy,
          item1: r.items[0].name,
          item1_special: r.items[0].specialCategory,
          item2: r.items[1].name,
          item2_special: r.items[1].specialCategory,
        })),
      ),
    ],
  );
  // SLOTS slots, each naming a route, in proportion to the weights (largest remainder).
  const total = routes.reduce((s, r) => s + r.weight, 0);
  const exact = routes.map((r) => (r.weight / total) * SLOTS);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = SLOTS - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k += 1) counts[order[k][1]] += 1;
  if (counts.reduce((a, b) => a + b, 0) !== SLOTS) throw new Error('the slots do not add up');
  const slots = counts.flatMap((n, id) => Array.from({ length: n }, () => id));
  await ds.query(`CREATE TABLE bench_slot (slot int PRIMARY KEY, route_id int NOT NULL)`);
  await ds.query(`INSERT INTO bench_slot SELECT s - 1, r FROM unnest($1::int[]) WITH ORDINALITY AS u(r, s)`, [slots]);
  return { routes: routes.length, slots: slots.length, weights };
}

/** The INSERT of decisions $1..$2, decided between $3 and $4; returns their ids. */
const INSERT_CHUNK = `
WITH g AS (
  SELECT n, random() AS r0, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS r7,
         random_normal() AS z
  FROM generate_series($1::bigint, $2::bigint) AS n
), x AS (
  SELECT g.*, r.*,
    CASE WHEN g.r2 < 0.58 THEN 'routine' WHEN g.r2 < 0.68 THEN 'explicit' WHEN g.r2 < 0.76 THEN 'partial' WHEN g.r2 < 0.86 THEN 'notShared'
         WHEN g.r2 < 0.90 THEN 'safeguarding' WHEN g.r2 < 0.94 THEN 'capacity' WHEN g.r2 < 0.97 THEN 'statutory' WHEN g.r2 < 0.985 THEN 'email'
         WHEN g.r2 < 0.993 THEN 'planning' ELSE 'noArt9' END AS sc,
    $3::timestamptz + g.r1 * ($4::timestamptz - $3::timestamptz) AS decided,
    least(14400, greatest(1, round(exp(ln(40) + 1.3 * g.z))))::int AS minutes
  FROM g JOIN bench_slot s ON s.slot = floor(g.r0 * ${SLOTS})::int JOIN bench_route r ON r.id = s.route_id
), y AS (
  SELECT x.*,
    CASE sc WHEN 'partial' THEN 'PARTIALLY_SHARED' WHEN 'notShared' THEN 'NOT_SHARED' ELSE 'SHARED' END AS outcome,
    CASE sc WHEN 'safeguarding' THEN 'SAFEGUARDING' WHEN 'statutory' THEN 'STATUTORY_RETURN' WHEN 'planning' THEN 'SERVICE_PLANNING' ELSE 'INDIVIDUAL_CARE' END AS purpose_type,
    CASE sc WHEN 'explicit' THEN 'GIVEN' WHEN 'capacity' THEN 'LACKS_CAPACITY' WHEN 'statutory' THEN 'NOT_SOUGHT_NOT_REQUIRED'
            WHEN 'safeguarding' THEN CASE WHEN r5 < 0.5 THEN 'REFUSED' ELSE 'WITHDRAWN' END
            WHEN 'notShared' THEN CASE WHEN r3 < 0.4 THEN CASE WHEN r5 < 0.5 THEN 'REFUSED' ELSE 'WITHDRAWN' END ELSE 'IMPLIED' END
            ELSE 'IMPLIED' END AS consent_status,
    CASE sc WHEN 'notShared' THEN NULL WHEN 'statutory' THEN 'MESH' WHEN 'email' THEN 'STANDARD_EMAIL' ELSE 'NHSMAIL' END AS transfer_method,
    CASE sc WHEN 'notShared' THEN false WHEN 'partial' THEN item1_special WHEN 'noArt9' THEN true ELSE item1_special OR item2_special END AS special
  FROM x
), z AS (
  SELECT y.*, CASE WHEN special AND sc <> 'noArt9' THEN 'ART9_2_H_HEALTH_SOCIAL_CARE' END AS article9_condition FROM y
)
INSERT INTO sharing_decision (
  recorded_by_organisation_id, client_key, agreement_id, agreement_version_id, flow_id, requesting_organisation_id, disclosing_organisation_id,
  requested_at, decided_at, purpose_type, purpose, outcome, not_shared_reason, data_items_shared, data_items_withheld, includes_special_category, record_count,
  article6_basis, article9_condition, common_law_basis, consent_status, capacity_consent_by, public_interest_override, override_authorised_by, override_reason,
  advice_sought, transfer_method, person_informed, not_informed_reason, decided_by_user_id, case_reference_hash, key_questions, flags, recorded_at)
SELECT
  discloser, 'gen-' || n, agreement_id, version_id, flow_id, requester, discloser,
  decided - minutes * interval '1 minute', decided, purpose_type, NULL, outcome,
  CASE outcome WHEN 'PARTIALLY_SHARED' THEN (ARRAY['NOT_NECESSARY', 'NOT_PROPORTIONATE', 'THIRD_PARTY_INFORMATION'])[1 + floor(r3 * 3)::int]
               WHEN 'NOT_SHARED' THEN CASE WHEN r3 < 0.4 THEN 'CONSENT_REFUSED' ELSE (ARRAY['RISK_OF_HARM', 'NOT_NECESSARY', 'INFORMATION_NOT_HELD', 'NO_LEGITIMATE_PURPOSE'])[1 + floor(r4 * 4)::int] END END,
  CASE outcome WHEN 'SHARED' THEN ARRAY[item1, item2] WHEN 'PARTIALLY_SHARED' THEN ARRAY[item1] ELSE '{}'::text[] END,
  CASE outcome WHEN 'SHARED' THEN '{}'::text[] WHEN 'PARTIALLY_SHARED' THEN ARRAY[item2] ELSE ARRAY[item1, item2] END,
  special,
  CASE WHEN outcome = 'NOT_SHARED' THEN 0 WHEN sc = 'statutory' THEN 20 + floor(r4 * 5000)::int ELSE 1 END,
  CASE WHEN outcome = 'NOT_SHARED' THEN NULL WHEN sc = 'statutory' THEN 'ART6_1_C_LEGAL_OBLIGATION' ELSE 'ART6_1_E_PUBLIC_TASK' END,
  article9_condition,
  CASE WHEN outcome = 'NOT_SHARED' THEN NULL WHEN sc = 'explicit' THEN 'EXPLICIT_CONSENT' WHEN sc = 'safeguarding' THEN 'PUBLIC_INTEREST'
       WHEN sc = 'statutory' THEN 'LEGAL_REQUIREMENT' ELSE 'IMPLIED_CONSENT' END,
  consent_status,
  CASE WHEN sc = 'capacity' THEN (ARRAY['LASTING_POWER_OF_ATTORNEY', 'COURT_APPOINTED_DEPUTY', 'BEST_INTERESTS_DECISION'])[1 + floor(r4 * 3)::int] END,
  sc = 'safeguarding',
  CASE WHEN sc = 'safeguarding' THEN 'Caldicott Guardian' END,
  CASE WHEN sc = 'safeguarding' THEN 'Serious risk of harm to the person outweighs the duty of confidence' END,
  CASE WHEN sc = 'safeguarding' THEN ARRAY['CALDICOTT_GUARDIAN', 'SAFEGUARDING_LEAD'] ELSE '{}'::text[] END,
  transfer_method,
  CASE WHEN outcome = 'NOT_SHARED' THEN r5 < 0.5 WHEN sc IN ('safeguarding', 'statutory') THEN false ELSE true END,
  CASE WHEN outcome = 'NOT_SHARED' AND r5 >= 0.5 THEN 'NOT_SHARED' WHEN sc = 'safeguarding' THEN 'WOULD_INCREASE_RISK_OF_HARM'
       WHEN sc = 'statutory' THEN 'ALREADY_INFORMED_AT_OUTSET' END,
  decided_by,
  CASE WHEN r6 < 0.5 THEN encode(sha256(convert_to('case-' || n, 'UTF8')), 'hex') END,
  CASE WHEN sc = 'routine' AND r6 < 0.1 THEN '{"q1": "YES", "q2": "YES", "q3": "YES", "q4": "YES", "q6": "YES", "q7": "YES"}'::jsonb END,
  CASE WHEN outcome = 'NOT_SHARED' THEN '{}'::text[] ELSE array_remove(ARRAY[
    CASE WHEN agreement_id IS NOT NULL AND flow_id IS NULL THEN 'FLOW_NOT_IN_AGREEMENT' END,
    CASE WHEN flow_id IS NOT NULL AND transfer_method <> 'NHSMAIL' THEN 'METHOD_NOT_ALLOWED' END,
    CASE WHEN transfer_method = 'STANDARD_EMAIL' THEN 'METHOD_NOT_SECURE' END,
    CASE WHEN consent_status = 'IMPLIED' AND purpose_type <> 'INDIVIDUAL_CARE' THEN 'IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE' END,
    CASE WHEN special AND article9_condition IS NULL THEN 'SPECIAL_CATEGORY_WITHOUT_ARTICLE_9' END
  ], NULL) END,
  decided + r7 * interval '5 minutes'
FROM z
RETURNING id, recorded_by_organisation_id, client_key, decided_at`;

/** Each generated decision's client key, as the app claims it when it records one. */
const CLAIM_KEYS = `INSERT INTO sharing_decision_key (recorded_by_organisation_id, client_key, decision_id, decided_at, request_hash)
  SELECT organisation_id, client_key, decision_id, decided_at, encode(sha256(convert_to(client_key, 'UTF8')), 'hex')
  FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[]) AS given (organisation_id, client_key, decision_id, decided_at)`;

export interface ChunkTiming {
  decisions: number;
  insertSeconds: number;
  rollupSeconds: number;
}

/**
 * Inserts decisions [first, last] and adds them to the rollups with the app's function, in one transaction.
 * The INSERT runs with session_replication_role = replica, which skips the foreign-key triggers (six
 * lookups a row, 40% of the INSERT's time): every referencing value is copied from bench_route, whose
 * references are checked once (checkReferences), and the whole ledger is checked again at the end.
 * CHECK constraints still apply; addToRollups runs with the triggers back on, exactly as in the app.
 */
export async function generateChunk(ds: DataSource, first: number, last: number, from: Date, to: Date): Promise<ChunkTiming> {
  return ds.transaction(async (em) => {
    const began = performance.now();
    await em.query('SET LOCAL session_replication_role = replica');
    const inserted = (await em.query(INSERT_CHUNK, [first, last, from.toISOString(), to.toISOString()])) as {
      id: string;
      recorded_by_organisation_id: string;
      client_key: string;
      decided_at: Date;
    }[];
    await em.query(CLAIM_KEYS, [inserted.map((r) => r.recorded_by_organisation_id), inserted.map((r) => r.client_key), inserted.map((r) => r.id), inserted.map((r) => r.decided_at)]);
    await em.query('SET LOCAL session_replication_role = origin');
    const insertedAt = performance.now();
    await addToRollups(em, inserted.map((r) => r.id), [from, to]);
    return { decisions: inserted.length, insertSeconds: (insertedAt - began) / 1000, rollupSeconds: (performance.now() - insertedAt) / 1000 };
  });
}

/** Foreign keys of the generated rows that name no existing row (0 when all is well), checked with anti-joins over the distinct values. */
export async function danglingReferences(ds: DataSource, table: 'bench_route' | 'sharing_decision'): Promise<number> {
  const [agreement, version, requester, discloser, user] =
    table === 'bench_route'
      ? ['agreement_id', 'version_id', 'requester', 'discloser', 'decided_by']
      : ['agreement_id', 'agreement_version_id', 'requesting_organisation_id', 'disclosing_organisation_id', 'decided_by_user_id'];
  const [row] = (await ds.query(
    `WITH refs AS (SELECT DISTINCT ${agreement} AS a, ${version} AS v, ${requester} AS rq, ${discloser} AS ds, ${user} AS u FROM ${table})
     SELECT count(*) FILTER (WHERE a IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agreement x WHERE x.id = a))
          + count(*) FILTER (WHERE v IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agreement_version x WHERE x.id = v))
          + count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM organisation x WHERE x.id = rq))
          + count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM organisation x WHERE x.id = ds))
          + count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM app_user x WHERE x.id = u)) AS dangling
     FROM refs`,
  )) as { dangling: string }[];
  return Number(row.dangling);
}
