import { Controller, createParamDecorator, Headers, HttpCode, Post, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { parseDecisionNdjson } from './decision-ndjson.js';
import { invalidBatch, MAX_BULK, SharingDecisionsService } from './sharing-decisions.service.js';

export const NDJSON = 'application/x-ndjson';

/**
 * The request body as the text parser left it. A custom parameter, so the global pipes pass it by:
 * StorableTextPipe would scan the whole file again, and readDecisionInput checks every string of
 * every line itself (a NUL or lone surrogate can only arrive escaped, inside a line's JSON).
 */
const NdjsonBody = createParamDecorator((_: unknown, context: ExecutionContext): unknown => context.switchToHttp().getRequest<Request>().body);

/**
 * Bulk ingest for other systems (a case management system sending its day's decisions): NDJSON,
 * one SharingDecisionInput per line, up to MAX_BULK lines, recorded whole or not at all as
 * `recordSharingDecisions` records a batch, with the same rules, the same client-key retries and
 * the same rights (a practitioner or IG role of the disclosing organisation). Answers the counts
 * only; errors name the line and field. Bearer token as for GraphQL.
 */
@Controller('ledger')
export class DecisionIngestController {
  constructor(private readonly decisions: SharingDecisionsService) {}

  @Post('decisions')
  @HttpCode(200)
  async ingest(@CurrentCaller() caller: Caller, @Headers('content-type') contentType: string | undefined, @NdjsonBody() body: unknown) {
    if (typeof body !== 'string' || !contentType?.toLowerCase().startsWith(NDJSON)) {
      throw DomainError.invalid('body', 'ndjson', `send the decisions as the request body, one JSON object per line, with Content-Type: ${NDJSON}`);
    }
    const { inputs, label, problems } = parseDecisionNdjson(body, MAX_BULK);
    if (problems.length > 0) throw invalidBatch(problems);
    const { created, alreadyRecorded } = await this.decisions.recordBatch(caller, inputs, label, MAX_BULK);
    return { created, alreadyRecorded };
  }
}
