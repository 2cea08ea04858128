import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { SECURE_EMAIL_TRANSFER_METHODS } from '../../agreements/agreement.enums.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import type { Connection } from '../../common/pagination/connection.type.js';
import { paginate } from '../../common/pagination/keyset.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { KeyQuestionsInput, SharingDecisionInput } from '../dto/sharing-decision.input.js';
import type { SharingDecisionsArgs } from '../dto/sharing-decisions.args.js';
import { DecisionListOrder, DecisionOutcome } from '../monitoring.enums.js';
import { AgreementHistory, type AccreditationHistory, type ClaimedKey } from './agreements-on-date.js';
import { decisionFlags } from './decision-flags.js';
import { DecisionRecheck } from './decision-recheck.entity.js';
import { KEY_QUESTIONS } from './decision-input-reader.js';
import { decisionProblems } from './decision-rules.js';
import { canReadDecisionsOf, canRecordDecisionsFor } from './ledger-access-policy.js';
import { KeyClaimedMeanwhile, writeLedgerRows } from './ledger-writer.js';
import { requestHash } from './request-hash.js';
import { SharingDecision } from './sharing-decision.entity.js';

/** Decisions in one GraphQL call, which answers with every decision. */
export const MAX_BATCH = 5000;

/** Decisions in one bulk ingest (NDJSON), which answers with the counts only. */
export const MAX_BULK = 20_000;

/** Problems listed in one answer: a bad batch is refused whole, and the first ones are enough to fix it. */
export const MAX_LISTED_PROBLEMS = 100;

/** BAD_USER_INPUT naming the first MAX_LISTED_PROBLEMS problems, and how many more there are. */
export function invalidBatch(problems: FieldProblem[]): DomainError {
  if (problems.length <= MAX_LISTED_PROBLEMS) return DomainError.invalidFields(problems);
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return DomainError.invalidFields([
    ...problems.slice(0, MAX_LISTED_PROBLEMS),
    { field: 'decisions', rule: 'moreProblems', message: `decisions: ${more} more problem${more === 1 ? '' : 's'} not listed` },
  ]);
}

/** Tries of one batch before it is refused with CONFLICT (each lost try needs yet another concurrent claim). */
const MAX_TRIES = 3;

export interface BatchResult {
  created: number;
  alreadyRecorded: number;
  /** In the order given; built (and earlier decisions read) only when asked for. */
  decisions: Promise<SharingDecision[]>;
}

type DecisionRow = ReturnType<SharingDecisionsService['row']>;

/** How a batch names its rows in errors: `decisions[3].consentStatus`, or `row 4, consentStatus` for a CSV. */
export type RowLabel = (index: number) => string;

/**
 * The monitoring ledger: every decision to share or not to share. A batch is validated whole and
 * written whole (writeLedgerRows), or not at all; each decision's client key makes retries harmless.
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
    return (await result.decisions)[0];
  }

  async recordBatch(caller: Caller, inputs: SharingDecisionInput[], label: RowLabel, maxBatch = MAX_BATCH): Promise<BatchResult> {
    if (inputs.length === 0) throw DomainError.invalid('decisions', 'notEmpty', 'give at least one decision');
    if (inputs.length > maxBatch) throw DomainError.invalid('decisions', 'maxBatch', `at most ${maxBatch} decisions in one call`);
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
   * Checks what needs the database, then writes the new decisions of the batch (writeLedgerRows).
   * No transaction surrounds the two: the read would be no steadier inside one (READ COMMITTED).
   */
  private async recordChecked(caller: Caller, inputs: SharingDecisionInput[], label: RowLabel, checked: FieldProblem[], now: Date): Promise<BatchResult> {
    const connection = this.dataSource.createQueryRunner();
    await connection.connect();
    try {
      const em = connection.manager;
      const problems = [...checked];
      const agreementIds = [...new Set(inputs.map((i) => i.agreementId).filter((id): id is string => Boolean(id)))];
      const organisationIds = [...new Set(inputs.map((i) => i.requestingOrganisationId))];
      const bySecureEmail = inputs.filter((i) => i.transferMethod && SECURE_EMAIL_TRANSFER_METHODS.includes(i.transferMethod) && i.outcome !== DecisionOutcome.NOT_SHARED);
      const accredited = [...new Set(bySecureEmail.flatMap((i) => [i.disclosingOrganisationId, i.requestingOrganisationId]))];
      const { history, accreditations, knownOrganisationIds, claimedKeys } = await AgreementHistory.load(
        em,
        agreementIds,
        organisationIds,
        { organisationId: caller.organisationId, clientKeys: inputs.map((i) => i.clientKey) },
        accredited,
      );
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
      if (problems.length > 0) throw invalidBatch(problems);

      const rows = inputs.map((input) => this.row(caller, input, history, accreditations, now));
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
          1, // writeLedgerRows numbers them in its own statement
        );
        await writeLedgerRows(connection, fresh, parameters);
      }
      const readDecisions = () => this.decisionsOf(rows, claimedKeys);
      let decisions: Promise<SharingDecision[]> | undefined;
      return {
        created: fresh.length,
        alreadyRecorded: inputs.length - fresh.length,
        get decisions() {
          return (decisions ??= readDecisions());
        },
      };
    } finally {
      await connection.release();
    }
  }

  /** The batch's decisions in order: the new ones from their rows, the earlier ones as stored. */
  private async decisionsOf(rows: DecisionRow[], claimedKeys: Map<string, ClaimedKey>): Promise<SharingDecision[]> {
    const claimedIds = [...claimedKeys.values()].map((k) => k.decisionId);
    const earlier = claimedIds.length === 0 ? [] : await this.dataSource.getRepository(SharingDecision).findBy({ id: In(claimedIds) });
    const byId = new Map(earlier.map((d) => [d.id, d]));
    return rows.map((row) => {
      const claimed = claimedKeys.get(row.client_key);
      if (!claimed) return this.decisionOf(row);
      // A decision whose month has been archived is answered as submitted, under the id it was given.
      return byId.get(claimed.decisionId) ?? Object.assign(this.decisionOf(row), { id: claimed.decisionId });
    });
  }

  /** The re-checks kept beside some decisions (already read by the caller), by decision id, oldest first. */
  async rechecksOf(decisionIds: readonly string[]): Promise<DecisionRecheck[][]> {
    const found = await this.dataSource.manager.find(DecisionRecheck, { where: { decisionId: In([...decisionIds]) }, order: { checkedAt: 'ASC' } });
    return decisionIds.map((id) => found.filter((r) => r.decisionId === id));
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
    if (args.recordedByMe) query.andWhere('d.decided_by_user_id = :me', { me: caller.userId });
    const byDecided = args.orderBy === DecisionListOrder.DECIDED_AT;
    return paginate(
      query,
      [
        byDecided ? { column: 'd.decided_at', valueOf: (d) => d.decidedAt.toISOString() } : { column: 'd.recorded_at', valueOf: (d) => d.recordedAt.toISOString() },
        { column: 'd.id', valueOf: (d) => d.id },
      ],
      args,
      'DESC',
    );
  }

  /** The decision just inserted, as the entity a read would give: built from its row rather than read back. */
  private decisionOf(row: DecisionRow): SharingDecision {
    const decision = new SharingDecision();
    for (const column of this.dataSource.getMetadata(SharingDecision).columns) {
      (decision as unknown as Record<string, unknown>)[column.propertyName] = row[column.databaseName as keyof typeof row];
    }
    return decision;
  }

  /** The stored row: flags worked out against the agreement in force then; the case reference only as a keyed hash. */
  private row(caller: Caller, input: SharingDecisionInput, history: AgreementHistory, accreditations: AccreditationHistory, recordedAt: Date) {
    const onDate = input.agreementId ? history.onDate(input.agreementId, input.decidedAt) : null;
    const bySecureEmail = input.transferMethod !== null && input.transferMethod !== undefined && SECURE_EMAIL_TRANSFER_METHODS.includes(input.transferMethod);
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
      bySecureEmail ? accreditations.onDate([input.disclosingOrganisationId, input.requestingOrganisationId], input.decidedAt.toISOString().slice(0, 10)) : null,
    );
    const caseReferenceHash = this.caseHash(input.caseReference);
    return {
      id: randomUUID(),
      recorded_by_organisation_id: caller.organisationId,
      client_key: input.clientKey,
      request_hash: requestHash(input, caseReferenceHash),
      agreement_id: input.agreementId ?? null,
      agreement_version_id: onDate?.versionId ?? null,
      flow_id: input.flowId ?? null,
      requesting_organisation_id: input.requestingOrganisationId,
      disclosing_organisation_id: input.disclosingOrganisationId,
      requested_at: input.requestedAt,
      decided_at: input.decidedAt,
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
      key_questions: input.keyQuestions ? givenAnswers(input.keyQuestions) : null,
      flags: flags.map((f) => f.kind),
      recorded_at: recordedAt,
    };
  }

  private caseHash(reference: string | null | undefined): string | null {
    return reference ? createHmac('sha256', this.config.caseReferenceKey).update(reference.trim()).digest('hex') : null;
  }
}

/** The key questions answered (a null or missing answer is not stored). */
function givenAnswers(questions: KeyQuestionsInput): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const question of KEY_QUESTIONS) {
    const answer = questions[question];
    if (answer) answers[question] = answer;
  }
  return answers;
}
