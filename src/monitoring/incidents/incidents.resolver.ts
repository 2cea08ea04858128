import { Args, Float, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import { Clock } from '../../common/clock/clock.js';
import { ParseIdPipe } from '../../common/validation/parse-id.pipe.js';
import { ReportIncidentInput, UpdateIncidentInput } from '../dto/incident.inputs.js';
import { hoursUntilIcoDeadline, icoDeadlineMissed } from './ico-deadline.js';
import { Incident } from './incident.entity.js';
import { IncidentsService } from './incidents.service.js';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(
    private readonly incidentsService: IncidentsService,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => Incident, { description: 'A practitioner or IG role of an organisation involved in the agreement.' })
  reportIncident(@CurrentCaller() caller: Caller, @Args('input') input: ReportIncidentInput) {
    return this.incidentsService.report(caller, input);
  }

  @Mutation(() => Incident)
  updateIncident(@CurrentCaller() caller: Caller, @Args('input') input: UpdateIncidentInput) {
    return this.incidentsService.update(caller, input);
  }

  @Query(() => Incident)
  incident(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string) {
    return this.incidentsService.get(caller, id);
  }

  @Query(() => [Incident], { description: "An agreement's incidents, newest first: organisations involved in it." })
  incidents(@CurrentCaller() caller: Caller, @Args('agreementId', { type: () => ID }, ParseIdPipe) agreementId: string) {
    return this.incidentsService.forAgreement(caller, agreementId);
  }

  @ResolveField(() => Float, { nullable: true, description: 'Hours left to report to the ICO (negative once passed); empty when not reportable or reported.' })
  hoursUntilIcoDeadline(@Parent() incident: Incident): number | null {
    return hoursUntilIcoDeadline(incident, this.clock.now());
  }

  @ResolveField(() => Boolean, { description: 'A reportable breach not reported to the ICO within 72 hours of discovery.' })
  icoDeadlineMissed(@Parent() incident: Incident): boolean {
    return icoDeadlineMissed(incident, this.clock.now());
  }
}
