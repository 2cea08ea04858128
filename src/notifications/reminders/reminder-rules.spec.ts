import { DsptStatus } from '../../organisations/organisation.enums.js';
import { assuranceLapses, icoDeadlineNear, lapseOccasion, reviewReminder } from './reminder-rules.js';

describe('reviewReminder', () => {
  it.each([
    ['2026-06-01', null],
    ['2026-04-01', 'REVIEW_DUE_90'],
    ['2026-03-03', 'REVIEW_DUE_90'],
    ['2026-03-02', 'REVIEW_DUE_30'],
    ['2026-01-31', 'REVIEW_DUE_30'],
    ['2026-01-30', 'REVIEW_OVERDUE'],
  ])('a review due on %s, seen on 31 January 2026: %s', (date, expected) => {
    expect(reviewReminder(date, '2026-01-31')).toBe(expected);
  });

  it('no review date: nothing', () => {
    expect(reviewReminder(null, '2026-01-31')).toBeNull();
  });
});

describe('assuranceLapses', () => {
  const good = { dsptStatus: DsptStatus.STANDARDS_MET, dsptStatusDate: '2025-06-30', dsptNextDueDate: '2026-06-30', secureEmailAccreditationExpiry: '2027-01-01', effectiveFrom: '2025-06-30' };

  it('assurance in order: nothing', () => {
    expect(assuranceLapses(good, '2026-01-31')).toEqual([]);
    expect(assuranceLapses(null, '2026-01-31')).toEqual([]);
  });

  it('a DSPT due within 30 days, or overdue', () => {
    expect(assuranceLapses({ ...good, dsptNextDueDate: '2026-03-02' }, '2026-01-31')).toEqual([{ reminder: 'DSPT_DUE', dueDate: '2026-03-02' }]);
    expect(assuranceLapses({ ...good, dsptNextDueDate: '2026-03-03' }, '2026-01-31')).toEqual([]);
    expect(assuranceLapses({ ...good, dsptNextDueDate: '2026-01-01' }, '2026-01-31')).toEqual([{ reminder: 'DSPT_DUE', dueDate: '2026-01-01' }]);
  });

  it.each([DsptStatus.APPROACHING_STANDARDS, DsptStatus.STANDARDS_NOT_MET])('a DSPT status below Standards Met: %s', (status) => {
    expect(assuranceLapses({ ...good, dsptStatus: status }, '2026-01-31')).toEqual([{ reminder: 'DSPT_BELOW_STANDARDS_MET', status }]);
  });

  it('Standards Exceeded is not below Standards Met', () => {
    expect(assuranceLapses({ ...good, dsptStatus: DsptStatus.STANDARDS_EXCEEDED }, '2026-01-31')).toEqual([]);
  });

  it('an accreditation expiring within 90 days, or expired', () => {
    expect(assuranceLapses({ ...good, secureEmailAccreditationExpiry: '2026-05-01' }, '2026-01-31')).toEqual([{ reminder: 'ACCREDITATION_EXPIRING', expiry: '2026-05-01' }]);
    expect(assuranceLapses({ ...good, secureEmailAccreditationExpiry: '2026-05-02' }, '2026-01-31')).toEqual([]);
    expect(assuranceLapses({ ...good, secureEmailAccreditationExpiry: '2025-12-01' }, '2026-01-31')).toEqual([{ reminder: 'ACCREDITATION_EXPIRING', expiry: '2025-12-01' }]);
  });

  it('each lapse is a new occasion when its date changes', () => {
    expect(lapseOccasion({ reminder: 'ACCREDITATION_EXPIRING', expiry: '2026-05-01' }, good)).toBe('2026-05-01');
    expect(lapseOccasion({ reminder: 'DSPT_DUE', dueDate: '2026-03-01' }, good)).toBe('2026-03-01');
    expect(lapseOccasion({ reminder: 'DSPT_BELOW_STANDARDS_MET', status: DsptStatus.STANDARDS_NOT_MET }, good)).toBe('STANDARDS_NOT_MET 2025-06-30');
  });
});

describe('icoDeadlineNear', () => {
  const now = new Date('2026-01-31T12:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('within 12 hours and not reported: yes', () => {
    expect(icoDeadlineNear({ icoDeadline: at('2026-02-01T00:00:00Z'), reportedToIcoAt: null }, now)).toBe(true);
    expect(icoDeadlineNear({ icoDeadline: at('2026-01-31T11:00:00Z'), reportedToIcoAt: null }, now)).toBe(true);
  });

  it('further away, already reported, or not reportable: no', () => {
    expect(icoDeadlineNear({ icoDeadline: at('2026-02-01T00:00:01Z'), reportedToIcoAt: null }, now)).toBe(false);
    expect(icoDeadlineNear({ icoDeadline: at('2026-02-01T00:00:00Z'), reportedToIcoAt: at('2026-01-31T10:00:00Z') }, now)).toBe(false);
    expect(icoDeadlineNear({ icoDeadline: null, reportedToIcoAt: null }, now)).toBe(false);
  });
});
