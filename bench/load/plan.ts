// What the mixed-load bench runs: how long, which clients, and what each kind of request is.
// Durations come from the environment so a quick trial takes a minute (see run.ts); the mix does not.

const seconds = (name: string, fallback: number, min: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of seconds, at least ${min} (got "${raw}")`);
  return value;
};

const measuredSeconds = seconds('LOAD_SECONDS', 180, 5);
const warmupSeconds = seconds('LOAD_WARMUP_SECONDS', 20, 0);

export const PLAN = {
  measuredSeconds,
  warmupSeconds,
  /** Closed-loop clients, 12 in all (see the report for what each does). */
  clients: {
    /** Each picks one of the GraphQL reads at random, by READ_WEIGHTS. */
    reads: 3,
    /** One practitioner each of the hospital, the council and the care provider: single decisions, every BULK_EVERY-th request a bulk. */
    decisions: 3,
    /** One signatory each of the three parties, pausing between signatures (reading before signing). */
    signers: 3,
    /** Stored version PDFs, every DRAFT_PDF_EVERY-th request a fresh draft render. */
    pdfs: 1,
    /** Browsers: sign in, a few pages as that user, sign out. */
    pages: 2,
  },
  /** Every n-th request of a decision client records a bulk of `bulkSize` instead of one decision. */
  bulkEvery: 100,
  bulkSize: 100,
  /** Every n-th request of the PDF client renders a draft afresh. */
  draftPdfEvery: 8,
  /** A signatory pauses 1 to 3 s (uniformly) between signatures: each reads the next version first. */
  signPauseMs: { min: 1000, max: 3000 },
  /** Pages viewed per browser session between sign-in and sign-out. */
  pagesPerSession: 8,
  /**
   * Agreements submitted for signature beforehand: one a second (a signatory's shortest pause) over the
   * warm-up and the measured time, and a margin; signatories stop when none is left, and the report says so.
   */
  agreementsToSign: Math.ceil((warmupSeconds + measuredSeconds) / 1) + 20,
  /** Concurrent clients submitting those agreements while preparing (not measured). */
  preparers: 3,
  /** A request unanswered this long counts as an error. */
  requestTimeoutMs: 30_000,
  /** Others share this machine: before measuring, wait this long at most for it to be quiet. */
  quietWaitSeconds: seconds('LOAD_QUIET_WAIT_SECONDS', 5 * 60, 0),
  /** How often pg_stat_activity is sampled during the measured window. */
  activitySampleMs: 100,
  get watchdogSeconds() {
    return 25 * 60 + this.quietWaitSeconds + this.warmupSeconds + this.measuredSeconds;
  },
};

/** The GraphQL reads and how often each is picked by a read client (weights sum to 100). */
export const READ_WEIGHTS = {
  'sharingMetrics (agreement)': 25,
  'sharingMetrics (partnership)': 15,
  agreementHealth: 15,
  agreements: 15,
  sharingDecisions: 15,
  organisations: 15,
} as const;

export type ReadKind = keyof typeof READ_WEIGHTS;

/** Every kind of request the bench reports, in the report's order. */
export const KINDS = [
  'sharingMetrics (agreement)',
  'sharingMetrics (partnership)',
  'agreementHealth',
  'agreements',
  'sharingDecisions',
  'organisations',
  'recordSharingDecision',
  'recordSharingDecisions (bulk of 100)',
  'signAgreement',
  'GET version PDF (stored)',
  'GET draft PDF (fresh render)',
  'sign-in (GET form + POST)',
  'page /dashboard',
  'page /agreements',
  'page /agreements/:id',
  'page /in-tray',
  'page /in-tray/:id/versions/:n',
  'page /decisions',
  'page /decisions/new',
  'page /organisation',
  'sign-out (POST)',
] as const;

export type Kind = (typeof KINDS)[number];

/** Which group of clients sends each kind (for the per-group totals). */
export function groupOf(kind: Kind): 'reads' | 'decisions' | 'signatures' | 'PDFs' | 'pages' {
  if (kind in READ_WEIGHTS) return 'reads';
  if (kind.startsWith('record')) return 'decisions';
  if (kind === 'signAgreement') return 'signatures';
  if (kind.includes('PDF')) return 'PDFs';
  return 'pages';
}
