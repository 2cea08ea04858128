import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AgreementEvents } from '../../agreements/agreement-events.js';
import type { PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { Clock } from '../../common/clock/clock.js';
import type { ConsentStatus, DecisionOutcome } from '../monitoring.enums.js';
import { AgreementHistory } from './agreements-on-date.js';
import { decisionFlags } from './decision-flags.js';

interface RecordedDecision {
  id: string;
  decided_at: Date;
  flags: string[];
  outcome: DecisionOutcome;
  disclosing_organisation_id: string;
  requesting_organisation_id: string;
  flow_id: string | null;
  data_items_shared: string[];
  includes_special_category: boolean;
  transfer_method: TransferMethod | null;
  purpose_type: PurposeType;
  consent_status: ConsentStatus;
  article9_condition: string | null;
}

/** No recorder: the re-check looks up no client keys. */
const NO_RECORDER = { organisationId: '00000000-0000-0000-0000-000000000000', clientKeys: [] };

/**
 * When an agreement is recorded from a signed original, the decisions recorded under it before
 * (under its draft) are checked again against it as now recorded, and the result is kept beside
 * each one in sharing_decision_recheck; the decision's own flags never change. When every party
 * has confirmed the record (or a party disputes it after that), the re-check is brought up to date. It runs in the recording's
 * transaction: the decisions are those recorded under a draft, which are few, and a record with
 * no re-check beside it would then show what the record changed for no one.
 */
@Injectable()
export class DecisionRechecker implements OnModuleInit {
  constructor(
    private readonly events: AgreementEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(async (em, event) => {
      if (event.type === 'agreement.recordedFromOriginal' || event.type === 'agreement.recordConfirmed' || event.type === 'agreement.recordDisputed') {
        await this.recheck(em, event.agreementId, event.versionId);
      }
    });
  }

  private async recheck(em: EntityManager, agreementId: string, versionId: string): Promise<void> {
    const decisions = (await em.query(
      `SELECT d.id, d.decided_at, d.flags, d.outcome, d.disclosing_organisation_id, d.requesting_organisation_id, d.flow_id, d.data_items_shared,
              d.includes_special_category, d.transfer_method, d.purpose_type, d.consent_status, d.article9_condition
       FROM sharing_decision d
       WHERE d.agreement_id = $1 AND d.recorded_at < (SELECT submitted_at FROM agreement_version WHERE id = $2)`,
      [agreementId, versionId],
    )) as RecordedDecision[];
    if (decisions.length === 0) return;
    const { history } = await AgreementHistory.load(em, [agreementId], [], NO_RECORDER);
    const rechecks = decisions.map((d) => {
      const flags = decisionFlags(
        {
          outcome: d.outcome,
          disclosingOrganisationId: d.disclosing_organisation_id,
          requestingOrganisationId: d.requesting_organisation_id,
          flowId: d.flow_id,
          dataItemsShared: d.data_items_shared,
          includesSpecialCategory: d.includes_special_category,
          transferMethod: d.transfer_method,
          purposeType: d.purpose_type,
          consentStatus: d.consent_status,
          article9Condition: d.article9_condition,
        },
        history.onDate(agreementId, new Date(d.decided_at)),
        true,
      );
      return {
        decision_id: d.id,
        decided_at: new Date(d.decided_at).toISOString(),
        disclosing_organisation_id: d.disclosing_organisation_id,
        flags_recorded: d.flags,
        flags: flags.map((f) => f.kind),
      };
    });
    await em.query(
      `INSERT INTO sharing_decision_recheck (decision_id, decided_at, agreement_id, version_id, disclosing_organisation_id, flags_recorded, flags, checked_at)
       SELECT r.decision_id, r.decided_at, $1, $2, r.disclosing_organisation_id, r.flags_recorded, r.flags, $3
       FROM jsonb_to_recordset($4::jsonb) AS r(decision_id uuid, decided_at timestamptz, disclosing_organisation_id uuid, flags_recorded text[], flags text[])
       ON CONFLICT (decision_id, version_id) DO UPDATE SET flags = EXCLUDED.flags, checked_at = EXCLUDED.checked_at`,
      [agreementId, versionId, this.clock.now(), JSON.stringify(rechecks)],
    );
  }
}
