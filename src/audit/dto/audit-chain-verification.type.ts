import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The result of re-hashing the audit chain from its first entry and comparing it with the latest anchor.' })
export class AuditChainVerification {
  @Field({ description: 'True when every entry hashes (under the audit key) to its stored hash and links to the one before, and the chain still holds the latest anchor.' })
  valid: boolean;

  @Field(() => Int, { description: 'How many entries were found intact before the first break (all of them when valid).' })
  entriesChecked: number;

  @Field(() => String, { nullable: true, description: 'The first entry that does not match, or the first one missing, when not valid.' })
  firstBrokenSequence: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'HASH_MISMATCH (an entry was changed, or hashed without the audit key), PREVIOUS_HASH_MISMATCH, SEQUENCE_GAP, ' +
      'CHAIN_SHORTER_THAN_ANCHOR (entries the latest anchor covers were deleted), ANCHOR_HASH_MISMATCH (the anchored entry was replaced), ' +
      'KEYED_FROM_MISMATCH (the cut-over to keyed hashes was moved) or ANCHOR_SIGNATURE_INVALID (the latest anchor is not signed with the audit key).',
  })
  reason: string | null;

  @Field(() => String, { nullable: true, description: 'The sequence of the latest anchor compared with; empty when none has been written yet.' })
  anchoredSequence: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the latest anchor was written.' })
  anchoredAt: Date | null;
}
