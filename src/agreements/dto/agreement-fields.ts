import { applyDecorators } from '@nestjs/common';
import { Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { Trim } from '../../common/validation/normalise.js';
import { PartyInput } from './party.input.js';

export const MAX_PARTIES = 50;

export const AgreementIdField = () =>
  applyDecorators(Field(() => ID), IsUUID('all', { message: 'agreementId must be an agreement id (UUID)' }));

export const ExpectedRevisionField = () =>
  applyDecorators(
    Field(() => Int, { description: "The draft's revision you edited; a newer one means someone else changed it (CONFLICT)." }),
    IsInt(),
    Min(1),
  );

export const TitleField = (required: boolean) =>
  applyDecorators(
    Field(() => String, { nullable: !required }),
    ...(required ? [] : [IsOptional()]),
    Trim(),
    IsString(),
    Length(3, 300, { message: 'title must be 3 to 300 characters' }),
  );

export const ParentProtocolField = () =>
  applyDecorators(
    Field(() => ID, { nullable: true, description: 'The PROTOCOL this agreement sits under; null for none.' }),
    IsOptional(),
    IsUUID('all', { message: 'parentProtocolId must be an agreement id (UUID)' }),
  );

export const PartiesField = (description: string) =>
  applyDecorators(
    Field(() => [PartyInput], { nullable: true, description }),
    IsOptional(),
    ArrayMaxSize(MAX_PARTIES, { message: `parties must have at most ${MAX_PARTIES} organisations` }),
    ValidateNested({ each: true }),
    Type(() => PartyInput),
  );

export const ReasonField = (what: string) =>
  applyDecorators(Field({ description: what }), Trim(), IsString(), Length(3, 2000, { message: 'reason must be 3 to 2000 characters' }));
