import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/auth/caller.js';
import { hashPassword } from '../../common/auth/password-hasher.js';
import { passwordProblem } from '../../common/auth/password-rules.js';
import type { Role } from '../../common/auth/role.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ComposedNotifier } from '../../notifications/kinds/composed-notifier.js';
import { passwordReset, userInvited } from '../../notifications/kinds/notification-messages.js';
import { NotificationKind } from '../../notifications/notification.enums.js';
import { SessionService } from '../session.service.js';
import type { SetPasswordWithLinkInput } from './dto/password-link.inputs.js';
import { LINK_LIFETIME_MS, LINK_REFUSED, linkUsable, MAX_OPEN_RESET_LINKS, newLinkToken, PasswordLinkPurpose, setPasswordPath, tokenHash } from './password-link.rules.js';

interface LinkRow {
  id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  email: string;
  active: boolean;
  organisation_id: string;
  organisation_name: string;
}

/**
 * Single-use links to set a password, emailed: a new user's invitation (so no administrator ever
 * knows anyone's password) and "forgotten password". Only each token's SHA-256 is stored.
 */
@Injectable()
export class PasswordLinksService implements OnApplicationShutdown {
  private readonly logger = new Logger('PasswordLinks');
  /** Reset requests still being written: their answer never waits for them (see requestReset). */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifier: ComposedNotifier,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** In the transaction that creates the user: the email inviting them to choose their password. */
  async invite(em: EntityManager, user: { id: string; email: string }, organisationName: string): Promise<void> {
    const { path, expiresAt } = await this.issue(em, user.id, PasswordLinkPurpose.INVITATION);
    await this.notifier.toAddress(em, NotificationKind.USER_INVITED, user.email, userInvited(organisationName, path, expiresAt));
  }

  /**
   * "Forgotten password": emails a reset link if an active account has this address, and answers
   * the same at once whether or not one does. The work runs after the answer, so neither the answer
   * nor its timing says whether the address is known.
   */
  requestReset(email: string): void {
    const work = this.sendReset(email.trim().toLowerCase()).catch((error: unknown) => this.logger.error({ message: 'password reset request failed', error: String(error) }));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Waits for reset requests still being written (for shutdown, and for tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  /**
   * Sets the password of the account a link was sent to: the link must be unused and unexpired and
   * `email` must be its address. Every other open link of the account is spent too, every session
   * ends, and the account's older tokens stop working.
   */
  async setPassword(input: SetPasswordWithLinkInput): Promise<boolean> {
    const hash = tokenHash(input.token);
    const link = await this.findLink(this.dataSource.manager, hash);
    const now = this.clock.now();
    if (!link || !linkUsable({ expiresAt: link.expires_at, usedAt: link.used_at, userEmail: link.email, userActive: link.active }, input.email, now)) {
      throw DomainError.invalid('token', 'usable', LINK_REFUSED);
    }
    const refused = passwordProblem(input.newPassword, { field: 'newPassword', email: link.email, organisationName: link.organisation_name, demo: this.config.demoData });
    if (refused) throw DomainError.invalidFields([refused]);
    const passwordHash = await hashPassword(input.newPassword);
    return this.dataSource.transaction(async (em) => {
      // TypeORM answers an UPDATE with [rows, affected].
      const [, spent] = (await em.query(`UPDATE password_link SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2`, [link.id, now])) as [unknown[], number];
      // Used by a request that got there first.
      if (spent !== 1) throw DomainError.invalid('token', 'usable', LINK_REFUSED);
      await em.query(`UPDATE password_link SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [link.user_id, now]);
      await em.query(`UPDATE app_user SET password_hash = $2, token_version = token_version + 1, updated_at = now() WHERE id = $1`, [link.user_id, passwordHash]);
      await this.sessions.endAll(em, link.user_id);
      const actor: Actor = { userId: link.user_id, organisationId: link.organisation_id, email: link.email, roles: new Set<Role>() };
      await this.audit.record(em, actor, { action: 'user.setPasswordWithLink', entityType: 'user', entityId: link.user_id });
      return true;
    });
  }

  private async sendReset(email: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [user] = (await em.query(`SELECT id, email FROM app_user WHERE email = $1 AND active FOR NO KEY UPDATE`, [email])) as { id: string; email: string }[];
      if (!user) return;
      const [{ open }] = (await em.query(
        `SELECT count(*)::int AS open FROM password_link WHERE user_id = $1 AND purpose = 'RESET' AND used_at IS NULL AND expires_at > $2`,
        [user.id, this.clock.now()],
      )) as { open: number }[];
      if (open >= MAX_OPEN_RESET_LINKS) return;
      const { path, expiresAt } = await this.issue(em, user.id, PasswordLinkPurpose.RESET);
      await this.notifier.toAddress(em, NotificationKind.PASSWORD_RESET, user.email, passwordReset(path, expiresAt));
    });
  }

  private async issue(em: EntityManager, userId: string, purpose: PasswordLinkPurpose): Promise<{ path: string; expiresAt: Date }> {
    const { token, hash } = newLinkToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[purpose]);
    await em.query(`INSERT INTO password_link (user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [userId, purpose, hash, now, expiresAt]);
    return { path: setPasswordPath(token), expiresAt };
  }

  private async findLink(em: EntityManager, hash: Buffer): Promise<LinkRow | null> {
    const [row] = (await em.query(
      `SELECT l.id, l.user_id, l.expires_at, l.used_at, u.email, u.active, u.organisation_id, o.name AS organisation_name
       FROM password_link l JOIN app_user u ON u.id = l.user_id JOIN organisation o ON o.id = u.organisation_id WHERE l.token_hash = $1`,
      [hash],
    )) as LinkRow[];
    return row ?? null;
  }
}
