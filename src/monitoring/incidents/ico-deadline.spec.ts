import { hoursUntilIcoDeadline, icoDeadlineMissed, icoDeadlineOf, icoDeadlineState } from './ico-deadline.js';

const found = new Date('2026-12-07T10:00:00Z');
const reportable = (reportedToIcoAt: Date | null = null) => ({ icoReportable: true, discoveredAt: found, icoDeadline: icoDeadlineOf(true, found), reportedToIcoAt });
const at = (hoursAfterFound: number) => new Date(found.getTime() + hoursAfterFound * 3_600_000);

describe('the ICO deadline', () => {
  it('is 72 hours after discovery for a reportable breach, and none otherwise', () => {
    expect(icoDeadlineOf(true, found)).toEqual(new Date('2026-12-10T10:00:00Z'));
    expect(icoDeadlineOf(false, found)).toBeNull();
  });

  it('runs, then is overdue; hours left to a tenth, negative once passed', () => {
    expect(icoDeadlineState(reportable(), at(10))).toEqual({ kind: 'RUNNING', deadline: at(72), millisecondsLeft: 62 * 3_600_000 });
    expect(hoursUntilIcoDeadline(reportable(), at(10.25))).toBe(61.8);
    expect(icoDeadlineMissed(reportable(), at(72))).toBe(false);
    expect(icoDeadlineState(reportable(), at(75))).toEqual({ kind: 'OVERDUE', deadline: at(72), millisecondsOver: 3 * 3_600_000 });
    expect(hoursUntilIcoDeadline(reportable(), at(75))).toBe(-3);
    expect(icoDeadlineMissed(reportable(), at(75))).toBe(true);
  });

  it('stops once reported: in time or late, whatever the time now', () => {
    expect(icoDeadlineState(reportable(at(20)), at(100))).toEqual({ kind: 'REPORTED', reportedAt: at(20), deadline: at(72), late: false });
    expect(icoDeadlineMissed(reportable(at(20)), at(100))).toBe(false);
    expect(icoDeadlineMissed(reportable(at(80)), at(100))).toBe(true);
    expect(hoursUntilIcoDeadline(reportable(at(80)), at(100))).toBeNull();
  });

  it('does not apply to what is not reportable', () => {
    const nearMiss = { icoReportable: false, discoveredAt: found, icoDeadline: null, reportedToIcoAt: null };
    expect(icoDeadlineState(nearMiss, at(500))).toEqual({ kind: 'NOT_REPORTABLE' });
    expect(icoDeadlineMissed(nearMiss, at(500))).toBe(false);
    expect(hoursUntilIcoDeadline(nearMiss, at(500))).toBeNull();
  });
});
