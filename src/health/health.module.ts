import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { ServiceInfoResolver } from './service-info.resolver.js';

@Module({ controllers: [HealthController], providers: [ServiceInfoResolver] })
export class HealthModule {}
