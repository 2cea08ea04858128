import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { AgreementKind } from '../agreement.enums.js';
import { InvitationStatus } from './invitation-rules.js';

@ObjectType({ description: "An organisation's invitation to be a party of an agreement's draft, and its answer." })
export class PartnershipInvitation {
  @Field(() => ID)
  agreementId: string;

  @Field()
  reference: string;

  @Field(() => AgreementKind)
  kind: AgreementKind;

  @Field()
  title: string;

  @Field({ description: 'The organisation that drafts the agreement and sent the invitation.' })
  leadOrganisationName: string;

  @Field(() => ID, { description: 'The organisation invited.' })
  organisationId: string;

  @Field(() => InvitationStatus)
  status: InvitationStatus;

  @Field(() => String, { nullable: true, description: 'Why it refused, or why it withdrew (if it said).' })
  reason: string | null;

  @Field(() => GraphQLISODateTime)
  invitedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  answeredAt: Date | null;
}
