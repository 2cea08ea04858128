import { ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection.type.js';
import { Organisation } from '../organisation.entity.js';

@ObjectType()
export class OrganisationConnection extends ConnectionType(Organisation) {}
