import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { DashboardController } from './dashboard.controller.js';
import { SignInController } from './sign-in.controller.js';

/** Server-rendered pages: they call the domain services, never repositories. */
@Module({
  imports: [AuthModule, DocumentsModule, MonitoringModule],
  controllers: [SignInController, DashboardController],
})
export class WebModule {}
