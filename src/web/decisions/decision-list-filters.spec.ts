import { DecisionListOrder } from '../../monitoring/monitoring.enums.js';
import { filterFormView, filterQuery, readListFilters } from './decision-list-filters.js';

const AGREEMENT = '11111111-1111-4111-8111-111111111111';

describe('the filters of recent decisions', () => {
  it('lists newest first by the date decided, unfiltered when nothing is asked', () => {
    const read = readListFilters({}, [AGREEMENT]);
    expect(read.args).toEqual({ orderBy: DecisionListOrder.DECIDED_AT });
    expect(read.filtered).toBe(false);
    expect(read.query).toBe('');
  });

  it('reads UK days (both included), the agreement, outcome, flags and mine', () => {
    const read = readListFilters(
      { 'from-day': '1', 'from-month': '7', 'from-year': '2026', 'to-day': '31', 'to-month': '7', 'to-year': '2026', agreementId: AGREEMENT, outcome: 'NOT_SHARED', flagged: 'yes', mine: 'yes' },
      [AGREEMENT],
    );
    expect(read.errors).toEqual([]);
    expect(read.args).toEqual({
      orderBy: DecisionListOrder.DECIDED_AT,
      decidedFrom: new Date('2026-06-30T23:00:00Z'),
      decidedBefore: new Date('2026-07-31T23:00:00Z'),
      agreementId: AGREEMENT,
      outcome: 'NOT_SHARED',
      flagged: true,
      recordedByMe: true,
    });
    expect(read.query).toBe(`from-day=1&from-month=7&from-year=2026&to-day=31&to-month=7&to-year=2026&agreementId=${AGREEMENT}&outcome=NOT_SHARED&flagged=yes&mine=yes`);
    expect(readListFilters({ flagged: 'no' }, []).args.flagged).toBe(false);
  });

  it('says what is wrong with a date, and ignores an agreement or outcome not offered', () => {
    const read = readListFilters({ 'from-day': '31', 'from-month': '2', 'from-year': '2026', 'to-day': '1', 'to-year': '2026', agreementId: 'other', outcome: 'MAYBE' }, [AGREEMENT]);
    expect(read.errors).toEqual([
      { field: 'from', anchor: 'from-day', message: 'The from date must be a real date, for example 27 3 2026' },
      { field: 'to', anchor: 'to-month', message: 'The to date must include a month' },
    ]);
    expect(read.args).toEqual({ orderBy: DecisionListOrder.DECIDED_AT });
    expect(read.values.agreementId).toBe('');
    const backwards = readListFilters({ 'from-day': '2', 'from-month': '3', 'from-year': '2026', 'to-day': '1', 'to-month': '3', 'to-year': '2026' }, []);
    expect(backwards.errors).toEqual([{ field: 'to', anchor: 'to-day', message: 'The to date must be the same as or after the from date' }]);
  });

  it('fills the form in as it was sent', () => {
    const read = readListFilters({ outcome: 'SHARED', flagged: 'no' }, [AGREEMENT]);
    const view = filterFormView(read.values, [{ id: AGREEMENT, reference: 'ISP-1', title: 'T' }], read.errors);
    expect(view.outcomes.find((o) => o.selected)?.value).toBe('SHARED');
    expect(view.flagged.find((f) => f.checked)?.value).toBe('no');
    expect(view.agreements).toEqual([{ value: AGREEMENT, label: 'ISP-1: T', selected: false }]);
    expect(filterQuery(read.values)).toBe('outcome=SHARED&flagged=no');
  });
});
