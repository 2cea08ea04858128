import { ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection.type.js';
import { SharingDecision } from '../ledger/sharing-decision.entity.js';

@ObjectType()
export class SharingDecisionConnection extends ConnectionType(SharingDecision) {}
