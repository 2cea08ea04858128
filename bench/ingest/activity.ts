// Where the app's database connections spend their time, sampled from pg_stat_activity every few
// milliseconds while a load runs: which statement each app connection is executing, whether it is
// waiting on a lock, or idle inside a transaction (the app working in JavaScript between statements).
// Cheap (one small query per sample on its own connection) and needs no change to the app.
import pg from 'pg';

export interface ActivityProfile {
  samples: number;
  /** Sampled connection-states by label, e.g. "INSERT sharing_decision" or "lock wait (advisory)". */
  byLabel: Map<string, number>;
}

export interface ActivityRow {
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
  q: string;
}

function label(row: ActivityRow): string | null {
  if (row.state === 'idle') return null;
  if (row.state === 'idle in transaction') return 'idle in transaction (app working between statements)';
  const q = row.q.replace(/\s+/g, ' ').trim();
  let what: string;
  // Matched on its opening: PostgreSQL keeps the first 1,024 characters, and its column list alone is longer.
  if (/^WITH r AS \(SELECT \* FROM jsonb_to_recordset/i.test(q)) what = 'record a small batch (one statement: keys, decisions, pending rollups, audit_append)';
  else if (/^WITH grouped AS/i.test(q)) what = 'a copied batch: its rollups and audit_append';
  else if (/^COPY /i.test(q)) what = `a copied batch: ${/^COPY (\w+)/i.exec(q)?.[1] ?? ''}`;
  else if (/^WITH taken AS \(DELETE FROM decision_rollup_pending/i.test(q)) what = 'fold pending decisions into the rollups';
  else if (/^INSERT INTO sharing_decision/i.test(q)) what = 'INSERT INTO sharing_decision (jsonb_to_recordset)';
  else if (/^WITH d AS/i.test(q)) what = 'addToRollups (INSERT … ON CONFLICT into decision_rollup)';
  else if (/write_rate_window/i.test(q)) what = 'write rate limit (upsert of the user\'s window)';
  else if (/FROM "sharing_decision"/i.test(q)) what = 'SELECT the batch back by client key';
  else if (/pg_advisory_xact_lock/i.test(q)) what = 'audit: pg_advisory_xact_lock';
  else if (/audit_entry/i.test(q)) what = 'audit: read last entry / INSERT';
  else if (/^COMMIT/i.test(q)) what = 'COMMIT';
  else if (/^(BEGIN|START TRANSACTION)/i.test(q)) what = 'BEGIN';
  else if (/agreement_version|agreement_status_change|FROM agreement\b|organisation WHERE id = ANY/i.test(q)) what = 'load agreements / organisations';
  else if (/app_user|session|token/i.test(q)) what = 'authenticate the caller';
  else what = `other: ${q.slice(0, 60)}`;
  if (row.wait_event_type === 'Lock') return `${what}, waiting on a lock (${row.wait_event})`;
  if (row.wait_event_type === 'LWLock' || row.wait_event_type === 'IO' || row.wait_event_type === 'IPC') return `${what}, ${row.wait_event_type} wait`;
  return what;
}

/** How often pg_stat_activity is read: often enough for shares over a run of seconds, rarely enough to cost little. */
export const SAMPLE_EVERY_MS = 50;

/**
 * Starts sampling the app's connections (application_name 'accordant'), naming each busy one with
 * `labelOf` (this bench's ledger labels by default; another bench brings its own); stop() returns the profile.
 */
export async function sampleActivity(
  databaseUrl: string,
  everyMs = SAMPLE_EVERY_MS,
  labelOf: (row: ActivityRow) => string | null = label,
  queryChars = 200,
): Promise<{ stop(): Promise<ActivityProfile> }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-sampler' });
  await client.connect();
  const byLabel = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query(
        `SELECT state, wait_event_type, wait_event, left(query, $1) AS q FROM pg_stat_activity
         WHERE application_name = 'accordant' AND backend_type = 'client backend'`,
        [queryChars],
      );
      samples += 1;
      for (const row of rows) {
        const l = labelOf(row);
        if (l) byLabel.set(l, (byLabel.get(l) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await client.end();
      return { samples, byLabel };
    },
  };
}

export interface ConnectionState {
  state: string;
  lastStatement: string;
  /** Seconds since the transaction began, for the oldest such connection. */
  oldestTransactionSeconds: number | null;
  connections: number;
}

/** A snapshot of the app's connections: how many in each state, with the statement each last ran. */
export async function connectionStates(databaseUrl: string): Promise<ConnectionState[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-sampler' });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT coalesce(state, '?') AS state, regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS "lastStatement",
              max(extract(epoch FROM now() - xact_start))::float AS "oldestTransactionSeconds", count(*)::int AS connections
       FROM pg_stat_activity WHERE application_name = 'accordant' AND backend_type = 'client backend'
       GROUP BY 1, 2 ORDER BY 4 DESC`,
    );
    return rows as ConnectionState[];
  } finally {
    await client.end();
  }
}
