import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length } from 'class-validator';
import { Trim } from '../../common/validation/normalise.js';
import { AgreementIdField, ReasonField } from './agreement-fields.js';

@InputType()
export class AcceptPartnershipInvitationInput {
  @AgreementIdField()
  agreementId: string;
}

@InputType()
export class RefusePartnershipInvitationInput {
  @AgreementIdField()
  agreementId: string;

  @ReasonField('Why your organisation will not take part: the lead organisation sees it beside your name.')
  reason: string;
}

@InputType()
export class WithdrawFromAgreementDraftInput {
  @AgreementIdField()
  agreementId: string;

  @Field(() => String, { nullable: true, description: 'Why your organisation leaves, if you wish to say: the lead organisation sees it.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 2000, { message: 'reason must be 3 to 2000 characters' })
  reason?: string | null;
}
