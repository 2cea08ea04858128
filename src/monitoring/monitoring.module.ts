import { Module } from '@nestjs/common';
import { IncidentsResolver } from './incidents/incidents.resolver.js';
import { IncidentsService } from './incidents/incidents.service.js';
import { DecisionRechecker } from './ledger/decision-rechecker.js';
import { DecisionIngestController } from './ledger/decision-ingest.controller.js';
import { LedgerPartitionKeeper } from './ledger/ledger-partition-keeper.js';
import { SharingDecisionsResolver } from './ledger/sharing-decisions.resolver.js';
import { SharingDecisionsService } from './ledger/sharing-decisions.service.js';
import { MetricsResolver } from './metrics/metrics.resolver.js';
import { MetricsService } from './metrics/metrics.service.js';
import { PartnershipRollupMover } from './metrics/partnership-rollup-mover.js';
import { PendingRollupFolder } from './metrics/pending-rollup-folder.js';

@Module({
  controllers: [DecisionIngestController],
  providers: [LedgerPartitionKeeper, SharingDecisionsService, SharingDecisionsResolver, IncidentsService, IncidentsResolver, MetricsService, MetricsResolver, PendingRollupFolder, PartnershipRollupMover, DecisionRechecker],
  exports: [SharingDecisionsService, MetricsService, IncidentsService],
})
export class MonitoringModule {}
