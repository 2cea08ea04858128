import { ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection.type.js';
import { User } from '../user.entity.js';

@ObjectType()
export class UserConnection extends ConnectionType(User) {}
