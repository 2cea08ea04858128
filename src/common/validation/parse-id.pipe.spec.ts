import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { ParseIdPipe } from './parse-id.pipe.js';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();
  const as = (data: string) => ({ type: 'custom' as const, data });

  it('passes a UUID through', () => {
    expect(pipe.transform('4f1c2d3e-0000-4000-8000-000000000001', as('id'))).toBe('4f1c2d3e-0000-4000-8000-000000000001');
  });

  it.each(["1' OR '1'='1", '', 'not-a-uuid', '4f1c2d3e00004000800000000000000001', 42, null, { id: 1 }])('refuses %j with BAD_USER_INPUT naming the argument', (value) => {
    let error: unknown;
    try {
      pipe.transform(value, as('agreementId'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.BadUserInput);
    expect((error as DomainError).message).toBe('agreementId must be an id (UUID)');
    expect((error as DomainError).details.fields).toEqual([{ field: 'agreementId', rule: 'isUuid', message: 'agreementId must be an id (UUID)' }]);
  });
});
