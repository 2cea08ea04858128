import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../../common/auth/caller.js';
import { Clock } from '../../common/clock/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AgreementDocumentsService } from '../../documents/agreement-documents.service.js';
import type { AgreementExport } from '../../documents/agreement-export.js';
import { documentView } from '../../documents/document-view.js';
import { TemplateRenderer } from '../../documents/template-renderer.service.js';

export interface VersionDocumentHtml {
  /** The version as exported: its frozen content, parties and signatures so far. */
  exported: AgreementExport;
  /** The body of the document the PDF is printed from, to show inside a page. */
  bodyHtml: string;
}

/**
 * A frozen version as HTML for a page: the same export, view and `documents/<kind>` template the
 * PDF is rendered from (AgreementDocumentsService), so the text a signatory reads on screen is the
 * text of the PDF. Only the document's body is kept: its inline stylesheet would break the pages'
 * Content-Security-Policy, and pages style it from their own stylesheet. Every value in it was
 * escaped by Handlebars, so the body may be inserted into a page as it is.
 */
@Injectable()
export class VersionDocument {
  constructor(
    private readonly documents: AgreementDocumentsService,
    private readonly templates: TemplateRenderer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async html(caller: Caller, agreementId: string, versionNumber: number): Promise<VersionDocumentHtml> {
    const exported = await this.documents.exportVersion(caller, agreementId, versionNumber);
    const view = documentView(exported, { protectiveMarking: this.config.documents.protectiveMarking, generatedAt: this.clock.now() });
    return { exported, bodyHtml: bodyOf(this.templates.render(`documents/${exported.kind.toLowerCase() as Lowercase<typeof exported.kind>}`, view)) };
  }
}

/** What is between `<body>` and `</body>` of a whole document. */
export function bodyOf(html: string): string {
  const open = html.indexOf('<body>');
  const close = html.lastIndexOf('</body>');
  if (open < 0 || close < open) throw new Error('the document template rendered no <body>');
  return html.slice(open + '<body>'.length, close).trim();
}
