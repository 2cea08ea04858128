import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** A session's last activity is written at most this often, so most requests only read. */
export const TOUCH_INTERVAL_SECONDS = 60;

export interface SessionTimes {
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Whether a session has run out: idle for the timeout, or past its absolute expiry. Pure. */
export function sessionExpired(session: SessionTimes, now: Date, idleTimeoutSeconds: number): boolean {
  return now.getTime() >= session.expiresAt.getTime() || now.getTime() >= session.lastSeenAt.getTime() + idleTimeoutSeconds * 1000;
}

/** Whether this request should record the session's activity (at most once a TOUCH_INTERVAL). Pure. */
export function sessionNeedsTouch(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_SECONDS * 1000;
}

/**
 * Browser sessions, kept in the database (`user_session`) rather than in memory, so that every
 * app instance sees a sign-out at once. The session's token carries the row's id (`sid`);
 * signing out deletes the row, which ends the token everywhere, and a stale row (idle or past its
 * absolute expiry) is refused. Revoking by token version was not chosen: it would sign the user
 * out of every browser and API client at once. Password changes and deactivation still raise
 * the token version, which ends sessions too.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Opens a session for the user; expired sessions are cleared as we go. */
  async start(em: EntityManager, userId: string): Promise<{ id: string; expiresAt: Date }> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.session.maxAgeSeconds * 1000);
    const idleSince = new Date(now.getTime() - this.config.session.idleTimeoutSeconds * 1000);
    await em.query('DELETE FROM user_session WHERE expires_at <= $1', [now]);
    await em.query('DELETE FROM user_session WHERE user_id = $1 AND last_seen_at <= $2', [userId, idleSince]);
    const [row] = (await em.query(
      'INSERT INTO user_session (user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $2, $3) RETURNING id',
      [userId, now, expiresAt],
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
}
