import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Agreement } from '../../agreements/agreement.entity.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import type { ReportIncidentInput, UpdateIncidentInput } from '../dto/incident.inputs.js';
import { canReportIncidents } from '../ledger/ledger-access-policy.js';
import { SharingDecision } from '../ledger/sharing-decision.entity.js';
import { IncidentKind, IncidentStatus } from '../monitoring.enums.js';
import { icoDeadlineOf } from './ico-deadline.js';
import { Incident } from './incident.entity.js';

/** Breaches and near misses under an agreement, reported and followed by the organisations involved in it. */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async report(caller: Caller, input: ReportIncidentInput): Promise<Incident> {
    if (!canReportIncidents(caller)) throw DomainError.forbidden('Only practitioners and IG roles may report incidents');
    const agreement = await this.agreements.get(caller, input.agreementId);
    const now = this.clock.now();
    const problems: FieldProblem[] = [];
    if (input.discoveredAt < input.occurredAt) problems.push({ field: 'discoveredAt', rule: 'afterOccurred', message: 'must not be before occurredAt' });
    if (input.discoveredAt > now) problems.push({ field: 'discoveredAt', rule: 'notInFuture', message: 'must not be in the future' });
    if (input.icoReportable && input.kind === IncidentKind.NEAR_MISS) {
      problems.push({ field: 'icoReportable', rule: 'breachOnly', message: 'a near miss is not a breach and is not reported to the ICO' });
    }
    if (input.decisionId) {
      const decision = await this.dataSource.getRepository(SharingDecision).findOneBy({ id: input.decisionId });
      if (!decision || decision.agreementId !== input.agreementId) {
        problems.push({ field: 'decisionId', rule: 'underAgreement', message: 'must be a decision recorded under this agreement' });
      }
    }
    if (input.flowId && !(await this.flowIdsOf(agreement)).has(input.flowId)) {
      problems.push({ field: 'flowId', rule: 'inAgreement', message: 'must be a data flow of this agreement' });
    }
    if (problems.length > 0) throw DomainError.invalidFields(problems);
    return this.dataSource.transaction(async (em) => {
      const incident = await em.save(
        em.create(Incident, {
          agreementId: input.agreementId,
          decisionId: input.decisionId ?? null,
          flowId: input.flowId ?? null,
          reportedByOrganisationId: caller.organisationId,
          reportedByUserId: caller.userId,
          kind: input.kind,
          severity: input.severity,
          summary: input.summary,
          occurredAt: input.occurredAt,
          discoveredAt: input.discoveredAt,
          icoReportable: input.icoReportable,
          icoDeadline: icoDeadlineOf(input.icoReportable, input.discoveredAt),
          reportedToIcoAt: null,
          status: IncidentStatus.OPEN,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(em, caller, { action: 'incident.report', entityType: 'incident', entityId: incident.id, after: incident });
      return incident;
    });
  }

  async update(caller: Caller, input: UpdateIncidentInput): Promise<Incident> {
    return this.dataSource.transaction(async (em) => {
      const incident = await em.findOne(Incident, { where: { id: input.incidentId }, lock: { mode: 'pessimistic_write' } });
      if (!incident) throw DomainError.notFound('Incident', input.incidentId);
      await this.assertInvolved(caller, incident);
      if (!canReportIncidents(caller)) throw DomainError.forbidden('Only practitioners and IG roles may update incidents');
      const before = { ...incident };
      if (input.status === IncidentStatus.REPORTED_TO_ICO) {
        if (!incident.icoReportable) throw DomainError.invalid('status', 'reportableOnly', 'this incident is not reportable to the ICO');
        if (!input.reportedToIcoAt) throw DomainError.invalid('reportedToIcoAt', 'requiredWhenReported', 'say when it was reported to the ICO');
      }
      if (input.reportedToIcoAt) {
        if (input.reportedToIcoAt > this.clock.now()) throw DomainError.invalid('reportedToIcoAt', 'notInFuture', 'must not be in the future');
        if (input.reportedToIcoAt < incident.discoveredAt) throw DomainError.invalid('reportedToIcoAt', 'afterDiscovered', 'must not be before the incident was discovered');
      }
      incident.status = input.status;
      if (input.reportedToIcoAt) incident.reportedToIcoAt = input.reportedToIcoAt;
      incident.updatedAt = this.clock.now();
      const saved = await em.save(incident);
      await this.audit.record(em, caller, { action: 'incident.update', entityType: 'incident', entityId: incident.id, before, after: saved });
      return saved;
    });
  }

  async get(caller: Caller, id: string): Promise<Incident> {
    const incident = await this.dataSource.getRepository(Incident).findOneBy({ id });
    if (!incident) throw DomainError.notFound('Incident', id);
    await this.assertInvolved(caller, incident);
    return incident;
  }

  async forAgreement(caller: Caller, agreementId: string): Promise<Incident[]> {
    await this.agreements.get(caller, agreementId);
    return this.dataSource.getRepository(Incident).find({ where: { agreementId }, order: { discoveredAt: 'DESC' } });
  }

  /** Every data flow the agreement has had: in its versions and its draft. */
  private async flowIdsOf(agreement: Agreement): Promise<Set<string>> {
    const [versions] = await this.agreements.versionsOf([agreement.id]);
    const flows = [...versions.flatMap((v) => v.frozen.content.dataFlows ?? []), ...(agreement.draftContent?.dataFlows ?? [])];
    return new Set(flows.map((f) => f.id).filter((id): id is string => Boolean(id)));
  }

  private async assertInvolved(caller: Caller, incident: Incident): Promise<void> {
    await this.agreements.get(caller, incident.agreementId);
  }
}
