import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { GraphQLISODateTime } from '@nestjs/graphql';
import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { Trim } from '../../common/validation/normalise.js';
import {
  AdviceSource,
  CapacityConsentBy,
  ConsentStatus,
  DecisionOutcome,
  KeyQuestionAnswer,
  NotInformedReason,
  NotSharedReason,
} from '../monitoring.enums.js';

@InputType({ description: 'Answers to the seven key questions of the HM Government flowchart, in order; leave out the ones the path skips.' })
export class KeyQuestionsInput {
  @Field(() => KeyQuestionAnswer, { nullable: true, description: 'Is there a clear and legitimate purpose for sharing information?' })
  @IsOptional()
  @IsEnum(KeyQuestionAnswer)
  q1?: KeyQuestionAnswer | null;

  @Field(() => KeyQuestionAnswer, { nullable: true, description: 'Does the information enable a living person to be identified?' })
  @IsOptional()
  @IsEnum(KeyQuestionAnswer)
  q2?: KeyQuestionAnswer | null;

  @Field(() => KeyQuestionAnswer, { nullable: true, description: 'Is the information confidential?' })
  @IsOptional()
  @IsEnum(KeyQuestionAnswer)
  q3?: KeyQuestionAnswer | null;

  @Field(() => KeyQuestionAnswer, { nullable: true, description: 'Do you have consent to share?' })
  @IsOptional()
  @IsEnum(KeyQuestionAnswer)
  q4?: KeyQuestionAnswer | null;

  @Field(() => KeyQuestionAnswer, { nullable: true, description: 'Is there sufficient public interest to share the information?' })
  @IsOptional()
  @IsEnum(KeyQuestionAnswer)
  q5?: KeyQuestionAnswer | null;

  @Field(() => KeyQuestionAnswer, { nullable: true, description: 'Are you sharing information appropriately and securely?' })
  @IsOptional()
  @IsEnum(KeyQuestionAnswer)
  q6?: KeyQuestionAnswer | null;

  @Field(() => KeyQuestionAnswer, { nullable: true, description: 'Have you properly recorded your information sharing decision?' })
  @IsOptional()
  @IsEnum(KeyQuestionAnswer)
  q7?: KeyQuestionAnswer | null;
}

const ITEM = 300;

/**
 * A decision to share or not to share. Never put the person's name or identifiers in any field:
 * `caseReference` is the one place for your own case number, and only its keyed hash is stored.
 */
@InputType()
export class SharingDecisionInput {
  @Field({ description: 'Your key for this decision, unique within your organisation: retrying with the same key records nothing new.' })
  @Trim()
  @IsString()
  @Length(1, 200)
  clientKey: string;

  @Field(() => ID, { nullable: true, description: 'The agreement it was shared under; leave empty when there is none (sharing must never wait for one).' })
  @IsOptional()
  @IsUUID('all', { message: 'agreementId must be an agreement id (UUID)' })
  agreementId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The data flow of the agreement used.' })
  @IsOptional()
  @IsUUID('all', { message: 'flowId must be a flow id (UUID)' })
  flowId?: string | null;

  @Field(() => ID, { description: 'Who asked for the information (or who would receive it).' })
  @IsUUID('all', { message: 'requestingOrganisationId must be an organisation id (UUID)' })
  requestingOrganisationId: string;

  @Field(() => ID, { description: 'Who holds and discloses it: your own organisation.' })
  @IsUUID('all', { message: 'disclosingOrganisationId must be an organisation id (UUID)' })
  disclosingOrganisationId: string;

  @Field(() => GraphQLISODateTime)
  @Type(() => Date)
  @IsDate()
  requestedAt: Date;

  @Field(() => GraphQLISODateTime)
  @Type(() => Date)
  @IsDate()
  decidedAt: Date;

  @Field(() => PurposeType)
  @IsEnum(PurposeType)
  purposeType: PurposeType;

  @Field(() => String, { nullable: true, description: 'The purpose in a few words, without naming anyone.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  purpose?: string | null;

  @Field(() => DecisionOutcome)
  @IsEnum(DecisionOutcome)
  outcome: DecisionOutcome;

  @Field(() => NotSharedReason, { nullable: true, description: 'Required unless everything asked for was shared.' })
  @IsOptional()
  @IsEnum(NotSharedReason)
  notSharedReason?: NotSharedReason | null;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, ITEM, { each: true })
  dataItemsShared: string[];

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, ITEM, { each: true })
  dataItemsWithheld: string[];

  @Field({ defaultValue: false, description: 'Whether any special category information (health, ethnicity...) was shared.' })
  @IsBoolean()
  includesSpecialCategory: boolean;

  @Field(() => Int, { defaultValue: 1, description: 'How many records: 1 for one person, more for a bulk flow.' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  recordCount: number;

  @Field(() => Article6Basis, { nullable: true })
  @IsOptional()
  @IsEnum(Article6Basis)
  article6Basis?: Article6Basis | null;

  @Field(() => Article9Condition, { nullable: true })
  @IsOptional()
  @IsEnum(Article9Condition)
  article9Condition?: Article9Condition | null;

  @Field(() => CommonLawBasis, { nullable: true })
  @IsOptional()
  @IsEnum(CommonLawBasis)
  commonLawBasis?: CommonLawBasis | null;

  @Field(() => ConsentStatus)
  @IsEnum(ConsentStatus)
  consentStatus: ConsentStatus;

  @Field(() => CapacityConsentBy, { nullable: true, description: 'Required when the person lacks capacity.' })
  @IsOptional()
  @IsEnum(CapacityConsentBy)
  capacityConsentBy?: CapacityConsentBy | null;

  @Field({ defaultValue: false, description: 'Shared without consent because the public interest outweighs it.' })
  @IsBoolean()
  publicInterestOverride: boolean;

  @Field(() => String, { nullable: true, description: 'Who authorised the override (name and role).' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  overrideAuthorisedBy?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the public interest justified sharing.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  overrideReason?: string | null;

  @Field(() => [AdviceSource], { defaultValue: [] })
  @ArrayUnique()
  @IsEnum(AdviceSource, { each: true })
  adviceSought: AdviceSource[];

  @Field(() => TransferMethod, { nullable: true, description: 'Required when anything was shared.' })
  @IsOptional()
  @IsEnum(TransferMethod)
  transferMethod?: TransferMethod | null;

  @Field({ description: 'Whether the person was told their information was shared (or not).' })
  @IsBoolean()
  personInformed: boolean;

  @Field(() => NotInformedReason, { nullable: true, description: 'Required when the person was not told.' })
  @IsOptional()
  @IsEnum(NotInformedReason)
  notInformedReason?: NotInformedReason | null;

  @Field(() => String, { nullable: true, description: 'Your own case reference: stored only as a keyed hash, never as given.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  caseReference?: string | null;

  @Field(() => KeyQuestionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => KeyQuestionsInput)
  keyQuestions?: KeyQuestionsInput | null;
}
