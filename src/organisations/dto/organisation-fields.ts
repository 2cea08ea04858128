import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsOptional, isPhoneNumber, IsString, Length, Matches, MaxLength, ValidateBy } from 'class-validator';
import { LocalDate } from '../../common/scalars/local-date.scalar.js';
import { NormaliseCode, NormaliseLines, NormaliseOptionalEmail, Trim, TrimToNull } from '../../common/validation/normalise.js';
import { DsptStatus, SecureEmailMethod, Sector } from '../organisation.enums.js';
import { ICO_REGISTRATION_SHAPE, ODS_CODE_SHAPE, PHONE_SHAPE } from '../organisation.rules.js';

/** Field decorators shared by the create and update inputs; `required` only on create. */

const optionalUnless = (required: boolean) => (required ? [] : [IsOptional()]);

export const NameField = (required: boolean) =>
  applyDecorators(
    Field(() => String, { nullable: !required }),
    ...optionalUnless(required),
    Trim(),
    IsString(),
    Length(2, 200, { message: 'name must be 2 to 200 characters' }),
  );

export const SectorField = (required: boolean) =>
  applyDecorators(Field(() => Sector, { nullable: !required }), ...optionalUnless(required), IsEnum(Sector));

export const OdsCodeField = () =>
  applyDecorators(
    Field(() => String, { nullable: true, description: 'NHS ODS code: 3 to 6 letters and digits, e.g. RJ1, RJ101, A81001.' }),
    IsOptional(),
    NormaliseCode(),
    Matches(ODS_CODE_SHAPE, { message: 'odsCode must be 3 to 6 letters and digits, e.g. RJ1, RJ101 or A81001' }),
  );

export const IcoRegistrationNumberField = () =>
  applyDecorators(
    Field(() => String, { nullable: true, description: 'ICO registration number: Z and 7 digits, or Z, a letter and 6 digits.' }),
    IsOptional(),
    NormaliseCode(),
    Matches(ICO_REGISTRATION_SHAPE, {
      message: 'icoRegistrationNumber must be Z and 7 digits (Z1234567) or Z, a letter and 6 digits (ZA123456)',
    }),
  );

export const DsptStatusField = (defaultValue?: DsptStatus) =>
  applyDecorators(Field(() => DsptStatus, { nullable: defaultValue === undefined, defaultValue }), IsOptional(), IsEnum(DsptStatus));

export const SecureEmailMethodField = (defaultValue?: SecureEmailMethod) =>
  applyDecorators(
    Field(() => SecureEmailMethod, { nullable: defaultValue === undefined, defaultValue }),
    IsOptional(),
    IsEnum(SecureEmailMethod),
  );

export const OptionalDateField = (description: string) => applyDecorators(Field(() => LocalDate, { nullable: true, description }), IsOptional());

export const RegisteredAddressField = () =>
  applyDecorators(
    Field(() => String, { nullable: true, description: 'The registered address, one line per line, 5 to 500 characters; empty or null clears it.' }),
    IsOptional(),
    NormaliseLines(),
    IsString(),
    Length(5, 500, { message: 'registeredAddress must be 5 to 500 characters' }),
  );

export const IgContactEmailField = () =>
  applyDecorators(
    Field(() => String, { nullable: true, description: 'Public email address for information-governance queries; empty or null clears it.' }),
    IsOptional(),
    NormaliseOptionalEmail(),
    IsEmail({}, { message: 'igContactEmail must be an email address, for example ig.queries@example.nhs.uk' }),
    MaxLength(254, { message: 'igContactEmail must be at most 254 characters' }),
  );

export const IgContactPhoneField = () =>
  applyDecorators(
    Field(() => String, { nullable: true, description: 'Public telephone number for information-governance queries, e.g. 0113 496 0000 or +44 113 496 0000; empty or null clears it.' }),
    IsOptional(),
    TrimToNull(),
    // One rule: written as the database accepts it (PHONE_SHAPE) and a number that can be dialled.
    ValidateBy(
      { name: 'isPhoneNumber', validator: { validate: (value) => typeof value === 'string' && PHONE_SHAPE.test(value) && isPhoneNumber(value, 'GB') } },
      { message: 'igContactPhone must be a UK telephone number, or an international one starting with +, in digits, spaces, brackets or hyphens' },
    ),
  );
