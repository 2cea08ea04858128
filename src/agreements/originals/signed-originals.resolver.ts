import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { GraphqlContext } from '../../common/loaders/graphql-context.js';
import { AgreementVersion } from '../agreement-version.entity.js';
import { Agreement } from '../agreement.entity.js';
import { DisputeRecordedOriginalInput, RecordedOriginalAnswerInput, RecordSignedAgreementInput } from './dto/record-signed-agreement.input.js';
import { OriginalAnswerRecord } from './original-answer.entity.js';
import { SignedOriginal } from './signed-original.entity.js';
import { SignedOriginalsService } from './signed-originals.service.js';

@Resolver(() => AgreementVersion)
export class SignedOriginalsResolver {
  constructor(private readonly originals: SignedOriginalsService) {}

  @Mutation(() => Agreement, {
    description:
      'The IG lead of the lead organisation records an agreement signed outside Accordant: version 1, in force from its real dates, its findings listed but not stopping it, the scan (uploaded first) as evidence.',
  })
  recordSignedAgreement(@CurrentCaller() caller: Caller, @Args('input') input: RecordSignedAgreementInput) {
    return this.originals.record(caller, input);
  }

  @Mutation(() => AgreementVersion, { description: 'The IG lead or a signatory of another party confirms that the record matches the signed original.' })
  confirmRecordedOriginal(@CurrentCaller() caller: Caller, @Args('input') input: RecordedOriginalAnswerInput) {
    return this.originals.confirm(caller, input);
  }

  @Mutation(() => AgreementVersion, {
    description: 'The IG lead or a signatory of another party disputes the record, with a reason; it stays disputed until they confirm it (after a corrective variation) or it ends.',
  })
  disputeRecordedOriginal(@CurrentCaller() caller: Caller, @Args('input') input: DisputeRecordedOriginalInput) {
    return this.originals.dispute(caller, input);
  }

  @ResolveField(() => SignedOriginal, { nullable: true, description: 'For a recorded original: the scan; its parties download it from signedOriginalPath.' })
  signedOriginal(@Parent() version: AgreementVersion, @Context() ctx: GraphqlContext) {
    if (!version.recordedFromOriginal) return null;
    return ctx.loaders.get<string, SignedOriginal | null>('signedOriginals', (ids) => this.originals.originalsOf(ids)).load(version.id);
  }

  @ResolveField(() => String, { nullable: true, description: 'Where the parties download the signed original (GET, as the other documents).' })
  signedOriginalPath(@Parent() version: AgreementVersion) {
    return version.recordedFromOriginal ? `/documents/agreements/${version.agreementId}/versions/${version.number}/signed-original.pdf` : null;
  }

  @ResolveField(() => [OriginalAnswerRecord], { description: "For a recorded original: the other parties' confirmations and disputes." })
  originalAnswers(@Parent() version: AgreementVersion, @Context() ctx: GraphqlContext) {
    if (!version.recordedFromOriginal) return [];
    return ctx.loaders.get<string, OriginalAnswerRecord[]>('originalAnswers', (ids) => this.originals.answersOf(ids)).load(version.id);
  }
}
