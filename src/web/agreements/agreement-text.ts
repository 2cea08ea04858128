import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../../common/auth/caller.js';
import { Clock } from '../../common/clock/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AgreementDocumentsService } from '../../documents/agreement-documents.service.js';
import { documentView } from '../../documents/document-view.js';
import { TemplateRenderer } from '../../documents/template-renderer.service.js';
import { bodyOf } from '../in-tray/version-document.js';
import type { SectionSlug } from './agreement-field-paths.js';

/** The draft page that edits each numbered section of the document (by the section's id in the document). */
const PAGE_OF_SECTION: Record<string, SectionSlug> = {
  scope: 'purposes',
  purposes: 'purposes',
  parties: 'parties',
  'data-subjects': 'data-subjects',
  'legal-basis': 'legal-basis',
  'data-flows': 'data-flows',
  consent: 'consent',
  security: 'security',
  retention: 'retention',
  rights: 'rights',
  breaches: 'breaches',
  dpia: 'dpia',
  review: 'review',
  termination: 'termination',
  clauses: 'clauses',
};

/**
 * A draft as the HTML of its document: the same export, view and `documents/<kind>` template its
 * PDF is printed from, so the text checked before submitting is the text that will be frozen. Each
 * section heading may carry a Change link to the page that edits it. Only the body is kept (see
 * VersionDocument, which does the same for a frozen version); every value in it was escaped by
 * Handlebars.
 */
@Injectable()
export class AgreementText {
  constructor(
    private readonly documents: AgreementDocumentsService,
    private readonly templates: TemplateRenderer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async draftHtml(caller: Caller, agreementId: string, changeHrefOf: ((slug: SectionSlug) => string) | null): Promise<string> {
    const exported = await this.documents.exportDraft(caller, agreementId);
    const view = documentView(exported, { protectiveMarking: this.config.documents.protectiveMarking, generatedAt: this.clock.now() });
    const heading = Object.fromEntries(
      Object.entries(view.heading).map(([id, section]) => {
        const slug = PAGE_OF_SECTION[id];
        return [id, { ...section, changeHref: slug && changeHrefOf ? changeHrefOf(slug) : null }];
      }),
    );
    return bodyOf(this.templates.render(`documents/${exported.kind.toLowerCase() as Lowercase<typeof exported.kind>}`, { ...view, heading }));
  }
}
