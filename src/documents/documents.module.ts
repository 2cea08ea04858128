import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { AgreementDocumentsService } from './agreement-documents.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsResolver } from './documents.resolver.js';
import { PdfRenderer } from './pdf-renderer.service.js';
import { RenderSlots } from './render-slots.service.js';
import { TemplateRenderer } from './template-renderer.service.js';

@Module({
  imports: [OrganisationsModule],
  controllers: [DocumentsController],
  providers: [AgreementDocumentsService, PdfRenderer, RenderSlots, TemplateRenderer, DocumentsResolver],
  exports: [AgreementDocumentsService, PdfRenderer, TemplateRenderer],
})
export class DocumentsModule {}
