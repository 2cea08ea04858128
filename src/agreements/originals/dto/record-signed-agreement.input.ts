import { Field, ID, InputType, Int, OmitType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { LocalDate } from '../../../common/scalars/local-date.scalar.js';
import { Trim } from '../../../common/validation/normalise.js';
import { AgreementKind, PartyRole, SigningRole } from '../../agreement.enums.js';
import { AgreementIdField, MAX_PARTIES, ParentProtocolField, ReasonField, TitleField } from '../../dto/agreement-fields.js';
import { UpdateAgreementDraftInput } from '../../dto/update-agreement-draft.input.js';

/** The sections of an agreement, as a draft has them (the same model and rules). */
@InputType()
export class AgreementSectionsInput extends OmitType(UpdateAgreementDraftInput, ['agreementId', 'expectedRevision'] as const, InputType) {}

@InputType({ description: 'A party as the signed original names it, with who signed for it and when.' })
export class RecordedPartyInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId: string;

  @Field(() => PartyRole)
  @IsEnum(PartyRole)
  role: PartyRole;

  @Field({ description: 'The name of the person who signed, as on the original.' })
  @Trim()
  @IsString()
  @Length(2, 200, { message: 'signerName must be 2 to 200 characters' })
  signerName: string;

  @Field({ description: 'Their job title then.' })
  @Trim()
  @IsString()
  @Length(2, 200, { message: 'signerJobTitle must be 2 to 200 characters' })
  signerJobTitle: string;

  @Field(() => SigningRole, { description: 'The role they signed in.' })
  @IsEnum(SigningRole)
  signedAs: SigningRole;

  @Field(() => LocalDate, { description: 'The date they signed: in the past, and not after the date it came into force.' })
  @IsString()
  signedOn: string;
}

@InputType({ description: 'An agreement signed on paper before Accordant, recorded by the IG lead of its lead organisation.' })
export class RecordSignedAgreementInput {
  @Field(() => ID, { nullable: true, description: 'A draft of yours with no version yet that this is the signed original of; a new agreement when left out.' })
  @IsOptional()
  @IsUUID('all', { message: 'agreementId must be an agreement id (UUID)' })
  agreementId?: string | null;

  @Field(() => AgreementKind)
  @IsEnum(AgreementKind)
  kind: AgreementKind;

  @TitleField(true)
  title: string;

  @ParentProtocolField()
  parentProtocolId?: string | null;

  @Field({ description: "The original's own reference (kept beside Accordant's)." })
  @Trim()
  @IsString()
  @Length(1, 100, { message: 'originalReference must be 1 to 100 characters' })
  originalReference: string;

  @Field(() => [RecordedPartyInput], { description: 'Every party, your organisation among them, each with its signer.' })
  @ArrayMinSize(1, { message: 'parties must name at least your organisation' })
  @ArrayMaxSize(MAX_PARTIES, { message: `parties must have at most ${MAX_PARTIES} organisations` })
  @ValidateNested({ each: true })
  @Type(() => RecordedPartyInput)
  parties: RecordedPartyInput[];

  @Field(() => AgreementSectionsInput, { description: 'Its sections, as in a draft.' })
  @ValidateNested()
  @Type(() => AgreementSectionsInput)
  content: AgreementSectionsInput;

  @Field(() => LocalDate, { description: 'The date it came into force: today at the latest.' })
  @IsString()
  inForceFrom: string;

  @Field(() => LocalDate, { description: 'Its next review date (written into its review section).' })
  @IsString()
  nextReviewDate: string;

  @Field(() => ID, { description: 'The scanned signed original, uploaded first to POST /documents/signed-originals.' })
  @IsUUID('all', { message: 'originalId must be the id POST /documents/signed-originals gave (UUID)' })
  originalId: string;
}

@InputType()
export class RecordedOriginalAnswerInput {
  @AgreementIdField()
  agreementId: string;

  @Field(() => Int, { description: 'The recorded version you checked against the original.' })
  @IsInt()
  @Min(1)
  versionNumber: number;
}

@InputType()
export class DisputeRecordedOriginalInput extends RecordedOriginalAnswerInput {
  @ReasonField('What is not accurate: the lead IG lead sees it and corrects it by a variation.')
  reason: string;
}
