import { Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PartnerDirectory } from '../organisations/partner-directory.js';
import { AgreementEvents } from './agreement-events.js';
import { AgreementDraftingService } from './agreement-drafting.service.js';
import { AgreementExpirySweeper } from './agreement-expiry.sweeper.js';
import { AgreementInvolvementService } from './agreement-involvement.service.js';
import { AgreementPartnerDirectory } from './agreement-partner-directory.js';
import { AgreementSigningService } from './agreement-signing.service.js';
import { AgreementStatusService } from './agreement-status.service.js';
import { AgreementVersionsResolver } from './agreement-versions.resolver.js';
import { AgreementsResolver } from './agreements.resolver.js';
import { AgreementsService } from './agreements.service.js';
import { ComplianceService } from './compliance/compliance.service.js';
import { PartnershipInvitationsResolver } from './invitations/partnership-invitations.resolver.js';
import { PartnershipInvitationsService } from './invitations/partnership-invitations.service.js';
import { RecordedAgreementsResolver } from './originals/recorded-agreements.resolver.js';
import { SignedOriginalUploadMiddleware } from './originals/signed-original-upload.middleware.js';
import { SignedOriginalsController } from './originals/signed-originals.controller.js';
import { SignedOriginalsResolver } from './originals/signed-originals.resolver.js';
import { SignedOriginalsService } from './originals/signed-originals.service.js';

/** Global so the organisations module can ask who is whose partner without importing agreements. */
@Global()
@Module({
  imports: [OrganisationsModule],
  controllers: [SignedOriginalsController],
  providers: [
    SignedOriginalsService,
    SignedOriginalsResolver,
    PartnershipInvitationsService,
    PartnershipInvitationsResolver,
    RecordedAgreementsResolver,
    AgreementEvents,
    AgreementsService,
    AgreementDraftingService,
    AgreementSigningService,
    AgreementStatusService,
    AgreementInvolvementService,
    ComplianceService,
    AgreementsResolver,
    AgreementVersionsResolver,
    AgreementExpirySweeper,
    { provide: PartnerDirectory, useClass: AgreementPartnerDirectory },
  ],
  exports: [AgreementEvents, AgreementsService, AgreementStatusService, AgreementInvolvementService, AgreementDraftingService, AgreementSigningService, SignedOriginalsService, PartnershipInvitationsService, PartnerDirectory],
})
export class AgreementsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SignedOriginalUploadMiddleware).forRoutes({ path: 'documents/signed-originals', method: RequestMethod.POST });
  }
}
