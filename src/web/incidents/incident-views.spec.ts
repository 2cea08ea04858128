import { icoDeadlineOf } from '../../monitoring/incidents/ico-deadline.js';
import { deadlineView, durationWords } from './incident-views.js';

const found = new Date('2026-07-07T10:00:00Z');
const at = (hours: number) => new Date(found.getTime() + hours * 3_600_000);
const breach = (reportedToIcoAt: Date | null = null) => ({ icoReportable: true, discoveredAt: found, icoDeadline: icoDeadlineOf(true, found), reportedToIcoAt });

describe('incident words', () => {
  it('says a length of time as people do', () => {
    expect(durationWords(20_000)).toBe('less than a minute');
    expect(durationWords(60_000)).toBe('1 minute');
    expect(durationWords(59 * 60_000)).toBe('59 minutes');
    expect(durationWords(3_600_000)).toBe('1 hour');
    expect(durationWords(61.9 * 3_600_000)).toBe('61 hours');
    expect(durationWords(72 * 3_600_000)).toBe('72 hours');
    expect(durationWords(96 * 3_600_000)).toBe('4 days');
    expect(durationWords(100 * 3_600_000)).toBe('4 days and 4 hours');
  });

  it('counts the ICO deadline down in words, with the deadline in UK time', () => {
    const running = deadlineView(breach(), at(10.5));
    expect(running).toMatchObject({ state: 'RUNNING', text: '61 hours left to report to the ICO', tag: { text: '61 hours left', colour: 'yellow' }, overdue: false });
    expect(running.detail).toBe('Report it by 10 July 2026 at 11:00 BST, 72 hours after it was found.');
    expect(deadlineView(breach(), at(66)).tag.colour).toBe('orange');
    expect(deadlineView(breach(), at(71.5))).toMatchObject({ text: '30 minutes left to report to the ICO' });
  });

  it('says when it is overdue, and by how long', () => {
    expect(deadlineView(breach(), at(77))).toMatchObject({ state: 'OVERDUE', overdue: true, text: 'Overdue by 5 hours: not yet reported to the ICO', tag: { text: 'Overdue by 5 hours', colour: 'red' } });
  });

  it('says whether it was reported in time', () => {
    expect(deadlineView(breach(at(30)), at(500))).toMatchObject({ state: 'REPORTED', text: 'Reported to the ICO within 72 hours', tag: { colour: 'green' } });
    expect(deadlineView(breach(at(80)), at(500))).toMatchObject({ text: 'Reported to the ICO after the 72-hour deadline', tag: { text: 'Reported late' } });
    expect(deadlineView({ icoReportable: false, discoveredAt: found, icoDeadline: null, reportedToIcoAt: null }, at(1))).toMatchObject({ state: 'NOT_REPORTABLE', notReportable: true, text: 'Not reportable to the ICO' });
  });
});
