import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';
import { AUDIT_APPEND_ARITY, auditAppendCall } from '../../audit/audit.service.js';
import { CopyBinaryWriter, type CopyType } from '../../database/copy-binary.js';
import { preparedQuery } from '../../database/prepared-query.js';
import { ROLLUP_GROUP_COLUMNS, ROLLUP_INPUT_COLUMNS, rollupWrites } from '../metrics/decision-rollups.js';
import { rollupGroups, type RollupInput } from '../metrics/rollup-groups.js';

/** The ledger's columns as a batch writes them, in order, with their types. */
export const LEDGER_COLUMNS = [
  ['id', 'uuid'],
  ['recorded_by_organisation_id', 'uuid'],
  ['client_key', 'text'],
  ['agreement_id', 'uuid'],
  ['agreement_version_id', 'uuid'],
  ['flow_id', 'text'],
  ['requesting_organisation_id', 'uuid'],
  ['disclosing_organisation_id', 'uuid'],
  ['requested_at', 'timestamptz'],
  ['decided_at', 'timestamptz'],
  ['purpose_type', 'text'],
  ['purpose', 'text'],
  ['outcome', 'text'],
  ['not_shared_reason', 'text'],
  ['data_items_shared', 'text[]'],
  ['data_items_withheld', 'text[]'],
  ['includes_special_category', 'boolean'],
  ['record_count', 'integer'],
  ['article6_basis', 'text'],
  ['article9_condition', 'text'],
  ['common_law_basis', 'text'],
  ['consent_status', 'text'],
  ['capacity_consent_by', 'text'],
  ['public_interest_override', 'boolean'],
  ['override_authorised_by', 'text'],
  ['override_reason', 'text'],
  ['advice_sought', 'text[]'],
  ['transfer_method', 'text'],
  ['person_informed', 'boolean'],
  ['not_informed_reason', 'text'],
  ['decided_by_user_id', 'uuid'],
  ['case_reference_hash', 'text'],
  ['key_questions', 'jsonb'],
  ['flags', 'text[]'],
  ['recorded_at', 'timestamptz'],
] as const satisfies readonly (readonly [string, CopyType])[];

/** A batch's row: the ledger's columns, and the request hash stored with its client key (sharing_decision_key). */
const ROW_COLUMNS = [...LEDGER_COLUMNS, ['request_hash', 'text']] as const satisfies readonly (readonly [string, CopyType])[];

type ColumnName = (typeof ROW_COLUMNS)[number][0];
export type LedgerRow = Record<ColumnName, unknown>;

/** The SQLSTATE `ledger_key_claimed_meanwhile()` raises (migration LedgerClaimGuard1796200000000). */
const KEY_CLAIMED_MEANWHILE = 'AL001';

/** A concurrent call claimed one of the batch's keys between its check and its write: the batch is tried again. */
export class KeyClaimedMeanwhile extends Error {}

/**
 * The statement that records a small batch, its rows given as one jsonb parameter ($1), then the
 * audit entry's parameters and the number of rows: claims each decision's client key (the ledger
 * is partitioned by month, so a key's uniqueness lives in sharing_decision_key; a key claimed
 * meanwhile by a concurrent call inserts nothing), inserts the decisions, adds what the rollups
 * read of them to decision_rollup_pending (foldPendingRollups counts them in, before any metrics
 * are read and every few seconds: so concurrent recordings share no row they all update) and, if
 * every one was inserted, appends the audit entry; if not, it fails (`ledger_key_claimed_meanwhile`).
 * Besides a key that a concurrent call is claiming, the only lock it waits on is the audit lock,
 * taken last (no rollup or agreement row: a fold takes those). The reference checks at the statement's
 * end (statement triggers, migrations LedgerReferenceChecks1796400000000 and
 * LedgerReferenceLocks1796600000000) lock no rows. Run on its own, the statement commits as it
 * ends, in the server, so the audit lock is held for no round trip to the app (whose event loop
 * may be busy).
 */
const RECORD_FROM_JSON = (() => {
  const first = 2;
  const count = first + AUDIT_APPEND_ARITY;
  return `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${ROW_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})),
    claimed AS (
      INSERT INTO sharing_decision_key (recorded_by_organisation_id, client_key, decision_id, decided_at, request_hash)
      SELECT recorded_by_organisation_id, client_key, id, decided_at, request_hash FROM r
      ON CONFLICT (recorded_by_organisation_id, client_key) DO NOTHING
      RETURNING decision_id
    ), ins AS (
      INSERT INTO sharing_decision (${LEDGER_COLUMNS.map(([c]) => c).join(', ')})
      SELECT ${LEDGER_COLUMNS.map(([c]) => `r.${c}`).join(', ')} FROM r WHERE r.id IN (SELECT decision_id FROM claimed)
      RETURNING ${ROLLUP_INPUT_COLUMNS.join(', ')}
    ), pending AS (
      INSERT INTO decision_rollup_pending (${ROLLUP_INPUT_COLUMNS.join(', ')})
      SELECT ${ROLLUP_INPUT_COLUMNS.join(', ')} FROM ins
      RETURNING 1
    ),
    audited AS (
      SELECT CASE WHEN (SELECT count(*) FROM pending) = $${count} THEN ${auditAppendCall(first)} ELSE ledger_key_claimed_meanwhile() END AS sequence
    )
    SELECT (SELECT sequence FROM audited) AS audit_sequence`;
})();

/**
 * After a batch's keys and rows are copied in: its rollup groups (worked out by the app, one jsonb
 * parameter), then the audit entry's parameters. Locks are taken in the order of rollupWrites, as
 * a fold of pending decisions takes them (the copies' reference checks take none): rollup rows,
 * the agreements FOR KEY SHARE, partnership rows, then the audit lock last.
 */
const ROLLUPS_AFTER_COPY = (() => {
  const { ctes, done } = rollupWrites('grouped');
  return `WITH grouped AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS g(${ROLLUP_GROUP_COLUMNS})),
    ${ctes}
    SELECT ${auditAppendCall(2)} AS audit_sequence FROM (${done}) AS after_rollups`;
})();

const KEY_COLUMNS = ['recorded_by_organisation_id', 'client_key', 'id', 'decided_at', 'request_hash'] as const;
const COPY_KEYS = 'COPY sharing_decision_key (recorded_by_organisation_id, client_key, decision_id, decided_at, request_hash) FROM STDIN (FORMAT binary)';
const COPY_DECISIONS = `COPY sharing_decision (${LEDGER_COLUMNS.map(([c]) => c).join(', ')}) FROM STDIN (FORMAT binary)`;

/**
 * From this many new decisions a batch is copied in (COPY) and recorded in a transaction: the
 * keys, then the decisions, straight into their tables, then the rollups (grouped by the app,
 * rollupGroups) with the audit entry. Sending the rows as one jsonb parameter and expanding them
 * into their rollups in SQL cost PostgreSQL more than storing them. The audit lock is then held
 * until the COMMIT's round trip, a small share of such a batch's time. Smaller batches (a single
 * decision above all) are one statement run on its own, their rollups left to a fold
 * (RECORD_FROM_JSON): one fold counts many of them per rollup row.
 */
export const COPIED_FROM = 100;

/** The unique key of sharing_decision_key: a copied key that breaks it was claimed by a concurrent call meanwhile. */
const CLIENT_KEY_CONSTRAINT = 'sharing_decision_key_pkey';

/**
 * Writes new ledger rows with the audit entry whose parameters are given (AuditService.appendCall,
 * as numbered from 1). The rows are written in client key order, so two calls claiming some of
 * the same keys claim them in the same order, and the later waits for the earlier rather than
 * each waiting for the other.
 */
export async function writeLedgerRows(connection: QueryRunner, given: LedgerRow[], auditParameters: unknown[]): Promise<void> {
  const em = connection.manager;
  const rows = [...given].sort((a, b) => ((a.client_key as string) < (b.client_key as string) ? -1 : 1));
  try {
    if (rows.length < COPIED_FROM) {
      await preparedQuery(em, 'ledger.record', RECORD_FROM_JSON, [JSON.stringify(rows), ...auditParameters, rows.length]);
      return;
    }
    await connection.startTransaction();
    try {
      await copyIn(connection, COPY_KEYS, rows, KEY_COLUMNS);
      await copyIn(connection, COPY_DECISIONS, rows, LEDGER_COLUMN_NAMES);
      await preparedQuery(em, 'ledger.rollupsAfterCopy', ROLLUPS_AFTER_COPY, [JSON.stringify(rollupGroups(rows as unknown as RollupInput[])), ...auditParameters]);
      await connection.commitTransaction();
    } catch (error) {
      await connection.rollbackTransaction();
      throw error;
    }
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    const claimedMeanwhile = code === KEY_CLAIMED_MEANWHILE || (code === UNIQUE_VIOLATION && constraint === CLIENT_KEY_CONSTRAINT);
    throw claimedMeanwhile ? new KeyClaimedMeanwhile() : error;
  }
}

const UNIQUE_VIOLATION = '23505';
const LEDGER_COLUMN_NAMES = LEDGER_COLUMNS.map(([name]) => name);
const COLUMN_TYPES = new Map<string, CopyType>(ROW_COLUMNS);

/** Copies `columns` of `rows` with `statement` (COPY … FROM STDIN in binary format). */
async function copyIn(connection: QueryRunner, statement: string, rows: LedgerRow[], columns: readonly string[]): Promise<void> {
  const client = (await connection.connect()) as PoolClient;
  connection.manager.connection.logger.logQuery(`${statement} -- ${rows.length} rows`, [], connection);
  const types = columns.map((name) => COLUMN_TYPES.get(name) as CopyType);
  const data = new CopyBinaryWriter(rows.length * columns.length * 24);
  for (let i = 0; i < rows.length; i += 1) data.row(rows[i], columns, types);
  await pipeline(Readable.from([data.finish()]), client.query(copyFrom(statement)));
}
