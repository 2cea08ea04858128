import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import type { Role } from '../common/auth/role.js';
import type { EmailDomainsService } from './email-domains.service.js';
import type { OrganisationAssurance } from './organisation-assurance.entity.js';
import type { OrganisationAssuranceService } from './organisation-assurance.service.js';
import type { Organisation } from './organisation.entity.js';
import type { OrganisationsService } from './organisations.service.js';
import type { PartnerDirectory } from './partner-directory.js';
import type { RoleHolders } from './role-holders.js';
import type { User } from './user.entity.js';
import type { UsersService } from './users.service.js';

/** The organisations domain's per-request loaders, named in one place. */
export const organisationLoaders = {
  organisation: (ctx: GraphqlContext, service: OrganisationsService) =>
    ctx.loaders.get<string, Organisation | undefined>('organisation', (ids) => service.byIds(ids)),
  roleHolders: (ctx: GraphqlContext, service: OrganisationsService) =>
    ctx.loaders.get<string, RoleHolders>('roleHolders', (ids) => service.roleHoldersOf(ids)),
  user: (ctx: GraphqlContext, service: UsersService) => ctx.loaders.get<string, User | undefined>('user', (ids) => service.byIds(ids)),
  roles: (ctx: GraphqlContext, service: UsersService) => ctx.loaders.get<string, Role[]>('userRoles', (ids) => service.rolesOf(ids)),
  assuranceHistory: (ctx: GraphqlContext, service: OrganisationAssuranceService) =>
    ctx.loaders.get<string, OrganisationAssurance[]>('assuranceHistory', (ids) => service.historyOf(ids)),
  emailDomains: (ctx: GraphqlContext, service: EmailDomainsService) =>
    ctx.loaders.get<string, string[]>('emailDomains', (ids) => service.domainsOf(ids)),
  partners: (ctx: GraphqlContext, service: PartnerDirectory) =>
    ctx.loaders.get<string, Set<string>>('partners', (ids) => service.partnersOf(ids)),
};
