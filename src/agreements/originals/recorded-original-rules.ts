import type { FieldProblem } from '../../common/errors/domain-error.js';
import { AgreementStatus } from '../agreement.enums.js';
import { ConfirmationStatus, OriginalAnswer } from './recorded-original.enums.js';

/** The dates of a record of an agreement signed outside Accordant (all YYYY-MM-DD). */
export interface RecordedDates {
  signedOn: readonly string[];
  inForceFrom: string;
  nextReviewDate: string;
  endDate: string | null;
}

/**
 * What is wrong with the dates of a record, as at `today`: every party signed in the past (today at
 * the latest) and on or before the day it came into force; it came into force by today; its review
 * and end dates come after that.
 */
export function recordedDateProblems(dates: RecordedDates, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  dates.signedOn.forEach((day, i) => {
    const field = `parties[${i}].signedOn`;
    if (day > today) problems.push({ field, rule: 'notInFuture', message: `the signing date ${day} is in the future: a record is of an agreement already signed` });
    else if (day > dates.inForceFrom) {
      problems.push({ field, rule: 'notAfterInForceFrom', message: `the signing date ${day} is after the date it came into force (${dates.inForceFrom})` });
    }
  });
  if (dates.inForceFrom > today) {
    problems.push({ field: 'inForceFrom', rule: 'notInFuture', message: `${dates.inForceFrom} is in the future: record an agreement once it is in force` });
  }
  if (dates.nextReviewDate <= dates.inForceFrom) {
    problems.push({ field: 'nextReviewDate', rule: 'afterInForceFrom', message: `the review date must come after the date it came into force (${dates.inForceFrom})` });
  }
  if (dates.endDate !== null && dates.endDate < dates.inForceFrom) {
    problems.push({ field: 'content.termination.endDate', rule: 'notBeforeInForceFrom', message: `the end date must not be before the date it came into force (${dates.inForceFrom})` });
  }
  return problems;
}

/** The stored status a record starts in today: ACTIVE, or EXPIRED once its end date has passed (REVIEW_DUE follows from the review date). */
export function recordedStatus(endDate: string | null, today: string): AgreementStatus.ACTIVE | AgreementStatus.EXPIRED {
  return endDate !== null && endDate < today ? AgreementStatus.EXPIRED : AgreementStatus.ACTIVE;
}

/**
 * The agreement's status history, dated: ACTIVE from the start of the day it came into force and,
 * if it has ended, EXPIRED from the start of the day after its end date (as the expiry sweep would
 * have moved it). Decisions dated inside the period are then checked against it.
 */
export function recordedStatusHistory(inForceFrom: string, endDate: string | null, today: string): { status: AgreementStatus; changedAt: Date }[] {
  const history = [{ status: AgreementStatus.ACTIVE, changedAt: startOf(inForceFrom) }];
  if (recordedStatus(endDate, today) === AgreementStatus.EXPIRED) {
    history.push({ status: AgreementStatus.EXPIRED, changedAt: new Date(startOf(endDate!).getTime() + 86_400_000) });
  }
  return history;
}

/** The instant a date begins (UTC, as the ledger reads decision dates). */
export function startOf(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/**
 * Where a record stands: DISPUTED while any party disputes it; CONFIRMED once every party but the
 * lead (who recorded it) has confirmed it; AWAITING_CONFIRMATION until then.
 */
export function confirmationStatus(
  partyIds: readonly string[],
  leadOrganisationId: string,
  answers: readonly { organisationId: string; answer: OriginalAnswer }[],
): ConfirmationStatus {
  if (answers.some((a) => a.answer === OriginalAnswer.DISPUTED)) return ConfirmationStatus.DISPUTED;
  const confirmed = new Set(answers.filter((a) => a.answer === OriginalAnswer.CONFIRMED).map((a) => a.organisationId));
  const others = partyIds.filter((id) => id !== leadOrganisationId);
  return others.every((id) => confirmed.has(id)) ? ConfirmationStatus.CONFIRMED : ConfirmationStatus.AWAITING_CONFIRMATION;
}
