import type { FieldProblem } from './domain-error.js';

/**
 * Unique indexes the database enforces, by constraint name, so a race that slips past a
 * service's own check still reaches the client as a CONFLICT naming the field.
 */
const UNIQUE_CONSTRAINTS: Record<string, FieldProblem> = {
  uq_organisation_ods_code: { field: 'odsCode', rule: 'unique', message: 'another organisation already has this ODS code' },
  uq_organisation_ico_registration: {
    field: 'icoRegistrationNumber',
    rule: 'unique',
    message: 'another organisation already has this ICO registration number',
  },
  uq_organisation_name: { field: 'name', rule: 'unique', message: 'another organisation already has this name' },
  uq_app_user_email: { field: 'email', rule: 'unique', message: 'another user already has this email address' },
};

export function uniqueConstraintProblem(constraint: string | undefined): FieldProblem | undefined {
  return constraint ? UNIQUE_CONSTRAINTS[constraint] : undefined;
}
