import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '../common/auth/role.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DsptStatus, SecureEmailMethod, Sector } from './organisation.enums.js';
import { OrganisationsService } from './organisations.service.js';
import { UserRole } from './user-role.entity.js';
import { UsersService } from './users.service.js';

const FIRST_ADMIN_LOCK_KEY = 0x61646d6e;

/**
 * On a database with no SYSTEM_ADMIN, creates the service operator's organisation and its
 * first admin: from ADMIN_EMAIL / ADMIN_PASSWORD, or with a generated password logged once.
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { email, password: configured, organisationName } = this.config.firstAdmin;
    const password = configured ?? randomBytes(18).toString('base64url');
    const created = await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK_KEY]);
      if (await em.existsBy(UserRole, { role: Role.SYSTEM_ADMIN })) return false;
      const organisation = await this.organisations.createAs(
        null,
        { name: organisationName, sector: Sector.OTHER, dsptStatus: DsptStatus.NOT_PUBLISHED, secureEmailMethod: SecureEmailMethod.NONE },
        em,
      );
      await this.users.createAs(
        null,
        {
          organisationId: organisation.id,
          email,
          fullName: 'Service administrator',
          password,
          roles: [Role.SYSTEM_ADMIN, Role.ORG_ADMIN],
        },
        em,
      );
      return true;
    });
    if (!created) return;
    if (configured) this.logger.log({ message: 'first admin account created from ADMIN_EMAIL and ADMIN_PASSWORD', email });
    else this.logger.warn({ message: 'first admin account created; this password is shown once: sign in and change it', email, password });
  }
}
