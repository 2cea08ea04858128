import { Module } from '@nestjs/common';
import { IncidentsResolver } from './incidents/incidents.resolver.js';
import { IncidentsService } from './incidents/incidents.service.js';
import { SharingDecisionsResolver } from './ledger/sharing-decisions.resolver.js';
import { SharingDecisionsService } from './ledger/sharing-decisions.service.js';

@Module({
  providers: [SharingDecisionsService, SharingDecisionsResolver, IncidentsService, IncidentsResolver],
  exports: [SharingDecisionsService],
})
export class MonitoringModule {}
