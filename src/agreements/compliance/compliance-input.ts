import type { DsptStatus, SecureEmailMethod } from '../../organisations/organisation.enums.js';
import type { AgreementKind, AgreementStatus, FindingSeverity, PartyRole } from '../agreement.enums.js';
import type { AgreementContent } from '../content/agreement-content.model.js';

/** What the rules know of a party organisation, as it stood on the date the findings are judged as at. */
export interface PartyFacts {
  organisationId: string;
  organisationName: string;
  role: PartyRole;
  /** From the organisation's role holders: an IG lead and someone who may sign. */
  readiness: { ready: boolean; reasons: { code: string; message: string }[] };
  dsptStatus: DsptStatus;
  secureEmailMethod: SecureEmailMethod;
  secureEmailAccreditationExpiry: string | null;
}

/** The protocol an agreement sits under, with its status on the date the rules judge. */
export interface ParentProtocolFacts {
  reference: string;
  title: string;
  status: AgreementStatus;
}

export interface ComplianceInput {
  kind: AgreementKind;
  title: string;
  parentProtocol: ParentProtocolFacts | null;
  parties: PartyFacts[];
  content: AgreementContent;
  /**
   * YYYY-MM-DD: the date the findings are judged as at (today for a draft; the signing date for
   * an agreement signed in the past). The rules are about dates too, and take it from the caller.
   */
  asAt: string;
}

export interface Finding {
  /** A stable code, e.g. NO_PURPOSE. */
  code: string;
  severity: FindingSeverity;
  message: string;
  /** The guidance it comes from: a Caldicott principle, a golden rule, an ICO code section, DCB1596, the law. */
  reference: string;
  /** The field at fault, as a path into the draft (e.g. `dataFlows[0].dataItems[2].justification`), or null for the whole draft. */
  field: string | null;
}
