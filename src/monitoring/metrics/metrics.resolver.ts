import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import { HealthArgs, MetricsArgs } from '../dto/metrics.args.js';
import { AgreementHealth } from '../health/agreement-health.js';
import { SharingMetrics } from './metrics-report.js';
import { MetricsService } from './metrics.service.js';

@Resolver()
export class MetricsResolver {
  constructor(private readonly metrics: MetricsService) {}

  @Query(() => SharingMetrics, {
    description: 'Aggregates over a range of months for one agreement, a partnership or an organisation; read from rollups, never individual decisions.',
  })
  sharingMetrics(@CurrentCaller() caller: Caller, @Args() args: MetricsArgs) {
    return this.metrics.metrics(caller, args);
  }

  @Query(() => AgreementHealth, { description: 'Signatures, reviews and party assurance on a date, red/amber/green with reasons; same callers as sharingMetrics.' })
  agreementHealth(@CurrentCaller() caller: Caller, @Args() args: HealthArgs) {
    return this.metrics.health(caller, args);
  }
}
