import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor, Caller } from '../common/auth/caller.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { canChangeAgreementStatus } from './agreement-access-policy.js';
import { AgreementInvolvementService } from './agreement-involvement.service.js';
import { applyLifecycle, lockAgreement } from './agreement-lock.js';
import { AgreementStatus } from './agreement.enums.js';
import type { Agreement } from './agreement.entity.js';
import type { LifecycleEvent } from './lifecycle/agreement-lifecycle.js';

/** Suspension, resumption, termination, and expiry after the end date. */
@Injectable()
export class AgreementStatusService {
  private readonly logger = new Logger('AgreementStatus');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly involvement: AgreementInvolvementService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  suspend(caller: Caller, agreementId: string, reason: string): Promise<Agreement> {
    return this.change(caller, agreementId, { type: 'SUSPEND' }, reason);
  }

  /** The reason, when given, goes to the audit log: a resumed agreement carries no status reason. */
  resume(caller: Caller, agreementId: string, reason: string | null = null): Promise<Agreement> {
    return this.change(caller, agreementId, { type: 'RESUME' }, reason);
  }

  terminate(caller: Caller, agreementId: string, reason: string): Promise<Agreement> {
    return this.change(caller, agreementId, { type: 'TERMINATE' }, reason);
  }

  /**
   * Moves every agreement whose version in force has passed its end date to EXPIRED. Safe to run
   * from every instance at once: each agreement is changed under its row lock, and only once.
   */
  async expireEnded(): Promise<string[]> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const due = (await this.dataSource.query(
      `SELECT a.id FROM agreement a
       JOIN agreement_version v ON v.agreement_id = a.id AND v.status = 'ACTIVE'
       WHERE a.status IN ('ACTIVE', 'SUSPENDED') AND (v.frozen #>> '{content,termination,endDate}') < $1`,
      [today],
    )) as { id: string }[];
    const expired: string[] = [];
    for (const { id } of due) {
      const changed = await this.dataSource.transaction(async (em) => {
        const agreement = await lockAgreement(em, id);
        if (agreement.status !== AgreementStatus.ACTIVE && agreement.status !== AgreementStatus.SUSPENDED) return false;
        return this.apply(em, null, agreement, { type: 'EXPIRE' }, `The end date passed before ${today}`).then(() => true);
      });
      if (changed) expired.push(id);
    }
    if (expired.length > 0) this.logger.log({ message: 'agreements expired', count: expired.length });
    return expired;
  }

  private async change(caller: Caller, agreementId: string, event: LifecycleEvent, reason: string | null): Promise<Agreement> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await lockAgreement(em, agreementId);
      const [involvement] = await this.involvement.involvementOf([agreement], em);
      if (!canChangeAgreementStatus(caller, involvement)) {
        throw DomainError.forbidden(`Only the lead organisation's IG lead, Caldicott Guardian or SIRO may ${event.type.toLowerCase()} ${agreement.reference}`);
      }
      return this.apply(em, caller, agreement, event, reason);
    });
  }

  private async apply(
    em: EntityManager,
    actor: Actor,
    agreement: Agreement,
    event: LifecycleEvent,
    reason: string | null,
  ): Promise<Agreement> {
    const before = { status: agreement.status, variationStatus: agreement.variationStatus };
    applyLifecycle(agreement, event);
    if (agreement.variationStatus !== before.variationStatus && agreement.draftContent) agreement.draftContent = null;
    agreement.statusReason = event.type === 'RESUME' ? null : reason;
    const saved = await em.save(agreement);
    await this.audit.record(em, actor, {
      action: `agreement.${event.type.toLowerCase()}`,
      entityType: 'agreement',
      entityId: agreement.id,
      before,
      after: { status: saved.status, variationStatus: saved.variationStatus, reason },
    });
    return saved;
  }
}
