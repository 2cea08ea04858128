import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError, type FieldProblem } from '../common/errors/domain-error.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { canEditDraftContent, canLeadAgreement } from './agreement-access-policy.js';
import { AgreementEvents } from './agreement-events.js';
import { AgreementInvolvementService } from './agreement-involvement.service.js';
import { PartnershipInvitationsService } from './invitations/partnership-invitations.service.js';
import { applyLifecycle, assertRevision, lockAgreement } from './agreement-lock.js';
import { AgreementParty } from './agreement-party.entity.js';
import { AgreementVersion } from './agreement-version.entity.js';
import { AgreementKind, AgreementStatus, VariationStatus, VersionStatus } from './agreement.enums.js';
import { Agreement } from './agreement.entity.js';
import { CONTENT_SECTIONS, emptyContent, type AgreementContent } from './content/agreement-content.model.js';
import type { CreateAgreementInput } from './dto/create-agreement.input.js';
import type { PartyInput } from './dto/party.input.js';
import type { UpdateAgreementDraftInput } from './dto/update-agreement-draft.input.js';
import type { UpdateAgreementStructureInput } from './dto/update-agreement-structure.input.js';
import { PartyRole } from './agreement.enums.js';

/** Drafting: creating agreements, editing their structure and sections, and variations. */
@Injectable()
export class AgreementDraftingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly involvement: AgreementInvolvementService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: AgreementEvents,
    private readonly invitations: PartnershipInvitationsService,
  ) {}

  /** An IG lead starts an agreement led by their own organisation. */
  async create(caller: Caller, input: CreateAgreementInput): Promise<Agreement> {
    if (!caller.roles.has(Role.IG_LEAD)) throw DomainError.forbidden('Only an IG lead may draft an agreement');
    const parties = input.parties ?? [{ organisationId: caller.organisationId, role: PartyRole.CONTROLLER }];
    return this.dataSource.transaction(async (em) => {
      await this.assertParties(em, parties, caller.organisationId);
      await this.assertParentProtocol(em, caller, input.kind, input.parentProtocolId ?? null);
      const agreement = await this.insertDraft(em, caller, input.kind, input.title, input.parentProtocolId ?? null);
      await this.replaceParties(em, agreement, parties, []);
      await this.audit.record(em, caller, {
        action: 'agreement.create',
        entityType: 'agreement',
        entityId: agreement.id,
        after: { reference: agreement.reference, kind: agreement.kind, title: agreement.title, parties },
      });
      return agreement;
    });
  }

  async updateStructure(caller: Caller, input: UpdateAgreementStructureInput): Promise<Agreement> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await this.lockDraft(em, caller, input.agreementId, input.expectedRevision, 'lead');
      const before = { title: agreement.title, parentProtocolId: agreement.parentProtocolId, parties: await this.partiesOf(em, agreement.id) };
      if (input.title !== undefined && input.title !== null) agreement.title = input.title;
      if (input.parentProtocolId !== undefined) {
        await this.assertParentProtocol(em, caller, agreement.kind, input.parentProtocolId, agreement.id);
        // Decisions already recorded under the draft now count in the other partnership (the row is locked).
        await this.events.publish(em, { type: 'agreement.movedUnderProtocol', agreementId: agreement.id, fromProtocolId: agreement.parentProtocolId, toProtocolId: input.parentProtocolId });
        agreement.parentProtocolId = input.parentProtocolId;
      }
      if (input.parties) {
        await this.assertParties(em, input.parties, agreement.leadOrganisationId);
        await this.replaceParties(em, agreement, input.parties, []);
      }
      const saved = await this.saveRevision(em, agreement);
      const after = { title: saved.title, parentProtocolId: saved.parentProtocolId, parties: await this.partiesOf(em, agreement.id) };
      await this.audit.record(em, caller, { action: 'agreement.updateStructure', entityType: 'agreement', entityId: agreement.id, before, after });
      return saved;
    });
  }

  /** Replaces the sections given; the others stay. Refused with CONFLICT if the draft moved on since `expectedRevision`. */
  async updateDraft(caller: Caller, input: UpdateAgreementDraftInput): Promise<Agreement> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await this.lockDraft(em, caller, input.agreementId, input.expectedRevision, 'party');
      const content = agreement.draftContent!;
      const before: Partial<AgreementContent> = {};
      const after: Partial<AgreementContent> = {};
      for (const section of CONTENT_SECTIONS) {
        const value = input[section];
        if (value === undefined) continue;
        (before as Record<string, unknown>)[section] = content[section];
        (content as unknown as Record<string, unknown>)[section] = section === 'dataFlows' ? withFlowIds(input.dataFlows ?? []) : (value ?? emptyContent()[section]);
        (after as Record<string, unknown>)[section] = content[section];
      }
      agreement.draftContent = content;
      const saved = await this.saveRevision(em, agreement);
      await this.audit.record(em, caller, { action: 'agreement.updateDraft', entityType: 'agreement', entityId: agreement.id, before, after });
      return saved;
    });
  }

  /** A variation starts as a copy of the version in force: its content and its parties. */
  async startVariation(caller: Caller, agreementId: string): Promise<Agreement> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await lockAgreement(em, agreementId);
      await this.assertLead(em, caller, agreement);
      applyLifecycle(agreement, { type: 'START_VARIATION' });
      const inForce = await em.findOneByOrFail(AgreementVersion, { agreementId, status: VersionStatus.ACTIVE });
      agreement.draftContent = structuredClone(inForce.frozen.content);
      await this.replaceParties(em, agreement, inForce.frozen.parties, await this.invitations.consentedTo(em, inForce, agreement.leadOrganisationId));
      const saved = await this.saveRevision(em, agreement);
      await this.audit.record(em, caller, {
        action: 'agreement.startVariation',
        entityType: 'agreement',
        entityId: agreementId,
        after: { fromVersion: inForce.number },
      });
      return saved;
    });
  }

  async discardVariation(caller: Caller, agreementId: string): Promise<Agreement> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await lockAgreement(em, agreementId);
      await this.assertLead(em, caller, agreement);
      applyLifecycle(agreement, { type: 'DISCARD_VARIATION' });
      const inForce = await em.findOneByOrFail(AgreementVersion, { agreementId, status: VersionStatus.ACTIVE });
      await this.replaceParties(em, agreement, inForce.frozen.parties, await this.invitations.consentedTo(em, inForce, agreement.leadOrganisationId));
      agreement.draftContent = null;
      const saved = await this.saveRevision(em, agreement);
      await this.audit.record(em, caller, { action: 'agreement.discardVariation', entityType: 'agreement', entityId: agreementId });
      return saved;
    });
  }

  /** A new, empty draft led by the caller's organisation, with the next reference (e.g. ISP-2026-0007); on the caller's transaction. */
  async insertDraft(em: EntityManager, caller: Caller, kind: AgreementKind, title: string, parentProtocolId: string | null): Promise<Agreement> {
    const [{ seq }] = (await em.query(`SELECT nextval('agreement_reference_seq') AS seq`)) as { seq: string }[];
    const year = this.clock.now().getUTCFullYear();
    return em.save(
      em.create(Agreement, {
        reference: `${kind}-${year}-${seq.padStart(4, '0')}`,
        kind,
        title,
        leadOrganisationId: caller.organisationId,
        authorUserId: caller.userId,
        parentProtocolId,
        status: AgreementStatus.DRAFT,
        variationStatus: VariationStatus.NONE,
        draftContent: emptyContent(),
        draftRevision: 1,
        statusReason: null,
      }),
    );
  }

  /**
   * Replaces the draft's parties, keeping their order. An organisation still named keeps its
   * invitation's answer; one removed loses its invitation; one newly named is invited. Those in
   * `consented` (who consented to the version the parties are copied from) count as having accepted.
   */
  async replaceParties(
    em: EntityManager,
    agreement: Pick<Agreement, 'id' | 'leadOrganisationId'>,
    parties: readonly Pick<PartyInput, 'organisationId' | 'role'>[],
    consented: readonly string[],
  ): Promise<void> {
    const ids = parties.map((p) => p.organisationId);
    await em.query(`DELETE FROM agreement_party WHERE agreement_id = $1 AND NOT (organisation_id = ANY($2::uuid[]))`, [agreement.id, ids]);
    if (parties.length === 0) return;
    await em.query(
      `INSERT INTO agreement_party (agreement_id, organisation_id, role, position)
       SELECT $1, p.organisation_id, p.role, p.position FROM jsonb_to_recordset($2::jsonb) AS p(organisation_id uuid, role text, position integer)
       ON CONFLICT (agreement_id, organisation_id) DO UPDATE SET role = excluded.role, position = excluded.position`,
      [agreement.id, JSON.stringify(parties.map((p, position) => ({ organisation_id: p.organisationId, role: p.role, position })))],
    );
    await this.invitations.inviteParties(em, agreement, ids, consented);
  }

  private async lockDraft(em: EntityManager, caller: Caller, agreementId: string, expectedRevision: number, who: 'lead' | 'party'): Promise<Agreement> {
    const agreement = await lockAgreement(em, agreementId);
    const [involvement] = await this.involvement.involvementOf([agreement], em);
    const allowed = who === 'lead' ? canLeadAgreement(caller, involvement) : canEditDraftContent(caller, involvement);
    if (!allowed) {
      throw DomainError.forbidden(
        who === 'lead'
          ? `Only the IG lead of the lead organisation may change the structure of ${agreement.reference}`
          : `Only the IG lead of a party organisation may edit the draft of ${agreement.reference}`,
      );
    }
    if (!agreement.draftContent) {
      throw DomainError.conflict(`${agreement.reference} has no draft to edit: it is ${agreement.status}; start a variation to change it`);
    }
    assertRevision(agreement, expectedRevision);
    return agreement;
  }

  private async assertLead(em: EntityManager, caller: Caller, agreement: Agreement): Promise<void> {
    const [involvement] = await this.involvement.involvementOf([agreement], em);
    if (!canLeadAgreement(caller, involvement)) {
      throw DomainError.forbidden(`Only the IG lead of the lead organisation may vary ${agreement.reference}`);
    }
  }

  private async saveRevision(em: EntityManager, agreement: Agreement): Promise<Agreement> {
    agreement.draftRevision += 1;
    return em.save(Agreement, agreement);
  }

  private async partiesOf(em: EntityManager, agreementId: string) {
    const parties = await em.find(AgreementParty, { where: { agreementId }, order: { position: 'ASC' } });
    return parties.map(({ organisationId, role }) => ({ organisationId, role }));
  }

  private async assertParties(em: EntityManager, parties: readonly PartyInput[], leadOrganisationId: string): Promise<void> {
    const problems: FieldProblem[] = [];
    const ids = parties.map((p) => p.organisationId);
    if (new Set(ids).size !== ids.length) problems.push({ field: 'parties', rule: 'unique', message: 'an organisation may be a party only once' });
    if (!ids.includes(leadOrganisationId)) {
      problems.push({ field: 'parties', rule: 'includesLead', message: 'must include the lead organisation' });
    }
    const found = new Set((await em.findBy(Organisation, { id: In(ids) })).map((o) => o.id));
    // The service operator's organisation (its users hold SYSTEM_ADMIN) runs the service; it is never a party.
    const operators = new Set(
      ((await em.query(`SELECT DISTINCT organisation_id FROM user_role WHERE role = $1 AND organisation_id = ANY($2::uuid[])`, [Role.SYSTEM_ADMIN, ids])) as { organisation_id: string }[]).map((r) => r.organisation_id),
    );
    parties.forEach((p, i) => {
      if (!found.has(p.organisationId)) {
        problems.push({ field: `parties[${i}].organisationId`, rule: 'exists', message: `organisation ${p.organisationId} does not exist` });
      } else if (operators.has(p.organisationId) && p.organisationId !== leadOrganisationId) {
        problems.push({ field: `parties[${i}].organisationId`, rule: 'notServiceOperator', message: "the service operator's organisation cannot be a party" });
      }
    });
    if (problems.length > 0) throw DomainError.invalidFields(problems);
  }

  async assertParentProtocol(em: EntityManager, caller: Caller, kind: AgreementKind, parentId: string | null, selfId?: string): Promise<void> {
    if (!parentId) return;
    const field = 'parentProtocolId';
    if (kind === AgreementKind.PROTOCOL) throw DomainError.invalid(field, 'protocolHasNoParent', 'a PROTOCOL cannot sit under another protocol');
    if (parentId === selfId) throw DomainError.invalid(field, 'notSelf', 'an agreement cannot sit under itself');
    const parent = await em.findOneBy(Agreement, { id: parentId });
    if (!parent) throw DomainError.invalid(field, 'exists', `agreement ${parentId} does not exist`);
    if (parent.kind !== AgreementKind.PROTOCOL) throw DomainError.invalid(field, 'isProtocol', `${parent.reference} is a ${parent.kind}, not a PROTOCOL`);
    await this.involvement.assertCanRead(caller, parent, em);
  }
}

/** Every flow gets a stable id, kept across versions, that the sharing ledger refers to. */
export function withFlowIds(flows: AgreementContent['dataFlows']): AgreementContent['dataFlows'] {
  const seen = new Set<string>();
  return flows.map((flow, i) => {
    const id = flow.id ?? randomUUID();
    if (seen.has(id)) throw DomainError.invalid(`dataFlows[${i}].id`, 'unique', 'two flows have the same id');
    seen.add(id);
    return { ...flow, id };
  });
}
