// What the app's database connections were doing during the mixed load, sampled from
// pg_stat_activity on the bench's own connection: bench/ingest/activity.ts's method, with labels for
// the statements of this mix (the ingest bench's labels name only the ledger's).
import { sampleActivity, type ActivityProfile, type ActivityRow } from '../ingest/activity.js';

/** Sampled connection-states by label; idle connections are not counted. */
export type ConnectionProfile = ActivityProfile;

/** What one busy connection is doing, in words; null when it is idle. */
export function labelOf(row: ActivityRow): string | null {
  if (row.state === 'idle' || row.state === null) return null;
  if (row.state.startsWith('idle in transaction')) return 'idle in transaction (the app between two statements of its transaction)';
  const q = row.q.replace(/\s+/g, ' ').trim();
  let what: string;
  if (/^WITH r AS \( ?SELECT \* FROM jsonb_to_recordset/i.test(q)) what = 'recording decisions (ledger, pending rollups and audit in one statement)';
  else if (/^WITH taken AS \(DELETE FROM decision_rollup_pending/i.test(q)) what = 'folding pending decisions into the rollups';
  else if (/audit_append\(/i.test(q)) what = 'an audited change (audit_append)';
  else if (/^(COMMIT|BEGIN|START TRANSACTION|ROLLBACK)/i.test(q)) what = q.split(' ')[0].toUpperCase();
  else {
    const verb = /^\w+/.exec(q)?.[0]?.toUpperCase() ?? '?';
    const table = /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/i.exec(q)?.[1];
    // A query builder's SELECT names every column: its FROM can be past the 1,024 characters PostgreSQL keeps.
    const columns = /^SELECT "(\w+)"\."\w+" AS "\w+", "\w+"\."(\w+)" AS/i.exec(q);
    if (table) what = `${verb} ${table}`;
    else if (columns) what = `SELECT by the query builder, alias "${columns[1]}" (columns id, ${columns[2]}, …)`;
    else what = q.slice(0, 50);
  }
  if (row.wait_event_type === 'Lock') return `${what}, waiting on a lock (${row.wait_event})`;
  if (row.wait_event_type === 'LWLock' || row.wait_event_type === 'IO' || row.wait_event_type === 'IPC') return `${what}, ${row.wait_event_type} wait`;
  return what;
}

/** Samples the app's connections every `everyMs` with the ingest bench's sampler and this mix's labels; stop() returns the profile. */
export function sampleConnections(databaseUrl: string, everyMs: number): Promise<{ stop(): Promise<ConnectionProfile> }> {
  // Long enough to reach past a query builder's column list to its FROM.
  return sampleActivity(databaseUrl, everyMs, labelOf, 2000);
}
