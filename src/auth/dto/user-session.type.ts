import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { SessionKind } from '../session-kind.js';

@ObjectType({ description: 'One of your browser sessions or API tokens still in force.' })
export class UserSession {
  @Field(() => ID)
  id: string;

  @Field(() => SessionKind)
  kind: SessionKind;

  @Field(() => GraphQLISODateTime, { description: 'When it was signed in.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it was last used, to within a minute.' })
  lastUsedAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it ends at the latest (a browser session ends sooner when left idle).' })
  expiresAt: Date;

  @Field({ description: 'Whether this request came with it.' })
  current: boolean;
}
