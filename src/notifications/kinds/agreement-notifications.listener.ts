import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AgreementEvents, type AgreementEvent } from '../../agreements/agreement-events.js';
import { NotificationKind } from '../notification.enums.js';
import { ComposedNotifier } from './composed-notifier.js';
import { AUDIENCES, INVITATION_FALLBACK } from './notification-audiences.js';
import { agreementInForce, invitationAnswered, partnershipInvited, partyDeclined, signatureRequested } from './notification-messages.js';
import { agreementFacts, holdersOf, organisationNames } from './notification-recipients.queries.js';

/**
 * Tells people what happened to an agreement, in the transaction of the change itself: a version
 * awaiting signature, a decline, an agreement in force, an invitation to a draft and its answer.
 */
@Injectable()
export class AgreementNotificationsListener implements OnModuleInit {
  constructor(
    private readonly events: AgreementEvents,
    private readonly notifier: ComposedNotifier,
  ) {}

  onModuleInit(): void {
    this.events.subscribe((em, event) => this.handle(em, event));
  }

  private async handle(em: EntityManager, event: AgreementEvent): Promise<void> {
    switch (event.type) {
      case 'version.submitted':
        return this.submitted(em, event.agreementId, event.versionNumber, event.partyOrganisationIds);
      case 'version.declined': {
        const agreement = await agreementFacts(em, event.agreementId);
        const names = await organisationNames(em, [event.organisationId]);
        const recipients = await holdersOf(em, [agreement.leadOrganisationId, ...event.partyOrganisationIds], AUDIENCES.partyDeclined);
        return this.notifier.toUsers(em, NotificationKind.PARTY_DECLINED, recipients, partyDeclined(agreement, event.versionNumber, names.get(event.organisationId)!, event.reason));
      }
      case 'version.inForce': {
        const agreement = await agreementFacts(em, event.agreementId);
        const recipients = await holdersOf(em, event.partyOrganisationIds, AUDIENCES.agreementInForce);
        return this.notifier.toUsers(em, NotificationKind.AGREEMENT_IN_FORCE, recipients, agreementInForce(agreement, event.versionNumber, event.effectiveDate));
      }
      case 'invitation.sent':
        return this.invited(em, event.agreementId, event.organisationIds);
      case 'invitation.answered': {
        const agreement = await agreementFacts(em, event.agreementId);
        const names = await organisationNames(em, [event.organisationId]);
        const recipients = await holdersOf(em, [agreement.leadOrganisationId], AUDIENCES.invitationAnswered);
        const kind = event.accepted ? NotificationKind.INVITATION_ACCEPTED : NotificationKind.INVITATION_REFUSED;
        return this.notifier.toUsers(em, kind, recipients, invitationAnswered(agreement, names.get(event.organisationId)!, event.accepted, event.reason));
      }
      default:
        return;
    }
  }

  /** One message per party, to those who may sign for it, naming it. */
  private async submitted(em: EntityManager, agreementId: string, versionNumber: number, partyOrganisationIds: readonly string[]): Promise<void> {
    const agreement = await agreementFacts(em, agreementId);
    const names = await organisationNames(em, partyOrganisationIds);
    for (const organisationId of partyOrganisationIds) {
      const recipients = await holdersOf(em, [organisationId], AUDIENCES.signatureRequested);
      await this.notifier.toUsers(em, NotificationKind.SIGNATURE_REQUESTED, recipients, signatureRequested(agreement, versionNumber, names.get(organisationId)!));
    }
  }

  private async invited(em: EntityManager, agreementId: string, organisationIds: readonly string[]): Promise<void> {
    const agreement = await agreementFacts(em, agreementId);
    const names = await organisationNames(em, organisationIds);
    for (const organisationId of organisationIds) {
      const igLeads = await holdersOf(em, [organisationId], AUDIENCES.partnershipInvited);
      const recipients = igLeads.length > 0 ? igLeads : await holdersOf(em, [organisationId], INVITATION_FALLBACK);
      await this.notifier.toUsers(em, NotificationKind.PARTNERSHIP_INVITED, recipients, partnershipInvited(agreement, names.get(organisationId)!));
    }
  }
}
