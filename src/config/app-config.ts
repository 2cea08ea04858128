import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readLocalSecret } from './local-secret.js';
import { passwordProblem } from '../common/auth/password-rules.js';

export type RuntimeMode = 'development' | 'production' | 'test';
export type LogLevelName = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export interface AppConfig {
  mode: RuntimeMode;
  port: number;
  /** PORT was not set (and not in production): another free port will do when `port` is taken. */
  portMayMove: boolean;
  /** null: start the embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  /**
   * The owner role that runs migrations (docs/operations.md, "Database roles"); the app then connects as
   * `databaseUrl`'s role with only the rights it needs. null: migrations run as `databaseUrl`.
   */
  databaseMigrationUrl: string | null;
  dataDir: string;
  embeddedDatabasePort: number;
  /** EMBEDDED_DB_PORT was not set: another free port will do when `embeddedDatabasePort` is taken. */
  embeddedDatabasePortMayMove: boolean;
  databasePoolSize: number;
  /**
   * How long the app waits for a database connection, and for one statement, before the request
   * fails with SERVICE_UNAVAILABLE instead of hanging; 0 is no limit. Migrations have no statement limit.
   */
  databaseTimeouts: { connectMs: number; statementMs: number };
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are closed. */
  shutdownGraceSeconds: number;
  tokenSecret: string;
  /** HMAC key for case references: decisions store only the keyed hash. */
  caseReferenceKey: string;
  tokenTtlSeconds: number;
  firstAdmin: { email: string; password: string | null; organisationName: string };
  loginRateLimit: { maxFailuresPerEmail: number; maxAttemptsPerAddress: number; windowSeconds: number };
  /** What one request may ask of the API (docs/limits.md). */
  limits: {
    /** Fields nested inside one another in one GraphQL operation. */
    graphqlMaxDepth: number;
    /** Estimated cost of one GraphQL operation (src/common/graphql/query-shape.ts). */
    graphqlMaxCost: number;
    /** A JSON request body larger than this is refused with 413. */
    requestBodyLimitMb: number;
    /** An NDJSON body of decisions (POST /ledger/decisions) larger than this is refused with 413. */
    bulkBodyLimitMb: number;
    /** A scanned signed original (POST /documents/signed-originals) larger than this many KiB is refused. */
    signedOriginalMaxKb: number;
    /** Writes (GraphQL mutations, form posts) per signed-in user per window, counted in the database. */
    writesPerUser: number;
    writeWindowSeconds: number;
  };
  logLevel: LogLevelName;
  /** Mark the session cookie Secure (HTTPS only): on in production, where TLS is in front. */
  secureCookies: boolean;
  /**
   * Browser sessions (the pages): a session ends after this long without a request (idle), and
   * this long after sign-in whatever happens (absolute). API tokens keep `tokenTtlSeconds`.
   */
  session: { idleTimeoutSeconds: number; maxAgeSeconds: number };
  /** Handlebars templates and the stylesheet, for documents and pages. */
  templatesDir: string;
  documents: {
    /** Shown in every document's header and footer. */
    protectiveMarking: string;
    /** A Chromium to use instead of the one @sparticuz/chromium unpacks. */
    chromiumPath: string | null;
    /** Pages rendering at once in the one browser. */
    pdfPoolSize: number;
    /** A render taking longer fails with a clear error; its page is closed, the browser lives on. */
    pdfRenderTimeoutMs: number;
    /** Renders waiting for a page beyond this many are refused at once (503 with Retry-After). */
    pdfQueueLimit: number;
    /** Requests to the document routes (PDFs, JSON, signed originals) per user per minute, counted in the database. */
    requestsPerMinute: number;
  };
  /** Load the fictional demo partnership at start (once): `npm run demo`. */
  demoData: boolean;
  /** How often agreements past their end date are moved to EXPIRED; 0 turns the sweep off. */
  expirySweepSeconds: number;
  /** How often decisions recorded singly are folded into the rollups (a metrics read folds first too); 0 turns it off. */
  rollupFoldSeconds: number;
  /** How often reviews, assurance and ICO deadlines are checked for reminders; 0 turns it off (the default in tests). */
  remindersSeconds: number;
  /** Where the generated GraphQL schema is written in development; null writes nothing. */
  schemaFile: string | null;
  /**
   * The audit chain's HMAC key, held outside the database, and where and how often a signed
   * checkpoint of the chain's head is appended (docs/operations.md, "Database roles, the audit key and anchors"); 0 seconds: only on shutdown.
   */
  audit: { key: string; anchorFile: string; anchorSeconds: number };
  /** Email notifications (docs/notifications.md). */
  mail: MailConfig;
}

export interface MailConfig {
  /** smtp:// or smtps:// with any user and password; null: nothing is sent and messages wait in the outbox. */
  smtpUrl: string | null;
  /** The From header: `Accordant <no-reply@example.nhs.uk>`. */
  from: string;
  /** The domain of each message's Message-ID: the from address's. */
  messageIdDomain: string;
  /** Where people reach the service, for the links in emails. */
  publicUrl: string;
  /** How often the outbox is sent; 0 turns the sender off. */
  sendSeconds: number;
  /** Tries before a message is FAILED; the wait doubles from `retrySeconds` after each. */
  maxAttempts: number;
  retrySeconds: number;
  /** How long a sender holds a message it has claimed; one found SENDING after this is UNKNOWN. */
  leaseSeconds: number;
  /** The hour (UTC) after which the day's digests are sent. */
  digestHourUtc: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: LogLevelName[] = ['error', 'warn', 'log', 'debug', 'verbose'];
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads and validates every setting the service uses. Nothing else reads process.env.
 * Every problem is collected so one start reports them all.
 */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const read = new SettingReader(env, problems);

  const mode = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = read.integer('PORT', 3000, 1, 65535);
  const databaseUrl = read.databaseUrl('DATABASE_URL');
  const databaseMigrationUrl = read.databaseUrl('DATABASE_MIGRATION_URL');
  if (databaseMigrationUrl && !databaseUrl) problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL (the app role) too');
  const dataDir = env.DATA_DIR?.trim() || './.data';
  const embeddedDatabasePort = read.integer('EMBEDDED_DB_PORT', 54329, 1024, 65535);
  // Unset, a second copy on one machine (another folder) starts beside the first. Production keeps the port it was given or fails.
  const portMayMove = !env.PORT && mode !== 'production';
  const embeddedDatabasePortMayMove = !env.EMBEDDED_DB_PORT;
  const databasePoolSize = read.integer('DATABASE_POOL_SIZE', 10, 1, 200);
  const databaseTimeouts = {
    connectMs: read.integer('DATABASE_CONNECT_TIMEOUT_MS', 5000, 0, 600_000),
    statementMs: read.integer('DATABASE_STATEMENT_TIMEOUT_MS', 60_000, 0, 3_600_000),
  };
  const shutdownGraceSeconds = read.integer('SHUTDOWN_GRACE_SECONDS', 20, 0, 3600);
  const tokenTtlSeconds = read.integer('TOKEN_TTL_SECONDS', 8 * 3600, 60, 7 * 24 * 3600);
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, 'log');
  const expirySweepSeconds = read.integer('EXPIRY_SWEEP_SECONDS', 3600, 0, 86400);
  const rollupFoldSeconds = read.integer('ROLLUP_FOLD_SECONDS', 2, 0, 3600);
  const remindersSeconds = read.integer('REMINDERS_SECONDS', mode === 'test' ? 0 : 3600, 0, 86400);
  const protectiveMarking = (env.PROTECTIVE_MARKING ?? 'OFFICIAL-SENSITIVE').trim();
  if (protectiveMarking.length < 1 || protectiveMarking.length > 60) problems.push('PROTECTIVE_MARKING must be 1 to 60 characters');
  const templatesDir = env.TEMPLATES_DIR?.trim() || './templates';
  const demoData = read.oneOf('DEMO_DATA', ['true', 'false'] as const, 'false') === 'true';
  const secureCookies = read.oneOf('SECURE_COOKIES', ['true', 'false'] as const, mode === 'production' ? 'true' : 'false') === 'true';
  const session = {
    idleTimeoutSeconds: read.integer('SESSION_IDLE_TIMEOUT_SECONDS', 30 * 60, 300, 24 * 3600),
    maxAgeSeconds: read.integer('SESSION_MAX_AGE_SECONDS', 8 * 3600, 300, 7 * 24 * 3600),
  };
  if (session.idleTimeoutSeconds > session.maxAgeSeconds) problems.push('SESSION_IDLE_TIMEOUT_SECONDS must not be longer than SESSION_MAX_AGE_SECONDS');
  const documents = {
    protectiveMarking,
    chromiumPath: env.CHROMIUM_PATH?.trim() || null,
    pdfPoolSize: read.integer('PDF_POOL_SIZE', Math.max(1, availableParallelism()), 1, 64),
    pdfRenderTimeoutMs: read.integer('PDF_RENDER_TIMEOUT_MS', 30_000, 1000, 600_000),
    pdfQueueLimit: read.integer('PDF_QUEUE_LIMIT', 16, 0, 10_000),
    requestsPerMinute: read.integer('DOCUMENT_RATE_LIMIT_PER_MINUTE', 60, 1, 10_000_000),
  };

  let tokenSecret = env.TOKEN_SECRET ?? '';
  if (!tokenSecret && mode !== 'production') tokenSecret = readLocalSecret(dataDir, 'token-secret');
  if (!tokenSecret) problems.push('TOKEN_SECRET is required in production (at least 32 characters)');
  else if (tokenSecret.length < 32) problems.push('TOKEN_SECRET must be at least 32 characters long');

  let caseReferenceKey = env.CASE_REFERENCE_KEY ?? '';
  if (!caseReferenceKey && mode !== 'production') caseReferenceKey = readLocalSecret(dataDir, 'case-reference-key');
  if (!caseReferenceKey) problems.push('CASE_REFERENCE_KEY is required in production (at least 32 characters)');
  else if (caseReferenceKey.length < 32) problems.push('CASE_REFERENCE_KEY must be at least 32 characters long');

  let auditKey = env.AUDIT_KEY ?? '';
  if (!auditKey && mode !== 'production') auditKey = readLocalSecret(dataDir, 'audit-key');
  if (!auditKey) problems.push('AUDIT_KEY is required in production (at least 32 characters)');
  else if (auditKey.length < 32) problems.push('AUDIT_KEY must be at least 32 characters long');
  const audit = {
    key: auditKey,
    anchorFile: env.AUDIT_ANCHOR_FILE?.trim() || join(dataDir, 'audit-anchors.jsonl'),
    anchorSeconds: read.integer('AUDIT_ANCHOR_SECONDS', 300, 0, 86400),
  };

  const adminEmail = (env.ADMIN_EMAIL ?? 'admin@accordant.local').trim().toLowerCase();
  if (!EMAIL_SHAPE.test(adminEmail)) problems.push(`ADMIN_EMAIL must be an email address (got "${adminEmail}")`);
  const adminPassword = env.ADMIN_PASSWORD ?? null;
  if (adminPassword !== null && adminPassword.length < 12) problems.push('ADMIN_PASSWORD must be at least 12 characters long');
  const adminOrganisationName = (env.ADMIN_ORGANISATION_NAME ?? 'Accordant service operator').trim();
  const adminPasswordProblem =
    adminPassword !== null && adminPassword.length >= 12
      ? passwordProblem(adminPassword, { field: 'ADMIN_PASSWORD', email: adminEmail, organisationName: adminOrganisationName, demo: demoData })
      : null;
  if (adminPasswordProblem) problems.push(`ADMIN_PASSWORD ${adminPasswordProblem.message} (rule ${adminPasswordProblem.rule}; see "Password rules" in docs/security.md)`);

  const loginRateLimit = {
    maxFailuresPerEmail: read.integer('LOGIN_MAX_FAILURES_PER_EMAIL', 5, 1, 1000),
    maxAttemptsPerAddress: read.integer('LOGIN_MAX_ATTEMPTS_PER_ADDRESS', 300, 1, 1_000_000),
    windowSeconds: read.integer('LOGIN_FAILURE_WINDOW_SECONDS', 900, 1, 86400),
  };

  const limits = {
    graphqlMaxDepth: read.integer('GRAPHQL_MAX_DEPTH', 12, 2, 100),
    graphqlMaxCost: read.integer('GRAPHQL_MAX_COST', 25_000, 10, 10_000_000),
    requestBodyLimitMb: read.integer('REQUEST_BODY_LIMIT_MB', 10, 1, 200),
    bulkBodyLimitMb: read.integer('BULK_BODY_LIMIT_MB', 40, 1, 500),
    signedOriginalMaxKb: read.integer('SIGNED_ORIGINAL_MAX_KB', 20_480, 1, 200 * 1024),
    writesPerUser: read.integer('WRITE_RATE_LIMIT_PER_USER', 12_000, 1, 10_000_000),
    writeWindowSeconds: read.integer('WRITE_RATE_WINDOW_SECONDS', 60, 1, 86400),
  };

  const mail = readMail(env, read, problems, port);

  const schemaFile = env.SCHEMA_FILE !== undefined ? env.SCHEMA_FILE || null : mode === 'development' ? 'schema.gql' : null;

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    port,
    portMayMove,
    databaseUrl,
    databaseMigrationUrl,
    dataDir,
    embeddedDatabasePort,
    embeddedDatabasePortMayMove,
    databasePoolSize,
    databaseTimeouts,
    shutdownGraceSeconds,
    tokenSecret,
    caseReferenceKey,
    tokenTtlSeconds,
    firstAdmin: { email: adminEmail, password: adminPassword, organisationName: adminOrganisationName },
    loginRateLimit,
    limits,
    logLevel,
    secureCookies,
    session,
    demoData,
    templatesDir,
    documents,
    expirySweepSeconds,
    rollupFoldSeconds,
    remindersSeconds,
    schemaFile,
    audit,
    mail,
  };
}

function readMail(env: Env, read: SettingReader, problems: string[], port: number): MailConfig {
  let smtpUrl: string | null = env.SMTP_URL?.trim() || null;
  if (smtpUrl) {
    try {
      const protocol = new URL(smtpUrl).protocol;
      if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new Error(protocol);
    } catch {
      problems.push('SMTP_URL must be an smtp:// or smtps:// URL, such as smtp://user:password@relay.example.nhs.uk:587');
      smtpUrl = null;
    }
  }
  const from = (env.MAIL_FROM ?? 'Accordant <no-reply@accordant.local>').trim();
  const address = /<([^<>\s]+)>$/.exec(from)?.[1] ?? from;
  if (!EMAIL_SHAPE.test(address) || /[\r\n]/.test(from)) problems.push(`MAIL_FROM must be an address, or a name and <address> (got "${from}")`);
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const protocol = new URL(publicUrl).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error(protocol);
  } catch {
    problems.push(`PUBLIC_URL must be an http:// or https:// URL (got "${publicUrl}")`);
  }
  return {
    smtpUrl,
    from,
    messageIdDomain: address.split('@')[1] ?? 'accordant.local',
    publicUrl,
    sendSeconds: read.integer('OUTBOX_SEND_SECONDS', 5, 0, 3600),
    maxAttempts: read.integer('OUTBOX_MAX_ATTEMPTS', 8, 1, 50),
    retrySeconds: read.integer('OUTBOX_RETRY_SECONDS', 60, 1, 86400),
    leaseSeconds: read.integer('OUTBOX_LEASE_SECONDS', 300, 10, 3600),
    digestHourUtc: read.integer('DIGEST_HOUR_UTC', 7, 0, 23),
  };
}

class SettingReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!allowed.includes(raw as T)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }

  databaseUrl(name: string): string | null {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return null;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(`${name} must be a postgres:// or postgresql:// URL`);
      return null;
    }
  }
}

/** The process environment, validated: the one place it is read. */
export function loadConfigFromEnvironment(): AppConfig {
  return loadConfig(process.env);
}
