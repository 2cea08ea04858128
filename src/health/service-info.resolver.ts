import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth/public.decorator.js';

export const API_VERSION = '0.1.0';

@ObjectType()
export class ServiceInfo {
  @Field()
  name: string;

  @Field({ description: 'The API version, for clients to check what they talk to.' })
  apiVersion: string;
}

@Resolver()
export class ServiceInfoResolver {
  @Public()
  @Query(() => ServiceInfo, { description: 'Anyone: what this service is. Reads nothing from the database.' })
  serviceInfo(): ServiceInfo {
    return { name: 'Accordant', apiVersion: API_VERSION };
  }
}
