import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Matches, Min } from 'class-validator';
import { SigningRole } from '../agreement.enums.js';
import { AgreementIdField, ExpectedRevisionField, ReasonField } from './agreement-fields.js';

@InputType()
export class SubmitForSignatureInput {
  @AgreementIdField()
  agreementId: string;

  @ExpectedRevisionField()
  expectedRevision: number;
}

@InputType()
export class SignAgreementInput {
  @AgreementIdField()
  agreementId: string;

  @Field(() => Int, { description: 'The version you read and are signing.' })
  @IsInt()
  @Min(1)
  versionNumber: number;

  @Field({ description: "The version's SHA-256 as you read it; a different one means you read another version." })
  @Matches(/^[0-9a-f]{64}$/, { message: 'contentHash must be the 64 hex characters of a SHA-256' })
  contentHash: string;

  @Field(() => SigningRole, { nullable: true, description: 'The role you sign in; your strongest signing role when left out.' })
  @IsOptional()
  @IsEnum(SigningRole)
  signingAs?: SigningRole | null;
}

@InputType()
export class DeclineToSignInput {
  @AgreementIdField()
  agreementId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  versionNumber: number;

  @ReasonField('Why your organisation declines: the lead IG lead sees it with the returned draft.')
  reason: string;

  @Field(() => SigningRole, { nullable: true, description: 'The role you decline in; your strongest signing role when left out.' })
  @IsOptional()
  @IsEnum(SigningRole)
  decliningAs?: SigningRole | null;
}

@InputType()
export class AgreementStatusChangeInput {
  @AgreementIdField()
  agreementId: string;

  @ReasonField('Why: recorded on the agreement and in the audit log.')
  reason: string;
}
