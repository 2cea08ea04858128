import { INSECURE_TRANSFER_METHODS, PurposeType, SECURE_EMAIL_TRANSFER_METHODS, type TransferMethod } from '../../agreements/agreement.enums.js';
import type { DataFlow } from '../../agreements/content/agreement-content.model.js';
import { accreditationLapse, longDate } from '../../organisations/assurance.rules.js';
import { ConsentStatus, DecisionFlagKind, DecisionOutcome } from '../monitoring.enums.js';

/** The agreement as it stood on the decision's date: its version in force, if it had one. */
export interface AgreementOnDate {
  reference: string;
  versionNumber: number | null;
  /** Parties of the version in force; every one of them signed it. */
  signedPartyIds: ReadonlySet<string>;
  dataFlows: DataFlow[];
  /** For a version recorded from a signed original: where the other parties' confirmation stood when the decision was recorded. */
  confirmation?: 'AWAITING_CONFIRMATION' | 'CONFIRMED' | 'DISPUTED' | null;
}

export interface DecisionFacts {
  outcome: DecisionOutcome;
  disclosingOrganisationId: string;
  requestingOrganisationId: string;
  flowId: string | null;
  dataItemsShared: string[];
  includesSpecialCategory: boolean;
  transferMethod: TransferMethod | null;
  purposeType: PurposeType;
  consentStatus: ConsentStatus;
  article9Condition: string | null;
}

/** The sender's and receiver's secure email accreditation in force on the decision's date (YYYY-MM-DD). */
export interface AccreditationsOnDate {
  decidedOn: string;
  ends: { organisationName: string; secureEmailAccreditationExpiry: string | null }[];
}

export interface DecisionFlag {
  kind: DecisionFlagKind;
  detail: string;
}

const normalise = (name: string) => name.trim().toLowerCase();

/**
 * Checks a decision against the agreement in force on its date (or none) and returns flags.
 * Flags are for monitoring: they never stop a decision being recorded. A decision not to share
 * disclosed nothing, so it raises none. Pure.
 */
export function decisionFlags(
  decision: DecisionFacts,
  agreement: AgreementOnDate | null,
  agreementNamed: boolean,
  accreditations: AccreditationsOnDate | null = null,
): DecisionFlag[] {
  if (decision.outcome === DecisionOutcome.NOT_SHARED) return [];
  const flags: DecisionFlag[] = [];
  const flag = (kind: DecisionFlagKind, detail: string) => flags.push({ kind, detail });

  if (decision.transferMethod && INSECURE_TRANSFER_METHODS.includes(decision.transferMethod)) {
    flag(DecisionFlagKind.METHOD_NOT_SECURE, `${decision.transferMethod} is not a secure way to send personal information`);
  }
  if (accreditations && decision.transferMethod && SECURE_EMAIL_TRANSFER_METHODS.includes(decision.transferMethod)) {
    const lapsed = accreditations.ends.flatMap((end) => {
      const lapse = accreditationLapse(end, accreditations.decidedOn);
      return lapse ? [`${end.organisationName}'s DCB1596 accreditation expired on ${longDate(lapse.since)}`] : [];
    });
    if (lapsed.length > 0) flag(DecisionFlagKind.ACCREDITATION_LAPSED, `${lapsed.join('; ')}, before this decision was sent by ${decision.transferMethod}`);
  }
  const impliedConsent = decision.consentStatus === ConsentStatus.IMPLIED;
  if (impliedConsent && decision.purposeType !== PurposeType.INDIVIDUAL_CARE) {
    flag(DecisionFlagKind.IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE, `implied consent covers individual care only, not ${decision.purposeType}`);
  }

  let flows: DataFlow[] = [];
  if (agreementNamed) {
    if (!agreement || agreement.versionNumber === null) {
      flag(DecisionFlagKind.AGREEMENT_NOT_ACTIVE, `${agreement?.reference ?? 'the agreement'} had no version in force on the decision date`);
    } else {
      if (!agreement.signedPartyIds.has(decision.disclosingOrganisationId)) {
        flag(DecisionFlagKind.DISCLOSER_NOT_SIGNED_PARTY, `the disclosing organisation had not signed version ${agreement.versionNumber} of ${agreement.reference}`);
      }
      if (!agreement.signedPartyIds.has(decision.requestingOrganisationId)) {
        flag(DecisionFlagKind.RECIPIENT_NOT_SIGNED_PARTY, `the receiving organisation had not signed version ${agreement.versionNumber} of ${agreement.reference}`);
      }
      if (agreement.confirmation === 'AWAITING_CONFIRMATION') {
        flag(DecisionFlagKind.AGREEMENT_AWAITING_CONFIRMATION, `version ${agreement.versionNumber} of ${agreement.reference} was recorded from a signed original that not every party has confirmed yet`);
      } else if (agreement.confirmation === 'DISPUTED') {
        flag(DecisionFlagKind.AGREEMENT_RECORD_DISPUTED, `version ${agreement.versionNumber} of ${agreement.reference} was recorded from a signed original that a party disputes`);
      }
      flows = matchingFlows(decision, agreement);
      if (flows.length === 0) {
        const which = decision.flowId ? `flow ${decision.flowId} between these organisations` : 'flow from the disclosing to the receiving organisation';
        flag(DecisionFlagKind.FLOW_NOT_IN_AGREEMENT, `version ${agreement.versionNumber} of ${agreement.reference} has no ${which}`);
      } else {
        const allowed = new Set(flows.flatMap((f) => f.dataItems.map((i) => normalise(i.name))));
        const outside = decision.dataItemsShared.filter((item) => !allowed.has(normalise(item)));
        if (outside.length > 0) flag(DecisionFlagKind.DATA_ITEM_OUTSIDE_FLOW, `not in the agreed flow: ${outside.join(', ')}`);
        const methods = new Set(flows.map((f) => f.transferMethod).filter(Boolean));
        if (decision.transferMethod && !methods.has(decision.transferMethod)) {
          flag(DecisionFlagKind.METHOD_NOT_ALLOWED, `the agreed method is ${[...methods].join(' or ') || 'not stated'}, not ${decision.transferMethod}`);
        }
      }
    }
  }

  const sharedItems = new Set(decision.dataItemsShared.map(normalise));
  const specialFromFlow = flows.some((f) => f.dataItems.some((i) => i.specialCategory && i.identifiability !== 'ANONYMISED' && sharedItems.has(normalise(i.name))));
  if ((decision.includesSpecialCategory || specialFromFlow) && !decision.article9Condition) {
    flag(DecisionFlagKind.SPECIAL_CATEGORY_WITHOUT_ARTICLE_9, 'special category information was shared with no Article 9 condition recorded');
  }
  return flags;
}

function matchingFlows(decision: DecisionFacts, agreement: AgreementOnDate): DataFlow[] {
  const between = (f: DataFlow) => f.fromOrganisationId === decision.disclosingOrganisationId && f.toOrganisationId === decision.requestingOrganisationId;
  if (decision.flowId) return agreement.dataFlows.filter((f) => f.id === decision.flowId && between(f));
  return agreement.dataFlows.filter(between);
}
