import { countInWords } from './count-in-words.js';

describe('countInWords', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect([0, 1, 2].map((n) => countInWords(n, 'agreement'))).toEqual(['0 agreements', '1 agreement', '2 agreements']);
  });

  it('takes an irregular plural', () => {
    expect([1, 3].map((n) => countInWords(n, 'party', 'parties'))).toEqual(['1 party', '3 parties']);
  });
});
