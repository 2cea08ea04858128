import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { canCreateOrganisation, canManageOrganisation, canSeeDirectoryOf, canSeeRoleHoldersOf } from '../common/auth/access-policy.js';
import type { Actor, Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError, type FieldProblem } from '../common/errors/domain-error.js';
import type { Connection } from '../common/pagination/connection.type.js';
import { paginate } from '../common/pagination/keyset.js';
import type { CreateOrganisationInput } from './dto/create-organisation.input.js';
import type { OrganisationsArgs } from './dto/organisations.args.js';
import type { UpdateOrganisationInput } from './dto/update-organisation.input.js';
import { OrganisationAssuranceService } from './organisation-assurance.service.js';
import { Organisation } from './organisation.entity.js';
import { assuranceProblems } from './organisation.rules.js';
import { PartnerDirectory } from './partner-directory.js';
import { type RoleHolders } from './role-holders.js';
import { roleHoldersOf } from './role-holders.queries.js';

/** Fields an update may not set to null. */
const NOT_NULL_FIELDS = ['name', 'sector', 'dsptStatus', 'secureEmailMethod'] as const;

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly partners: PartnerDirectory,
    private readonly assurance: OrganisationAssuranceService,
  ) {}

  async create(caller: Caller, input: CreateOrganisationInput): Promise<Organisation> {
    if (!canCreateOrganisation(caller)) throw DomainError.forbidden('Only a SYSTEM_ADMIN may create organisations');
    return this.createAs(caller, input);
  }

  /** Creates an organisation on behalf of `actor` (the service itself when null, at first start). */
  async createAs(actor: Actor, input: CreateOrganisationInput, manager?: EntityManager): Promise<Organisation> {
    const fields = {
      name: input.name,
      sector: input.sector,
      odsCode: input.odsCode ?? null,
      icoRegistrationNumber: input.icoRegistrationNumber ?? null,
      registeredAddress: input.registeredAddress ?? null,
      igContactEmail: input.igContactEmail ?? null,
      igContactPhone: input.igContactPhone ?? null,
      dsptStatus: input.dsptStatus,
      dsptStatusDate: input.dsptStatusDate ?? null,
      secureEmailMethod: input.secureEmailMethod,
      secureEmailAccreditationExpiry: input.secureEmailAccreditationExpiry ?? null,
    };
    const work = async (em: EntityManager) => {
      await this.assertValid(em, fields, null);
      const created = await em.save(em.create(Organisation, fields));
      await this.audit.record(em, actor, { action: 'organisation.create', entityType: 'organisation', entityId: created.id, after: created });
      await this.assurance.recordFirst(em, actor, created);
      return created;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async update(caller: Caller, id: string, input: UpdateOrganisationInput): Promise<Organisation> {
    if (!canManageOrganisation(caller, id)) {
      throw DomainError.forbidden("Only a SYSTEM_ADMIN or this organisation's ORG_ADMIN may change its details");
    }
    const cleared = NOT_NULL_FIELDS.filter((field) => input[field] === null);
    if (cleared.length > 0) {
      throw DomainError.invalidFields(cleared.map((field) => ({ field, rule: 'notNull', message: 'cannot be cleared' })));
    }
    return this.dataSource.transaction(async (em) => {
      const before = await em.findOne(Organisation, { where: { id }, lock: { mode: 'for_no_key_update' } });
      if (!before) throw DomainError.notFound('Organisation', id);
      const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
      const after = { ...before, ...changes } as Organisation;
      await this.assertValid(em, after, id);
      await this.assurance.recordFromUpdate(em, caller, before, after);
      const saved = await em.save(Organisation, after);
      await this.audit.record(em, caller, { action: 'organisation.update', entityType: 'organisation', entityId: id, before, after: saved });
      return saved;
    });
  }

  /** Organisation details are not personal data: any signed-in user may read them. */
  async get(id: string): Promise<Organisation> {
    const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ id });
    if (!organisation) throw DomainError.notFound('Organisation', id);
    return organisation;
  }

  /**
   * `partnersOnly` leaves out the service operator's organisation (any whose users hold SYSTEM_ADMIN):
   * it runs the service and is never a party to an agreement nor a side in a decision to share.
   */
  async list(args: OrganisationsArgs, options: { partnersOnly?: boolean } = {}): Promise<Connection<Organisation>> {
    const query = this.dataSource.getRepository(Organisation).createQueryBuilder('o');
    const filter = args.filter ?? {};
    if (options.partnersOnly) query.andWhere('NOT EXISTS (SELECT 1 FROM user_role r WHERE r.organisation_id = o.id AND r.role = :operatorRole)', { operatorRole: Role.SYSTEM_ADMIN });
    if (filter.sector) query.andWhere('o.sector = :sector', { sector: filter.sector });
    if (filter.dsptStatus) query.andWhere('o.dspt_status = :dsptStatus', { dsptStatus: filter.dsptStatus });
    if (filter.search) {
      const pattern = `%${escapeLike(filter.search)}%`;
      query.andWhere(
        new Brackets((q) => q.where('o.name ILIKE :pattern', { pattern }).orWhere('o.ods_code ILIKE :pattern', { pattern })),
      );
    }
    return paginate(
      query,
      [
        { column: 'o.name', valueOf: (o) => o.name },
        { column: 'o.id', valueOf: (o) => o.id },
      ],
      args,
    );
  }

  /** For the per-request loader: organisations by id, in the order asked. */
  async byIds(ids: readonly string[], manager?: EntityManager): Promise<(Organisation | undefined)[]> {
    const found = await (manager ?? this.dataSource.manager).getRepository(Organisation).findBy({ id: In([...ids]) });
    const byId = new Map(found.map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id));
  }

  /** For the per-request loader: each organisation's current role holders, in two queries however many organisations. */
  roleHoldersOf(organisationIds: readonly string[], manager?: EntityManager): Promise<RoleHolders[]> {
    return roleHoldersOf(manager ?? this.dataSource.manager, organisationIds);
  }

  /**
   * Throws FORBIDDEN unless the caller may see the organisation's role holders: a member, a partner or a SYSTEM_ADMIN.
   * `partnersOfCaller` (a per-request loader's, say) is asked only when the caller is neither member nor SYSTEM_ADMIN.
   */
  async assertCanSeeRoleHoldersOf(caller: Caller, organisationId: string, partnersOfCaller?: () => Promise<Set<string>>): Promise<void> {
    if (canSeeDirectoryOf(caller, organisationId)) return;
    const partners = partnersOfCaller ? await partnersOfCaller() : (await this.partners.partnersOf([caller.organisationId]))[0];
    if (!canSeeRoleHoldersOf(caller, organisationId, partners.has(organisationId))) {
      throw DomainError.forbidden(
        `You may see the role holders of organisation ${organisationId} only if your organisation is a partner of it: both agreed to an agreement`,
      );
    }
  }

  /** Throws FORBIDDEN unless the caller may see the organisation's whole directory: a member or a SYSTEM_ADMIN. */
  assertCanSeeDirectoryOf(caller: Caller, organisationId: string): void {
    if (!canSeeDirectoryOf(caller, organisationId)) {
      throw DomainError.forbidden(
        `Only members of organisation ${organisationId} see its users; a partner sees its role holders (igLead, caldicottGuardian, siro, dpo, signatories)`,
      );
    }
  }

  private async assertValid(em: EntityManager, fields: Omit<Organisation, 'id' | 'createdAt' | 'updatedAt'>, id: string | null): Promise<void> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const problems: FieldProblem[] = [...assuranceProblems(fields, today), ...(await this.uniquenessProblems(em, fields, id))];
    if (problems.length > 0) {
      const conflict = problems.every((p) => p.rule === 'unique');
      throw conflict
        ? DomainError.conflict(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems)
        : DomainError.invalidFields(problems);
    }
  }

  private async uniquenessProblems(
    em: EntityManager,
    fields: { name: string; odsCode: string | null; icoRegistrationNumber: string | null },
    id: string | null,
  ): Promise<FieldProblem[]> {
    const [row] = (await em.query(
      `SELECT
         EXISTS (SELECT 1 FROM organisation WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $4::uuid) AS name_taken,
         EXISTS (SELECT 1 FROM organisation WHERE ods_code = $2 AND id IS DISTINCT FROM $4::uuid) AS ods_taken,
         EXISTS (SELECT 1 FROM organisation WHERE ico_registration_number = $3 AND id IS DISTINCT FROM $4::uuid) AS ico_taken`,
      [fields.name, fields.odsCode, fields.icoRegistrationNumber, id],
    )) as { name_taken: boolean; ods_taken: boolean; ico_taken: boolean }[];
    const problems: FieldProblem[] = [];
    if (row.name_taken) problems.push({ field: 'name', rule: 'unique', message: 'another organisation already has this name' });
    if (row.ods_taken) problems.push({ field: 'odsCode', rule: 'unique', message: 'another organisation already has this ODS code' });
    if (row.ico_taken) {
      problems.push({ field: 'icoRegistrationNumber', rule: 'unique', message: 'another organisation already has this ICO registration number' });
    }
    return problems;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
