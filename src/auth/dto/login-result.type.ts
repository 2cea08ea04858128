import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { User } from '../../organisations/user.entity.js';

@ObjectType()
export class LoginResult {
  @Field({ description: 'Send as "Authorization: Bearer <token>".' })
  token: string;

  @Field(() => GraphQLISODateTime)
  expiresAt: Date;

  @Field(() => User)
  user: User;
}
