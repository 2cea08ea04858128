import { InputType } from '@nestjs/graphql';
import type { DsptStatus, SecureEmailMethod, Sector } from '../organisation.enums.js';
import {
  DsptStatusField,
  IcoRegistrationNumberField,
  IgContactEmailField,
  IgContactPhoneField,
  NameField,
  OdsCodeField,
  OptionalDateField,
  RegisteredAddressField,
  SecureEmailMethodField,
  SectorField,
} from './organisation-fields.js';

/** Only the fields given change; give null to clear an optional field. */
@InputType()
export class UpdateOrganisationInput {
  @NameField(false)
  name?: string;

  @SectorField(false)
  sector?: Sector;

  @OdsCodeField()
  odsCode?: string | null;

  @IcoRegistrationNumberField()
  icoRegistrationNumber?: string | null;

  @RegisteredAddressField()
  registeredAddress?: string | null;

  @IgContactEmailField()
  igContactEmail?: string | null;

  @IgContactPhoneField()
  igContactPhone?: string | null;

  @DsptStatusField()
  dsptStatus?: DsptStatus;

  @OptionalDateField('When the DSPT status was published; required unless dsptStatus is NOT_PUBLISHED.')
  dsptStatusDate?: string | null;

  @SecureEmailMethodField()
  secureEmailMethod?: SecureEmailMethod;

  @OptionalDateField('When the DCB1596 accreditation expires; required for the DCB1596 methods.')
  secureEmailAccreditationExpiry?: string | null;
}
