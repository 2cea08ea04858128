import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { StorableTextPipe, unstorableText } from './storable-text.pipe.js';

describe('StorableTextPipe', () => {
  const pipe = new StorableTextPipe();
  const refusal = (value: unknown, data?: string): DomainError => {
    try {
      pipe.transform(value, { type: 'body', data });
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return error as DomainError;
    }
    throw new Error('expected a refusal');
  };

  it.each(['plain', '', 'مرحبا', '👩🏽‍⚕️', 'e\u0301', '\u202Egnp.exe', '<script>', "'; DROP TABLE x; --", '\uD83D\uDE00'])('takes storable text %j', (text) => {
    expect(unstorableText(text)).toBeUndefined();
  });

  it('refuses a NUL anywhere in the input, naming the field by its path', () => {
    const error = refusal({ dataSubjects: { categories: ['ok', 'a\u0000b'] } }, 'input');
    expect(error.code).toBe(ErrorCode.BadUserInput);
    expect(error.details.fields).toEqual([
      { field: 'input.dataSubjects.categories[1]', rule: 'noNulCharacter', message: 'input.dataSubjects.categories[1] must not contain the NUL character (U+0000)' },
    ]);
  });

  it.each(['\uD800', 'a\uDFFFb', '\uDFFF\uD800'])('refuses the lone surrogate in %j', (text) => {
    expect(refusal({ title: text }).details.fields).toEqual([
      { field: 'title', rule: 'wellFormedUnicode', message: 'title must be well-formed Unicode text (it has a lone surrogate)' },
    ]);
  });

  it('checks a bare string argument and field names, and leaves dates, numbers and the caller alone', () => {
    expect(refusal('\u0000', 'csv').details.fields?.[0].field).toBe('csv');
    expect(refusal({ ['a\u0000']: 1 }, 'input').details.fields?.[0].rule).toBe('storableKey');
    const fine = { when: new Date(), n: 3, ok: true, list: [null, 'x'] };
    expect(pipe.transform(fine, { type: 'body', data: 'input' })).toBe(fine);
    expect(pipe.transform({ name: '\u0000' }, { type: 'custom' })).toEqual({ name: '\u0000' });
  });
});
