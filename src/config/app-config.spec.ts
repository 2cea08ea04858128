import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';
import { readLocalSecret } from './local-secret.js';

const SECRET = 's'.repeat(32);

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'accordant-config-spec-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const base = () => ({ NODE_ENV: 'test', TOKEN_SECRET: SECRET, CASE_REFERENCE_KEY: SECRET, AUDIT_KEY: SECRET, DATA_DIR: dataDir });

  /** The ConfigError loadConfig throws for `env`, failing the test if it does not throw one. */
  function problemsOf(env: Record<string, string | undefined>): string[] {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error('expected loadConfig to throw a ConfigError');
  }

  it('reads the database timeouts and the shutdown grace period, 0 for no limit', () => {
    expect(loadConfig({ ...base(), DATABASE_CONNECT_TIMEOUT_MS: '1500', DATABASE_STATEMENT_TIMEOUT_MS: '0', SHUTDOWN_GRACE_SECONDS: '45' })).toMatchObject({
      databaseTimeouts: { connectMs: 1500, statementMs: 0 },
      shutdownGraceSeconds: 45,
    });
    expect(problemsOf({ ...base(), SHUTDOWN_GRACE_SECONDS: '-1', DATABASE_CONNECT_TIMEOUT_MS: 'soon' })).toEqual([
      'DATABASE_CONNECT_TIMEOUT_MS must be a whole number from 0 to 600000 (got "soon")',
      'SHUTDOWN_GRACE_SECONDS must be a whole number from 0 to 3600 (got "-1")',
    ]);
  });

  it('fills in defaults for everything not set', () => {
    expect(loadConfig(base())).toEqual({
      mode: 'test',
      port: 3000,
      portMayMove: true,
      databaseUrl: null,
      databaseMigrationUrl: null,
      dataDir,
      embeddedDatabasePort: 54329,
      embeddedDatabasePortMayMove: true,
      databasePoolSize: 10,
      databaseTimeouts: { connectMs: 5000, statementMs: 60_000 },
      shutdownGraceSeconds: 20,
      tokenSecret: SECRET,
      caseReferenceKey: SECRET,
      tokenTtlSeconds: 8 * 3600,
      firstAdmin: { email: 'admin@accordant.local', password: null, organisationName: 'Accordant service operator' },
      loginRateLimit: { maxFailuresPerEmail: 5, maxAttemptsPerAddress: 300, windowSeconds: 900 },
      limits: { graphqlMaxDepth: 12, graphqlMaxCost: 25_000, requestBodyLimitMb: 10, bulkBodyLimitMb: 40, signedOriginalMaxKb: 20_480, writesPerUser: 12_000, writeWindowSeconds: 60 },
      logLevel: 'log',
      secureCookies: false,
      session: { idleTimeoutSeconds: 1800, maxAgeSeconds: 28800 },
      demoData: false,
      templatesDir: './templates',
      documents: { protectiveMarking: 'OFFICIAL-SENSITIVE', chromiumPath: null, pdfPoolSize: expect.any(Number), pdfRenderTimeoutMs: 30000, pdfQueueLimit: 16, requestsPerMinute: 60 },
      expirySweepSeconds: 3600,
      rollupFoldSeconds: 2,
      remindersSeconds: 0,
      schemaFile: null,
      audit: { key: SECRET, anchorFile: join(dataDir, 'audit-anchors.jsonl'), anchorSeconds: 300 },
      mail: {
        smtpUrl: null,
        from: 'Accordant <no-reply@accordant.local>',
        messageIdDomain: 'accordant.local',
        publicUrl: 'http://localhost:3000',
        sendSeconds: 5,
        maxAttempts: 8,
        retrySeconds: 60,
        leaseSeconds: 300,
        digestHourUtc: 7,
      },
    });
  });

  it('reads the migration role, the audit key and the anchors; a migration role needs an app role', () => {
    const config = loadConfig({
      ...base(),
      DATABASE_URL: 'postgresql://accordant_app:p@db/accordant',
      DATABASE_MIGRATION_URL: 'postgresql://accordant:q@db/accordant',
      AUDIT_ANCHOR_FILE: '/var/log/accordant/anchors.jsonl',
      AUDIT_ANCHOR_SECONDS: '60',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://accordant_app:p@db/accordant',
      databaseMigrationUrl: 'postgresql://accordant:q@db/accordant',
      audit: { key: SECRET, anchorFile: '/var/log/accordant/anchors.jsonl', anchorSeconds: 60 },
    });
    expect(problemsOf({ ...base(), DATABASE_MIGRATION_URL: 'postgresql://accordant:q@db/accordant' })).toEqual([
      'DATABASE_MIGRATION_URL needs DATABASE_URL (the app role) too',
    ]);
    expect(problemsOf({ ...base(), AUDIT_KEY: 'short' })).toEqual(['AUDIT_KEY must be at least 32 characters long']);
  });

  it('reads the settings given', () => {
    const config = loadConfig({
      ...base(),
      PORT: '8080',
      DATABASE_URL: 'postgresql://u:p@db.internal:5432/accordant',
      TOKEN_TTL_SECONDS: '600',
      LOG_LEVEL: 'debug',
      ADMIN_EMAIL: '  Ops@Example.NHS.uk ',
      ADMIN_PASSWORD: 'correct horse battery',
      ADMIN_ORGANISATION_NAME: '  Leeds ICB  ',
      SCHEMA_FILE: 'out/schema.gql',
      SESSION_IDLE_TIMEOUT_SECONDS: '900',
      SESSION_MAX_AGE_SECONDS: '43200',
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_COST: '5000',
      REQUEST_BODY_LIMIT_MB: '2',
      BULK_BODY_LIMIT_MB: '80',
      SIGNED_ORIGINAL_MAX_KB: '512',
      WRITE_RATE_LIMIT_PER_USER: '30',
      WRITE_RATE_WINDOW_SECONDS: '10',
      PDF_QUEUE_LIMIT: '0',
      DOCUMENT_RATE_LIMIT_PER_MINUTE: '600',
    });
    expect(config).toMatchObject({
      limits: { graphqlMaxDepth: 8, graphqlMaxCost: 5000, requestBodyLimitMb: 2, bulkBodyLimitMb: 80, signedOriginalMaxKb: 512, writesPerUser: 30, writeWindowSeconds: 10 },
      session: { idleTimeoutSeconds: 900, maxAgeSeconds: 43200 },
      documents: { pdfQueueLimit: 0, requestsPerMinute: 600 },
      port: 8080,
      databaseUrl: 'postgresql://u:p@db.internal:5432/accordant',
      tokenTtlSeconds: 600,
      logLevel: 'debug',
      firstAdmin: { email: 'ops@example.nhs.uk', password: 'correct horse battery', organisationName: 'Leeds ICB' },
      schemaFile: 'out/schema.gql',
    });
  });

  it('limits a signed original to 20 MiB by default, and refuses a limit out of range', () => {
    expect(loadConfig(base()).limits.signedOriginalMaxKb).toBe(20_480);
    expect(() => loadConfig({ ...base(), SIGNED_ORIGINAL_MAX_KB: '0' })).toThrow(/SIGNED_ORIGINAL_MAX_KB/);
    expect(() => loadConfig({ ...base(), SIGNED_ORIGINAL_MAX_KB: 'lots' })).toThrow(/SIGNED_ORIGINAL_MAX_KB/);
  });

  it('accepts postgres:// as well as postgresql://', () => {
    expect(loadConfig({ ...base(), DATABASE_URL: 'postgres://localhost/x' }).databaseUrl).toBe('postgres://localhost/x');
  });

  it('writes the schema file by default only in development', () => {
    expect(loadConfig({ ...base(), NODE_ENV: 'development' }).schemaFile).toBe('schema.gql');
    expect(loadConfig({ ...base(), NODE_ENV: 'development', SCHEMA_FILE: '' }).schemaFile).toBeNull();
    expect(loadConfig({ ...base(), NODE_ENV: 'production' }).schemaFile).toBeNull();
  });

  it('lets the ports move to free ones only while unset, and the app port never in production', () => {
    expect(loadConfig(base())).toMatchObject({ portMayMove: true, embeddedDatabasePortMayMove: true });
    expect(loadConfig({ ...base(), PORT: '3000', EMBEDDED_DB_PORT: '54329' })).toMatchObject({ port: 3000, portMayMove: false, embeddedDatabasePortMayMove: false });
    expect(loadConfig({ ...base(), PORT: '', EMBEDDED_DB_PORT: '' })).toMatchObject({ portMayMove: true, embeddedDatabasePortMayMove: true });
    expect(loadConfig({ ...base(), NODE_ENV: 'production' })).toMatchObject({ portMayMove: false, embeddedDatabasePortMayMove: true });
  });

  it('treats empty settings as unset', () => {
    const config = loadConfig({ ...base(), PORT: '', LOG_LEVEL: '', DATABASE_URL: '' });
    expect(config).toMatchObject({ port: 3000, logLevel: 'log', databaseUrl: null });
  });

  it.each<[string, Record<string, string>, string]>([
    ['PORT=abc', { PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    ['PORT out of range', { PORT: '70000' }, 'PORT must be a whole number from 1 to 65535 (got "70000")'],
    ['PORT not whole', { PORT: '80.5' }, 'PORT must be a whole number from 1 to 65535 (got "80.5")'],
    ['NODE_ENV=staging', { NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test (got "staging")'],
    ['DATABASE_URL=mysql://x', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    ['DATABASE_URL not a URL', { DATABASE_URL: 'localhost:5432' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    ['TOKEN_SECRET too short', { TOKEN_SECRET: 'x'.repeat(31) }, 'TOKEN_SECRET must be at least 32 characters long'],
    ['LOG_LEVEL bad', { LOG_LEVEL: 'info' }, 'LOG_LEVEL must be one of error, warn, log, debug, verbose (got "info")'],
    ['ADMIN_EMAIL bad', { ADMIN_EMAIL: 'admin' }, 'ADMIN_EMAIL must be an email address (got "admin")'],
    ['ADMIN_PASSWORD short', { ADMIN_PASSWORD: 'short-pw' }, 'ADMIN_PASSWORD must be at least 12 characters long'],
    ['ADMIN_PASSWORD common', { ADMIN_PASSWORD: 'password1234567' }, 'ADMIN_PASSWORD is a common password, or built from one: choose words nobody would guess (rule notCommon; see "Password rules" in docs/security.md)'],
    ['ADMIN_PASSWORD the demo one', { ADMIN_PASSWORD: 'demo-password-2026' }, 'ADMIN_PASSWORD must not be the demo password, which is published: choose your own (rule notDemoPassword; see "Password rules" in docs/security.md)'],
    ['TOKEN_TTL_SECONDS below a minute', { TOKEN_TTL_SECONDS: '59' }, 'TOKEN_TTL_SECONDS must be a whole number from 60 to 604800 (got "59")'],
    ['SESSION_IDLE_TIMEOUT_SECONDS below 5 minutes', { SESSION_IDLE_TIMEOUT_SECONDS: '60' }, 'SESSION_IDLE_TIMEOUT_SECONDS must be a whole number from 300 to 86400 (got "60")'],
    ['SESSION_MAX_AGE_SECONDS over a week', { SESSION_MAX_AGE_SECONDS: '604801' }, 'SESSION_MAX_AGE_SECONDS must be a whole number from 300 to 604800 (got "604801")'],
    ['GRAPHQL_MAX_DEPTH of 1', { GRAPHQL_MAX_DEPTH: '1' }, 'GRAPHQL_MAX_DEPTH must be a whole number from 2 to 100 (got "1")'],
    ['PDF_QUEUE_LIMIT negative', { PDF_QUEUE_LIMIT: '-1' }, 'PDF_QUEUE_LIMIT must be a whole number from 0 to 10000 (got "-1")'],
    ['DOCUMENT_RATE_LIMIT_PER_MINUTE of 0', { DOCUMENT_RATE_LIMIT_PER_MINUTE: '0' }, 'DOCUMENT_RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 10000000 (got "0")'],
    ['WRITE_RATE_LIMIT_PER_USER of 0', { WRITE_RATE_LIMIT_PER_USER: '0' }, 'WRITE_RATE_LIMIT_PER_USER must be a whole number from 1 to 10000000 (got "0")'],
    ['an idle timeout longer than the session', { SESSION_IDLE_TIMEOUT_SECONDS: '7200', SESSION_MAX_AGE_SECONDS: '3600' }, 'SESSION_IDLE_TIMEOUT_SECONDS must not be longer than SESSION_MAX_AGE_SECONDS'],
  ])('refuses %s, naming it in the error', (_name, bad, problem) => {
    const env = { ...base(), ...bad };
    expect(problemsOf(env)).toEqual([problem]);
    expect(() => loadConfig(env)).toThrow(problem);
    expect(() => loadConfig(env)).toThrow(/^Invalid configuration:\n {2}- /);
  });

  it('reports several problems at once', () => {
    const problems = problemsOf({ ...base(), PORT: 'abc', NODE_ENV: 'staging', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ADMIN_PASSWORD: 'short' });
    expect(problems).toHaveLength(5);
    for (const name of ['PORT', 'NODE_ENV', 'DATABASE_URL', 'LOG_LEVEL', 'ADMIN_PASSWORD']) {
      expect(problems.some((p) => p.startsWith(`${name} `))).toBe(true);
    }
  });

  it('refuses production without TOKEN_SECRET, CASE_REFERENCE_KEY or AUDIT_KEY, and writes no secret file', () => {
    expect(problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir, CASE_REFERENCE_KEY: SECRET, AUDIT_KEY: SECRET })).toEqual([
      'TOKEN_SECRET is required in production (at least 32 characters)',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir, TOKEN_SECRET: '', CASE_REFERENCE_KEY: SECRET, AUDIT_KEY: SECRET })).toEqual([
      'TOKEN_SECRET is required in production (at least 32 characters)',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir, TOKEN_SECRET: SECRET, AUDIT_KEY: SECRET })).toEqual([
      'CASE_REFERENCE_KEY is required in production (at least 32 characters)',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir, TOKEN_SECRET: SECRET, CASE_REFERENCE_KEY: SECRET })).toEqual([
      'AUDIT_KEY is required in production (at least 32 characters)',
    ]);
    expect(() => statSync(join(dataDir, 'token-secret'))).toThrow();
    expect(() => statSync(join(dataDir, 'case-reference-key'))).toThrow();
    expect(() => statSync(join(dataDir, 'audit-key'))).toThrow();
  });

  it('accepts production with a TOKEN_SECRET, a CASE_REFERENCE_KEY and an AUDIT_KEY', () => {
    expect(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, TOKEN_SECRET: SECRET, CASE_REFERENCE_KEY: SECRET, AUDIT_KEY: SECRET }).mode).toBe('production');
  });

  it('in development without TOKEN_SECRET generates one into DATA_DIR and reads the same one back next time', () => {
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(first.tokenSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dataDir, 'token-secret'), 'utf8')).toBe(first.tokenSecret);
    expect(statSync(join(dataDir, 'token-secret')).mode & 0o777).toBe(0o600);

    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(second.tokenSecret).toBe(first.tokenSecret);
  });

  it('generates different secrets for different data folders', () => {
    const other = mkdtempSync(join(tmpdir(), 'accordant-config-spec-'));
    try {
      const a = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }).tokenSecret;
      const b = loadConfig({ NODE_ENV: 'development', DATA_DIR: other }).tokenSecret;
      expect(a).not.toBe(b);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('prefers TOKEN_SECRET over a stored local secret', () => {
    writeFileSync(join(dataDir, 'token-secret'), 'l'.repeat(40));
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, TOKEN_SECRET: SECRET }).tokenSecret).toBe(SECRET);
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }).tokenSecret).toBe('l'.repeat(40));
  });

  it('sends no mail without SMTP_URL, and takes the Message-ID domain from MAIL_FROM', () => {
    expect(loadConfig(base()).mail).toMatchObject({ smtpUrl: null, from: 'Accordant <no-reply@accordant.local>', messageIdDomain: 'accordant.local', publicUrl: 'http://localhost:3000' });
    const mail = loadConfig({ ...base(), SMTP_URL: 'smtps://relay:secret@smtp.northshire.nhs.uk:465', MAIL_FROM: 'Accordant <accordant@northshire.nhs.uk>', PUBLIC_URL: 'https://accordant.northshire.nhs.uk/' }).mail;
    expect(mail).toMatchObject({ smtpUrl: 'smtps://relay:secret@smtp.northshire.nhs.uk:465', messageIdDomain: 'northshire.nhs.uk', publicUrl: 'https://accordant.northshire.nhs.uk' });
  });

  it('refuses a mail setting it cannot use, naming it', () => {
    expect(problemsOf({ ...base(), SMTP_URL: 'http://relay.example', MAIL_FROM: 'not an address', PUBLIC_URL: 'ftp://x', OUTBOX_MAX_ATTEMPTS: '0' })).toEqual([
      'SMTP_URL must be an smtp:// or smtps:// URL, such as smtp://user:password@relay.example.nhs.uk:587',
      'MAIL_FROM must be an address, or a name and <address> (got "not an address")',
      'PUBLIC_URL must be an http:// or https:// URL (got "ftp://x")',
      'OUTBOX_MAX_ATTEMPTS must be a whole number from 1 to 50 (got "0")',
    ]);
  });
});

describe('readLocalSecret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'accordant-secret-spec-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the data folder if needed and keeps the secret there', () => {
    const nested = join(dataDir, 'a', 'b');
    const secret = readLocalSecret(nested, 'token-secret');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(readLocalSecret(nested, 'token-secret')).toBe(secret);
  });

  it('keeps separately named secrets apart', () => {
    expect(readLocalSecret(dataDir, 'one')).not.toBe(readLocalSecret(dataDir, 'two'));
  });

  it('trims whitespace around a stored secret', () => {
    writeFileSync(join(dataDir, 'token-secret'), `  ${SECRET}\n`);
    expect(readLocalSecret(dataDir, 'token-secret')).toBe(SECRET);
  });
});
