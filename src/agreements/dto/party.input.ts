import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { PartyRole } from '../agreement.enums.js';

@InputType()
export class PartyInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId: string;

  @Field(() => PartyRole)
  @IsEnum(PartyRole)
  role: PartyRole;
}
