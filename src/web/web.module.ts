import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { RecordedOriginalsReader } from '../agreements/originals/recorded-originals-reader.service.js';
import { SigningInTrayService } from '../agreements/signing-in-tray.service.js';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { AccountController } from './account/account.controller.js';
import { AgreementPageData } from './agreements/agreement-page-data.js';
import { AgreementPagesController } from './agreements/agreement-pages.controller.js';
import { AgreementSectionsController } from './agreements/agreement-sections.controller.js';
import { AgreementStatusPagesController } from './agreements/agreement-status-pages.controller.js';
import { AgreementSubmissionController } from './agreements/agreement-submission.controller.js';
import { AgreementText } from './agreements/agreement-text.js';
import { AgreementTextController } from './agreements/agreement-text.controller.js';
import { InvitationPagesController } from './agreements/invitation-pages.controller.js';
import { RecordOriginalController } from './agreements/record-original.controller.js';
import { SignedOriginalFormUploadMiddleware } from './agreements/signed-original-form-upload.middleware.js';
import { DashboardController } from './dashboard.controller.js';
import { DecisionOptions } from './decisions/decision-options.js';
import { DecisionPagesController } from './decisions/decision-pages.controller.js';
import { HomeController } from './home.controller.js';
import { IncidentPageData } from './incidents/incident-page-data.js';
import { IncidentPagesController } from './incidents/incident-pages.controller.js';
import { InTrayController } from './in-tray/in-tray.controller.js';
import { RecordedOriginalAnswerController } from './in-tray/recorded-original-answer.controller.js';
import { VersionDocument } from './in-tray/version-document.js';
import { EmailDomainsController } from './organisation/email-domains.controller.js';
import { OrganisationAssuranceController } from './organisation/organisation-assurance.controller.js';
import { OrganisationController } from './organisation/organisation.controller.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { OutboxController } from './notifications/outbox.controller.js';
import { PageRenderer } from './page-renderer.js';
import { PasswordPagesController } from './password/password-pages.controller.js';
import { SessionPagesController } from './session/session-pages.controller.js';
import { SignInController } from './sign-in.controller.js';

/** Server-rendered pages: they call the domain services, never repositories. */
@Module({
  imports: [AuthModule, DocumentsModule, MonitoringModule, OrganisationsModule],
  controllers: [HomeController, SignInController, AccountController, DashboardController, AgreementPagesController, AgreementSectionsController, InvitationPagesController, RecordOriginalController, InTrayController, RecordedOriginalAnswerController, OrganisationController, OrganisationAssuranceController, EmailDomainsController, DecisionPagesController, AgreementStatusPagesController, IncidentPagesController, NotificationsController, OutboxController, AgreementSubmissionController, AgreementTextController, PasswordPagesController, SessionPagesController],
  providers: [PageRenderer, AgreementPageData, SigningInTrayService, RecordedOriginalsReader, VersionDocument, DecisionOptions, IncidentPageData, AgreementText],
  exports: [PageRenderer],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SignedOriginalFormUploadMiddleware).forRoutes({ path: 'agreements/:id/record-signed/original', method: RequestMethod.POST });
  }
}
