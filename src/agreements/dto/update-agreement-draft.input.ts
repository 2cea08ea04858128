import { applyDecorators } from '@nestjs/common';
import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Trim } from '../../common/validation/normalise.js';
import {
  Breaches,
  Clause,
  ConsentAndTransparency,
  DataFlow,
  DataSubjectRights,
  DataSubjects,
  Dpia,
  LegalBasis,
  Purpose,
  Retention,
  Review,
  Security,
  Termination,
} from '../content/agreement-content.model.js';
import { AgreementIdField, ExpectedRevisionField } from './agreement-fields.js';

const Section = (type: () => new () => object) => applyDecorators(IsOptional(), ValidateNested(), Type(type));
const SectionList = (type: () => new () => object) => applyDecorators(IsOptional(), ArrayMaxSize(200), ValidateNested({ each: true }), Type(type));

/** Each section given replaces that section of the draft; sections left out stay as they are. */
@InputType()
export class UpdateAgreementDraftInput {
  @AgreementIdField()
  agreementId: string;

  @ExpectedRevisionField()
  expectedRevision: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(20_000)
  scope?: string | null;

  @Field(() => [Purpose], { nullable: true })
  @SectionList(() => Purpose)
  purposes?: Purpose[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  benefits?: string[];

  @Field(() => DataSubjects, { nullable: true })
  @Section(() => DataSubjects)
  dataSubjects?: DataSubjects | null;

  @Field(() => LegalBasis, { nullable: true })
  @Section(() => LegalBasis)
  legalBasis?: LegalBasis | null;

  @Field(() => [DataFlow], { nullable: true, description: 'The whole information reference table.' })
  @SectionList(() => DataFlow)
  dataFlows?: DataFlow[];

  @Field(() => ConsentAndTransparency, { nullable: true })
  @Section(() => ConsentAndTransparency)
  consentAndTransparency?: ConsentAndTransparency | null;

  @Field(() => Security, { nullable: true })
  @Section(() => Security)
  security?: Security | null;

  @Field(() => Retention, { nullable: true })
  @Section(() => Retention)
  retention?: Retention | null;

  @Field(() => DataSubjectRights, { nullable: true })
  @Section(() => DataSubjectRights)
  rights?: DataSubjectRights | null;

  @Field(() => Breaches, { nullable: true })
  @Section(() => Breaches)
  breaches?: Breaches | null;

  @Field(() => Dpia, { nullable: true })
  @Section(() => Dpia)
  dpia?: Dpia | null;

  @Field(() => Review, { nullable: true })
  @Section(() => Review)
  review?: Review | null;

  @Field(() => Termination, { nullable: true })
  @Section(() => Termination)
  termination?: Termination | null;

  @Field(() => [Clause], { nullable: true })
  @SectionList(() => Clause)
  clauses?: Clause[];
}
