import { ReviewStatus } from '../agreement.enums.js';
import { daysBetween, REVIEW_DUE_WITHIN_DAYS, reviewStatus } from './review-status.js';

const TODAY = '2026-01-01';

describe('reviewStatus', () => {
  it.each([null, undefined, ''])('is NO_REVIEW_DATE with no days when the review date is %p', (date) => {
    expect(reviewStatus(date, TODAY)).toEqual({ status: ReviewStatus.NO_REVIEW_DATE, daysUntilReview: null });
  });

  it('treats 90 days as the due window', () => {
    expect(REVIEW_DUE_WITHIN_DAYS).toBe(90);
  });

  it.each<[string, string, ReviewStatus, number]>([
    ['91 days away', '2026-04-02', ReviewStatus.NOT_DUE, 91],
    ['a year away', '2027-01-01', ReviewStatus.NOT_DUE, 365],
    ['90 days away', '2026-04-01', ReviewStatus.DUE, 90],
    ['45 days away', '2026-02-15', ReviewStatus.DUE, 45],
    ['1 day away', '2026-01-02', ReviewStatus.DUE, 1],
    ['today', '2026-01-01', ReviewStatus.DUE, 0],
    ['1 day ago', '2025-12-31', ReviewStatus.OVERDUE, -1],
    ['a year ago', '2025-01-01', ReviewStatus.OVERDUE, -365],
  ])('is %s -> %s', (_label, nextReviewDate, status, days) => {
    expect(reviewStatus(nextReviewDate, TODAY)).toEqual({ status, daysUntilReview: days });
  });

  it('counts the due window across a BST change', () => {
    // 2026-03-29 is the spring clock change: 90 days before 2026-06-27 spans it.
    expect(reviewStatus('2026-06-27', '2026-03-29')).toEqual({ status: ReviewStatus.DUE, daysUntilReview: 90 });
    expect(reviewStatus('2026-06-28', '2026-03-29')).toEqual({ status: ReviewStatus.NOT_DUE, daysUntilReview: 91 });
  });
});

describe('daysBetween', () => {
  it.each<[string, string, string, number]>([
    ['the same day', '2026-05-05', '2026-05-05', 0],
    ['across a 31-day month end', '2026-01-31', '2026-02-01', 1],
    ['across a 30-day month end', '2026-04-29', '2026-05-02', 3],
    ['across a year end', '2025-12-30', '2026-01-02', 3],
    ['across February in a common year', '2026-02-28', '2026-03-01', 1],
    ['across a leap day', '2024-02-28', '2024-03-01', 2],
    ['onto a leap day', '2024-02-28', '2024-02-29', 1],
    ['off a leap day', '2024-02-29', '2024-03-01', 1],
    ['a leap year', '2024-01-01', '2025-01-01', 366],
    ['a common year', '2025-01-01', '2026-01-01', 365],
    ['across the spring BST change', '2026-03-28', '2026-03-30', 2],
    ['from the night of the spring BST change', '2026-03-29', '2026-03-30', 1],
    ['across the autumn BST change', '2026-10-24', '2026-10-26', 2],
    ['from the night of the autumn BST change', '2026-10-25', '2026-10-26', 1],
    ['over a whole summer of BST', '2026-03-01', '2026-11-01', 245],
  ])('counts %s (%s to %s) as %i', (_label, from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('is negative when the date is past, and antisymmetric', () => {
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    expect(daysBetween('2026-10-26', '2026-10-24')).toBe(-2);
  });

  it('returns whole days', () => {
    for (const [from, to] of [
      ['2026-03-28', '2026-03-30'],
      ['2026-10-24', '2026-10-26'],
      ['2024-02-28', '2024-03-01'],
    ]) {
      expect(Number.isInteger(daysBetween(from, to))).toBe(true);
    }
  });
});
