import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What happened to an agreement that other modules may need to act on. */
export type AgreementEvent =
  | { type: 'agreement.movedUnderProtocol'; agreementId: string; fromProtocolId: string | null; toProtocolId: string | null }
  | { type: 'agreement.recordedFromOriginal'; agreementId: string; versionId: string; effectiveDate: string }
  | { type: 'agreement.recordConfirmed'; agreementId: string; versionId: string }
  | { type: 'agreement.recordDisputed'; agreementId: string; versionId: string }
  | { type: 'version.submitted'; agreementId: string; versionNumber: number; partyOrganisationIds: string[] }
  | { type: 'version.declined'; agreementId: string; versionNumber: number; partyOrganisationIds: string[]; organisationId: string; reason: string }
  | { type: 'version.inForce'; agreementId: string; versionNumber: number; partyOrganisationIds: string[]; effectiveDate: string }
  | { type: 'invitation.sent'; agreementId: string; organisationIds: string[] }
  | { type: 'invitation.answered'; agreementId: string; organisationId: string; accepted: boolean; reason: string | null };

export type AgreementEventListener = (em: EntityManager, event: AgreementEvent) => Promise<void>;

/**
 * The agreements module says what happened; others (monitoring, notifications) react, so agreements import
 * nothing of theirs. Listeners run in the publisher's transaction, in order, and are awaited:
 * what they write commits or rolls back with the change itself, so a library's fire-and-forget
 * emitter would not do.
 */
@Injectable()
export class AgreementEvents {
  private readonly listeners: AgreementEventListener[] = [];

  subscribe(listener: AgreementEventListener): void {
    this.listeners.push(listener);
  }

  async publish(em: EntityManager, event: AgreementEvent): Promise<void> {
    for (const listener of this.listeners) await listener(em, event);
  }
}
