import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LocalDate } from '../../common/scalars/local-date.scalar.js';
import { Trim } from '../../common/validation/normalise.js';
import {
  Article6Basis,
  Article9Condition,
  CommonLawBasis,
  DpiaOutcome,
  FlowFrequency,
  Identifiability,
  InternationalTransferSafeguard,
  PurposeType,
  Schedule1Condition,
  TransferMethod,
} from '../agreement.enums.js';

/**
 * The sections of an agreement, as structured data (ICO Data Sharing Code and WASPI template
 * headings). Each class is both the GraphQL input and output type. Every section may be
 * incomplete while drafting: the compliance rules, not input validation, say what is missing.
 */

// Limits are set so the largest agreement accepted still renders as a PDF well within the time
// limit (test/documents.e2e-spec.ts renders one at every limit).
const TEXT = 5000;
const SHORT = 500;
const NOTE = 1000;
const LIST = 50;
export const MAX_ITEMS_PER_FLOW = 30;
export const MAX_FLOWS = 50;
export const MAX_ITEMS_PER_AGREEMENT = 400;
export const MAX_CLAUSES = 30;
export const MAX_PURPOSES = 30;
export const MAX_BENEFITS = 30;

@InputType('PurposeInput')
@ObjectType()
export class Purpose {
  @Field({ description: 'What the sharing is for, in plain words.' })
  @Trim()
  @IsString()
  @Length(1, TEXT)
  description: string;

  @Field(() => PurposeType)
  @IsEnum(PurposeType)
  purposeType: PurposeType;
}

@InputType('DataSubjectsInput')
@ObjectType()
export class DataSubjects {
  @Field(() => [String], { description: 'Who the information is about, e.g. "adults receiving reablement".' })
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(SHORT, { each: true })
  categories: string[];

  @Field({ description: 'Whether children (under 18) are in scope.' })
  @IsBoolean()
  includesChildren: boolean;

  @Field(() => String, { nullable: true, description: "How children's information is protected by default (high privacy by default)." })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  childrenHighPrivacyDefault?: string | null;
}

@InputType('Article9BasisInput')
@ObjectType()
export class Article9Basis {
  @Field(() => Article9Condition)
  @IsEnum(Article9Condition)
  condition: Article9Condition;

  @Field(() => Schedule1Condition, { nullable: true, description: 'The DPA 2018 Schedule 1 condition, where Article 9(2)(b), (g), (h), (i) or (j) needs one.' })
  @IsOptional()
  @IsEnum(Schedule1Condition)
  schedule1Condition?: Schedule1Condition | null;
}

@InputType('LegalBasisInput')
@ObjectType()
export class LegalBasis {
  @Field(() => [Article6Basis])
  @ArrayUnique()
  @IsEnum(Article6Basis, { each: true })
  article6: Article6Basis[];

  @Field(() => [Article9Basis])
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => Article9Basis)
  article9: Article9Basis[];

  @Field(() => [CommonLawBasis], { description: 'Common-law confidentiality bases relied on.' })
  @ArrayUnique()
  @IsEnum(CommonLawBasis, { each: true })
  commonLawBases: CommonLawBasis[];

  @Field(() => [String], { description: 'Statutory powers or duties, e.g. "Care Act 2014 s42".' })
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(SHORT, { each: true })
  statutoryPowers: string[];
}

@InputType('DataItemInput')
@ObjectType()
export class DataItem {
  @Field({ description: 'e.g. "NHS number", "care plan", "safeguarding concern summary".' })
  @Trim()
  @IsString()
  @Length(1, SHORT)
  name: string;

  @Field({ description: 'UK GDPR Article 9 special category (health, ethnicity, ...).' })
  @IsBoolean()
  specialCategory: boolean;

  @Field(() => Identifiability)
  @IsEnum(Identifiability)
  identifiability: Identifiability;

  @Field(() => String, { nullable: true, description: 'Why this item is needed (Caldicott Principle 3: the minimum necessary).' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(NOTE)
  justification?: string | null;
}

@InputType('DataFlowInput')
@ObjectType({ description: 'A row of the information reference table.' })
export class DataFlow {
  @Field(() => ID, { nullable: true, description: 'Stable key of the flow across versions; generated when left empty.' })
  @IsOptional()
  @IsUUID('all', { message: 'id must be a UUID' })
  id?: string | null;

  @Field({ description: 'A short name, e.g. "Hospital discharge notification".' })
  @Trim()
  @IsString()
  @Length(1, SHORT)
  name: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'fromOrganisationId must be an organisation id (UUID)' })
  fromOrganisationId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'toOrganisationId must be an organisation id (UUID)' })
  toOrganisationId: string;

  @Field(() => [DataItem])
  @ArrayMaxSize(MAX_ITEMS_PER_FLOW, { message: `dataItems must have at most ${MAX_ITEMS_PER_FLOW} items in one flow` })
  @ValidateNested({ each: true })
  @Type(() => DataItem)
  dataItems: DataItem[];

  @Field(() => FlowFrequency, { nullable: true })
  @IsOptional()
  @IsEnum(FlowFrequency)
  frequency?: FlowFrequency | null;

  @Field(() => TransferMethod, { nullable: true })
  @IsOptional()
  @IsEnum(TransferMethod)
  transferMethod?: TransferMethod | null;

  @Field(() => Int, { nullable: true, description: 'Roughly how many records a year (for bulk flows).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  estimatedRecordsPerYear?: number | null;

  @Field(() => String, { nullable: true, description: 'How long the recipient keeps what it receives.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(SHORT)
  recipientRetention?: string | null;

  @Field({ defaultValue: false, description: 'Whether the information leaves the UK.' })
  @IsBoolean()
  transferOutsideUk: boolean;

  @Field(() => InternationalTransferSafeguard, { nullable: true })
  @IsOptional()
  @IsEnum(InternationalTransferSafeguard)
  outsideUkSafeguard?: InternationalTransferSafeguard | null;
}

@InputType('ConsentAndTransparencyInput')
@ObjectType()
export class ConsentAndTransparency {
  @Field(() => String, { nullable: true, description: 'How people are told about the sharing (Caldicott Principle 8).' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  howIndividualsAreInformed?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true }, { message: 'privacyNoticeUrl must be a full URL' })
  @MaxLength(SHORT)
  privacyNoticeUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'How consent is sought and objections are handled.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  consentAndObjections?: string | null;

  @Field({ defaultValue: false, description: 'Whether the national data opt-out is applied before identifiable data is shared for research or planning.' })
  @IsBoolean()
  nationalDataOptOutApplied: boolean;
}

@InputType('SecurityInput')
@ObjectType()
export class Security {
  @Field(() => String, { nullable: true, description: 'Technical and organisational measures each party keeps.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  measures?: string | null;

  @Field(() => String, { nullable: true, description: 'Who may access the information, on a need-to-know basis (Caldicott Principle 4).' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  accessControls?: string | null;
}

@InputType('RetentionInput')
@ObjectType()
export class Retention {
  @Field(() => String, { nullable: true, description: 'How long information is kept, e.g. "8 years after the last contact".' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(SHORT)
  period?: string | null;

  @Field(() => String, { nullable: true, description: 'How it is securely disposed of.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  disposal?: string | null;
}

@InputType('DataSubjectRightsInput')
@ObjectType()
export class DataSubjectRights {
  @Field(() => String, { nullable: true, description: 'How subject access requests, rectification and objections are handled between the parties.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  process?: string | null;
}

@InputType('BreachesInput')
@ObjectType()
export class Breaches {
  @Field(() => Int, { nullable: true, description: 'Hours within which a party tells the others of a breach.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  notifyPartiesWithinHours?: number | null;

  @Field(() => String, { nullable: true, description: 'How breaches and near misses are reported and escalated.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  process?: string | null;
}

@InputType('DpiaInput')
@ObjectType({ description: 'Data protection impact assessment.' })
export class Dpia {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(SHORT)
  reference?: string | null;

  @Field(() => DpiaOutcome, { nullable: true })
  @IsOptional()
  @IsEnum(DpiaOutcome)
  outcome?: DpiaOutcome | null;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  completedOn?: string | null;
}

@InputType('ReviewInput')
@ObjectType()
export class Review {
  @Field(() => Int, { nullable: true, description: 'Months between reviews.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  cycleMonths?: number | null;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  nextReviewDate?: string | null;
}

@InputType('TerminationInput')
@ObjectType()
export class Termination {
  @Field(() => Int, { nullable: true, description: 'Days of notice a party gives to leave.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  noticeDays?: number | null;

  @Field(() => LocalDate, { nullable: true, description: 'When the agreement ends; it expires after this date.' })
  @IsOptional()
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'What happens to shared information when the agreement ends.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(TEXT)
  onTermination?: string | null;
}

@InputType('ClauseInput')
@ObjectType({ description: 'A free-text clause where the templates have prose.' })
export class Clause {
  @Field()
  @Trim()
  @IsString()
  @Length(1, SHORT)
  heading: string;

  @Field()
  @IsString()
  @MaxLength(TEXT)
  text: string;
}

/** Everything but the title, kind and parties, which are the agreement's structure. */
@ObjectType()
export class AgreementContent {
  @Field(() => String, { nullable: true })
  scope: string | null;

  @Field(() => [Purpose])
  purposes: Purpose[];

  @Field(() => [String])
  benefits: string[];

  @Field(() => DataSubjects, { nullable: true })
  dataSubjects: DataSubjects | null;

  @Field(() => LegalBasis, { nullable: true })
  legalBasis: LegalBasis | null;

  @Field(() => [DataFlow], { description: 'The information reference table.' })
  dataFlows: DataFlow[];

  @Field(() => ConsentAndTransparency, { nullable: true })
  consentAndTransparency: ConsentAndTransparency | null;

  @Field(() => Security, { nullable: true })
  security: Security | null;

  @Field(() => Retention, { nullable: true })
  retention: Retention | null;

  @Field(() => DataSubjectRights, { nullable: true })
  rights: DataSubjectRights | null;

  @Field(() => Breaches, { nullable: true })
  breaches: Breaches | null;

  @Field(() => Dpia, { nullable: true })
  dpia: Dpia | null;

  @Field(() => Review, { nullable: true })
  review: Review | null;

  @Field(() => Termination, { nullable: true })
  termination: Termination | null;

  @Field(() => [Clause])
  clauses: Clause[];
}

export const CONTENT_SECTIONS = [
  'scope',
  'purposes',
  'benefits',
  'dataSubjects',
  'legalBasis',
  'dataFlows',
  'consentAndTransparency',
  'security',
  'retention',
  'rights',
  'breaches',
  'dpia',
  'review',
  'termination',
  'clauses',
] as const satisfies readonly (keyof AgreementContent)[];

export type ContentSection = (typeof CONTENT_SECTIONS)[number];

export function emptyContent(): AgreementContent {
  return {
    scope: null,
    purposes: [],
    benefits: [],
    dataSubjects: null,
    legalBasis: null,
    dataFlows: [],
    consentAndTransparency: null,
    security: null,
    retention: null,
    rights: null,
    breaches: null,
    dpia: null,
    review: null,
    termination: null,
    clauses: [],
  };
}
