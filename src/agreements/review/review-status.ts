import { AgreementDisplayStatus, AgreementStatus, ReviewStatus } from '../agreement.enums.js';

/** Due: the review date is within this many days. */
export const REVIEW_DUE_WITHIN_DAYS = 90;

const DAY_MS = 86_400_000;

/** Whole days from `today` to `date` (both YYYY-MM-DD); negative when `date` is past. */
export function daysBetween(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** REVIEW_DUE is never stored: it follows from the next review date and today. */
export function reviewStatus(nextReviewDate: string | null | undefined, today: string): { status: ReviewStatus; daysUntilReview: number | null } {
  if (!nextReviewDate) return { status: ReviewStatus.NO_REVIEW_DATE, daysUntilReview: null };
  const days = daysBetween(today, nextReviewDate);
  const status = days < 0 ? ReviewStatus.OVERDUE : days <= REVIEW_DUE_WITHIN_DAYS ? ReviewStatus.DUE : ReviewStatus.NOT_DUE;
  return { status, daysUntilReview: days };
}

/** What people read as the status: an ACTIVE agreement due or overdue for review shows REVIEW_DUE. */
export function displayStatus(status: AgreementStatus, review: ReviewStatus): AgreementDisplayStatus {
  const due = review === ReviewStatus.DUE || review === ReviewStatus.OVERDUE;
  return status === AgreementStatus.ACTIVE && due ? AgreementDisplayStatus.REVIEW_DUE : (status as unknown as AgreementDisplayStatus);
}
