import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SigningInTrayService } from '../../agreements/signing-in-tray.service.js';
import { isSystemAdmin } from '../../common/auth/access-policy.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { Role } from '../../common/auth/role.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import { CreateUserInput } from '../../organisations/dto/create-user.input.js';
import { RoleAssignmentInput } from '../../organisations/dto/role-assignment.input.js';
import { UpdateOrganisationInput } from '../../organisations/dto/update-organisation.input.js';
import { EmailDomainsService } from '../../organisations/email-domains.service.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { partyReadiness } from '../../organisations/party-readiness.js';
import type { User } from '../../organisations/user.entity.js';
import { UsersService } from '../../organisations/users.service.js';
import { dateFromParts, datePartsOf, formErrors, formErrorStatus, isFormError, textOf, textsOf, validInput, type FormErrors } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';
import { deactivationWarning, movedPostsOf, movedQuery, postsTakenBy, takenFromLines, type MovedPost } from './role-change-notices.js';
import {
  deactivateView,
  emailDomainsView,
  isDone,
  newUserView,
  OFFERED_ROLES,
  overviewView,
  PROFILE_FIELDS,
  profileValuesOf,
  profileView,
  USER_FIELDS,
  userRolesView,
  WORDS,
  type NewUserValues,
  type ProfileValues,
} from './organisation-view.js';

const userId = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('User', 'with that address') });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USERS_PER_PAGE = 50;
const OFFERED = new Set<string>(OFFERED_ROLES.map((r) => r.role));

/**
 * The organisation admin's pages: their own organisation's details and assurance, its users, roles
 * and role holders, and whether it is ready to be a party. There is no organisation in the address:
 * the page is always the caller's own, and only its ORG_ADMIN may open it. Every change goes through
 * the service the GraphQL mutation uses (updateOrganisation, createUser, assignRole, revokeRole,
 * deactivateUser, reactivateUser), so the same rules and audit apply.
 */
@Controller('organisation')
export class OrganisationController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
    private readonly emailDomains: EmailDomainsService,
    private readonly inTray: SigningInTrayService,
  ) {}

  @Get()
  async overview(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const after = typeof query.after === 'string' && query.after.length <= 512 ? query.after : null;
    const [organisation, [holders], page, [domains]] = await Promise.all([
      this.organisations.get(caller.organisationId),
      this.organisations.roleHoldersOf([caller.organisationId]),
      this.users.list(caller, { organisationId: caller.organisationId, first: USERS_PER_PAGE, after }),
      this.emailDomains.domainsOf([caller.organisationId]),
    ]);
    const people = page.edges.map((e) => e.node);
    const roles = people.length ? await this.users.rolesOf(people.map((u) => u.id)) : [];
    const doneUser = typeof query.user === 'string' && UUID.test(query.user) ? await this.ownUserOrNull(caller, query.user) : null;
    const done = isDone(query.done) ? { kind: query.done, name: doneUser?.fullName ?? 'The user' } : null;
    const moved = done ? await this.movedPostNames(caller, movedPostsOf(query.moved)) : [];
    const view = overviewView({
      organisation,
      holders,
      readiness: partyReadiness(holders),
      users: people.map((user, i) => ({ user, roles: roles[i] })),
      totalUsers: page.totalCount,
      nextPage: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? `/organisation?after=${encodeURIComponent(page.pageInfo.endCursor)}#users` : null,
      firstPage: after === null,
      callerUserId: caller.userId,
      today: this.today(),
      done,
      emailDomains: emailDomainsView(domains, isSystemAdmin(caller)),
    });
    this.pages.render(req, res, 'pages/organisation', { ...view, doneDetails: takenFromLines(moved) });
  }

  @Get('profile')
  async profile(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const organisation = await this.organisations.get(caller.organisationId);
    this.pages.render(req, res, 'pages/organisation-profile', profileView(organisation.name, profileValuesOf(organisation), null));
  }

  @Post('profile')
  async saveProfile(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const values: ProfileValues = {
      name: textOf(body.name),
      sector: textOf(body.sector),
      odsCode: textOf(body.odsCode),
      icoRegistrationNumber: textOf(body.icoRegistrationNumber),
      registeredAddress: textOf(body.registeredAddress),
      igContactEmail: textOf(body.igContactEmail),
      igContactPhone: textOf(body.igContactPhone),
      dsptStatus: textOf(body.dsptStatus),
      dsptStatusDate: datePartsOf(body, 'dsptStatusDate'),
      secureEmailMethod: textOf(body.secureEmailMethod),
      secureEmailAccreditationExpiry: datePartsOf(body, 'secureEmailAccreditationExpiry'),
    };
    const dsptStatusDate = dateFromParts('dsptStatusDate', values.dsptStatusDate);
    const expiry = dateFromParts('secureEmailAccreditationExpiry', values.secureEmailAccreditationExpiry);
    try {
      const input = await validInput(
        UpdateOrganisationInput,
        {
          name: values.name,
          sector: values.sector,
          odsCode: values.odsCode,
          icoRegistrationNumber: values.icoRegistrationNumber,
          registeredAddress: values.registeredAddress,
          igContactEmail: values.igContactEmail,
          igContactPhone: values.igContactPhone,
          dsptStatus: values.dsptStatus,
          dsptStatusDate: dsptStatusDate.value,
          secureEmailMethod: values.secureEmailMethod,
          secureEmailAccreditationExpiry: expiry.value,
        },
        [dsptStatusDate.problem, expiry.problem].filter((p): p is FieldProblem => p !== undefined),
      );
      await this.organisations.update(caller, caller.organisationId, input);
      res.redirect(303, '/organisation?done=profile');
    } catch (error) {
      if (!isFormError(error)) throw error;
      const organisation = await this.organisations.get(caller.organisationId);
      this.pages.render(req, res, 'pages/organisation-profile', profileView(organisation.name, values, this.errors(error, PROFILE_FIELDS)), formErrorStatus(error));
    }
  }

  @Get('users/new')
  async newUser(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    await this.showNewUser(caller, { email: '', fullName: '', jobTitle: '', roles: [] }, null, 200, req, res);
  }

  @Post('users/new')
  async createUser(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const values: NewUserValues = { email: textOf(body.email), fullName: textOf(body.fullName), jobTitle: textOf(body.jobTitle), roles: textsOf(body.roles) };
    try {
      const input = await validInput(CreateUserInput, {
        organisationId: caller.organisationId,
        email: values.email,
        fullName: values.fullName,
        jobTitle: values.jobTitle.trim() || null,
        password: textOf(body.password),
        roles: values.roles,
      });
      const [holders] = await this.organisations.roleHoldersOf([caller.organisationId]);
      const user = await this.users.create(caller, input);
      res.redirect(303, `/organisation?done=user-added&user=${user.id}${movedQuery(postsTakenBy(input.roles, holders, null))}`);
    } catch (error) {
      if (!isFormError(error)) throw error;
      await this.showNewUser(caller, values, this.errors(error, USER_FIELDS, { ...values, password: textOf(body.password) }), formErrorStatus(error), req, res);
    }
  }

  @Get('users/:userId/roles')
  async roles(@CurrentCaller() caller: Caller, @Param('userId', userId()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const user = await this.ownUser(caller, id);
    const [roles] = await this.users.rolesOf([user.id]);
    await this.showRoles(caller, user, roles, null, 200, req, res);
  }

  /** The roles ticked replace those offered: each added one is assigned and each removed one revoked, one service call each. */
  @Post('users/:userId/roles')
  async saveRoles(
    @CurrentCaller() caller: Caller,
    @Param('userId', userId()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    assertOrganisationAdmin(caller);
    const user = await this.ownUser(caller, id);
    const wanted = textsOf(body.roles);
    try {
      const [[held], [holders]] = await Promise.all([this.users.rolesOf([user.id]), this.organisations.roleHoldersOf([caller.organisationId])]);
      const unknown = wanted.filter((role) => !OFFERED.has(role));
      if (unknown.length) await validInput(RoleAssignmentInput, { userId: user.id, role: unknown[0] });
      const added = OFFERED_ROLES.map((r) => r.role).filter((role) => wanted.includes(role) && !held.includes(role));
      const removed = held.filter((role) => OFFERED.has(role) && !wanted.includes(role));
      // All the ticks and unticks in one transaction: saved together or not at all.
      await this.users.changeRoles(caller, user.id, { add: added, remove: removed });
      res.redirect(303, `/organisation?done=roles&user=${user.id}${movedQuery(postsTakenBy(added, holders, user.id))}`);
    } catch (error) {
      if (!isFormError(error)) throw error;
      await this.showRoles(caller, user, wanted, this.errors(error, USER_FIELDS), formErrorStatus(error), req, res);
    }
  }

  @Get('users/:userId/deactivate')
  async confirmDeactivate(@CurrentCaller() caller: Caller, @Param('userId', userId()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    await this.showDeactivate(caller, await this.ownUser(caller, id), null, 200, req, res);
  }

  @Post('users/:userId/deactivate')
  async deactivate(@CurrentCaller() caller: Caller, @Param('userId', userId()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const user = await this.ownUser(caller, id);
    try {
      await this.users.deactivate(caller, user.id);
      // Deactivating oneself ends one's own session with it: the next page is sign-in.
      res.redirect(303, `/organisation?done=deactivated&user=${user.id}`);
    } catch (error) {
      if (!isFormError(error)) throw error;
      await this.showDeactivate(caller, user, this.errors(error, {}), formErrorStatus(error), req, res);
    }
  }

  @Post('users/:userId/reactivate')
  async reactivate(@CurrentCaller() caller: Caller, @Param('userId', userId()) id: string, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const user = await this.ownUser(caller, id);
    await this.users.reactivate(caller, user.id);
    res.redirect(303, `/organisation?done=reactivated&user=${user.id}`);
  }

  private async showNewUser(caller: Caller, values: NewUserValues, errors: FormErrors | null, status: number, req: AuthenticatedRequest, res: Response): Promise<void> {
    const [organisation, [holders], [domains]] = await Promise.all([
      this.organisations.get(caller.organisationId),
      this.organisations.roleHoldersOf([caller.organisationId]),
      this.emailDomains.domainsOf([caller.organisationId]),
    ]);
    this.pages.render(req, res, 'pages/organisation-user-new', newUserView(organisation.name, values, holders, errors, domains), status);
  }

  private async showRoles(caller: Caller, user: User, selected: string[], errors: FormErrors | null, status: number, req: AuthenticatedRequest, res: Response): Promise<void> {
    const [organisation, [holders]] = await Promise.all([this.organisations.get(caller.organisationId), this.organisations.roleHoldersOf([caller.organisationId])]);
    this.pages.render(req, res, 'pages/organisation-user-roles', userRolesView(organisation.name, user, selected, holders, errors), status);
  }

  private async showDeactivate(caller: Caller, user: User, errors: FormErrors | null, status: number, req: AuthenticatedRequest, res: Response): Promise<void> {
    const [organisation, [roles], [holders], awaiting] = await Promise.all([
      this.organisations.get(caller.organisationId),
      this.users.rolesOf([user.id]),
      this.organisations.roleHoldersOf([caller.organisationId]),
      this.inTray.awaitingSignatureOf(caller.organisationId),
    ]);
    this.pages.render(
      req,
      res,
      'pages/organisation-user-deactivate',
      { ...deactivateView(organisation.name, user, roles, user.id === caller.userId, errors), warning: deactivationWarning(organisation.name, user.id, holders, awaiting) },
      status,
    );
  }

  /** The names of those the moved posts were taken from (users of the caller's own organisation only). */
  private async movedPostNames(caller: Caller, moved: MovedPost[]): Promise<{ role: Role; fromName: string }[]> {
    const named = await Promise.all(moved.map(async (m) => ({ role: m.role, user: await this.ownUserOrNull(caller, m.fromUserId) })));
    return named.flatMap(({ role, user }) => (user ? [{ role, fromName: user.fullName }] : []));
  }

  private errors(error: DomainError, fields: Parameters<typeof formErrors>[1], values: Record<string, unknown> = {}): FormErrors {
    return formErrors(error, fields, WORDS, values);
  }

  /** A user of the caller's own organisation; any other is not found here, whoever may see them elsewhere. */
  private async ownUser(caller: Caller, id: string): Promise<User> {
    const user = await this.ownUserOrNull(caller, id);
    if (!user) throw DomainError.notFound('User', 'in your organisation');
    return user;
  }

  private async ownUserOrNull(caller: Caller, id: string): Promise<User | null> {
    const user = await this.users.get(caller, id).catch((error: unknown) => {
      if (error instanceof DomainError) return null;
      throw error;
    });
    return user && user.organisationId === caller.organisationId ? user : null;
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}

/** These pages are the organisation admin's: anyone else is refused, whatever else they may do. */
export function assertOrganisationAdmin(caller: Caller): void {
  if (!caller.roles.has(Role.ORG_ADMIN)) {
    throw DomainError.forbidden("Only your organisation's admin (ORG_ADMIN) manages its details, users and roles");
  }
}
