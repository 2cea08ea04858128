import { IsEmail, IsNotEmpty, Length, Matches, ValidateNested, validateSync, type ValidationError } from 'class-validator';
import { DomainError, ErrorCode } from './domain-error.js';
import { validationExceptionFactory } from './validation-exception.factory.js';

function validationError(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  return { property, constraints, children } as ValidationError;
}

describe('validationExceptionFactory', () => {
  it('gives BAD_USER_INPUT naming each top-level field and rule', () => {
    const error = validationExceptionFactory([
      validationError('odsCode', { matches: 'odsCode must be 3 to 6 capital letters or digits' }),
      validationError('name', { isNotEmpty: 'name should not be empty', maxLength: 'name must be shorter than 200 characters' }),
    ]);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ErrorCode.BadUserInput);
    expect(error.details.fields).toEqual([
      { field: 'odsCode', rule: 'matches', message: 'odsCode must be 3 to 6 capital letters or digits' },
      { field: 'name', rule: 'isNotEmpty', message: 'name should not be empty' },
      { field: 'name', rule: 'maxLength', message: 'name must be shorter than 200 characters' },
    ]);
    expect(error.message).toBe('odsCode must be 3 to 6 capital letters or digits; name should not be empty; name must be shorter than 200 characters');
  });

  it('flattens nested errors into dotted paths at every depth', () => {
    const error = validationExceptionFactory([
      validationError('input', undefined, [
        validationError('address', { isObject: 'address must be an object' }, [
          validationError('postcode', { matches: 'postcode must be a UK postcode' }),
        ]),
        validationError('contacts', undefined, [
          validationError('0', undefined, [validationError('email', { isEmail: 'email must be an email' })]),
        ]),
      ]),
    ]);
    expect(error.details.fields).toEqual([
      { field: 'input.address', rule: 'isObject', message: 'address must be an object' },
      { field: 'input.address.postcode', rule: 'matches', message: 'postcode must be a UK postcode' },
      { field: 'input.contacts.0.email', rule: 'isEmail', message: 'email must be an email' },
    ]);
    expect(error.message).toBe(
      'input.address: address must be an object; input.address.postcode: postcode must be a UK postcode; input.contacts.0.email: email must be an email',
    );
  });

  it('skips nodes that only carry children, and empty error lists give no fields', () => {
    expect(validationExceptionFactory([validationError('input', undefined, [])]).details.fields).toEqual([]);
    expect(validationExceptionFactory([]).details.fields).toEqual([]);
  });

  describe('with errors from class-validator itself', () => {
    class Contact {
      @IsEmail()
      email: string;
    }
    class Address {
      @Matches(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/)
      postcode: string;
    }
    class OrganisationInput {
      @IsNotEmpty()
      name: string;

      @Length(3, 6)
      odsCode: string;

      @ValidateNested()
      address: Address;

      @ValidateNested({ each: true })
      contacts: Contact[];
    }

    it('names the nested fields and array positions that failed', () => {
      const input = Object.assign(new OrganisationInput(), {
        name: '',
        odsCode: 'RJ1',
        address: Object.assign(new Address(), { postcode: 'nowhere' }),
        contacts: [Object.assign(new Contact(), { email: 'ok@example.org' }), Object.assign(new Contact(), { email: 'not-an-email' })],
      });
      const error = validationExceptionFactory(validateSync(input));
      expect(error.details.fields?.map((f) => `${f.field}:${f.rule}`)).toEqual(['name:isNotEmpty', 'address.postcode:matches', 'contacts.1.email:isEmail']);
      expect(error.details.fields?.[2].message).toBe('email must be an email');
    });
  });
});
