import { Field, Int, ObjectType } from '@nestjs/graphql';
import { SharingDecision } from '../ledger/sharing-decision.entity.js';

@ObjectType({ description: 'What a bulk call or CSV import recorded: retried decisions (same client key) are returned, not recorded again.' })
export class DecisionBatchResult {
  @Field(() => Int)
  created: number;

  @Field(() => Int, { description: 'Decisions whose client key was already recorded with the same content.' })
  alreadyRecorded: number;

  @Field(() => [SharingDecision], { description: 'In the order given.' })
  decisions: SharingDecision[];
}
