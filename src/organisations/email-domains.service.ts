import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isSystemAdmin } from '../common/auth/access-policy.js';
import type { Actor, Caller } from '../common/auth/caller.js';
import { DomainError } from '../common/errors/domain-error.js';
import { groupByKeys } from '../common/loaders/request-loaders.js';
import type { SetOrganisationEmailDomainsInput } from './dto/set-email-domains.input.js';
import { domainOf, isRegisteredEmail } from './email-domain.rules.js';
import { Organisation } from './organisation.entity.js';

/**
 * The email domains an organisation has registered. Its ORG_ADMIN may create users only at them,
 * so nobody is made to look like another organisation's staff. A domain may be registered for
 * several organisations (nhs.net, NHSmail's, is shared by most partners): the SYSTEM_ADMIN decides.
 * A SYSTEM_ADMIN sets them, and is not held to them when creating users.
 */
@Injectable()
export class EmailDomainsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async set(caller: Caller, input: SetOrganisationEmailDomainsInput): Promise<Organisation> {
    if (!isSystemAdmin(caller)) throw DomainError.forbidden("Only a SYSTEM_ADMIN sets an organisation's email domains");
    return this.dataSource.transaction(async (em) => {
      const organisation = await em.findOne(Organisation, { where: { id: input.organisationId }, lock: { mode: 'for_no_key_update' } });
      if (!organisation) throw DomainError.invalid('organisationId', 'exists', `organisation ${input.organisationId} does not exist`);
      const before = await this.domainsIn(em, input.organisationId);
      await em.query(`DELETE FROM organisation_email_domain WHERE organisation_id = $1`, [input.organisationId]);
      await em.query(`INSERT INTO organisation_email_domain (domain, organisation_id) SELECT unnest($1::text[]), $2`, [input.domains, input.organisationId]);
      await this.audit.record(em, caller, {
        action: 'organisation.setEmailDomains',
        entityType: 'organisation',
        entityId: input.organisationId,
        before: { emailDomains: before },
        after: { emailDomains: [...input.domains].sort() },
      });
      return organisation;
    });
  }

  /** Refuses (BAD_USER_INPUT on `email`) an address outside the organisation's registered domains, unless a SYSTEM_ADMIN (or the service) creates the user. */
  async assertAllowed(em: EntityManager, actor: Actor, organisationId: string, email: string): Promise<void> {
    if (actor === null || isSystemAdmin(actor)) return;
    const domains = await this.domainsIn(em, organisationId);
    if (isRegisteredEmail(email, domains)) return;
    const where = domains.length ? `one of its domains (${domains.join(', ')})` : 'a domain registered for it, and it has none yet: ask a system admin to register its domains';
    throw DomainError.invalid('email', 'registeredDomain', `a user of this organisation must have an address at ${where}, not ${domainOf(email)}`);
  }

  /** For the per-request loader: each organisation's domains, alphabetically. */
  async domainsOf(organisationIds: readonly string[]): Promise<string[][]> {
    const rows = (await this.dataSource.query(`SELECT domain, organisation_id FROM organisation_email_domain WHERE organisation_id = ANY($1) ORDER BY domain`, [
      organisationIds,
    ])) as { domain: string; organisation_id: string }[];
    return groupByKeys(organisationIds, rows, (r) => r.organisation_id).map((group) => group.map((r) => r.domain));
  }

  private async domainsIn(em: EntityManager, organisationId: string): Promise<string[]> {
    const rows = (await em.query(`SELECT domain FROM organisation_email_domain WHERE organisation_id = $1 ORDER BY domain`, [organisationId])) as { domain: string }[];
    return rows.map((r) => r.domain);
  }
}
