import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { NormaliseEmail, Trim } from '../../common/validation/normalise.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export const EmailField = () =>
  applyDecorators(
    Field(),
    NormaliseEmail(),
    IsEmail({}, { message: 'email must be an email address' }),
    MaxLength(254, { message: 'email must be at most 254 characters' }),
  );

export const FullNameField = (required: boolean) =>
  applyDecorators(
    Field(() => String, { nullable: !required }),
    ...(required ? [] : [IsOptional()]),
    Trim(),
    IsString(),
    Length(1, 200, { message: 'fullName must be 1 to 200 characters' }),
  );

export const JobTitleField = () =>
  applyDecorators(Field(() => String, { nullable: true }), IsOptional(), Trim(), IsString(), MaxLength(200, { message: 'jobTitle must be at most 200 characters' }));

export const PasswordField = (name: string, description?: string) =>
  applyDecorators(
    Field({ description }),
    IsString(),
    Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
      message: `${name} must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
    }),
  );
