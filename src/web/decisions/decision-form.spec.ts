import { dateTimeValues, lines, londonInstant, londonParts, readDateTime, texts } from './decision-form.js';

const typed = (day: string, month: string, year: string, time: string) => ({ 'at-day': day, 'at-month': month, 'at-year': year, 'at-time': time });
const read = (day: string, month: string, year: string, time: string) => readDateTime(typed(day, month, year, time), 'at', 'you decided');

describe('readDateTime', () => {
  it('reads UK time: GMT in winter, BST in summer', () => {
    expect(read('27', '1', '2026', '14:30')).toEqual({ value: '2026-01-27T14:30:00.000Z' });
    expect(read('27', '7', '2026', '14:30')).toEqual({ value: '2026-07-27T13:30:00.000Z' });
    expect(read('01', '07', '2026', '9.05')).toEqual({ value: '2026-07-01T08:05:00.000Z' });
  });

  it('says what is missing or wrong, and which part to link to', () => {
    expect(read('', '', '', '').error).toEqual({ field: 'at', message: 'Enter the date and time you decided' });
    expect(read('27', '', '2026', '14:30').error).toMatchObject({ part: 'month', message: 'The date you decided must include a month' });
    expect(read('31', '2', '2026', '14:30').error).toMatchObject({ part: 'date' });
    expect(read('27', '1', '26', '14:30').error).toMatchObject({ part: 'date' });
    expect(read('27', '1', '2026', '').error).toMatchObject({ part: 'time', message: 'Enter the time you decided' });
    expect(read('27', '1', '2026', '2:30pm').error).toMatchObject({ part: 'time' });
    expect(read('27', '1', '2026', '24:00').error).toMatchObject({ part: 'time' });
  });

  it('refuses a time the clocks skip when they go forward', () => {
    expect(londonInstant(2026, 3, 29, 1, 30)).toBeNull();
    expect(read('29', '3', '2026', '01:30').error).toMatchObject({ part: 'date' });
    expect(londonInstant(2026, 3, 29, 2, 30)?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('shows an instant back as UK date parts and time', () => {
    expect(londonParts(new Date('2026-07-27T13:05:00Z'))).toEqual({ day: '27', month: '7', year: '2026', time: '14:05' });
    expect(dateTimeValues('at', '2026-12-01T00:00:00Z')).toEqual({ 'at-day': '1', 'at-month': '12', 'at-year': '2026', 'at-time': '00:00' });
    expect(dateTimeValues('at', undefined)).toEqual({});
  });
});

describe('posted lists', () => {
  it('reads lines as items once each, ignoring case and blank lines', () => {
    expect(lines('NHS number\r\n\r\n  Care plan \nnhs number\n')).toEqual(['NHS number', 'Care plan']);
  });

  it('reads a field posted once or many times', () => {
    expect(texts({ a: 'x' }, 'a')).toEqual(['x']);
    expect(texts({ a: ['x', ' y ', ''] }, 'a')).toEqual(['x', 'y']);
    expect(texts({}, 'a')).toEqual([]);
  });
});
