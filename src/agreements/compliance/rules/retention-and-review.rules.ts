import type { Finding } from '../compliance-input.js';
import { blank, carriesIdentifyingData, itemsOf } from './content-facts.js';
import { ART_5_1_E, ico, refs } from './guidance-references.js';
import { rule } from './rule-builder.js';
import { longDate } from './rule-wording.js';

// Retention and review.

const MAX_REVIEW_CYCLE_MONTHS = 36;
const MAX_REVIEW_YEARS = 3;

/** The same calendar day `years` later, as a comparable YYYY-MM-DD string. */
function yearsAfter(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

export const noRetention = rule('NO_RETENTION', (input, report) => {
  if (!blank(input.content.retention?.period)) return [];
  const noItems = itemsOf(input).length === 0;
  return noItems || carriesIdentifyingData(input)
    ? [
        report.blocker(
          'retention.period',
          'No retention period is given. Say how long shared information is kept and when it is destroyed: personal data must not be kept longer than needed.',
          refs(ico('Data sharing agreements'), ART_5_1_E),
        ),
      ]
    : [];
});

export const noReviewDate = rule('NO_REVIEW_DATE', ({ content }, report) =>
  content.review?.nextReviewDate
    ? []
    : [
        report.blocker(
          'review.nextReviewDate',
          'No review date is set. Agreements must be reviewed regularly, at least every three years: set the next review date.',
          ico('Data sharing agreements'),
        ),
      ],
);

export const reviewCycleTooLong = rule('REVIEW_CYCLE_TOO_LONG', ({ content, asAt }, report) => {
  const findings: Finding[] = [];
  const cycle = content.review?.cycleMonths;
  if (cycle != null && cycle > MAX_REVIEW_CYCLE_MONTHS) {
    findings.push(
      report.blocker(
        'review.cycleMonths',
        `The review cycle is ${cycle} months. Review the agreement at least every ${MAX_REVIEW_CYCLE_MONTHS} months (three years).`,
        ico('Data sharing agreements'),
      ),
    );
  }
  const next = content.review?.nextReviewDate;
  if (next && next > yearsAfter(asAt, MAX_REVIEW_YEARS)) {
    findings.push(
      report.blocker(
        'review.nextReviewDate',
        `The next review on ${longDate(next)} is more than three years away. Set a review date within three years of today.`,
        ico('Data sharing agreements'),
      ),
    );
  }
  return findings;
});

export const reviewDatePassed = rule('REVIEW_DATE_PASSED', ({ content, asAt }, report) => {
  const next = content.review?.nextReviewDate;
  return next && next < asAt
    ? [
        report.warning(
          'review.nextReviewDate',
          `The review date of ${longDate(next)} has passed. Review the agreement and set the next review date.`,
          ico('Data sharing agreements'),
        ),
      ]
    : [];
});
