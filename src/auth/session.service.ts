import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { UserSession } from './dto/user-session.type.js';
import { SessionKind } from './session-kind.js';

/** A session's last activity is written at most this often, so most requests only read. */
export const TOUCH_INTERVAL_SECONDS = 60;

export interface SessionTimes {
  kind: SessionKind;
  lastSeenAt: Date;
  expiresAt: Date;
}

/**
 * Whether a session has run out: past its absolute expiry, or, for a browser session, idle for
 * the timeout (an API token is used by a program at its own pace, so it has no idle timeout). Pure.
 */
export function sessionExpired(session: SessionTimes, now: Date, idleTimeoutSeconds: number): boolean {
  if (now.getTime() >= session.expiresAt.getTime()) return true;
  return session.kind === SessionKind.BROWSER && now.getTime() >= session.lastSeenAt.getTime() + idleTimeoutSeconds * 1000;
}

/** Whether this request should record the session's activity (at most once a TOUCH_INTERVAL). Pure. */
export function sessionNeedsTouch(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_SECONDS * 1000;
}

interface SessionRow {
  id: string;
  kind: SessionKind;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

/**
 * Browser sessions and API tokens, kept in the database (`user_session`, `kind` telling them
 * apart) rather than in memory, so that every app instance sees a sign-out at once. Every token
 * carries its row's id (`sid`); signing out or revoking deletes the row, which ends the token
 * everywhere, and a stale row (past its absolute expiry, or a browser session left idle) is
 * refused. Revoking by token version was not chosen: it would sign the user out of every browser
 * and API client at once. Password changes and deactivation still raise the token version, which
 * ends them all, and delete the rows.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Opens a browser session or an API token's session for the user; expired ones are cleared as we go. */
  async start(em: EntityManager, userId: string, kind: SessionKind): Promise<{ id: string; expiresAt: Date }> {
    const now = this.clock.now();
    const lifetime = kind === SessionKind.BROWSER ? this.config.session.maxAgeSeconds : this.config.tokenTtlSeconds;
    const expiresAt = new Date(now.getTime() + lifetime * 1000);
    const idleSince = new Date(now.getTime() - this.config.session.idleTimeoutSeconds * 1000);
    await em.query('DELETE FROM user_session WHERE expires_at <= $1', [now]);
    await em.query(`DELETE FROM user_session WHERE user_id = $1 AND kind = 'BROWSER' AND last_seen_at <= $2`, [userId, idleSince]);
    const [row] = (await em.query(
      'INSERT INTO user_session (user_id, kind, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4) RETURNING id',
      [userId, kind, now, expiresAt],
    )) as { id: string }[];
    return { id: row.id, expiresAt };
  }

  /** 'active' (activity recorded when due), 'expired', or 'ended' when there is no such session. */
  async check(sessionId: string, session: SessionTimes | null): Promise<'active' | 'expired' | 'ended'> {
    if (!session) return 'ended';
    const now = this.clock.now();
    if (sessionExpired(session, now, this.config.session.idleTimeoutSeconds)) return 'expired';
    if (sessionNeedsTouch(session, now)) {
      await this.dataSource.query('UPDATE user_session SET last_seen_at = greatest(last_seen_at, $2) WHERE id = $1', [sessionId, now]);
    }
    return 'active';
  }

  /** Ends a session; the user it belonged to, or null when it had already ended. */
  async end(em: EntityManager, sessionId: string): Promise<string | null> {
    const [rows] = (await em.query('DELETE FROM user_session WHERE id = $1 RETURNING user_id', [sessionId])) as [{ user_id: string }[], number];
    return rows[0]?.user_id ?? null;
  }

  /** Ends one of the user's own sessions; its kind, or null when the user has no such session. */
  async endOwn(em: EntityManager, userId: string, sessionId: string): Promise<SessionKind | null> {
    const [rows] = (await em.query('DELETE FROM user_session WHERE id = $1 AND user_id = $2 RETURNING kind', [sessionId, userId])) as [{ kind: SessionKind }[], number];
    return rows[0]?.kind ?? null;
  }

  /** Ends every session of the user (their token version has been raised, so none would work). */
  async endAll(em: EntityManager, userId: string): Promise<void> {
    await em.query('DELETE FROM user_session WHERE user_id = $1', [userId]);
  }

  /** The user's sessions still in force, newest first; `currentId` marks the one the request came with. */
  async list(userId: string, currentId: string | undefined): Promise<UserSession[]> {
    const now = this.clock.now();
    const rows = (await this.dataSource.query(
      'SELECT id, kind, created_at, last_seen_at, expires_at FROM user_session WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id',
      [userId, now],
    )) as SessionRow[];
    return rows
      .filter((row) => !sessionExpired({ kind: row.kind, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }, now, this.config.session.idleTimeoutSeconds))
      .map((row) => ({ id: row.id, kind: row.kind, createdAt: row.created_at, lastUsedAt: row.last_seen_at, expiresAt: row.expires_at, current: row.id === currentId }));
  }
}
