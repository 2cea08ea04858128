import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { EmailDomainsService } from './email-domains.service.js';
import { FirstAdminBootstrap } from './first-admin.bootstrap.js';
import { OrganisationAssuranceResolver } from './organisation-assurance.resolver.js';
import { OrganisationAssuranceService } from './organisation-assurance.service.js';
import { OrganisationsResolver } from './organisations.resolver.js';
import { OrganisationsService } from './organisations.service.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuthModule],
  providers: [OrganisationsService, EmailDomainsService, OrganisationAssuranceService, UsersService, OrganisationsResolver, OrganisationAssuranceResolver, UsersResolver, FirstAdminBootstrap],
  exports: [OrganisationsService, EmailDomainsService, OrganisationAssuranceService, UsersService],
})
export class OrganisationsModule {}
