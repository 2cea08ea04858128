import { Args, ArgsType, Context, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '../../common/loaders/graphql-context.js';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe.js';
import { DecisionBatchResult } from '../dto/batch-result.type.js';
import { SharingDecisionConnection } from '../dto/sharing-decision-connection.type.js';
import { SharingDecisionInput } from '../dto/sharing-decision.input.js';
import { SharingDecisionsArgs } from '../dto/sharing-decisions.args.js';
import { parseDecisionCsv, rowLabel } from './decision-csv.js';
import { DecisionRecheck } from './decision-recheck.entity.js';
import { SharingDecision } from './sharing-decision.entity.js';
import { MAX_BATCH, SharingDecisionsService } from './sharing-decisions.service.js';

@ArgsType()
export class RecordSharingDecisionsArgs {
  @Field(() => [SharingDecisionInput])
  @ArrayMinSize(1, { message: 'decisions must hold at least one decision' })
  @ArrayMaxSize(MAX_BATCH, { message: `decisions must hold at most ${MAX_BATCH} decisions` })
  @ValidateNested({ each: true })
  @Type(() => SharingDecisionInput)
  decisions: SharingDecisionInput[];
}

@ArgsType()
export class ImportSharingDecisionsCsvArgs {
  @Field({ description: 'CSV text: a header row of SharingDecisionInput field names (q1-q7 for the key questions), lists separated by |.' })
  @IsString()
  @MaxLength(8_000_000)
  csv: string;
}

@Resolver(() => SharingDecision)
export class SharingDecisionsResolver {
  constructor(private readonly decisions: SharingDecisionsService) {}

  @Mutation(() => SharingDecision, { description: "A practitioner (or IG lead, Caldicott Guardian, SIRO, DPO) of the disclosing organisation. Idempotent by clientKey." })
  recordSharingDecision(@CurrentCaller() caller: Caller, @Args('input') input: SharingDecisionInput) {
    return this.decisions.record(caller, input);
  }

  @Mutation(() => DecisionBatchResult, { description: `Up to ${MAX_BATCH} decisions in one transaction: all recorded, or none (errors name decisions[i].field).` })
  recordSharingDecisions(@CurrentCaller() caller: Caller, @Args() args: RecordSharingDecisionsArgs) {
    return this.decisions.recordBatch(caller, args.decisions, (i) => `decisions[${i}]`);
  }

  @Mutation(() => DecisionBatchResult, { description: 'The same as recordSharingDecisions, from CSV; errors name the row and field, and nothing of a bad file is written.' })
  importSharingDecisionsCsv(@CurrentCaller() caller: Caller, @Args() args: ImportSharingDecisionsCsvArgs) {
    const { inputs, problems } = parseDecisionCsv(args.csv);
    if (problems.length > 0) throw DomainError.invalidFields(problems);
    return this.decisions.recordBatch(caller, inputs, rowLabel);
  }

  @Query(() => SharingDecisionConnection, { description: "Your organisation's decisions, newest first (practitioners and IG roles)." })
  sharingDecisions(@CurrentCaller() caller: Caller, @Args() args: SharingDecisionsArgs) {
    return this.decisions.list(caller, args);
  }

  @Query(() => SharingDecision)
  sharingDecision(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string) {
    return this.decisions.get(caller, id);
  }

  @ResolveField(() => [DecisionRecheck], {
    description: 'Later checks against an agreement recorded from its signed original after this decision was recorded; `flags` above stays as recorded.',
  })
  rechecks(@Parent() decision: SharingDecision, @Context() ctx: GraphqlContext) {
    return ctx.loaders.get<string, DecisionRecheck[]>('decisionRechecks', (ids) => this.decisions.rechecksOf(ids)).load(decision.id);
  }
}
