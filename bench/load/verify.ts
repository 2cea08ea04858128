// After the load: what the bench was told it did must be what the database holds.
//  - the ledger holds exactly the decisions the app acknowledged under this run's client keys;
//  - every agreement all three parties signed is ACTIVE (through the API and in the tables), its
//    version 1 in force, and exactly one signAgreement answer said so; the others still await
//    signatures, with exactly the signatures the bench was told were made;
//  - the audit chain verifies (`auditChainVerification` as the SYSTEM_ADMIN).
import pg from 'pg';
import { must } from '../ingest/common.js';
import type { Tallies } from './load.js';
import type { LoadData } from './seed.js';

export interface Verification {
  ledger: { rows: number; acknowledged: number; uncertain: number; exact: boolean };
  signing: {
    fullySigned: number;
    partlySigned: number;
    unsigned: number;
    activeThroughApi: number;
    activeInTables: number;
    activatedByAnswer: number;
    signatureRows: number;
    signaturesAcknowledged: number;
    problems: string[];
  };
  audit: { valid: boolean; entriesChecked: number; rows: number; reason: string | null };
  problems: string[];
}

export async function verify(endpoint: string, databaseUrl: string, data: LoadData, tallies: Tallies, runId: string, adminToken: string): Promise<Verification> {
  const problems: string[] = [];
  const db = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-verify' });
  await db.connect();
  try {
    // ---- the ledger
    const [{ rows }] = (await db.query('SELECT count(*)::int AS rows FROM sharing_decision WHERE client_key LIKE $1', [`${runId}-%`])).rows as { rows: number }[];
    const ledger = {
      rows,
      acknowledged: tallies.decisionsAcknowledged,
      uncertain: tallies.decisionsUncertain,
      exact: rows === tallies.decisionsAcknowledged && tallies.decisionsUncertain === 0,
    };
    if (rows < ledger.acknowledged || rows > ledger.acknowledged + ledger.uncertain) {
      problems.push(`the ledger holds ${rows} decisions under this run's client keys; the app acknowledged ${ledger.acknowledged} (and ${ledger.uncertain} more were in failed requests)`);
    }

    // ---- the signatures
    const ids = data.toSign.map((v) => v.agreementId);
    const tableRows = (
      await db.query(
        `SELECT a.id, a.status AS agreement_status, v.status AS version_status,
                coalesce(array_agg(s.organisation_id::text) FILTER (WHERE s.organisation_id IS NOT NULL), '{}') AS signed_by
         FROM agreement a JOIN agreement_version v ON v.agreement_id = a.id AND v.number = 1
         LEFT JOIN agreement_signature s ON s.version_id = v.id
         WHERE a.id = ANY($1) GROUP BY a.id, a.status, v.status`,
        [ids],
      )
    ).rows as { id: string; agreement_status: string; version_status: string; signed_by: string[] }[];
    const inTables = new Map(tableRows.map((r) => [r.id, r]));
    const parties = [data.partnership.hospital.id, data.partnership.council.id, data.partnership.care.id];
    const signing = {
      fullySigned: 0,
      partlySigned: 0,
      unsigned: 0,
      activeThroughApi: 0,
      activeInTables: 0,
      activatedByAnswer: tallies.activatedByAnswer.size,
      signatureRows: tableRows.reduce((n, r) => n + r.signed_by.length, 0),
      signaturesAcknowledged: [...tallies.signedBy.values()].reduce((n, s) => n + s.size, 0),
      problems: [] as string[],
    };
    const token = data.partnership.hospital.igLead.token;
    for (const v of data.toSign) {
      const told = tallies.signedBy.get(v.agreementId) ?? new Set<string>();
      const row = inTables.get(v.agreementId);
      if (!row) {
        signing.problems.push(`${v.reference}: no version 1 in the tables`);
        continue;
      }
      const stored = new Set(row.signed_by);
      const same = stored.size === told.size && [...told].every((o) => stored.has(o));
      if (!same) signing.problems.push(`${v.reference}: signed by ${stored.size} organisations in the tables, ${told.size} acknowledged to the bench`);
      const all = parties.every((o) => told.has(o));
      if (told.size === 0) {
        signing.unsigned += 1;
        continue; // never touched: nothing to ask the API
      }
      const { agreement } = await must<{ agreement: { status: string; currentVersion: { number: number } | null } }>(
        endpoint,
        'query ($id: ID!) { agreement(id: $id) { status currentVersion { number } } }',
        { id: v.agreementId },
        token,
      );
      if (all) {
        signing.fullySigned += 1;
        if (agreement.status === 'ACTIVE' && agreement.currentVersion?.number === 1) signing.activeThroughApi += 1;
        else signing.problems.push(`${v.reference}: signed by all three parties but ${agreement.status} through the API (version in force: ${agreement.currentVersion?.number ?? 'none'})`);
        if (row.agreement_status === 'ACTIVE' && row.version_status === 'ACTIVE') signing.activeInTables += 1;
        else signing.problems.push(`${v.reference}: signed by all three parties but ${row.agreement_status} (version ${row.version_status}) in the tables`);
        if (!tallies.activatedByAnswer.has(v.agreementId)) signing.problems.push(`${v.reference}: no signAgreement answer said it became ACTIVE`);
      } else {
        signing.partlySigned += 1;
        if (agreement.status !== 'AWAITING_SIGNATURES' || row.version_status !== 'AWAITING_SIGNATURES') {
          signing.problems.push(`${v.reference}: signed by ${told.size} of 3 parties but ${agreement.status} (version ${row.version_status})`);
        }
      }
    }
    for (const id of tallies.activatedByAnswer) {
      const told = tallies.signedBy.get(id);
      if (!told || !parties.every((o) => told.has(o))) signing.problems.push(`agreement ${id}: an answer said ACTIVE before all three parties had signed`);
    }
    problems.push(...signing.problems.slice(0, 10));

    // ---- the audit chain
    const { auditChainVerification: chain } = await must<{ auditChainVerification: { valid: boolean; entriesChecked: number; reason: string | null } }>(
      endpoint,
      '{ auditChainVerification { valid entriesChecked firstBrokenSequence reason } }',
      undefined,
      adminToken,
    );
    const [{ audit }] = (await db.query('SELECT count(*)::int AS audit FROM audit_entry')).rows as { audit: number }[];
    if (!chain.valid) problems.push(`the audit chain does not verify: ${chain.reason} after ${chain.entriesChecked} entries`);
    if (chain.valid && chain.entriesChecked !== audit) problems.push(`the audit chain verified ${chain.entriesChecked} entries, but audit_entry holds ${audit}`);
    return { ledger, signing, audit: { valid: chain.valid, entriesChecked: chain.entriesChecked, rows: audit, reason: chain.reason }, problems };
  } finally {
    await db.end();
  }
}
