import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { DashboardController } from './dashboard.controller.js';
import { HomeController } from './home.controller.js';
import { PageRenderer } from './page-renderer.js';
import { SignInController } from './sign-in.controller.js';

/** Server-rendered pages: they call the domain services, never repositories. */
@Module({
  imports: [AuthModule, DocumentsModule, MonitoringModule],
  controllers: [HomeController, SignInController, DashboardController],
  providers: [PageRenderer],
  exports: [PageRenderer],
})
export class WebModule {}
