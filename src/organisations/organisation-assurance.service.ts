import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { canManageOrganisation } from '../common/auth/access-policy.js';
import type { Actor, Caller } from '../common/auth/caller.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { assuranceEntryProblems, changesAnything, inForceOn, type AssuranceFacts } from './assurance.rules.js';
import type { RecordAssuranceInput } from './dto/record-assurance.input.js';
import { OrganisationAssurance } from './organisation-assurance.entity.js';
import { Organisation } from './organisation.entity.js';

/** Fields a new entry may not set to null. */
const NOT_NULL_FIELDS = ['dsptStatus', 'secureEmailMethod'] as const;

const factsOf = (entry: AssuranceFacts): AssuranceFacts => ({
  effectiveFrom: entry.effectiveFrom,
  dsptStatus: entry.dsptStatus,
  dsptStatusDate: entry.dsptStatusDate,
  dsptNextDueDate: entry.dsptNextDueDate,
  secureEmailMethod: entry.secureEmailMethod,
  secureEmailAccreditationExpiry: entry.secureEmailAccreditationExpiry,
  icoRegistrationRenewalDate: entry.icoRegistrationRenewalDate,
});

/**
 * An organisation's assurance as dated history. Entries are only ever added; the organisation's
 * own assurance columns are kept, in the same transaction, as the entry in force today.
 */
@Injectable()
export class OrganisationAssuranceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Records a change taking effect on `input.effectiveFrom` (today if not given); what is not given carries over. */
  async record(caller: Caller, organisationId: string, input: RecordAssuranceInput): Promise<Organisation> {
    if (!canManageOrganisation(caller, organisationId)) {
      throw DomainError.forbidden("Only a SYSTEM_ADMIN or this organisation's ORG_ADMIN may record its assurance");
    }
    const cleared = NOT_NULL_FIELDS.filter((field) => input[field] === null);
    if (cleared.length > 0) throw DomainError.invalidFields(cleared.map((field) => ({ field, rule: 'notNull', message: 'cannot be cleared' })));
    return this.dataSource.transaction(async (em) => {
      const organisation = await em.findOne(Organisation, { where: { id: organisationId }, lock: { mode: 'for_no_key_update' } });
      if (!organisation) throw DomainError.notFound('Organisation', organisationId);
      const today = this.today();
      const effectiveFrom = input.effectiveFrom ?? today;
      const entries = await this.entriesOf(em, organisationId);
      const previous = inForceOn(entries, effectiveFrom);
      const given = Object.fromEntries(Object.entries(input).filter(([field, value]) => value !== undefined && field !== 'effectiveFrom'));
      const base: AssuranceFacts = previous ?? { ...organisation, effectiveFrom, dsptNextDueDate: null, icoRegistrationRenewalDate: null };
      const next: AssuranceFacts = { ...factsOf(base), ...given, effectiveFrom };
      const problems = assuranceEntryProblems(previous, next, today);
      if (problems.length === 0 && !changesAnything(previous, next)) {
        problems.push({ field: 'input', rule: 'changesSomething', message: `records no change from the assurance in force on ${effectiveFrom}` });
      }
      if (problems.length > 0) throw DomainError.invalidFields(problems);
      const entry = await this.append(em, caller, organisationId, next, previous);
      const current = inForceOn([...entries, entry], today);
      if (current) {
        const view = {
          dsptStatus: current.dsptStatus,
          dsptStatusDate: current.dsptStatusDate,
          secureEmailMethod: current.secureEmailMethod,
          secureEmailAccreditationExpiry: current.secureEmailAccreditationExpiry,
        };
        Object.assign(organisation, view);
        await em.update(Organisation, { id: organisationId }, view);
      }
      return organisation;
    });
  }

  /**
   * updateOrganisation's change to the assurance columns, as an entry in force from today (the
   * dates it cannot give carry over while they still make sense). Nothing when they did not change.
   */
  async recordFromUpdate(em: EntityManager, actor: Actor, before: Organisation, after: Organisation): Promise<void> {
    const columns = ['dsptStatus', 'dsptStatusDate', 'secureEmailMethod', 'secureEmailAccreditationExpiry'] as const;
    if (columns.every((column) => before[column] === after[column])) return;
    const today = this.today();
    const previous = inForceOn(await this.entriesOf(em, after.id), today);
    const due = previous?.dsptNextDueDate ?? null;
    const next: AssuranceFacts = {
      effectiveFrom: today,
      dsptStatus: after.dsptStatus,
      dsptStatusDate: after.dsptStatusDate,
      dsptNextDueDate: due && after.dsptStatusDate && due <= after.dsptStatusDate ? null : due,
      secureEmailMethod: after.secureEmailMethod,
      secureEmailAccreditationExpiry: after.secureEmailAccreditationExpiry,
      icoRegistrationRenewalDate: previous?.icoRegistrationRenewalDate ?? null,
    };
    if (!changesAnything(previous, next)) return;
    const problems = assuranceEntryProblems(previous, next, today);
    if (problems.length > 0) throw DomainError.invalidFields(problems);
    await this.append(em, actor, after.id, next, previous);
  }

  /** A new organisation's first entry: in force from its DSPT publication date, or from today. */
  async recordFirst(em: EntityManager, actor: Actor, organisation: Organisation): Promise<void> {
    const entry = { ...organisation, effectiveFrom: organisation.dsptStatusDate ?? this.today(), dsptNextDueDate: null, icoRegistrationRenewalDate: null };
    await this.append(em, actor, organisation.id, factsOf(entry), null);
  }

  /** For the per-request loader: each organisation's entries, the latest to take effect first. */
  async historyOf(organisationIds: readonly string[]): Promise<OrganisationAssurance[][]> {
    const entries = await this.dataSource.getRepository(OrganisationAssurance).find({
      where: { organisationId: In([...organisationIds]) },
      order: { effectiveFrom: 'DESC', id: 'DESC' },
    });
    return organisationIds.map((id) => entries.filter((e) => e.organisationId === id));
  }

  /** The entry in force on `date` for each organisation, in the order asked (null where none had taken effect). */
  async inForceOn(organisationIds: readonly string[], date: string, manager?: EntityManager): Promise<(OrganisationAssurance | null)[]> {
    const em = manager ?? this.dataSource.manager;
    const entries = await em.getRepository(OrganisationAssurance).find({ where: { organisationId: In([...organisationIds]) }, order: { id: 'ASC' } });
    return organisationIds.map((id) => inForceOn(entries.filter((e) => e.organisationId === id), date));
  }

  private entriesOf(em: EntityManager, organisationId: string): Promise<OrganisationAssurance[]> {
    return em.getRepository(OrganisationAssurance).find({ where: { organisationId }, order: { id: 'ASC' } });
  }

  private async append(em: EntityManager, actor: Actor, organisationId: string, next: AssuranceFacts, previous: AssuranceFacts | null): Promise<OrganisationAssurance> {
    const entry = await em.save(em.create(OrganisationAssurance, { ...next, organisationId }));
    const saved = await em.getRepository(OrganisationAssurance).findOneByOrFail({ id: entry.id });
    await this.audit.record(em, actor, {
      action: 'organisation.recordAssurance',
      entityType: 'organisation',
      entityId: organisationId,
      before: previous ? factsOf(previous) : null,
      after: { id: saved.id, ...factsOf(saved) },
    });
    return saved;
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}
