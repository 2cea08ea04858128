// What the ingest bench runs, and the shape of its results.
import type { ActivityProfile, ConnectionState } from './activity.js';
import type { CpuSplit } from './common.js';
import type { HostSpeed } from './host-speed.js';
import type { BulkFigures, SingleFigures } from './load.js';
import type { ProfileSummary } from './profile.js';

export const PLAN = {
  bulk: [
    { via: 'graphql', batchSize: 1000, clients: 1 },
    { via: 'graphql', batchSize: 5000, clients: 1 },
    { via: 'graphql', batchSize: 5000, clients: 2 },
    { via: 'ndjson', batchSize: 5000, clients: 1 },
    { via: 'ndjson', batchSize: 5000, clients: 2 },
    { via: 'ndjson', batchSize: 20000, clients: 2 },
    { via: 'ndjson', batchSize: 5000, clients: 4 },
  ] as const,
  decisionsPerBulkRun: 80_000,
  bulkWarmupBatches: 5,
  bulkMaxSeconds: 240,
  singleClients: 10,
  singleWarmupSeconds: 3,
  singleSeconds: 25,
  /** A request unanswered this long counts as an error (and shows the app is stuck). */
  singleTimeoutMs: 10_000,
  /** The second single run: a pool large enough for 10 clients holding two connections each. */
  largerPool: 20,
  profiledDecisions: 40_000,
  profiledSingleSeconds: 10,
  /** Others share this machine: wait this long at most for it to be quiet before measuring. */
  quietWaitSeconds: 10 * 60,
  /** ...and before each measured phase. */
  quietWaitPerPhaseSeconds: 3 * 60,
  watchdogSeconds: 45 * 60,
};

export interface BulkRun {
  figures: BulkFigures;
  cpu: CpuSplit;
  activity: ActivityProfile;
}

export interface SingleRun {
  figures: SingleFigures;
  /** The warm-up already failed, so its figures are the ones reported. */
  failedInWarmup: boolean;
  cpu: CpuSplit;
  activity: ActivityProfile;
  /** The app's connections after a run with unanswered requests. */
  stuck: ConnectionState[] | null;
}

export interface IngestResults {
  revision: string;
  seedSeconds: number;
  /** CPU the pg_stat_activity sampler costs on its own (PostgreSQL and the bench), per second of sampling. */
  samplerCpuPerSecond: number;
  /** The machine's CPU use (all processes) just before measuring, and how long the bench waited for it to be quiet. */
  quiet: { busy: number; waitedSeconds: number };
  hostSpeed: HostSpeed;
  bulk: BulkRun[];
  /** VACUUM (ANALYZE) after the bulk phases, before the single phases, in seconds. */
  vacuumSeconds: number;
  singles: (SingleRun & { pool: number })[];
  profile: { figures: BulkFigures; summary: ProfileSummary };
  singleProfile: { figures: SingleFigures; summary: ProfileSummary };
  check: {
    metrics: { decisions: number; shared: number; partiallyShared: number; notShared: number };
    sql: { decisions: number; shared: number; partiallyShared: number; notShared: number };
    ledgerRows: number;
    recordedByBench: number;
    underAgreements: number;
    flagged: number;
    rollupRows: number;
    tableSizes: { table: string; size: string }[];
  };
  totalSeconds: number;
}

