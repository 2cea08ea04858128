import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({ imports: [OrganisationsModule, MonitoringModule], providers: [DemoSeeder] })
export class DemoModule {}
