import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Clock } from '../common/clock/clock.js';

export interface TokenClaims {
  /** User id. */
  sub: string;
  /** The user's token version when issued; raising it revokes older tokens. */
  tv: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** The `user_session` row the token belongs to (a browser session or an API token): ending the row ends the token. */
  sid: string;
}

const PREFIX = 'acc1';

/**
 * Bearer tokens: `acc1.<claims>.<HMAC-SHA256>`. The signature and expiry are checked here with no
 * database read; the row the token names is checked with the user, in one query (AuthService.callerFor).
 */
@Injectable()
export class TokenService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A token for the session (browser or API token) `session` names, living exactly as long as it may. */
  issue(userId: string, tokenVersion: number, session: { id: string; expiresAt: Date }): { token: string; expiresAt: Date } {
    const claims: TokenClaims = { sub: userId, tv: tokenVersion, exp: Math.floor(session.expiresAt.getTime() / 1000), sid: session.id };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${PREFIX}.${body}.${this.sign(body)}`, expiresAt: new Date(claims.exp * 1000) };
  }

  /** The claims of a well-signed, unexpired token, else null. A token naming no session (issued before API tokens had rows) is refused. */
  verify(token: string): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [prefix, body, signature] = parts;
    if (prefix !== PREFIX || !body || !signature) return null;
    const expected = Buffer.from(this.sign(body));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
      if (typeof claims.sub !== 'string' || typeof claims.tv !== 'number' || typeof claims.exp !== 'number' || typeof claims.sid !== 'string') return null;
      return claims.exp * 1000 > this.clock.now().getTime() ? claims : null;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.config.tokenSecret).update(`${PREFIX}.${body}`).digest('base64url');
  }
}
