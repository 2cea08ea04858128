import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
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
import { addToRollups } from '../metrics/decision-rollups.js';
import { AgreementHistory } from './agreements-on-date.js';
import { decisionFlags } from './decision-flags.js';
import { decisionProblems } from './decision-rules.js';
import { canReadDecisionsOf, canRecordDecisionsFor } from './ledger-access-policy.js';
import { SharingDecision } from './sharing-decision.entity.js';

export const MAX_BATCH = 5000;

/** The first and last decision dates of some rows: lets the rollups read only the ledger's partitions that hold them. */
function decidedBetween(rows: { decided_at: string }[]): [Date, Date] {
  const times = rows.map((r) => Date.parse(r.decided_at));
  return [new Date(Math.min(...times)), new Date(Math.max(...times))];
}

interface EarlierDecision {
  decisionId: string;
  requestHash: string;
  /** Null when the decision's month has been detached from the ledger and archived. */
  decision: SharingDecision | null;
}

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
 * Every decision of a batch in one statement. Each first claims its client key (the ledger is
 * partitioned by month, so the key's uniqueness lives in sharing_decision_key); a key already
 * claimed, by an earlier try or a concurrent one, inserts nothing.
 */
const INSERT_DECISIONS = `WITH r AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})
  ), claimed AS (
    INSERT INTO sharing_decision_key (recorded_by_organisation_id, client_key, decision_id, decided_at, request_hash)
    SELECT recorded_by_organisation_id, client_key, id, decided_at, request_hash FROM r
    ON CONFLICT (recorded_by_organisation_id, client_key) DO NOTHING
    RETURNING decision_id
  )
  INSERT INTO sharing_decision (${COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${COLUMNS.map(([c]) => `r.${c}`).join(', ')} FROM r WHERE r.id IN (SELECT decision_id FROM claimed)
  RETURNING id`;

/**
 * The monitoring ledger: every decision to share or not to share. A batch is validated whole and
 * written in one transaction, or not at all; each decision's client key makes retries harmless.
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

    return this.dataSource.transaction(async (em) => {
      const agreementIds = [...new Set(inputs.map((i) => i.agreementId).filter((id): id is string => Boolean(id)))];
      const organisationIds = [...new Set(inputs.map((i) => i.requestingOrganisationId))];
      const { history, knownOrganisationIds } = await AgreementHistory.load(em, agreementIds, organisationIds);
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
      const inserted = await preparedQuery<{ id: string }>(em, 'ledger.insert', INSERT_DECISIONS, [JSON.stringify(rows)]);
      const createdIds = new Set(inserted.map((r) => r.id));
      const created = rows.filter((row) => createdIds.has(row.id));

      // The rest were recorded before, by an earlier try of the same call: the same request, or a clash.
      const earlier = created.length === rows.length ? new Map<string, EarlierDecision>() : await this.recordedEarlier(em, caller, rows, createdIds);
      const clashes = rows.flatMap((row, i) => {
        const stored = earlier.get(row.client_key);
        return !stored || stored.requestHash === row.request_hash
          ? []
          : [{ field: `${label(i)}.clientKey`, rule: 'sameRequest', message: `${label(i)}: clientKey was already used for a different decision` }];
      });
      if (clashes.length > 0) throw DomainError.conflict(clashes.map((c) => c.message).join('; '), clashes);

      if (created.length > 0) {
        // Last, and in this order: the rollup rows and the audit lock are what concurrent recordings wait for, held until commit.
        await addToRollups(em, [...createdIds], decidedBetween(created));
        await this.audit.record(em, caller, {
          action: created.length === 1 ? 'sharingDecision.record' : 'sharingDecision.recordBatch',
          entityType: 'sharingDecision',
          entityId: created.length === 1 ? created[0].id : null,
          after: { count: created.length, clientKeys: created.map((r) => r.client_key).slice(0, 100) },
        });
      }
      return {
        created: created.length,
        alreadyRecorded: inputs.length - created.length,
        decisions: rows.map((row) => {
          const stored = earlier.get(row.client_key);
          // A decision whose month has been archived is answered as submitted, under the id it was given.
          return stored ? (stored.decision ?? Object.assign(this.decisionOf(row), { id: stored.decisionId })) : this.decisionOf(row);
        }),
      };
    });
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

  /** What was stored before under the keys of rows this call did not insert: the request's hash, and the decision unless its month is archived. */
  private async recordedEarlier(em: EntityManager, caller: Caller, rows: { id: string; client_key: string }[], createdIds: Set<string>) {
    const keys = (await em.query(
      'SELECT client_key, decision_id, request_hash FROM sharing_decision_key WHERE recorded_by_organisation_id = $1 AND client_key = ANY($2)',
      [caller.organisationId, rows.filter((r) => !createdIds.has(r.id)).map((r) => r.client_key)],
    )) as { client_key: string; decision_id: string; request_hash: string }[];
    const decisions = await em.getRepository(SharingDecision).findBy({ id: In(keys.map((k) => k.decision_id)) });
    const byId = new Map(decisions.map((d) => [d.id, d]));
    return new Map<string, EarlierDecision>(
      keys.map((k) => [k.client_key, { decisionId: k.decision_id, requestHash: k.request_hash, decision: byId.get(k.decision_id) ?? null }]),
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
    return {
      id: randomUUID(),
      recorded_by_organisation_id: caller.organisationId,
      client_key: input.clientKey,
      request_hash: createHash('sha256').update(canonicalJson({ ...rest, caseReference: this.caseHash(caseReference) })).digest('hex'),
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
      case_reference_hash: this.caseHash(caseReference),
      key_questions: input.keyQuestions ? Object.fromEntries(Object.entries(input.keyQuestions).filter(([, v]) => v)) : null,
      flags: flags.map((f) => f.kind),
      recorded_at: now.toISOString(),
    };
  }

  private caseHash(reference: string | null | undefined): string | null {
    return reference ? createHmac('sha256', this.config.caseReferenceKey).update(reference.trim()).digest('hex') : null;
  }
}
