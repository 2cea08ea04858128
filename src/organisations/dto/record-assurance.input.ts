import { InputType } from '@nestjs/graphql';
import type { DsptStatus, SecureEmailMethod } from '../organisation.enums.js';
import { DsptStatusField, OptionalDateField, SecureEmailMethodField } from './organisation-fields.js';

/**
 * A new dated entry of an organisation's assurance. Fields not given are carried over from the
 * entry in force on effectiveFrom; give null to clear an optional date.
 */
@InputType()
export class RecordAssuranceInput {
  @OptionalDateField('The day the change takes effect; today when not given. Not in the future.')
  effectiveFrom?: string | null;

  @DsptStatusField()
  dsptStatus?: DsptStatus;

  @OptionalDateField('When the DSPT status was published; a new date is required whenever dsptStatus changes.')
  dsptStatusDate?: string | null;

  @OptionalDateField('When the next DSPT assessment is due.')
  dsptNextDueDate?: string | null;

  @SecureEmailMethodField()
  secureEmailMethod?: SecureEmailMethod;

  @OptionalDateField('When the DCB1596 accreditation expires; required for the DCB1596 methods.')
  secureEmailAccreditationExpiry?: string | null;

  @OptionalDateField('When the ICO data protection registration is due for renewal.')
  icoRegistrationRenewalDate?: string | null;
}
