import { inForceOn } from '../../organisations/assurance.rules.js';
import type { OrganisationAssurance } from '../../organisations/organisation-assurance.entity.js';
import type { DsptStatus, SecureEmailMethod } from '../../organisations/organisation.enums.js';
import { datePartsFrom, type DateParts, type FormErrors, type FormField } from '../form-input.js';
import { DSPT_STATUSES, SECURE_EMAIL_METHODS } from './organisation-view.js';

/** The assurance history page: each dated entry in words, and the form that records a new one. Pure. */

export const ASSURANCE_FIELDS: Record<string, FormField> = {
  effectiveFrom: { label: 'Date the change took effect', anchor: 'effectiveFrom-day' },
  dsptStatus: { label: 'DSPT status' },
  dsptStatusDate: { label: 'DSPT publication date', anchor: 'dsptStatusDate-day' },
  dsptNextDueDate: { label: 'Next DSPT assessment due', anchor: 'dsptNextDueDate-day' },
  secureEmailMethod: { label: 'Secure email method' },
  secureEmailAccreditationExpiry: { label: 'Accreditation expiry date', anchor: 'secureEmailAccreditationExpiry-day' },
  icoRegistrationRenewalDate: { label: 'ICO registration renewal date', anchor: 'icoRegistrationRenewalDate-day' },
};

export const ASSURANCE_DATE_FIELDS = ['effectiveFrom', 'dsptStatusDate', 'dsptNextDueDate', 'secureEmailAccreditationExpiry', 'icoRegistrationRenewalDate'] as const;

export interface AssuranceValues {
  effectiveFrom: DateParts;
  dsptStatus: string;
  dsptStatusDate: DateParts;
  dsptNextDueDate: DateParts;
  secureEmailMethod: string;
  secureEmailAccreditationExpiry: DateParts;
  icoRegistrationRenewalDate: DateParts;
}

/** The form as first shown: the entry in force today, to change what has changed; the date it took effect left for today. */
export function assuranceValuesOf(current: OrganisationAssurance | null): AssuranceValues {
  return {
    effectiveFrom: datePartsFrom(null),
    dsptStatus: current?.dsptStatus ?? 'NOT_PUBLISHED',
    dsptStatusDate: datePartsFrom(current?.dsptStatusDate ?? null),
    dsptNextDueDate: datePartsFrom(current?.dsptNextDueDate ?? null),
    secureEmailMethod: current?.secureEmailMethod ?? 'NONE',
    secureEmailAccreditationExpiry: datePartsFrom(current?.secureEmailAccreditationExpiry ?? null),
    icoRegistrationRenewalDate: datePartsFrom(current?.icoRegistrationRenewalDate ?? null),
  };
}

/** The entries, the latest to take effect first, in words; the one in force on `today` marked. */
export function assuranceRows(history: readonly OrganisationAssurance[], today: string) {
  const inForce = inForceOn([...history].sort((a, b) => Number(a.id) - Number(b.id)), today);
  return history.map((entry) => ({
    id: entry.id,
    effectiveFrom: entry.effectiveFrom,
    inForce: entry === inForce,
    dspt: DSPT_STATUSES[entry.dsptStatus as DsptStatus] ?? entry.dsptStatus,
    dsptStatusDate: entry.dsptStatusDate,
    dsptNextDueDate: entry.dsptNextDueDate,
    secureEmail: SECURE_EMAIL_METHODS[entry.secureEmailMethod as SecureEmailMethod]?.label ?? entry.secureEmailMethod,
    secureEmailAccreditationExpiry: entry.secureEmailAccreditationExpiry,
    icoRegistrationRenewalDate: entry.icoRegistrationRenewalDate,
    recordedAt: entry.recordedAt.toISOString(),
  }));
}

export function assuranceView(input: { organisationName: string; history: readonly OrganisationAssurance[]; today: string; values: AssuranceValues; errors: FormErrors | null; done: boolean }) {
  const { values } = input;
  return {
    pageTitle: 'Assurance history',
    organisationName: input.organisationName,
    rows: assuranceRows(input.history, input.today),
    values,
    errors: input.errors,
    done: input.done,
    dsptStatuses: Object.entries(DSPT_STATUSES).map(([value, label], i) => ({ value, label, id: i === 0 ? 'dsptStatus' : `dsptStatus-${i + 1}`, checked: value === values.dsptStatus })),
    secureEmailMethods: Object.entries(SECURE_EMAIL_METHODS).map(([value, { label, hint }], i) => ({
      value,
      label,
      hint,
      id: i === 0 ? 'secureEmailMethod' : `secureEmailMethod-${i + 1}`,
      checked: value === values.secureEmailMethod,
    })),
  };
}
