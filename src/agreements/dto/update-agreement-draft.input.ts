import { applyDecorators } from '@nestjs/common';
import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, MaxLength, ValidateBy, ValidateNested } from 'class-validator';
import { Trim } from '../../common/validation/normalise.js';
import {
  Breaches,
  Clause,
  ConsentAndTransparency,
  DataFlow,
  DataSubjectRights,
  MAX_BENEFITS,
  MAX_CLAUSES,
  MAX_FLOWS,
  MAX_ITEMS_PER_AGREEMENT,
  MAX_PURPOSES,
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
const SectionList = (type: () => new () => object, max: number, what: string) =>
  applyDecorators(IsOptional(), ArrayMaxSize(max, { message: `$property must have at most ${max} ${what}` }), ValidateNested({ each: true }), Type(type));

const itemsInAll = (flows: unknown) => (Array.isArray(flows) ? flows.reduce((n: number, f: { dataItems?: unknown }) => n + (Array.isArray(f?.dataItems) ? f.dataItems.length : 0), 0) : 0);

/** Data items across every flow of the agreement. */
const ItemsPerAgreement = () =>
  ValidateBy({
    name: 'maxItemsPerAgreement',
    validator: {
      validate: (flows: unknown) => itemsInAll(flows) <= MAX_ITEMS_PER_AGREEMENT,
      defaultMessage: () => `dataFlows must have at most ${MAX_ITEMS_PER_AGREEMENT} data items in all`,
    },
  });

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
  @MaxLength(5000)
  scope?: string | null;

  @Field(() => [Purpose], { nullable: true })
  @SectionList(() => Purpose, MAX_PURPOSES, 'purposes')
  purposes?: Purpose[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_BENEFITS, { message: `benefits must have at most ${MAX_BENEFITS} entries` })
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
  @SectionList(() => DataFlow, MAX_FLOWS, 'flows')
  @ItemsPerAgreement()
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
  @SectionList(() => Clause, MAX_CLAUSES, 'clauses')
  clauses?: Clause[];
}
