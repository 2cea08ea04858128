import { Injectable } from '@nestjs/common';
import { canEditDraftContent, canLeadAgreement, type AgreementInvolvement } from '../../agreements/agreement-access-policy.js';
import { AgreementInvolvementService } from '../../agreements/agreement-involvement.service.js';
import type { Agreement } from '../../agreements/agreement.entity.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import type { Finding } from '../../agreements/compliance/compliance-input.js';
import type { Caller } from '../../common/auth/caller.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { DraftShape } from './agreement-field-paths.js';
import type { DraftContext } from './agreement-section-forms.js';
import { findingViews, type FindingView } from './agreement-views.js';

/** An agreement as its pages need it: what the caller may do with it, its draft and the draft's findings. */
export interface LoadedAgreement {
  agreement: Agreement;
  involvement: AgreementInvolvement;
  draft: DraftContext | null;
  findings: Finding[];
  findingViews: FindingView[];
  /** The access policy's answers for this caller: edit the draft's sections; change its structure, submit and vary it. */
  canEdit: boolean;
  canLead: boolean;
}

export interface EditableAgreement extends LoadedAgreement {
  draft: DraftContext;
}

export const shapeOf = (draft: DraftContext): DraftShape => ({ content: draft.content, partyCount: draft.parties.length });

/**
 * Loads an agreement for a page through the agreements services, so a page refuses exactly whom
 * the API refuses: an organisation not involved in the agreement gets 403, an unknown one 404.
 */
@Injectable()
export class AgreementPageData {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly involvement: AgreementInvolvementService,
  ) {}

  async load(caller: Caller, id: string): Promise<LoadedAgreement> {
    const agreement = await this.agreements.get(caller, id);
    const [[involvement], draftView, findings] = await Promise.all([
      this.involvement.involvementOf([agreement]),
      this.agreements.draftOf(agreement),
      this.agreements.findings(agreement),
    ]);
    const draft: DraftContext | null = draftView
      ? {
          agreementId: agreement.id,
          reference: agreement.reference,
          title: agreement.title,
          kind: agreement.kind,
          revision: draftView.revision,
          leadOrganisationId: agreement.leadOrganisationId,
          parentProtocolId: agreement.parentProtocolId,
          parties: draftView.parties,
          content: draftView.content,
        }
      : null;
    return {
      agreement,
      involvement,
      draft,
      findings,
      findingViews: draft ? findingViews(findings, agreement.id, shapeOf(draft)) : [],
      canEdit: canEditDraftContent(caller, involvement),
      canLead: canLeadAgreement(caller, involvement),
    };
  }

  /**
   * For a page that edits the draft: refused as the drafting service would refuse the change
   * (CONFLICT when there is no draft, FORBIDDEN for a caller the access policy does not allow).
   */
  async editable(caller: Caller, id: string, who: 'lead' | 'party'): Promise<EditableAgreement> {
    const loaded = await this.load(caller, id);
    const { agreement } = loaded;
    if (who === 'lead' && !loaded.canLead) {
      throw DomainError.forbidden(`Only the IG lead of the lead organisation may change the structure of ${agreement.reference}`);
    }
    if (who === 'party' && !loaded.canEdit) {
      throw DomainError.forbidden(`Only the IG lead of a party organisation may edit the draft of ${agreement.reference}`);
    }
    if (!loaded.draft) {
      throw DomainError.conflict(`${agreement.reference} has no draft to edit: it is ${agreement.status}; start a variation to change it`);
    }
    return loaded as EditableAgreement;
  }
}
