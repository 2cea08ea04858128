import { Module } from '@nestjs/common';
import { FirstAdminBootstrap } from './first-admin.bootstrap.js';
import { OrganisationsResolver } from './organisations.resolver.js';
import { OrganisationsService } from './organisations.service.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  providers: [OrganisationsService, UsersService, OrganisationsResolver, UsersResolver, FirstAdminBootstrap],
  exports: [OrganisationsService, UsersService],
})
export class OrganisationsModule {}
