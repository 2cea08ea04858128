import { Field, InputType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { AgreementKind } from '../agreement.enums.js';
import { ParentProtocolField, PartiesField, TitleField } from './agreement-fields.js';
import type { PartyInput } from './party.input.js';

@InputType()
export class CreateAgreementInput {
  @Field(() => AgreementKind)
  @IsEnum(AgreementKind)
  kind: AgreementKind;

  @TitleField(true)
  title: string;

  @ParentProtocolField()
  parentProtocolId?: string | null;

  @PartiesField('The parties, your organisation (the lead) among them; your organisation alone as CONTROLLER when left out.')
  parties?: PartyInput[] | null;
}
