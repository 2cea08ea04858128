import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import { canAnswerInvitation } from '../agreement-access-policy.js';
import { AgreementEvents } from '../agreement-events.js';
import { lockAgreement } from '../agreement-lock.js';
import type { AgreementVersion } from '../agreement-version.entity.js';
import type { Agreement } from '../agreement.entity.js';
import { answerInvitation, InvitationStatus, invitationWords, type InvitationAnswer } from './invitation-rules.js';
import type { PartnershipInvitation } from './partnership-invitation.type.js';

interface InvitationRow {
  agreement_id: string;
  reference: string;
  kind: PartnershipInvitation['kind'];
  title: string;
  lead_name: string;
  organisation_id: string;
  status: InvitationStatus;
  reason: string | null;
  invited_at: Date;
  answered_at: Date | null;
}

const INVITATION_COLUMNS = `i.agreement_id, a.reference, a.kind, a.title, lead.name AS lead_name, i.organisation_id, i.status, i.reason, i.invited_at, i.answered_at
  FROM partnership_invitation i JOIN agreement a ON a.id = i.agreement_id JOIN organisation lead ON lead.id = a.lead_organisation_id`;

const ACTIONS: Record<InvitationAnswer, string> = { ACCEPT: 'agreement.acceptInvitation', REFUSE: 'agreement.refuseInvitation', WITHDRAW: 'agreement.withdrawFromDraft' };

/**
 * Being named in a draft is an invitation. The named organisation accepts or refuses it, and may
 * leave a draft it accepted; only acceptance (or a signature) makes it a partner. Drafting keeps an
 * invitation per named party (inviteParties); submission needs every one accepted (acceptanceProblem).
 */
@Injectable()
export class PartnershipInvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: AgreementEvents,
  ) {}

  /**
   * After the draft's parties change, on the same transaction: each newly named organisation is
   * INVITED (the lead's own party ACCEPTED); those already named keep their answer, except those in
   * `consented` (parties that consented to the version the draft was copied from), which are ACCEPTED.
   */
  async inviteParties(em: EntityManager, agreement: Pick<Agreement, 'id' | 'leadOrganisationId'>, organisationIds: readonly string[], consented: readonly string[]): Promise<void> {
    if (organisationIds.length === 0) return;
    // xmax = 0 on a row RETURNING gives back: it was inserted, not updated on conflict.
    const written = (await em.query(
      `INSERT INTO partnership_invitation (agreement_id, organisation_id, status, invited_at)
       SELECT $1, id, CASE WHEN id = ANY($4::uuid[]) OR id = $2 THEN 'ACCEPTED' ELSE 'INVITED' END, $5 FROM unnest($3::uuid[]) AS id
       ON CONFLICT (agreement_id, organisation_id) DO UPDATE SET status = 'ACCEPTED', reason = NULL
         WHERE partnership_invitation.organisation_id = ANY($4::uuid[]) AND partnership_invitation.status <> 'ACCEPTED'
       RETURNING organisation_id, status, xmax = 0 AS inserted`,
      [agreement.id, agreement.leadOrganisationId, organisationIds, consented, this.clock.now()],
    )) as { organisation_id: string; status: InvitationStatus; inserted: boolean }[];
    const invited = written.filter((w) => w.inserted && w.status === InvitationStatus.INVITED).map((w) => w.organisation_id);
    if (invited.length > 0) await this.events.publish(em, { type: 'invitation.sent', agreementId: agreement.id, organisationIds: invited });
  }

  /**
   * Who consented to a version: every party of one submitted in Accordant (submission needs every
   * acceptance); of one recorded from a paper original, the lead and the parties that confirmed it.
   */
  async consentedTo(em: EntityManager, version: Pick<AgreementVersion, 'id' | 'recordedFromOriginal' | 'frozen'>, leadOrganisationId: string): Promise<string[]> {
    const parties = version.frozen.parties.map((p) => p.organisationId);
    if (!version.recordedFromOriginal) return parties;
    const rows = (await em.query(`SELECT organisation_id FROM agreement_original_answer WHERE version_id = $1 AND answer = 'CONFIRMED'`, [version.id])) as {
      organisation_id: string;
    }[];
    return [leadOrganisationId, ...rows.map((r) => r.organisation_id)];
  }

  /** What stops submission while any party named in the draft has not accepted (a problem on `parties`), or null. */
  async acceptanceProblem(em: EntityManager, agreement: Agreement): Promise<FieldProblem | null> {
    const rows = (await em.query(
      `SELECT o.name, coalesce(i.status, 'INVITED') AS status, i.reason
       FROM agreement_party p JOIN organisation o ON o.id = p.organisation_id
       LEFT JOIN partnership_invitation i ON i.agreement_id = p.agreement_id AND i.organisation_id = p.organisation_id
       WHERE p.agreement_id = $1 AND i.status IS DISTINCT FROM 'ACCEPTED' ORDER BY p.position`,
      [agreement.id],
    )) as { name: string; status: InvitationStatus; reason: string | null }[];
    if (rows.length === 0) return null;
    return {
      field: 'parties',
      rule: 'accepted',
      message: `every party must accept its invitation before ${agreement.reference} is submitted; not accepted: ${rows
        .map((r) => `${r.name} (${invitationWords(r.status, r.reason)})`)
        .join(', ')}. Wait for them, or remove them from the draft`,
    };
  }

  accept(caller: Caller, agreementId: string): Promise<PartnershipInvitation> {
    return this.answer(caller, agreementId, 'ACCEPT', null);
  }

  refuse(caller: Caller, agreementId: string, reason: string): Promise<PartnershipInvitation> {
    return this.answer(caller, agreementId, 'REFUSE', reason);
  }

  withdraw(caller: Caller, agreementId: string, reason: string | null): Promise<PartnershipInvitation> {
    return this.answer(caller, agreementId, 'WITHDRAW', reason);
  }

  /** The invitations the caller's organisation has still to answer, oldest first. */
  async openFor(caller: Caller): Promise<PartnershipInvitation[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${INVITATION_COLUMNS} WHERE i.organisation_id = $1 AND i.status = 'INVITED' AND a.draft_content IS NOT NULL ORDER BY i.invited_at, a.reference`,
      [caller.organisationId],
    )) as InvitationRow[];
    return rows.map(viewOf);
  }

  /** The caller's organisation's invitation to one agreement, or null. */
  async ownInvitation(caller: Caller, agreementId: string): Promise<PartnershipInvitation | null> {
    const [row] = (await this.dataSource.query(`SELECT ${INVITATION_COLUMNS} WHERE i.agreement_id = $1 AND i.organisation_id = $2`, [
      agreementId,
      caller.organisationId,
    ])) as InvitationRow[];
    return row ? viewOf(row) : null;
  }

  /** For the draft's party list: each named organisation's invitation, by organisation id. */
  async ofAgreement(agreementId: string): Promise<Map<string, { status: InvitationStatus; reason: string | null }>> {
    const rows = (await this.dataSource.query(`SELECT organisation_id, status, reason FROM partnership_invitation WHERE agreement_id = $1`, [agreementId])) as {
      organisation_id: string;
      status: InvitationStatus;
      reason: string | null;
    }[];
    return new Map(rows.map((r) => [r.organisation_id, { status: r.status, reason: r.reason }]));
  }

  private answer(caller: Caller, agreementId: string, answer: InvitationAnswer, reason: string | null): Promise<PartnershipInvitation> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await lockAgreement(em, agreementId);
      const [current] = (await em.query(`SELECT status FROM partnership_invitation WHERE agreement_id = $1 AND organisation_id = $2`, [
        agreementId,
        caller.organisationId,
      ])) as { status: InvitationStatus }[];
      // Not named, the lead itself, or not allowed to answer: the same FORBIDDEN, so nobody learns of a draft they are not in.
      const invitee = current && agreement.leadOrganisationId !== caller.organisationId;
      if (!invitee || !canAnswerInvitation(caller, caller.organisationId)) {
        throw DomainError.forbidden(
          `Only the IG lead, or someone who may sign, of an organisation named in the draft of ${current ? agreement.reference : 'this agreement'} may answer its invitation`,
        );
      }
      const result = answerInvitation({ status: current.status, isLead: agreement.leadOrganisationId === caller.organisationId, drafting: agreement.draftContent !== null }, answer);
      if ('refused' in result) throw DomainError.conflict(`${agreement.reference}: ${result.refused}`);
      await em.query(
        `UPDATE partnership_invitation SET status = $3, reason = $4, answered_at = $5, answered_by_user_id = $6 WHERE agreement_id = $1 AND organisation_id = $2`,
        [agreementId, caller.organisationId, result.next, answer === 'ACCEPT' ? null : reason, this.clock.now(), caller.userId],
      );
      await this.audit.record(em, caller, {
        action: ACTIONS[answer],
        entityType: 'agreement',
        entityId: agreementId,
        before: { organisationId: caller.organisationId, status: current.status },
        after: { organisationId: caller.organisationId, status: result.next, reason: answer === 'ACCEPT' ? null : reason },
      });
      if (answer !== 'WITHDRAW') {
        await this.events.publish(em, { type: 'invitation.answered', agreementId, organisationId: caller.organisationId, accepted: answer === 'ACCEPT', reason: answer === 'ACCEPT' ? null : reason });
      }
      const [row] = (await em.query(`SELECT ${INVITATION_COLUMNS} WHERE i.agreement_id = $1 AND i.organisation_id = $2`, [agreementId, caller.organisationId])) as InvitationRow[];
      return viewOf(row);
    });
  }
}

function viewOf(r: InvitationRow): PartnershipInvitation {
  return {
    agreementId: r.agreement_id,
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    leadOrganisationName: r.lead_name,
    organisationId: r.organisation_id,
    status: r.status,
    reason: r.reason,
    invitedAt: r.invited_at,
    answeredAt: r.answered_at,
  };
}
