import { carriedFields, decodeCarried, encodeCarried, sessionWarningDelaySeconds } from './resume-form.js';

describe('carrying a form through sign-in', () => {
  it('turns a parsed body back into the pairs the browser sent, without the CSRF token', () => {
    const body = { _csrf: 'old', summary: 'Line one\nLine two', items: ['NAME', 'NHS_NUMBER'], flows: [{ from: 'a', to: 'b' }], date: { day: '7', month: '12' } };
    expect(carriedFields(body)).toEqual([
      ['summary', 'Line one\nLine two'],
      ['items', 'NAME'],
      ['items', 'NHS_NUMBER'],
      ['flows[0][from]', 'a'],
      ['flows[0][to]', 'b'],
      ['date[day]', '7'],
      ['date[month]', '12'],
    ]);
  });

  it('carries nothing from a body that is not a form', () => {
    expect(carriedFields(undefined)).toEqual([]);
    expect(carriedFields(Buffer.from('%PDF'))).toEqual([]);
    expect(carriedFields(['a'])).toEqual([]);
  });

  it('round-trips through one hidden field, keeping line breaks and symbols, and never a CSRF token', () => {
    const pairs: [string, string][] = [['reason', 'Café & co = "50%"\r\nsecond line'], ['items', 'A'], ['items', 'B']];
    expect(decodeCarried(encodeCarried(pairs))).toEqual([['reason', 'Café & co = "50%"\nsecond line'.replace('\n', '\r\n')], ['items', 'A'], ['items', 'B']]);
    expect(decodeCarried('_csrf=x&a=1')).toEqual([['a', '1']]);
    expect(decodeCarried(undefined)).toEqual([]);
    expect(decodeCarried('')).toEqual([]);
  });
});

describe('when the session warning shows', () => {
  it('shows it two minutes and one touch interval before the idle timeout', () => {
    expect(sessionWarningDelaySeconds(1800, 60)).toBe(1620);
    expect(sessionWarningDelaySeconds(300, 60)).toBe(120);
  });
  it('shows it at once when the timeout is shorter than that', () => {
    expect(sessionWarningDelaySeconds(150, 60)).toBe(0);
  });
});
