import type { FieldProblem } from '../common/errors/domain-error.js';
import { ACCREDITED_EMAIL_METHODS, DsptStatus, type SecureEmailMethod } from './organisation.enums.js';

/** ODS codes: 3 to 6 capital letters and digits (trusts RJ1, sites RJ101, practices A81001, 8-codes 8JR75). */
export const ODS_CODE_SHAPE = /^[A-Z0-9]{3,6}$/;
/** ICO registration numbers: Z and 7 digits, or Z, a letter and 6 digits (ZA123456). */
export const ICO_REGISTRATION_SHAPE = /^(Z[0-9]{7}|Z[A-Z][0-9]{6})$/;

/** Telephone numbers as written: digits, spaces, brackets and hyphens, an optional + first (the database checks the same). */
export const PHONE_SHAPE = /^\+?[0-9 ()-]{7,25}$/;

export interface AssuranceFields {
  dsptStatus: DsptStatus;
  dsptStatusDate: string | null;
  secureEmailMethod: SecureEmailMethod;
  secureEmailAccreditationExpiry: string | null;
}

/** Rules that join fields together; `today` is YYYY-MM-DD. */
export function assuranceProblems(fields: AssuranceFields, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (fields.dsptStatus !== DsptStatus.NOT_PUBLISHED && !fields.dsptStatusDate) {
    problems.push({ field: 'dsptStatusDate', rule: 'requiredWithDsptStatus', message: `is required when dsptStatus is ${fields.dsptStatus}` });
  }
  if (fields.dsptStatus === DsptStatus.NOT_PUBLISHED && fields.dsptStatusDate) {
    problems.push({ field: 'dsptStatusDate', rule: 'emptyWhenNotPublished', message: 'must be empty when dsptStatus is NOT_PUBLISHED' });
  }
  if (fields.dsptStatusDate && fields.dsptStatusDate > today) {
    problems.push({ field: 'dsptStatusDate', rule: 'notInFuture', message: `must not be after today (${today})` });
  }
  const accredited = ACCREDITED_EMAIL_METHODS.includes(fields.secureEmailMethod);
  if (accredited && !fields.secureEmailAccreditationExpiry) {
    problems.push({
      field: 'secureEmailAccreditationExpiry',
      rule: 'requiredWithAccreditedMethod',
      message: `is required when secureEmailMethod is ${fields.secureEmailMethod}`,
    });
  }
  if (!accredited && fields.secureEmailAccreditationExpiry) {
    problems.push({
      field: 'secureEmailAccreditationExpiry',
      rule: 'onlyWithAccreditedMethod',
      message: `must be empty when secureEmailMethod is ${fields.secureEmailMethod} (only DCB1596 accreditations expire)`,
    });
  }
  return problems;
}
