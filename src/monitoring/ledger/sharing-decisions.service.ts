import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { auditAppendCall, AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { canonicalJson } from '../../common/canonical-json.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import type { Connection } from '../../common/pagination/connection.type.js';
import { paginate } from '../../common/pagination/keyset.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { preparedQuery } from '../../database/prepared-query.js';
import type { SharingDecisionInput } from '../dto/sharing-decision.input.js';
import type { SharingDecisionsArgs } from '../dto/sharing-decisions.args.js';
import { NO_AGREEMENT, rollupUpsert } from '../metrics/decision-rollups.js';
import { AgreementHistory } from './agreements-on-date.js';
import { decisionFlags } from './decision-flags.js';
import { decisionProblems } from './decision-rules.js';
import { canReadDecisionsOf, canRecordDecisionsFor } from './ledger-access-policy.js';
import { SharingDecision } from './sharing-decision.entity.js';

export const MAX_BATCH = 5000;

export interface BatchResult {
  created: number;
  alreadyRecorded: number;
  decisions: SharingDecision[];
}

/** How a batch names its rows in errors: `decisions[3].consentStatus`, or `row 4, consentStatus` for a CSV. */
export type RowLabel = (index: number) => string;

const COLUMNS = [
  ['id', 'uuid'],
  ['recorded_by_organisation_id', 'uuid'],
  ['client_key', 'text'],
  ['request_hash', 'text'],
  ['agreement_id', 'uuid'],
  ['agreement_version_id', 'uuid'],
  ['flow_id', 'text'],
  ['requesting_organisation_id', 'uuid'],
  ['disclosing_organisation_id', 'uuid'],
  ['requested_at', 'timestamptz'],
  ['decided_at', 'timestamptz'],
  ['purpose_type', 'text'],
  ['purpose', 'text'],
  ['outcome', 'text'],
  ['not_shared_reason', 'text'],
  ['data_items_shared', 'text[]'],
  ['data_items_withheld', 'text[]'],
  ['includes_special_category', 'boolean'],
  ['record_count', 'integer'],
  ['article6_basis', 'text'],
  ['article9_condition', 'text'],
  ['common_law_basis', 'text'],
  ['consent_status', 'text'],
  ['capacity_consent_by', 'text'],
  ['public_interest_override', 'boolean'],
  ['override_authorised_by', 'text'],
  ['override_reason', 'text'],
  ['advice_sought', 'text[]'],
  ['transfer_method', 'text'],
  ['person_informed', 'boolean'],
  ['not_informed_reason', 'text'],
  ['decided_by_user_id', 'uuid'],
  ['case_reference_hash', 'text'],
  ['key_questions', 'jsonb'],
  ['flags', 'text[]'],
  ['recorded_at', 'timestamptz'],
] as const;

/**
 * Records a batch in one statement, run on its own so that it is its own transaction: claims each
 * decision's client key (the ledger is partitioned by month, so a key's uniqueness lives in
 * sharing_decision_key; a key claimed meanwhile by a concurrent call inserts nothing), inserts the
 * decisions, adds them to the rollups and, if every one was inserted ($13 of them), appends the
 * audit entry ($2 to $11); if not, it fails (`ledger_key_claimed_meanwhile`) and leaves nothing.
 * The audit lock is taken last, after the rollup rows and the agreements' KEY SHARE locks (it
 * reads `done` first), so no two recordings wait on each other in opposite orders, nor a recording
 * and a change to one of its agreements (which locks it FOR UPDATE, then appends its own audit
 * entry). The other foreign-key checks at the statement's end, under the audit lock, take KEY
 * SHARE locks on organisations, users and versions, which the app only ever locks FOR NO KEY
 * UPDATE; partnership_rollup has no foreign key to its protocol;
 * and it is held only for the end of the statement and its commit, in the server: no round trip to
 * the app (whose event loop may be busy) happens under it.
 */
const RECORD_DECISIONS = (() => {
  const { ctes, done } = rollupUpsert('ins', '$12');
  return `WITH r AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})
    ), claimed AS (
      INSERT INTO sharing_decision_key (recorded_by_organisation_id, client_key, decision_id, decided_at, request_hash)
      SELECT recorded_by_organisation_id, client_key, id, decided_at, request_hash FROM r
      ON CONFLICT (recorded_by_organisation_id, client_key) DO NOTHING
      RETURNING decision_id
    ), ins AS (
      INSERT INTO sharing_decision (${COLUMNS.map(([c]) => c).join(', ')})
      SELECT ${COLUMNS.map(([c]) => `r.${c}`).join(', ')} FROM r WHERE r.id IN (SELECT decision_id FROM claimed)
      RETURNING *
    ), ${ctes},
    audited AS (
      SELECT CASE WHEN (SELECT count(*) FROM ins) = $13 THEN ${auditAppendCall(2)} ELSE ledger_key_claimed_meanwhile() END AS sequence
      FROM (${done}) AS after_rollups
    )
    SELECT (SELECT sequence FROM audited) AS audit_sequence`;
})();

/** A concurrent call claimed one of the batch's keys between its check and its write: the batch is tried again. */
class KeyClaimedMeanwhile extends Error {}

/** Tries of one batch before it is refused with CONFLICT (each lost try needs yet another concurrent claim). */
const MAX_TRIES = 3;

/** The SQLSTATE `ledger_key_claimed_meanwhile()` raises (migration LedgerClaimGuard1796200000000). */
const KEY_CLAIMED_MEANWHILE = 'AL001';

/**
 * The monitoring ledger: every decision to share or not to share. A batch is validated whole and
 * written by one statement, or not at all; each decision's client key makes retries harmless.
 */
@Injectable()
export class SharingDecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async record(caller: Caller, input: SharingDecisionInput): Promise<SharingDecision> {
    const result = await this.recordBatch(caller, [input], () => 'input');
    return result.decisions[0];
  }

  async recordBatch(caller: Caller, inputs: SharingDecisionInput[], label: RowLabel): Promise<BatchResult> {
    if (inputs.length === 0) throw DomainError.invalid('decisions', 'notEmpty', 'give at least one decision');
    if (inputs.length > MAX_BATCH) throw DomainError.invalid('decisions', 'maxBatch', `at most ${MAX_BATCH} decisions in one call`);
    const foreign = inputs.findIndex((input) => !canRecordDecisionsFor(caller, input.disclosingOrganisationId));
    if (foreign >= 0) {
      throw DomainError.forbidden(
        `${label(foreign)}: you may record decisions only as a practitioner (or IG lead, Caldicott Guardian, SIRO, DPO) of the disclosing organisation`,
      );
    }
    const now = this.clock.now();
    const problems: FieldProblem[] = [];
    const keys = new Map<string, number>();
    inputs.forEach((input, i) => {
      const prefix = label(i);
      for (const p of decisionProblems(input, now)) problems.push({ ...p, field: `${prefix}.${p.field}`, message: `${prefix}: ${p.field} ${p.message}` });
      if (keys.has(input.clientKey)) {
        problems.push({ field: `${prefix}.clientKey`, rule: 'uniqueInBatch', message: `${prefix}: clientKey repeats ${label(keys.get(input.clientKey)!)}` });
      }
      keys.set(input.clientKey, i);
    });

    // Each try that loses a key to a concurrent call sees that key as recorded on the next.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.recordChecked(caller, inputs, label, problems, now);
      } catch (error) {
        if (!(error instanceof KeyClaimedMeanwhile)) throw error;
        if (attempt === MAX_TRIES) {
          throw DomainError.conflict('decisions: other calls kept recording decisions with the same client keys at the same moment; send the batch again');
        }
      }
    }
  }

  /**
   * Checks what needs the database, then writes the new decisions of the batch in one statement.
   * No transaction surrounds the two: the read would be no steadier inside one (READ COMMITTED),
   * and the write, alone, commits as it ends (see RECORD_DECISIONS).
   */
  private async recordChecked(caller: Caller, inputs: SharingDecisionInput[], label: RowLabel, checked: FieldProblem[], now: Date): Promise<BatchResult> {
    const connection = this.dataSource.createQueryRunner();
    await connection.connect();
    try {
      const em = connection.manager;
      const problems = [...checked];
      const agreementIds = [...new Set(inputs.map((i) => i.agreementId).filter((id): id is string => Boolean(id)))];
      const organisationIds = [...new Set(inputs.map((i) => i.requestingOrganisationId))];
      const { history, knownOrganisationIds, claimedKeys } = await AgreementHistory.load(em, agreementIds, organisationIds, {
        organisationId: caller.organisationId,
        clientKeys: inputs.map((i) => i.clientKey),
      });
      inputs.forEach((input, i) => {
        const prefix = label(i);
        if (!knownOrganisationIds.has(input.requestingOrganisationId)) {
          problems.push({ field: `${prefix}.requestingOrganisationId`, rule: 'exists', message: `${prefix}: requestingOrganisationId names no organisation` });
        }
        if (input.agreementId && !history.exists(input.agreementId)) {
          problems.push({ field: `${prefix}.agreementId`, rule: 'exists', message: `${prefix}: agreementId names no agreement` });
        } else if (input.agreementId && !history.involvement(input.agreementId).involvedOrganisationIds.has(caller.organisationId)) {
          problems.push({ field: `${prefix}.agreementId`, rule: 'involved', message: `${prefix}: your organisation is not involved in that agreement` });
        }
      });
      if (problems.length > 0) throw DomainError.invalidFields(problems);

      const rows = inputs.map((input) => this.row(caller, input, history, now));
      // A key used before: the same request again (an earlier try of this call), or a clash.
      const clashes = rows.flatMap((row, i) => {
        const claimed = claimedKeys.get(row.client_key);
        return !claimed || claimed.requestHash === row.request_hash
          ? []
          : [{ field: `${label(i)}.clientKey`, rule: 'sameRequest', message: `${label(i)}: clientKey was already used for a different decision` }];
      });
      if (clashes.length > 0) throw DomainError.conflict(clashes.map((c) => c.message).join('; '), clashes);

      const fresh = rows.filter((row) => !claimedKeys.has(row.client_key));
      if (fresh.length > 0) {
        const { parameters } = this.audit.appendCall(
          caller,
          {
            action: fresh.length === 1 ? 'sharingDecision.record' : 'sharingDecision.recordBatch',
            entityType: 'sharingDecision',
            entityId: fresh.length === 1 ? fresh[0].id : null,
            after: { count: fresh.length, clientKeys: fresh.map((r) => r.client_key).slice(0, 100) },
          },
          2,
        );
        await preparedQuery(em, 'ledger.record', RECORD_DECISIONS, [JSON.stringify(fresh), ...parameters, NO_AGREEMENT, fresh.length]).catch((error: unknown) => {
          throw (error as { code?: string }).code === KEY_CLAIMED_MEANWHILE ? new KeyClaimedMeanwhile() : error;
        });
      }

      const claimedIds = [...claimedKeys.values()].map((k) => k.decisionId);
      const earlier = claimedIds.length === 0 ? [] : await em.getRepository(SharingDecision).findBy({ id: In(claimedIds) });
      const byId = new Map(earlier.map((d) => [d.id, d]));
      return {
        created: fresh.length,
        alreadyRecorded: inputs.length - fresh.length,
        decisions: rows.map((row) => {
          const claimed = claimedKeys.get(row.client_key);
          if (!claimed) return this.decisionOf(row);
          // A decision whose month has been archived is answered as submitted, under the id it was given.
          return byId.get(claimed.decisionId) ?? Object.assign(this.decisionOf(row), { id: claimed.decisionId });
        }),
      };
    } finally {
      await connection.release();
    }
  }

  async get(caller: Caller, id: string): Promise<SharingDecision> {
    const decision = await this.dataSource.getRepository(SharingDecision).findOneBy({ id });
    if (!decision) throw DomainError.notFound('Sharing decision', id);
    if (!canReadDecisionsOf(caller, decision.recordedByOrganisationId)) {
      throw DomainError.forbidden("Only the recording organisation's practitioners and IG roles may read an individual decision");
    }
    return decision;
  }

  async list(caller: Caller, args: SharingDecisionsArgs): Promise<Connection<SharingDecision>> {
    if (!canReadDecisionsOf(caller, caller.organisationId)) {
      throw DomainError.forbidden("Only practitioners and IG roles may read their organisation's individual decisions");
    }
    const query = this.dataSource
      .getRepository(SharingDecision)
      .createQueryBuilder('d')
      .where('d.recorded_by_organisation_id = :org', { org: caller.organisationId });
    if (args.agreementId) query.andWhere('d.agreement_id = :agreementId', { agreementId: args.agreementId });
    if (args.outcome) query.andWhere('d.outcome = :outcome', { outcome: args.outcome });
    if (args.decidedFrom) query.andWhere('d.decided_at >= :from', { from: args.decidedFrom });
    if (args.decidedBefore) query.andWhere('d.decided_at < :before', { before: args.decidedBefore });
    if (args.flagged !== undefined && args.flagged !== null) query.andWhere(args.flagged ? 'cardinality(d.flags) > 0' : 'cardinality(d.flags) = 0');
    return paginate(
      query,
      [
        { column: 'd.recorded_at', valueOf: (d) => d.recordedAt.toISOString() },
        { column: 'd.id', valueOf: (d) => d.id },
      ],
      args,
      'DESC',
    );
  }

  /** The decision just inserted, as the entity a read would give: built from its row rather than read back. */
  private decisionOf(row: ReturnType<SharingDecisionsService['row']>): SharingDecision {
    const decision = new SharingDecision();
    for (const column of this.dataSource.getMetadata(SharingDecision).columns) {
      const value = row[column.databaseName as keyof typeof row];
      (decision as unknown as Record<string, unknown>)[column.propertyName] = column.type === 'timestamptz' && typeof value === 'string' ? new Date(value) : value;
    }
    return decision;
  }

  /** The stored row: flags worked out against the agreement in force then; the case reference only as a keyed hash. */
  private row(caller: Caller, input: SharingDecisionInput, history: AgreementHistory, now: Date) {
    const { caseReference, ...rest } = input;
    const onDate = input.agreementId ? history.onDate(input.agreementId, input.decidedAt) : null;
    const flags = decisionFlags(
      {
        outcome: input.outcome,
        disclosingOrganisationId: input.disclosingOrganisationId,
        requestingOrganisationId: input.requestingOrganisationId,
        flowId: input.flowId ?? null,
        dataItemsShared: input.dataItemsShared,
        includesSpecialCategory: input.includesSpecialCategory,
        transferMethod: input.transferMethod ?? null,
        purposeType: input.purposeType,
        consentStatus: input.consentStatus,
        article9Condition: input.article9Condition ?? null,
      },
      onDate,
      Boolean(input.agreementId),
    );
    const caseReferenceHash = this.caseHash(caseReference);
    return {
      id: randomUUID(),
      recorded_by_organisation_id: caller.organisationId,
      client_key: input.clientKey,
      request_hash: createHash('sha256').update(canonicalJson({ ...rest, caseReference: caseReferenceHash })).digest('hex'),
      agreement_id: input.agreementId ?? null,
      agreement_version_id: onDate?.versionId ?? null,
      flow_id: input.flowId ?? null,
      requesting_organisation_id: input.requestingOrganisationId,
      disclosing_organisation_id: input.disclosingOrganisationId,
      requested_at: input.requestedAt.toISOString(),
      decided_at: input.decidedAt.toISOString(),
      purpose_type: input.purposeType,
      purpose: input.purpose ?? null,
      outcome: input.outcome,
      not_shared_reason: input.notSharedReason ?? null,
      data_items_shared: input.dataItemsShared,
      data_items_withheld: input.dataItemsWithheld,
      includes_special_category: input.includesSpecialCategory,
      record_count: input.recordCount,
      article6_basis: input.article6Basis ?? null,
      article9_condition: input.article9Condition ?? null,
      common_law_basis: input.commonLawBasis ?? null,
      consent_status: input.consentStatus,
      capacity_consent_by: input.capacityConsentBy ?? null,
      public_interest_override: input.publicInterestOverride,
      override_authorised_by: input.overrideAuthorisedBy ?? null,
      override_reason: input.overrideReason ?? null,
      advice_sought: input.adviceSought,
      transfer_method: input.transferMethod ?? null,
      person_informed: input.personInformed,
      not_informed_reason: input.notInformedReason ?? null,
      decided_by_user_id: caller.userId,
      case_reference_hash: caseReferenceHash,
      key_questions: input.keyQuestions ? Object.fromEntries(Object.entries(input.keyQuestions).filter(([, v]) => v)) : null,
      flags: flags.map((f) => f.kind),
      recorded_at: now.toISOString(),
    };
  }

  private caseHash(reference: string | null | undefined): string | null {
    return reference ? createHmac('sha256', this.config.caseReferenceKey).update(reference.trim()).digest('hex') : null;
  }
}
