import type { ValidationError } from 'class-validator';
import { DomainError, type FieldProblem } from './domain-error.js';

/** Turns class-validator's tree into BAD_USER_INPUT naming each field and the rule it broke. */
export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  return DomainError.invalidFields(flattenValidationErrors(errors));
}

/** One problem per broken rule, with the dotted path of its field. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
