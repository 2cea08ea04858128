import { daysBetween } from '../../agreements/review/review-status.js';
import { DsptStatus } from '../../organisations/organisation.enums.js';
import type { AssuranceLapse, ReviewThreshold } from '../kinds/notification-messages.js';

/** Each reminder the scheduled job sends, once per subject and occasion (the `reminder_sent` key). */
export type Reminder = ReviewThreshold | AssuranceLapse['reminder'] | 'ICO_DEADLINE';

/** A DSPT assessment due within this many days (or overdue) is reminded of. */
export const DSPT_DUE_WITHIN_DAYS = 30;
/** A secure-email accreditation expiring within this many days (or expired) is reminded of. */
export const ACCREDITATION_EXPIRING_WITHIN_DAYS = 90;
/** An ICO deadline this close, not yet reported, is reminded of. */
export const ICO_DEADLINE_WARNING_HOURS = 12;

/**
 * The one review reminder an agreement is due on `today`: the tightest threshold it has reached
 * (90 days, 30 days, overdue), so one first seen 20 days out is told once, not twice.
 */
export function reviewReminder(nextReviewDate: string | null, today: string): ReviewThreshold | null {
  if (!nextReviewDate) return null;
  const days = daysBetween(today, nextReviewDate);
  if (days < 0) return 'REVIEW_OVERDUE';
  if (days <= 30) return 'REVIEW_DUE_30';
  if (days <= 90) return 'REVIEW_DUE_90';
  return null;
}

export interface AssuranceInForce {
  dsptStatus: DsptStatus;
  dsptStatusDate: string | null;
  dsptNextDueDate: string | null;
  secureEmailAccreditationExpiry: string | null;
  effectiveFrom: string;
}

const BELOW_STANDARDS_MET: readonly DsptStatus[] = [DsptStatus.APPROACHING_STANDARDS, DsptStatus.STANDARDS_NOT_MET];

/** What in an organisation's assurance in force on `today` needs its partners' attention. */
export function assuranceLapses(entry: AssuranceInForce | null, today: string): AssuranceLapse[] {
  if (!entry) return [];
  const lapses: AssuranceLapse[] = [];
  if (entry.dsptNextDueDate && daysBetween(today, entry.dsptNextDueDate) <= DSPT_DUE_WITHIN_DAYS) lapses.push({ reminder: 'DSPT_DUE', dueDate: entry.dsptNextDueDate });
  if (BELOW_STANDARDS_MET.includes(entry.dsptStatus)) lapses.push({ reminder: 'DSPT_BELOW_STANDARDS_MET', status: entry.dsptStatus });
  const expiry = entry.secureEmailAccreditationExpiry;
  if (expiry && daysBetween(today, expiry) <= ACCREDITATION_EXPIRING_WITHIN_DAYS) lapses.push({ reminder: 'ACCREDITATION_EXPIRING', expiry });
  return lapses;
}

/**
 * What makes a lapse a new occasion to remind of: the due date, the expiry, or the status with its
 * publication date. So a renewed accreditation that then nears its new expiry is reminded of again.
 */
export function lapseOccasion(lapse: AssuranceLapse, entry: Pick<AssuranceInForce, 'dsptStatusDate' | 'effectiveFrom'>): string {
  switch (lapse.reminder) {
    case 'DSPT_DUE':
      return lapse.dueDate;
    case 'ACCREDITATION_EXPIRING':
      return lapse.expiry;
    case 'DSPT_BELOW_STANDARDS_MET':
      return `${lapse.status} ${entry.dsptStatusDate ?? entry.effectiveFrom}`;
  }
}

/** Whether an ICO-reportable incident not yet reported is within the warning window of its deadline (or past it). */
export function icoDeadlineNear(incident: { icoDeadline: Date | null; reportedToIcoAt: Date | null }, now: Date): boolean {
  if (!incident.icoDeadline || incident.reportedToIcoAt) return false;
  return incident.icoDeadline.getTime() - now.getTime() <= ICO_DEADLINE_WARNING_HOURS * 3_600_000;
}
