import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The result of re-hashing the audit chain from its first entry.' })
export class AuditChainVerification {
  @Field({ description: 'True when every entry hashes to its stored hash and links to the one before.' })
  valid: boolean;

  @Field(() => Int, { description: 'How many entries were found intact before the first break (all of them when valid).' })
  entriesChecked: number;

  @Field(() => String, { nullable: true, description: 'The first entry that does not match, when not valid.' })
  firstBrokenSequence: string | null;

  @Field(() => String, { nullable: true, description: 'HASH_MISMATCH, PREVIOUS_HASH_MISMATCH or SEQUENCE_GAP.' })
  reason: string | null;
}
