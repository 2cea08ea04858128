import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AgreementEvents } from '../../agreements/agreement-events.js';
import { movePartnershipRollups } from './decision-rollups.js';

/**
 * When an agreement moves under another protocol, the decisions already recorded under it count
 * in the other partnership from then on: its rollups move with it, in the same transaction.
 */
@Injectable()
export class PartnershipRollupMover implements OnModuleInit {
  constructor(private readonly events: AgreementEvents) {}

  onModuleInit(): void {
    this.events.subscribe(async (em, event) => {
      if (event.type === 'agreement.movedUnderProtocol') await movePartnershipRollups(em, event.agreementId, event.fromProtocolId, event.toProtocolId);
    });
  }
}
