import { Module } from '@nestjs/common';
import { IncidentsResolver } from './incidents/incidents.resolver.js';
import { IncidentsService } from './incidents/incidents.service.js';
import { LedgerPartitionKeeper } from './ledger/ledger-partition-keeper.js';
import { SharingDecisionsResolver } from './ledger/sharing-decisions.resolver.js';
import { SharingDecisionsService } from './ledger/sharing-decisions.service.js';
import { MetricsResolver } from './metrics/metrics.resolver.js';
import { MetricsService } from './metrics/metrics.service.js';

@Module({
  providers: [LedgerPartitionKeeper, SharingDecisionsService, SharingDecisionsResolver, IncidentsService, IncidentsResolver, MetricsService, MetricsResolver],
  exports: [SharingDecisionsService, MetricsService, IncidentsService],
})
export class MonitoringModule {}
