import { ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection.type.js';
import { AuditEntry } from '../audit-entry.entity.js';

@ObjectType()
export class AuditEntryConnection extends ConnectionType(AuditEntry) {}
