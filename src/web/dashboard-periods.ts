import { DomainError } from '../common/errors/domain-error.js';

/** The periods a commissioner reports by: NHS financial-year quarters (April to March), the year to date, or a rolling year. */
export enum PeriodPreset {
  LAST_QUARTER = 'last-quarter',
  FINANCIAL_YEAR_TO_DATE = 'financial-year-to-date',
  LAST_12_MONTHS = 'last-12-months',
  CUSTOM = 'custom',
}

export const PERIOD_PRESET_LABELS: Record<PeriodPreset, string> = {
  [PeriodPreset.LAST_QUARTER]: 'Last financial quarter',
  [PeriodPreset.FINANCIAL_YEAR_TO_DATE]: 'This financial year to date',
  [PeriodPreset.LAST_12_MONTHS]: 'Last 12 months',
  [PeriodPreset.CUSTOM]: 'Months you choose',
};

export interface Period {
  preset: PeriodPreset;
  /** YYYY-MM, inclusive. */
  fromMonth: string;
  toMonth: string;
}

export interface DashboardPeriodQuery {
  period?: string;
  from?: string;
  to?: string;
  asAt?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Months since year 0, so that adding months crosses years without Date. */
const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (i: number) => `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;

/** `month` moved by `by` months. */
export function addMonths(month: string, by: number): string {
  return monthOf(index(month) + by);
}

export function monthsIn(period: Pick<Period, 'fromMonth' | 'toMonth'>): number {
  return index(period.toMonth) - index(period.fromMonth) + 1;
}

/**
 * The last complete quarter of the financial year before `today` (YYYY-MM-DD). The quarters
 * (April-June, July-September, October-December, January-March) begin in the calendar quarters' months.
 */
export function lastCompleteQuarter(today: string): Period {
  const current = index(today.slice(0, 7));
  const quarterStart = current - (current % 3);
  return { preset: PeriodPreset.LAST_QUARTER, fromMonth: monthOf(quarterStart - 3), toMonth: monthOf(quarterStart - 1) };
}

/** From April of the financial year `today` falls in, to `today`'s month. */
export function financialYearToDate(today: string): Period {
  const month = today.slice(0, 7);
  const year = Number(month.slice(0, 4)) - (Number(month.slice(5, 7)) < 4 ? 1 : 0);
  return { preset: PeriodPreset.FINANCIAL_YEAR_TO_DATE, fromMonth: `${year}-04`, toMonth: month };
}

/** The twelve months ending with `today`'s month. */
export function last12Months(today: string): Period {
  const month = today.slice(0, 7);
  return { preset: PeriodPreset.LAST_12_MONTHS, fromMonth: addMonths(month, -11), toMonth: month };
}

/** The period of the same length just before. */
export function previousPeriod(period: Pick<Period, 'fromMonth' | 'toMonth'>): { fromMonth: string; toMonth: string } {
  const length = monthsIn(period);
  return { fromMonth: addMonths(period.fromMonth, -length), toMonth: addMonths(period.fromMonth, -1) };
}

/** "2026-07" as "July 2026". */
export function monthInWords(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** "Q2 2026/27: July to September 2026" for a financial quarter; "April 2026 to December 2026" otherwise. */
export function periodInWords(period: Pick<Period, 'fromMonth' | 'toMonth'>): string {
  const from = index(period.fromMonth);
  const range = period.fromMonth === period.toMonth ? monthInWords(period.fromMonth) : `${monthInWords(period.fromMonth)} to ${monthInWords(period.toMonth)}`;
  if (monthsIn(period) !== 3 || from % 3 !== 0) return range;
  const month = from % 12;
  const fyStart = Math.floor(from / 12) - (month < 3 ? 1 : 0);
  const quarter = month < 3 ? 4 : month / 3;
  return `Q${quarter} ${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')}: ${range}`;
}

/** What the figures are compared with, in words: "the previous quarter", "the previous 12 months". */
export function previousInWords(period: Period): string {
  const length = monthsIn(period);
  if (period.preset === PeriodPreset.LAST_QUARTER) return 'the previous quarter';
  return length === 1 ? 'the previous month' : `the previous ${length} months`;
}

/**
 * The period and the health date the query asks for, on `today` (YYYY-MM-DD). A preset wins over
 * months; months alone are a custom period, either end defaulting to the last quarter's. Bad
 * months or dates are BAD_USER_INPUT naming the field.
 */
export function periodFrom(query: DashboardPeriodQuery, today: string): { period: Period; asAt: string } {
  const problems: { field: string; rule: string; message: string }[] = [];
  const given = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const from = given(query.from);
  const to = given(query.to);
  const asAt = given(query.asAt);
  const preset = given(query.period);
  if (from !== undefined && !MONTH.test(from)) problems.push({ field: 'from', rule: 'month', message: 'From month must be a month, like 2026-04' });
  if (to !== undefined && !MONTH.test(to)) problems.push({ field: 'to', rule: 'month', message: 'To month must be a month, like 2026-06' });
  if (asAt !== undefined && (!DATE.test(asAt) || Number.isNaN(Date.parse(`${asAt}T00:00:00Z`)) || new Date(`${asAt}T00:00:00Z`).toISOString().slice(0, 10) !== asAt)) {
    problems.push({ field: 'asAt', rule: 'date', message: 'Health as at must be a real date, like 2026-06-30' });
  }
  if (preset !== undefined && !(Object.values(PeriodPreset) as string[]).includes(preset)) {
    problems.push({ field: 'period', rule: 'oneOf', message: 'Period must be one of the periods listed' });
  }
  if (problems.length) throw DomainError.invalidFields(problems);
  const byPreset: Partial<Record<PeriodPreset, (today: string) => Period>> = {
    [PeriodPreset.LAST_QUARTER]: lastCompleteQuarter,
    [PeriodPreset.FINANCIAL_YEAR_TO_DATE]: financialYearToDate,
    [PeriodPreset.LAST_12_MONTHS]: last12Months,
  };
  let period: Period;
  const chosen = preset ? byPreset[preset as PeriodPreset] : undefined;
  if (chosen) period = chosen(today);
  else if (from || to) {
    const quarter = lastCompleteQuarter(today);
    period = { preset: PeriodPreset.CUSTOM, fromMonth: from ?? quarter.fromMonth, toMonth: to ?? quarter.toMonth };
    if (period.toMonth < period.fromMonth) {
      throw DomainError.invalidFields([{ field: 'to', rule: 'notBeforeFrom', message: `To month must be the same as or after the From month (${monthInWords(period.fromMonth)})` }]);
    }
  } else period = lastCompleteQuarter(today);
  return { period, asAt: asAt ?? today };
}
