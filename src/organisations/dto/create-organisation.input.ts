import { InputType } from '@nestjs/graphql';
import { DsptStatus, SecureEmailMethod, type Sector } from '../organisation.enums.js';
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

@InputType()
export class CreateOrganisationInput {
  @NameField(true)
  name: string;

  @SectorField(true)
  sector: Sector;

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

  @DsptStatusField(DsptStatus.NOT_PUBLISHED)
  dsptStatus: DsptStatus;

  @OptionalDateField('When the DSPT status was published; required unless dsptStatus is NOT_PUBLISHED.')
  dsptStatusDate?: string | null;

  @SecureEmailMethodField(SecureEmailMethod.NONE)
  secureEmailMethod: SecureEmailMethod;

  @OptionalDateField('When the DCB1596 accreditation expires; required for the DCB1596 methods.')
  secureEmailAccreditationExpiry?: string | null;
}
