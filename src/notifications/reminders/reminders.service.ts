import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { NotificationKind } from '../notification.enums.js';
import { ComposedNotifier } from '../kinds/composed-notifier.js';
import { AUDIENCES } from '../kinds/notification-audiences.js';
import { assuranceLapsingForAgreement, assuranceLapsingForOrganisation, icoDeadlineNear as icoDeadlineMessage, reviewDue } from '../kinds/notification-messages.js';
import { holdersOf } from '../kinds/notification-recipients.queries.js';
import { assuranceLapses, icoDeadlineNear, lapseOccasion, reviewReminder, type Reminder } from './reminder-rules.js';
import { agreementsNearingReview, claimReminder, incidentsNearIcoDeadline, relyingParties } from './reminders.queries.js';

export interface RemindersRun {
  /** Reminders this run sent (each once, whichever instance runs). */
  sent: { reminder: Reminder; subjectId: string; occasion: string }[];
}

/**
 * Reviews falling due, assurance lapsing where an agreement relies on it, and ICO deadlines near:
 * each reminder is sent once per subject and occasion. Each is claimed in `reminder_sent` in the
 * transaction that writes its messages, so runs on several instances, or again after a restart,
 * send nothing twice; one reminder failing does not stop the others.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Reminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifier: ComposedNotifier,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<RemindersRun> {
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const sent: RemindersRun['sent'] = [];
    const once = async (reminder: Reminder, subjectId: string, occasion: string, send: (em: EntityManager) => Promise<void>) => {
      try {
        const claimed = await this.dataSource.transaction(async (em) => {
          if (!(await claimReminder(em, reminder, subjectId, occasion, now))) return false;
          await send(em);
          return true;
        });
        if (claimed) sent.push({ reminder, subjectId, occasion });
      } catch (error) {
        this.logger.error({ message: 'reminder failed; the next run tries it again', reminder, subjectId, occasion, error: String(error) });
      }
    };

    for (const { agreement, nextReviewDate } of await agreementsNearingReview(this.dataSource.manager, today)) {
      const threshold = reviewReminder(nextReviewDate, today);
      if (!threshold) continue;
      await once(threshold, agreement.id, nextReviewDate, async (em) => {
        const recipients = await holdersOf(em, [agreement.leadOrganisationId], AUDIENCES.reviewDue);
        await this.notifier.toUsers(em, NotificationKind[threshold], recipients, reviewDue(agreement, threshold, nextReviewDate));
      });
    }

    for (const party of await relyingParties(this.dataSource.manager, today)) {
      for (const lapse of assuranceLapses(party.assurance, today)) {
        await once(lapse.reminder, party.organisationId, lapseOccasion(lapse, party.assurance), async (em) => {
          const own = await holdersOf(em, [party.organisationId], AUDIENCES.assuranceLapsing);
          const references = party.agreements.map((a) => a.reference);
          await this.notifier.toUsers(em, NotificationKind.ASSURANCE_LAPSING, own, assuranceLapsingForOrganisation(party.organisationName, lapse, references, today));
          for (const agreement of party.agreements) {
            const leads = (await holdersOf(em, [agreement.leadOrganisationId], AUDIENCES.leadOfAgreement)).filter((id) => !own.includes(id));
            await this.notifier.toUsers(em, NotificationKind.ASSURANCE_LAPSING, leads, assuranceLapsingForAgreement(agreement, party.organisationName, lapse, today));
          }
        });
      }
    }

    for (const incident of await incidentsNearIcoDeadline(this.dataSource.manager, now)) {
      if (!icoDeadlineNear(incident, now)) continue;
      await once('ICO_DEADLINE', incident.id, incident.icoDeadline.toISOString(), async (em) => {
        const recipients = await holdersOf(em, [incident.reportedByOrganisationId], AUDIENCES.icoDeadline);
        await this.notifier.toUsers(em, NotificationKind.INCIDENT_ICO_DEADLINE, recipients, icoDeadlineMessage(incident.agreement, incident, now));
      });
    }
    return { sent };
  }
}
