import { tooManyInWords, waitInWords } from './wait-in-words.js';

describe('waitInWords', () => {
  it('says seconds under a minute, minutes rounded up under an hour and a half, then hours', () => {
    expect(waitInWords(1)).toBe('1 second');
    expect(waitInWords(40)).toBe('40 seconds');
    expect(waitInWords(60)).toBe('1 minute');
    expect(waitInWords(61)).toBe('2 minutes');
    expect(waitInWords(895)).toBe('15 minutes');
    expect(waitInWords(5340)).toBe('89 minutes');
    expect(waitInWords(7200)).toBe('2 hours');
    expect(waitInWords(0)).toBe('1 second');
  });

  it('turns a rate limit’s refusal into the NHS style', () => {
    expect(tooManyInWords('Too many sign-in attempts: try again in 895 seconds', 895)).toBe('Too many sign-in attempts. Try again in 15 minutes.');
    expect(tooManyInWords('Too many changes: at most 3 per user every minute; try again in 40 seconds', 40)).toBe('Too many changes. Try again in 40 seconds.');
    expect(tooManyInWords('Too many document requests', undefined)).toBe('Too many document requests. Try again later.');
  });
});
