import { ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection.type.js';
import { Agreement } from '../agreement.entity.js';

@ObjectType()
export class AgreementConnection extends ConnectionType(Agreement) {}
