import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { canGrantRole, canManageUsersOf, canSeeDirectoryOf } from '../common/auth/access-policy.js';
import { HELD_POSTS } from './role-holders.js';
import type { Actor, Caller } from '../common/auth/caller.js';
import { hashPassword } from '../common/auth/password-hasher.js';
import { passwordProblem } from '../common/auth/password-rules.js';
import { Role, SINGLE_HOLDER_ROLES } from '../common/auth/role.js';
import { DomainError } from '../common/errors/domain-error.js';
import { groupByKeys } from '../common/loaders/request-loaders.js';
import type { Connection } from '../common/pagination/connection.type.js';
import { paginate } from '../common/pagination/keyset.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { CreateUserInput } from './dto/create-user.input.js';
import type { RoleAssignmentInput } from './dto/role-assignment.input.js';
import type { UpdateUserInput } from './dto/update-user.input.js';
import type { UsersArgs } from './dto/users.args.js';
import { PasswordLinksService } from '../auth/password-links/password-links.service.js';
import { isMailableAddress } from './email-domain.rules.js';
import { EmailDomainsService } from './email-domains.service.js';
import { Organisation } from './organisation.entity.js';
import { OrganisationsService } from './organisations.service.js';
import { UserRole } from './user-role.entity.js';
import { User } from './user.entity.js';

/**
 * A user to create. `password` only for the service's own accounts (the first admin, the demo's
 * published password): everyone else is emailed a link to choose theirs.
 */
export type NewUser = CreateUserInput & { password?: string };

/** Roles an organisation (or, for SYSTEM_ADMIN, the service) must never be left without. */
const MUST_KEEP_ONE: readonly Role[] = [Role.ORG_ADMIN, Role.SYSTEM_ADMIN];

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly emailDomains: EmailDomainsService,
    private readonly passwordLinks: PasswordLinksService,
  ) {}

  async create(caller: Caller, input: NewUser): Promise<User> {
    this.assertCanManage(caller, input.organisationId);
    for (const role of input.roles) this.assertCanGrant(caller, input.organisationId, role);
    return this.createAs(caller, input);
  }

  /** Creates a user on behalf of `actor` (the service itself when null, at first start); with no password, in the same transaction, emails their invitation. */
  async createAs(actor: Actor, input: NewUser, manager?: EntityManager): Promise<User> {
    const organisation = await (manager ?? this.dataSource.manager).findOne(Organisation, { where: { id: input.organisationId }, select: { id: true, name: true } });
    // The invitation is emailed: an address valid in form but one mail cannot carry (a quoted name) is refused now.
    if (!isMailableAddress(input.email)) {
      throw DomainError.invalid('email', 'mailable', 'must be an address mail can be sent to: no spaces, quotes, angle brackets, commas or semicolons');
    }
    let passwordHash: string | null = null;
    if (input.password !== undefined) {
      const refused = passwordProblem(input.password, { field: 'password', email: input.email, organisationName: organisation?.name ?? null, demo: this.config.demoData });
      if (refused) throw DomainError.invalidFields([refused]);
      passwordHash = await hashPassword(input.password);
    }
    const work = async (em: EntityManager) => {
      await this.lockOrganisation(em, input.organisationId, 'organisationId');
      await this.emailDomains.assertAllowed(em, actor, input.organisationId, input.email);
      if (await em.existsBy(User, { email: input.email })) {
        throw DomainError.conflict('email: another user already has this email address', [
          { field: 'email', rule: 'unique', message: 'another user already has this email address' },
        ]);
      }
      const user = await em.save(
        em.create(User, {
          organisationId: input.organisationId,
          email: input.email,
          fullName: input.fullName,
          jobTitle: input.jobTitle ?? null,
          passwordHash,
          tokenVersion: 0,
          active: true,
        }),
      );
      for (const role of input.roles) await this.grant(em, actor, user, role);
      await this.audit.record(em, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: await this.snapshot(em, user.id) });
      if (passwordHash === null) await this.passwordLinks.invite(em, user, organisation!.name);
      return user;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async update(caller: Caller, userId: string, input: UpdateUserInput): Promise<User> {
    if (input.fullName === null) throw DomainError.invalid('fullName', 'notNull', 'cannot be cleared');
    return this.change(caller, userId, 'user.update', { allowSelf: true }, async (em, user) => {
      const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
      await em.update(User, { id: user.id }, changes);
    });
  }

  /**
   * Gives a user a role. The named posts (IG lead, Caldicott Guardian, SIRO, DPO) have one
   * holder: assigning one moves it from its current holder, and the audit entry says from whom.
   */
  async assignRole(caller: Caller, { userId, role }: RoleAssignmentInput): Promise<User> {
    return this.change(caller, userId, 'user.assignRole', { grants: role }, async (em, user) => {
      if (!user.active) throw DomainError.invalid('userId', 'active', 'the user is deactivated: reactivate them first');
      if (await em.existsBy(UserRole, { userId, role })) throw DomainError.conflict(`role: the user already holds ${role}`);
      await this.grant(em, caller, user, role);
    });
  }

  async revokeRole(caller: Caller, { userId, role }: RoleAssignmentInput): Promise<User> {
    return this.change(caller, userId, 'user.revokeRole', { grants: role }, async (em, user) => {
      const removed = await em.delete(UserRole, { userId, role });
      if (!removed.affected) throw DomainError.invalid('role', 'held', `the user does not hold ${role}`);
      await this.assertOneRemains(em, user, [role]);
    });
  }

  /**
   * Gives and takes several roles at once, all or none (the organisation page saves its role
   * checkboxes so): each under the same rules as assignRole and revokeRole, in one transaction.
   */
  async changeRoles(caller: Caller, userId: string, change: { add: readonly Role[]; remove: readonly Role[] }): Promise<User> {
    return this.change(caller, userId, 'user.changeRoles', {}, async (em, user) => {
      for (const role of [...change.add, ...change.remove]) this.assertCanGrant(caller, user.organisationId, role);
      if (change.add.length > 0 && !user.active) throw DomainError.invalid('userId', 'active', 'the user is deactivated: reactivate them first');
      for (const role of change.remove) {
        const removed = await em.delete(UserRole, { userId, role });
        if (!removed.affected) throw DomainError.invalid('role', 'held', `the user does not hold ${role}`);
      }
      for (const role of change.add) {
        if (await em.existsBy(UserRole, { userId, role })) throw DomainError.conflict(`role: the user already holds ${role}`);
        await this.grant(em, caller, user, role);
      }
      await this.assertOneRemains(em, user, change.remove);
    });
  }

  /** A deactivated user cannot sign in and loses every role, so they hold no post. */
  async deactivate(caller: Caller, userId: string): Promise<User> {
    return this.change(caller, userId, 'user.deactivate', {}, async (em, user) => {
      if (!user.active) throw DomainError.conflict('userId: the user is already deactivated');
      const held = (await em.findBy(UserRole, { userId })).map((r) => r.role);
      await em.delete(UserRole, { userId });
      await em.update(User, { id: userId }, { active: false, tokenVersion: () => 'token_version + 1' });
      await em.query('DELETE FROM user_session WHERE user_id = $1', [userId]);
      await this.assertOneRemains(em, user, held);
    });
  }

  async reactivate(caller: Caller, userId: string): Promise<User> {
    return this.change(caller, userId, 'user.reactivate', {}, async (em, user) => {
      if (user.active) throw DomainError.conflict('userId: the user is already active');
      await em.update(User, { id: userId }, { active: true });
    });
  }

  async get(caller: Caller, userId: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) throw DomainError.notFound('User', userId);
    if (canSeeDirectoryOf(caller, user.organisationId)) return user;
    // A partner sees the organisation's role holders only: anyone else there is FORBIDDEN, as the directory is.
    await this.organisations.assertCanSeeRoleHoldersOf(caller, user.organisationId);
    const holds = await this.dataSource.getRepository(UserRole).existsBy({ userId, role: In([...HELD_POSTS]) });
    if (!holds || !user.active) this.organisations.assertCanSeeDirectoryOf(caller, user.organisationId);
    return user;
  }

  async list(caller: Caller, args: UsersArgs): Promise<Connection<User>> {
    this.organisations.assertCanSeeDirectoryOf(caller, args.organisationId);
    const query = this.dataSource.getRepository(User).createQueryBuilder('u').where('u.organisation_id = :organisationId', args);
    if (args.role) query.andWhere('EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = :role)', { role: args.role });
    if (args.active !== undefined && args.active !== null) query.andWhere('u.active = :active', { active: args.active });
    if (args.search) {
      const pattern = `%${args.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(new Brackets((q) => q.where('u.full_name ILIKE :pattern', { pattern }).orWhere('u.email ILIKE :pattern', { pattern })));
    }
    return paginate(
      query,
      [
        { column: 'u.full_name', valueOf: (u) => u.fullName },
        { column: 'u.id', valueOf: (u) => u.id },
      ],
      args,
    );
  }

  /** For the per-request loader: users by id, in the order asked. */
  async byIds(ids: readonly string[]): Promise<(User | undefined)[]> {
    const found = await this.dataSource.getRepository(User).findBy({ id: In([...ids]) });
    return ids.map((id) => found.find((u) => u.id === id));
  }

  /** For the per-request loader: each user's roles, in one query. */
  async rolesOf(userIds: readonly string[]): Promise<Role[][]> {
    const rows = await this.dataSource.getRepository(UserRole).find({ where: { userId: In([...userIds]) }, order: { role: 'ASC' } });
    return groupByKeys(userIds, rows, (r) => r.userId).map((group) => group.map((r) => r.role));
  }

  /** Loads the user under a lock on their organisation, checks the caller may change them, runs `apply`, audits. */
  private async change(
    caller: Caller,
    userId: string,
    action: string,
    options: { allowSelf?: boolean; grants?: Role },
    apply: (em: EntityManager, user: User) => Promise<void>,
  ): Promise<User> {
    return this.dataSource.transaction(async (em) => {
      const user = await em.findOneBy(User, { id: userId });
      if (!user) throw DomainError.notFound('User', userId);
      if (!(options.allowSelf && caller.userId === userId)) this.assertCanManage(caller, user.organisationId);
      if (options.grants) this.assertCanGrant(caller, user.organisationId, options.grants);
      await this.lockOrganisation(em, user.organisationId, 'userId');
      const before = await this.snapshot(em, userId);
      await apply(em, user);
      const after = await this.snapshot(em, userId);
      await this.audit.record(em, caller, { action, entityType: 'user', entityId: userId, before, after });
      return em.findOneByOrFail(User, { id: userId });
    });
  }

  private async grant(em: EntityManager, actor: Actor, user: User, role: Role): Promise<void> {
    if (SINGLE_HOLDER_ROLES.includes(role)) {
      const previous = await em.findOneBy(UserRole, { organisationId: user.organisationId, role });
      if (previous) {
        await em.delete(UserRole, { userId: previous.userId, role });
        await this.audit.record(em, actor, {
          action: 'user.revokeRole',
          entityType: 'user',
          entityId: previous.userId,
          before: { role, heldBy: previous.userId },
          after: { role, movedTo: user.id },
        });
      }
    }
    await em.insert(UserRole, { userId: user.id, organisationId: user.organisationId, role, assignedAt: new Date() });
  }

  private async assertOneRemains(em: EntityManager, user: User, removedRoles: readonly Role[]): Promise<void> {
    for (const role of removedRoles.filter((r) => MUST_KEEP_ONE.includes(r))) {
      const scope = role === Role.SYSTEM_ADMIN ? {} : { organisationId: user.organisationId };
      if (!(await em.existsBy(UserRole, { ...scope, role }))) {
        const whose = role === Role.SYSTEM_ADMIN ? 'the service' : 'the organisation';
        throw DomainError.conflict(`role: this would leave ${whose} with no ${role}; give the role to someone else first`);
      }
    }
  }

  /**
   * Serialises role changes within one organisation, so "one holder" and "one admin left" hold under concurrency.
   * FOR NO KEY UPDATE: a recording's foreign-key check on the organisation, made under the audit lock, never waits on it.
   */
  private async lockOrganisation(em: EntityManager, organisationId: string, field: string): Promise<void> {
    const found = await em.findOne(Organisation, { where: { id: organisationId }, lock: { mode: 'for_no_key_update' } });
    if (!found) throw DomainError.invalid(field, 'exists', `organisation ${organisationId} does not exist`);
  }

  private async snapshot(em: EntityManager, userId: string) {
    const user = await em.findOneByOrFail(User, { id: userId });
    const roles = (await em.findBy(UserRole, { userId })).map((r) => r.role).sort();
    const { id, organisationId, email, fullName, jobTitle, active } = user;
    return { id, organisationId, email, fullName, jobTitle, active, roles };
  }

  private assertCanManage(caller: Caller, organisationId: string): void {
    if (!canManageUsersOf(caller, organisationId)) {
      throw DomainError.forbidden("Only a SYSTEM_ADMIN or the organisation's ORG_ADMIN may manage its users");
    }
  }

  private assertCanGrant(caller: Caller, organisationId: string, role: Role): void {
    if (!canGrantRole(caller, organisationId, role)) {
      const who = role === Role.SYSTEM_ADMIN ? 'a SYSTEM_ADMIN' : "a SYSTEM_ADMIN or the organisation's ORG_ADMIN";
      throw DomainError.forbidden(`Only ${who} may give or take the ${role} role`);
    }
  }
}
