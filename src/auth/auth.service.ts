import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../common/auth/caller.js';
import { decoyHash, hashPassword, verifyPassword } from '../common/auth/password-hasher.js';
import { passwordProblem } from '../common/auth/password-rules.js';
import type { Role } from '../common/auth/role.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { pooledPreparedQuery } from '../database/prepared-query.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../organisations/user.entity.js';
import type { LoginInput } from './dto/login.input.js';
import type { LoginResult } from './dto/login-result.type.js';
import { LoginThrottleService, type LoginAttempt } from './login-throttle.service.js';
import type { UserSession } from './dto/user-session.type.js';
import { SessionKind } from './session-kind.js';
import { SessionService } from './session.service.js';
import { TokenService } from './token.service.js';
import { countWriteCte } from './write-rate-limit.service.js';

const WRONG_CREDENTIALS = 'The email or password is wrong';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Email and password in, a bearer token out. A wrong password, an unknown email and a
   * deactivated account all get the same answer; failures are counted and throttled.
   */
  async login(input: LoginInput, address: string): Promise<LoginResult> {
    return this.authenticate(input, address, async (em, user) => ({
      user,
      ...this.tokens.issue(user.id, user.tokenVersion, await this.sessions.start(em, user.id, SessionKind.API_TOKEN)),
    }));
  }

  /** The same sign-in for the browser: the token names a new server-side session (see SessionService). */
  async startSession(input: LoginInput, address: string): Promise<{ token: string; expiresAt: Date }> {
    return this.authenticate(input, address, async (em, user) => this.tokens.issue(user.id, user.tokenVersion, await this.sessions.start(em, user.id, SessionKind.BROWSER)), {
      session: true,
    });
  }

  /**
   * Ends the browser session a token names, on every app instance: its row is deleted, so the
   * token is refused from now on even if replayed. A token that is not a live session's is ignored.
   */
  async endSession(token: string | undefined): Promise<void> {
    const sid = token ? this.tokens.verify(token)?.sid : undefined;
    if (!sid) return;
    await this.dataSource.transaction(async (em) => {
      const userId = await this.sessions.end(em, sid);
      if (!userId) return;
      const user = await em.findOneByOrFail(User, { id: userId });
      const actor = { userId: user.id, organisationId: user.organisationId, email: user.email, roles: new Set<Role>() };
      await this.audit.record(em, actor, { action: 'auth.logout', entityType: 'user', entityId: user.id });
    });
  }

  /** Ends the session or API token the caller's request came with (`logout`). */
  async logout(caller: Caller): Promise<boolean> {
    if (!caller.sessionId) return false;
    await this.endOwnSession(caller, caller.sessionId);
    return true;
  }

  /** The caller's own browser sessions and API tokens still in force. */
  async sessionsOf(caller: Caller): Promise<UserSession[]> {
    return this.sessions.list(caller.userId, caller.sessionId);
  }

  /**
   * Ends one of the caller's own sessions or API tokens at once, on every app instance; its kind. Another
   * user's, or one that has ended, is NOT_FOUND, so nobody learns which ids exist; an admin who
   * must cut someone off deactivates them, which ends all of theirs.
   */
  async endOwnSession(caller: Caller, sessionId: string): Promise<SessionKind> {
    return this.dataSource.transaction(async (em) => {
      const kind = await this.sessions.endOwn(em, caller.userId, sessionId);
      if (!kind) throw DomainError.notFound('Session', sessionId);
      await this.audit.record(em, caller, { action: 'auth.endSession', entityType: 'user', entityId: caller.userId, after: { kind, current: sessionId === caller.sessionId } });
      return kind;
    });
  }

  private async authenticate<T>({ email, password }: LoginInput, address: string, issue: (em: EntityManager, user: User) => Promise<T>, detail: object = {}): Promise<T> {
    const attempt = await this.throttle.begin(email, address);
    const user = await this.dataSource.createQueryBuilder(User, 'u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !matches || !user.active) {
      // The failure is committed before the refusal is thrown, so it counts.
      await this.dataSource.transaction((em) => this.recordFailure(em, attempt, address));
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }
    return this.dataSource.transaction(async (em) => {
      await this.throttle.succeeded(em, attempt);
      const actor = { userId: user.id, organisationId: user.organisationId, email: user.email, roles: new Set<Role>() };
      await this.audit.record(em, actor, { action: 'auth.login', entityType: 'user', entityId: user.id, after: { address, ...detail } });
      return issue(em, user);
    });
  }

  /**
   * One audit entry per client address and throttle window, at its first failure, naming only the
   * address and the window: how many followed is in login_failure_tally. So a flood of failures
   * writes no flood of permanent rows, and nothing the caller typed is kept.
   */
  private async recordFailure(em: EntityManager, attempt: LoginAttempt, address: string): Promise<void> {
    const { firstInWindow, windowStart } = await this.throttle.failed(em, attempt);
    if (!firstInWindow) return;
    await this.audit.record(em, null, {
      action: 'auth.loginFailed',
      entityType: 'address',
      entityId: null,
      after: { address, windowStart: windowStart.toISOString(), windowSeconds: this.config.loginRateLimit.windowSeconds },
    });
  }

  /**
   * Changing the password revokes every older token and returns a fresh one. A wrong current
   * password counts in the sign-in throttle like a failed login.
   */
  async changePassword(caller: Caller, currentPassword: string, newPassword: string, address: string): Promise<LoginResult> {
    if (currentPassword === newPassword) throw DomainError.invalid('newPassword', 'different', 'must differ from the current password');
    const organisation = await this.dataSource.manager.findOne(Organisation, { where: { id: caller.organisationId }, select: { id: true, name: true } });
    const refused = passwordProblem(newPassword, { field: 'newPassword', email: caller.email, organisationName: organisation?.name ?? null, demo: this.config.demoData });
    if (refused) throw DomainError.invalidFields([refused]);
    const attempt = await this.throttle.begin(caller.email, address);
    const current = await this.dataSource.createQueryBuilder(User, 'u').addSelect('u.passwordHash').where('u.id = :id', { id: caller.userId }).getOneOrFail();
    if (!(await verifyPassword(currentPassword, current.passwordHash ?? ''))) {
      await this.dataSource.transaction((em) => this.recordFailure(em, attempt, address));
      throw DomainError.invalid('currentPassword', 'matches', 'is not your current password');
    }
    const newHash = await hashPassword(newPassword);
    return this.dataSource.transaction(async (em) => {
      const user = await em
        .createQueryBuilder(User, 'u')
        .addSelect('u.passwordHash')
        .setLock('for_no_key_update')
        .where('u.id = :id', { id: caller.userId })
        .getOneOrFail();
      // Changed by another request while the hashes were computed: the current password is no longer it.
      if (user.passwordHash !== current.passwordHash) throw DomainError.invalid('currentPassword', 'matches', 'is not your current password');
      await this.throttle.succeeded(em, attempt);
      await em.update(User, { id: user.id }, { passwordHash: newHash, tokenVersion: user.tokenVersion + 1 });
      await this.sessions.endAll(em, user.id);
      await this.audit.record(em, caller, { action: 'user.changePassword', entityType: 'user', entityId: user.id });
      return { user, ...this.tokens.issue(user.id, user.tokenVersion + 1, await this.sessions.start(em, user.id, SessionKind.API_TOKEN)) };
    });
  }

  /**
   * The caller a bearer token (an API token's or a browser session's) stands for, or UNAUTHENTICATED.
   * One query: the user, their roles and the session's row (a revoked token's is gone); for a write
   * (`writeWindowStart` given), the same query also counts it in the user's write window
   * (countWriteCte) if the user is active and the token current, and answers the count.
   */
  async callerFor(token: string | undefined, writeWindowStart?: Date): Promise<{ caller: Caller; writes: number | null }> {
    if (!token) throw new DomainError(ErrorCode.Unauthenticated, 'Sign in first: send the token from login as "Authorization: Bearer <token>"');
    const claims = this.tokens.verify(token);
    if (!claims) throw new DomainError(ErrorCode.Unauthenticated, 'The token is invalid or has expired: sign in again');
    const parameters = [claims.sub, claims.sid];
    const [row] = writeWindowStart
      ? await pooledPreparedQuery<CallerQueryRow>(this.dataSource, 'auth.callerWriting', CALLER_COUNTING_WRITE_SQL, [...parameters, claims.tv, writeWindowStart])
      : await pooledPreparedQuery<CallerQueryRow>(this.dataSource, 'auth.caller', CALLER_SQL, parameters);
    if (!row || !row.active || row.token_version !== claims.tv) {
      throw new DomainError(ErrorCode.Unauthenticated, 'The token is no longer valid: sign in again');
    }
    const session = row.session_id ? { kind: row.kind!, lastSeenAt: row.last_seen_at!, expiresAt: row.expires_at! } : null;
    const state = await this.sessions.check(claims.sid, session);
    if (state === 'ended') throw new DomainError(ErrorCode.Unauthenticated, 'Your session has ended: sign in again');
    if (state === 'expired') throw new DomainError(ErrorCode.Unauthenticated, 'Your session has expired: sign in again');
    return {
      caller: { userId: row.id, organisationId: row.organisation_id, email: row.email, roles: new Set(row.roles), sessionId: claims.sid },
      writes: row.writes ?? null,
    };
  }
}

/** The user, their roles and the session's row (browser or API token): run on every request. */
const CALLER_SQL = `
  SELECT u.id, u.organisation_id, u.email, u.active, u.token_version,
         coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles,
         s.id AS session_id, s.kind, s.last_seen_at, s.expires_at
  FROM app_user u LEFT JOIN user_role r ON r.user_id = u.id
  LEFT JOIN user_session s ON s.id = $2::uuid AND s.user_id = u.id
  WHERE u.id = $1::uuid GROUP BY u.id, s.id`;

/**
 * CALLER_SQL for a write, counting it: $3 is the token's version (a stale token's write is not
 * counted, as it is refused), $4 the start of the write window.
 */
const CALLER_COUNTING_WRITE_SQL = `
  WITH caller AS (${CALLER_SQL}),
  counting AS (SELECT id, active AND token_version = $3::int AS counts FROM caller),
  ${countWriteCte('counting', '$4::timestamptz')}
  SELECT caller.*, (SELECT writes FROM counted) AS writes FROM caller`;

type CallerQueryRow = CallerRow & { session_id: string | null; kind: SessionKind | null; last_seen_at: Date | null; expires_at: Date | null; writes?: number };

interface CallerRow {
  id: string;
  organisation_id: string;
  email: string;
  active: boolean;
  token_version: number;
  roles: Role[];
}
