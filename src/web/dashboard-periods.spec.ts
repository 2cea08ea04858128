import { DomainError } from '../common/errors/domain-error.js';
import {
  financialYearToDate,
  last12Months,
  lastCompleteQuarter,
  PeriodPreset,
  periodFrom,
  periodInWords,
  previousInWords,
  previousPeriod,
} from './dashboard-periods.js';

const months = (p: { fromMonth: string; toMonth: string }) => [p.fromMonth, p.toMonth];

describe('dashboard periods', () => {
  it('defaults to the last complete quarter of the financial year', () => {
    expect(months(lastCompleteQuarter('2026-12-07'))).toEqual(['2026-07', '2026-09']);
    expect(months(lastCompleteQuarter('2026-07-01'))).toEqual(['2026-04', '2026-06']);
    expect(months(lastCompleteQuarter('2026-06-30'))).toEqual(['2026-01', '2026-03']);
    // Across the calendar year: January to March's last quarter is October to December before.
    expect(months(lastCompleteQuarter('2027-01-01'))).toEqual(['2026-10', '2026-12']);
    expect(months(lastCompleteQuarter('2027-03-31'))).toEqual(['2026-10', '2026-12']);
    expect(months(lastCompleteQuarter('2027-04-01'))).toEqual(['2027-01', '2027-03']);
    expect(periodFrom({}, '2026-12-07').period).toEqual({ preset: PeriodPreset.LAST_QUARTER, fromMonth: '2026-07', toMonth: '2026-09' });
  });

  it('runs the financial year to date from April, across the calendar year', () => {
    expect(months(financialYearToDate('2026-04-01'))).toEqual(['2026-04', '2026-04']);
    expect(months(financialYearToDate('2026-12-07'))).toEqual(['2026-04', '2026-12']);
    expect(months(financialYearToDate('2027-03-31'))).toEqual(['2026-04', '2027-03']);
    expect(months(financialYearToDate('2027-01-15'))).toEqual(['2026-04', '2027-01']);
  });

  it('runs the last 12 months to this month', () => {
    expect(months(last12Months('2026-12-07'))).toEqual(['2026-01', '2026-12']);
    expect(months(last12Months('2027-02-01'))).toEqual(['2026-03', '2027-02']);
  });

  it('compares with the period of the same length just before', () => {
    expect(previousPeriod({ fromMonth: '2026-01', toMonth: '2026-03' })).toEqual({ fromMonth: '2025-10', toMonth: '2025-12' });
    expect(previousPeriod({ fromMonth: '2026-04', toMonth: '2026-12' })).toEqual({ fromMonth: '2025-07', toMonth: '2026-03' });
    expect(previousPeriod({ fromMonth: '2026-05', toMonth: '2026-05' })).toEqual({ fromMonth: '2026-04', toMonth: '2026-04' });
    expect(previousInWords(lastCompleteQuarter('2026-12-07'))).toBe('the previous quarter');
    expect(previousInWords({ preset: PeriodPreset.CUSTOM, fromMonth: '2026-05', toMonth: '2026-05' })).toBe('the previous month');
    expect(previousInWords(last12Months('2026-12-07'))).toBe('the previous 12 months');
  });

  it('names financial quarters and other ranges in words', () => {
    expect(periodInWords({ fromMonth: '2026-07', toMonth: '2026-09' })).toBe('Q2 2026/27: July 2026 to September 2026');
    expect(periodInWords({ fromMonth: '2027-01', toMonth: '2027-03' })).toBe('Q4 2026/27: January 2027 to March 2027');
    expect(periodInWords({ fromMonth: '2099-10', toMonth: '2099-12' })).toBe('Q3 2099/00: October 2099 to December 2099');
    expect(periodInWords({ fromMonth: '2026-02', toMonth: '2026-04' })).toBe('February 2026 to April 2026');
    expect(periodInWords({ fromMonth: '2026-02', toMonth: '2026-02' })).toBe('February 2026');
  });

  it('takes a preset over months, months as a custom period, and the health date', () => {
    expect(periodFrom({ period: 'financial-year-to-date', from: '2020-01' }, '2027-02-10').period).toEqual({
      preset: PeriodPreset.FINANCIAL_YEAR_TO_DATE,
      fromMonth: '2026-04',
      toMonth: '2027-02',
    });
    expect(periodFrom({ from: '2026-02', to: '2026-05' }, '2026-12-07')).toEqual({
      period: { preset: PeriodPreset.CUSTOM, fromMonth: '2026-02', toMonth: '2026-05' },
      asAt: '2026-12-07',
    });
    expect(periodFrom({ period: 'custom', from: '2026-08' }, '2026-12-07').period).toMatchObject({ fromMonth: '2026-08', toMonth: '2026-09' });
    expect(periodFrom({ asAt: '2026-06-30' }, '2026-12-07').asAt).toBe('2026-06-30');
  });

  const problems = (query: Record<string, string>) => {
    try {
      periodFrom(query, '2026-12-07');
    } catch (error) {
      return (error as DomainError).details.fields?.map((f) => [f.field, f.rule]);
    }
    throw new Error('no error');
  };

  it('names the field and the rule of a bad filter', () => {
    expect(problems({ from: '2026-06', to: '2026-03' })).toEqual([['to', 'notBeforeFrom']]);
    expect(problems({ from: '2026-13', to: 'June' })).toEqual([
      ['from', 'month'],
      ['to', 'month'],
    ]);
    expect(problems({ asAt: '2026-02-30' })).toEqual([['asAt', 'date']]);
    expect(problems({ period: 'fortnight' })).toEqual([['period', 'oneOf']]);
  });
});
