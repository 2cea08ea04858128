import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationKind } from '../notification.enums.js';
import { ComposedNotifier } from './composed-notifier.js';
import { AUDIENCES } from './notification-audiences.js';
import { incidentRecorded, type IncidentFacts } from './notification-messages.js';
import { agreementFacts, holdersOf, organisationNames, partiesOf } from './notification-recipients.queries.js';

export interface RecordedIncident {
  agreementId: string;
  reportedByOrganisationId: string;
  kind: IncidentFacts['kind'];
  severity: IncidentFacts['severity'];
  discoveredAt: Date;
  icoDeadline: Date | null;
}

/** Tells the parties' IG leads of an incident recorded under their agreement, in the transaction that records it. */
@Injectable()
export class IncidentNotifications {
  constructor(private readonly notifier: ComposedNotifier) {}

  async recorded(em: EntityManager, incident: RecordedIncident): Promise<void> {
    const agreement = await agreementFacts(em, incident.agreementId);
    const parties = await partiesOf(em, incident.agreementId, agreement.leadOrganisationId);
    const names = await organisationNames(em, [incident.reportedByOrganisationId]);
    const recipients = await holdersOf(em, parties, AUDIENCES.incidentRecorded);
    await this.notifier.toUsers(
      em,
      NotificationKind.INCIDENT_RECORDED,
      recipients,
      incidentRecorded(agreement, { ...incident, reportingOrganisationName: names.get(incident.reportedByOrganisationId)! }),
    );
  }
}
