import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AgreementsService } from '../../agreements/agreements.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { VersionDocument } from '../in-tray/version-document.js';
import { pageAssets } from '../page-assets.js';
import { PageRenderer } from '../page-renderer.js';
import { agreementIdPipe } from './agreement-pages.controller.js';
import { kindLabel, versionTag } from './agreement-views.js';

/**
 * A version of an agreement to read in the browser: the text of its PDF, read-only, for everyone
 * who may download that PDF (every user of an organisation involved in the agreement), so a
 * partner's staff read the agreement in force without opening a file.
 */
@Controller('agreements')
export class AgreementTextController {
  private readonly documentCss: string;

  constructor(
    private readonly agreements: AgreementsService,
    private readonly document: VersionDocument,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.documentCss = `${pageAssets(config.templatesDir).folders.own.prefix}/in-tray-document.css`;
  }

  @Get(':id/versions/:number/text')
  async text(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Param('number') number: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    if (!/^\d{1,6}$/.test(number)) throw DomainError.notFound(`Version ${number} of agreement`, id);
    // Read through the documents service first: it refuses whoever may not have the PDF.
    const { exported, bodyHtml } = await this.document.html(caller, id, Number(number));
    const [versions] = await this.agreements.versionsOf([id]);
    const version = versions.find((v) => v.number === Number(number))!;
    this.pages.render(req, res, 'pages/agreement-text', {
      documentCss: this.documentCss,
      pageTitle: `Version ${version.number} of ${exported.reference}`,
      agreement: { id, reference: exported.reference, title: exported.title, kind: kindLabel(exported.kind) },
      version: {
        number: version.number,
        tag: versionTag(version.status),
        effectiveDate: version.effectiveDate,
        contentHash: version.contentHash,
        pdfHref: `/documents/agreements/${id}/versions/${version.number}.pdf`,
      },
      documentHtml: bodyHtml,
    });
  }
}
