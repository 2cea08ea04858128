import { DsptStatus, SecureEmailMethod } from '../../organisations/organisation.enums.js';
import {
  AgreementKind,
  AgreementStatus,
  Article6Basis,
  Article9Condition,
  CommonLawBasis,
  DpiaOutcome,
  FindingSeverity,
  FlowFrequency,
  Identifiability,
  INSECURE_TRANSFER_METHODS,
  InternationalTransferSafeguard,
  PartyRole,
  PurposeType,
  Schedule1Condition,
  SECURE_EMAIL_TRANSFER_METHODS,
  TransferMethod,
} from '../agreement.enums.js';
import type { DataFlow, DataItem, Purpose } from '../content/agreement-content.model.js';
import type { ComplianceInput, Finding, PartyFacts } from './compliance-input.js';

/**
 * The compliance rules: each checks one thing about a draft agreement against the guidance
 * (Caldicott principles, the seven golden rules, the ICO Data Sharing Code, DCB1596, the law)
 * and returns findings. Pure: no framework, no database, no clock (dates come from input.asAt).
 * A BLOCKER stops the draft being submitted for signature; a WARNING does not.
 */

export interface ComplianceRule {
  /** Every finding the rule returns carries this code. */
  readonly code: string;
  check(input: ComplianceInput): Finding[];
}

interface Report {
  blocker(field: string | null, message: string, reference: string): Finding;
  warning(field: string | null, message: string, reference: string): Finding;
}

function rule(code: string, check: (input: ComplianceInput, report: Report) => Finding[]): ComplianceRule {
  const make = (severity: FindingSeverity) => (field: string | null, message: string, reference: string): Finding => ({
    code,
    severity,
    message,
    reference,
    field,
  });
  const report: Report = { blocker: make(FindingSeverity.BLOCKER), warning: make(FindingSeverity.WARNING) };
  return { code, check: (input) => check(input, report) };
}

// ---------------------------------------------------------------------------------------------
// References: the exact names of the guidance each finding comes from.

const CALDICOTT = {
  1: 'Caldicott Principle 1: Justify the purpose(s) for using confidential information',
  2: 'Caldicott Principle 2: Use confidential information only when it is necessary',
  3: 'Caldicott Principle 3: Use the minimum necessary confidential information',
  4: 'Caldicott Principle 4: Access to confidential information should be on a strict need-to-know basis',
  5: 'Caldicott Principle 5: Everyone with access to confidential information should be aware of their responsibilities',
  6: 'Caldicott Principle 6: Comply with the law',
  7: 'Caldicott Principle 7: The duty to share information for individual care is as important as the duty to protect patient confidentiality',
  8: 'Caldicott Principle 8: Inform patients and service users about how their confidential information is used',
} as const;

const golden = (n: 1 | 2 | 3 | 4 | 5 | 6 | 7) => `Golden rule ${n}`;
const ico = (section: string) => `ICO Data Sharing Code: ${section}`;
const refs = (...parts: string[]) => parts.join('; ');

const DCB1596 = 'DCB1596 Secure Email';
const DSPT = 'Data Security and Protection Toolkit';
const ART_9_2 = 'UK GDPR Art 9(2)';
const SCH_1 = 'DPA 2018 Sch 1';
const ART_35 = 'UK GDPR Art 35';
const ART_5_1_E = 'UK GDPR Art 5(1)(e)';
const OPT_OUT = 'National data opt-out policy';
const IMPLIED_CONSENT_GUIDANCE = 'Health and care guidance: implied consent is for individual care only';
const ANONYMISATION_GUIDANCE = 'ICO anonymisation guidance';

// ---------------------------------------------------------------------------------------------
// Plain-English labels and small helpers.

const KIND_LABEL: Record<AgreementKind, string> = {
  [AgreementKind.PROTOCOL]: 'An information sharing protocol',
  [AgreementKind.ISP]: 'An information sharing agreement',
  [AgreementKind.DDA]: 'A data disclosure agreement',
  [AgreementKind.JCA]: 'A joint controller arrangement',
};

const PURPOSE_LABEL: Record<PurposeType, string> = {
  [PurposeType.INDIVIDUAL_CARE]: 'individual care',
  [PurposeType.SAFEGUARDING]: 'safeguarding',
  [PurposeType.SERVICE_PLANNING]: 'service planning',
  [PurposeType.RESEARCH]: 'research',
  [PurposeType.COMMISSIONING]: 'commissioning',
  [PurposeType.STATUTORY_RETURN]: 'a statutory return',
};

const METHOD_LABEL: Record<TransferMethod, string> = {
  [TransferMethod.NHSMAIL]: 'NHSmail',
  [TransferMethod.DCB1596_SECURE_EMAIL]: 'DCB1596 secure email',
  [TransferMethod.MESH]: 'MESH',
  [TransferMethod.SECURE_FILE_TRANSFER]: 'secure file transfer',
  [TransferMethod.API_TLS]: 'an encrypted (TLS) interface',
  [TransferMethod.SHARED_CARE_RECORD]: 'the shared care record',
  [TransferMethod.SECURE_PORTAL]: 'a secure portal',
  [TransferMethod.ENCRYPTED_REMOVABLE_MEDIA]: 'encrypted removable media',
  [TransferMethod.TELEPHONE]: 'telephone',
  [TransferMethod.IN_PERSON]: 'in person',
  [TransferMethod.TRACKED_POST]: 'tracked post',
  [TransferMethod.STANDARD_EMAIL]: 'ordinary email',
  [TransferMethod.FAX]: 'fax',
  [TransferMethod.UNENCRYPTED_REMOVABLE_MEDIA]: 'unencrypted removable media',
  [TransferMethod.STANDARD_POST]: 'untracked post',
};

const FREQUENCY_LABEL: Record<FlowFrequency, string> = {
  [FlowFrequency.ONE_OFF]: 'one-off',
  [FlowFrequency.AD_HOC]: 'ad hoc',
  [FlowFrequency.REAL_TIME]: 'real time',
  [FlowFrequency.DAILY]: 'daily',
  [FlowFrequency.WEEKLY]: 'weekly',
  [FlowFrequency.MONTHLY]: 'monthly',
  [FlowFrequency.QUARTERLY]: 'quarterly',
  [FlowFrequency.ANNUALLY]: 'annually',
};

const ARTICLE_9_LABEL: Record<Article9Condition, string> = {
  [Article9Condition.ART9_2_A_EXPLICIT_CONSENT]: 'Article 9(2)(a) (explicit consent)',
  [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: 'Article 9(2)(b) (employment, social security and social protection)',
  [Article9Condition.ART9_2_C_VITAL_INTERESTS]: 'Article 9(2)(c) (vital interests)',
  [Article9Condition.ART9_2_D_NOT_FOR_PROFIT_BODY]: 'Article 9(2)(d) (not-for-profit bodies)',
  [Article9Condition.ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT]: 'Article 9(2)(e) (made public by the person)',
  [Article9Condition.ART9_2_F_LEGAL_CLAIMS]: 'Article 9(2)(f) (legal claims)',
  [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST]: 'Article 9(2)(g) (substantial public interest)',
  [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE]: 'Article 9(2)(h) (health or social care)',
  [Article9Condition.ART9_2_I_PUBLIC_HEALTH]: 'Article 9(2)(i) (public health)',
  [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS]: 'Article 9(2)(j) (archiving, research and statistics)',
};

const SCHEDULE_1_LABEL: Record<Schedule1Condition, string> = {
  [Schedule1Condition.SCH1_P1_1_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: 'Part 1 paragraph 1 (employment, social security and social protection)',
  [Schedule1Condition.SCH1_P1_2_HEALTH_SOCIAL_CARE]: 'Part 1 paragraph 2 (health or social care purposes)',
  [Schedule1Condition.SCH1_P1_3_PUBLIC_HEALTH]: 'Part 1 paragraph 3 (public health)',
  [Schedule1Condition.SCH1_P1_4_RESEARCH]: 'Part 1 paragraph 4 (research)',
  [Schedule1Condition.SCH1_P2_6_STATUTORY_GOVERNMENT_PURPOSES]: 'Part 2 paragraph 6 (statutory and government purposes)',
  [Schedule1Condition.SCH1_P2_8_EQUALITY_OF_OPPORTUNITY]: 'Part 2 paragraph 8 (equality of opportunity or treatment)',
  [Schedule1Condition.SCH1_P2_10_PREVENTING_DETECTING_UNLAWFUL_ACTS]: 'Part 2 paragraph 10 (preventing or detecting unlawful acts)',
  [Schedule1Condition.SCH1_P2_11_PROTECTING_PUBLIC]: 'Part 2 paragraph 11 (protecting the public)',
  [Schedule1Condition.SCH1_P2_12_REGULATORY_REQUIREMENTS]: 'Part 2 paragraph 12 (regulatory requirements)',
  [Schedule1Condition.SCH1_P2_16_SUPPORT_DISABILITY_MEDICAL_CONDITION]: 'Part 2 paragraph 16 (support for people with a disability or medical condition)',
  [Schedule1Condition.SCH1_P2_17_COUNSELLING]: 'Part 2 paragraph 17 (counselling)',
  [Schedule1Condition.SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK]: 'Part 2 paragraph 18 (safeguarding of children and individuals at risk)',
  [Schedule1Condition.SCH1_P2_19_SAFEGUARDING_ECONOMIC_WELLBEING]: 'Part 2 paragraph 19 (safeguarding of economic well-being)',
};

/** The Article 9(2) conditions that need a DPA 2018 Schedule 1 condition, and which ones fit. */
const SCHEDULE_1_NEEDED: Partial<Record<Article9Condition, { prefix: string; needs: string }>> = {
  [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: { prefix: 'SCH1_P1_1_', needs: 'Schedule 1 Part 1 paragraph 1 (employment, social security and social protection)' },
  [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST]: { prefix: 'SCH1_P2_', needs: 'a Schedule 1 Part 2 substantial public interest condition' },
  [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE]: { prefix: 'SCH1_P1_2_', needs: 'Schedule 1 Part 1 paragraph 2 (health or social care purposes)' },
  [Article9Condition.ART9_2_I_PUBLIC_HEALTH]: { prefix: 'SCH1_P1_3_', needs: 'Schedule 1 Part 1 paragraph 3 (public health)' },
  [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS]: { prefix: 'SCH1_P1_4_', needs: 'Schedule 1 Part 1 paragraph 4 (research)' },
};

const IDENTIFYING: readonly Identifiability[] = [Identifiability.IDENTIFIABLE, Identifiability.PSEUDONYMISED];
const AT_SCALE_FREQUENCIES: readonly FlowFrequency[] = [FlowFrequency.REAL_TIME, FlowFrequency.DAILY, FlowFrequency.WEEKLY];
const AT_SCALE_RECORDS_PER_YEAR = 1000;
const MAX_REVIEW_CYCLE_MONTHS = 36;
const MAX_REVIEW_YEARS = 3;
const OPT_OUT_PURPOSES: readonly PurposeType[] = [PurposeType.RESEARCH, PurposeType.SERVICE_PLANNING];
const OPT_OUT_EXEMPT_BASES: readonly CommonLawBasis[] = [CommonLawBasis.EXPLICIT_CONSENT, CommonLawBasis.LEGAL_REQUIREMENT];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const blank = (text: string | null | undefined): boolean => !text || text.trim() === '';
const identifying = (item: DataItem): boolean => IDENTIFYING.includes(item.identifiability);
const allAnonymised = (flow: DataFlow): boolean => flow.dataItems.every((item) => item.identifiability === Identifiability.ANONYMISED);

/** `2027-03-01` as `1 March 2027`. */
function longDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return MONTHS[month - 1] ? `${day} ${MONTHS[month - 1]} ${year}` : date;
}

/** The same calendar day `years` later, as a comparable YYYY-MM-DD string. */
function yearsAfter(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

/** 4000 as `4,000`. */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function quote(text: string, max = 80): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  return `"${clean.length > max ? `${clean.slice(0, max - 1)}…` : clean}"`;
}

/** "a", "a and b", "a, b and c", or "a, b, c and 3 more" (duplicates removed). */
function listOf(texts: string[], max = 4): string {
  const unique = [...new Set(texts)];
  const shown = unique.length > max ? [...unique.slice(0, max - 1), `${unique.length - (max - 1)} more`] : unique;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

const flowLabel = (flow: DataFlow) => `flow ${quote(flow.name)}`;
const itemLabel = (item: DataItem, flow: DataFlow) => `${quote(item.name)} in ${flowLabel(flow)}`;
const purposeLabel = (purpose: Purpose) => `${quote(purpose.description, 60)} (${PURPOSE_LABEL[purpose.purposeType]})`;
const partyName = (input: ComplianceInput, organisationId: string): string | undefined =>
  input.parties.find((party) => party.organisationId === organisationId)?.organisationName;

interface ItemAt {
  flow: DataFlow;
  flowIndex: number;
  item: DataItem;
  itemIndex: number;
  field: string;
}

function itemsOf(input: ComplianceInput): ItemAt[] {
  return input.content.dataFlows.flatMap((flow, flowIndex) =>
    flow.dataItems.map((item, itemIndex) => ({ flow, flowIndex, item, itemIndex, field: `dataFlows[${flowIndex}].dataItems[${itemIndex}]` })),
  );
}

const carriesIdentifyingData = (input: ComplianceInput) => itemsOf(input).some(({ item }) => identifying(item));
const isSpecialAndIdentifying = (item: DataItem) => item.specialCategory && item.identifiability !== Identifiability.ANONYMISED;

// ---------------------------------------------------------------------------------------------
// Purposes and benefits.

export const noPurpose = rule('NO_PURPOSE', ({ content }, report) =>
  content.purposes.length > 0
    ? []
    : [
        report.blocker(
          'purposes',
          'No purpose is given. Say what the sharing is for: every use of confidential information must be justified by a clear purpose.',
          refs(CALDICOTT[1], ico('Data sharing agreements')),
        ),
      ],
);

export const noBenefits = rule('NO_BENEFITS', ({ content }, report) =>
  content.benefits.some((benefit) => !blank(benefit))
    ? []
    : [
        report.warning(
          'benefits',
          'No benefits are given. Say what the sharing is expected to achieve for people and services, so it can be judged at review.',
          ico('Data sharing agreements'),
        ),
      ],
);

// ---------------------------------------------------------------------------------------------
// Parties.

export const tooFewParties = rule('TOO_FEW_PARTIES', ({ parties }, report) =>
  parties.length >= 2
    ? []
    : [
        report.blocker(
          'parties',
          parties.length === 0
            ? 'The agreement has no parties. Add at least two organisations that share information under it.'
            : `The agreement has only one party (${parties[0].organisationName}). Add at least one other organisation that shares information under it.`,
          ico('Data sharing agreements'),
        ),
      ],
);

export const partyRolesInconsistent = rule('PARTY_ROLES_INCONSISTENT', ({ kind, parties }, report) => {
  const withRole = (role: PartyRole) => parties.filter((party) => party.role === role);
  if (kind === AgreementKind.DDA) {
    const missing = [
      withRole(PartyRole.DISCLOSER).length === 0 ? 'a discloser' : null,
      withRole(PartyRole.RECIPIENT).length === 0 ? 'a recipient' : null,
    ].filter((text): text is string => text !== null);
    return missing.length === 0
      ? []
      : [
          report.blocker(
            'parties',
            `A data disclosure agreement needs at least one discloser and one recipient, but no party is ${missing.join(' or ')}. Set each party's role.`,
            ico('Accountability'),
          ),
        ];
  }
  if (kind === AgreementKind.JCA) {
    const joint = withRole(PartyRole.JOINT_CONTROLLER);
    return joint.length >= 2
      ? []
      : [
          report.blocker(
            'parties',
            joint.length === 0
              ? 'A joint controller arrangement needs at least two joint controllers, but no party is a joint controller. Set each party\'s role.'
              : `A joint controller arrangement needs at least two joint controllers, but only ${joint[0].organisationName} is one. Set each party's role.`,
            ico('Accountability'),
          ),
        ];
  }
  return [];
});

const PROTOCOL_IN_FORCE: ReadonlySet<AgreementStatus> = new Set([AgreementStatus.ACTIVE, AgreementStatus.AWAITING_SIGNATURES]);

const PROTOCOL_STATUS_WORDS: Record<AgreementStatus, string> = {
  [AgreementStatus.DRAFT]: 'still a draft',
  [AgreementStatus.AWAITING_SIGNATURES]: 'awaiting signatures',
  [AgreementStatus.ACTIVE]: 'in force',
  [AgreementStatus.SUSPENDED]: 'suspended',
  [AgreementStatus.TERMINATED]: 'terminated',
  [AgreementStatus.EXPIRED]: 'expired',
};

export const parentProtocolNotInForce = rule('PARENT_PROTOCOL_NOT_IN_FORCE', ({ parentProtocol }, report) =>
  parentProtocol && !PROTOCOL_IN_FORCE.has(parentProtocol.status)
    ? [
        report.blocker(
          'parentProtocolId',
          `The protocol it sits under, ${parentProtocol.reference} (${parentProtocol.title}), is ${PROTOCOL_STATUS_WORDS[parentProtocol.status]}. An agreement can sit only under a protocol that is in force or awaiting signatures: choose another protocol or none.`,
          ico('Accountability'),
        ),
      ]
    : [],
);

export const partyNotReady = rule('PARTY_NOT_READY', ({ parties }, report) =>
  parties.flatMap((party, index) => {
    if (party.readiness.ready) return [];
    const reasons = party.readiness.reasons.map((reason) => reason.message.trim().replace(/\.$/, '')).filter((text) => text !== '');
    return [
      report.blocker(
        `parties[${index}]`,
        `${party.organisationName} is not ready to be a party${reasons.length ? `: ${reasons.join('; ')}` : ''}. It needs an IG lead and someone who may sign for it.`,
        ico('Accountability'),
      ),
    ];
  }),
);

const dsptRule = (code: string, status: DsptStatus, severity: 'blocker' | 'warning', explain: (party: PartyFacts) => string) =>
  rule(code, ({ parties }, report) =>
    parties.flatMap((party, index) => (party.dsptStatus === status ? [report[severity](`parties[${index}]`, explain(party), DSPT)] : [])),
  );

export const partyDsptNotMet = dsptRule(
  'PARTY_DSPT_NOT_MET',
  DsptStatus.STANDARDS_NOT_MET,
  'blocker',
  (party) =>
    `${party.organisationName}'s Data Security and Protection Toolkit assessment is "Standards Not Met". It cannot be relied on to keep shared information secure until it meets the standards.`,
);

export const partyDsptApproaching = dsptRule(
  'PARTY_DSPT_APPROACHING',
  DsptStatus.APPROACHING_STANDARDS,
  'warning',
  (party) =>
    `${party.organisationName}'s Data Security and Protection Toolkit assessment is "Approaching Standards". Check its improvement plan before relying on it.`,
);

export const partyDsptNotPublished = dsptRule(
  'PARTY_DSPT_NOT_PUBLISHED',
  DsptStatus.NOT_PUBLISHED,
  'warning',
  (party) =>
    `${party.organisationName} has no published Data Security and Protection Toolkit assessment. Ask for evidence of how it keeps information secure.`,
);

export const secureEmailAccreditationExpiresBeforeReview = rule('SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW', (input, report) => {
  const reviewDate = input.content.review?.nextReviewDate || null;
  return input.parties.flatMap((party, index) => {
    const expiry = party.secureEmailAccreditationExpiry;
    if (!expiry) return [];
    if (expiry < input.asAt) {
      return [
        report.warning(
          `parties[${index}]`,
          `${party.organisationName}'s DCB1596 secure email accreditation expired on ${longDate(expiry)}. It must be renewed before the organisation sends or receives information by secure email.`,
          DCB1596,
        ),
      ];
    }
    if (reviewDate && expiry < reviewDate) {
      return [
        report.warning(
          `parties[${index}]`,
          `${party.organisationName}'s DCB1596 secure email accreditation expires on ${longDate(expiry)}, before the agreement's next review on ${longDate(reviewDate)}. Make sure it is renewed in time.`,
          DCB1596,
        ),
      ];
    }
    return [];
  });
});

// ---------------------------------------------------------------------------------------------
// Data flows (the information reference table).

export const noDataFlows = rule('NO_DATA_FLOWS', ({ kind, content }, report) =>
  kind === AgreementKind.PROTOCOL || content.dataFlows.length > 0
    ? []
    : [
        report.blocker(
          'dataFlows',
          `${KIND_LABEL[kind]} must say what information flows between which parties, but no data flows are listed. Add the information reference table.`,
          ico('Data sharing agreements'),
        ),
      ],
);

export const flowPartyNotAParty = rule('FLOW_PARTY_NOT_A_PARTY', (input, report) =>
  input.content.dataFlows.flatMap((flow, index) =>
    (
      [
        ['fromOrganisationId', flow.fromOrganisationId, 'is sent from'],
        ['toOrganisationId', flow.toOrganisationId, 'goes to'],
      ] as const
    )
      .filter(([, organisationId]) => partyName(input, organisationId) === undefined)
      .map(([field, , verb]) =>
        report.blocker(
          `dataFlows[${index}].${field}`,
          `Flow ${quote(flow.name)} ${verb} an organisation that is not a party to this agreement. Add the organisation as a party or change the flow.`,
          ico('Data sharing agreements'),
        ),
      ),
  ),
);

export const flowToItself = rule('FLOW_TO_ITSELF', (input, report) =>
  input.content.dataFlows.flatMap((flow, index) =>
    flow.fromOrganisationId === flow.toOrganisationId
      ? [
          report.blocker(
            `dataFlows[${index}].toOrganisationId`,
            `Flow ${quote(flow.name)} goes from ${partyName(input, flow.fromOrganisationId) ?? 'an organisation'} to itself. A data flow must go from one party to another.`,
            ico('Data sharing agreements'),
          ),
        ]
      : [],
  ),
);

export const flowWithoutItems = rule('FLOW_WITHOUT_ITEMS', ({ content }, report) =>
  content.dataFlows.flatMap((flow, index) =>
    flow.dataItems.length > 0
      ? []
      : [
          report.blocker(
            `dataFlows[${index}].dataItems`,
            `Flow ${quote(flow.name)} lists no data items. Say exactly which items of information it carries, so only the minimum necessary is shared.`,
            refs(ico('Data sharing agreements'), CALDICOTT[3]),
          ),
        ],
  ),
);

// ---------------------------------------------------------------------------------------------
// Lawful basis and the common-law duty of confidentiality.

export const noArticle6Basis = rule('NO_ARTICLE_6_BASIS', ({ content }, report) =>
  (content.legalBasis?.article6.length ?? 0) > 0
    ? []
    : [
        report.blocker(
          'legalBasis.article6',
          'No UK GDPR Article 6 lawful basis is given. Every sharing of personal data needs one; public bodies usually rely on Article 6(1)(e) public task.',
          refs(ico('Lawfulness'), CALDICOTT[6]),
        ),
      ],
);

export const specialCategoryWithoutArticle9 = rule('SPECIAL_CATEGORY_WITHOUT_ARTICLE_9', (input, report) => {
  if ((input.content.legalBasis?.article9.length ?? 0) > 0) return [];
  const special = itemsOf(input).filter(({ item }) => isSpecialAndIdentifying(item));
  return special.length === 0
    ? []
    : [
        report.blocker(
          'legalBasis.article9',
          `Special category information is shared (${listOf(special.map(({ item, flow }) => itemLabel(item, flow)))}) but no UK GDPR Article 9 condition is given. Add one, for example Article 9(2)(h) for health or social care.`,
          refs(ART_9_2, CALDICOTT[6]),
        ),
      ];
});

export const article9NeedsSchedule1 = rule('ARTICLE_9_NEEDS_SCHEDULE_1', ({ content }, report) =>
  (content.legalBasis?.article9 ?? []).flatMap((basis, index) => {
    const needed = SCHEDULE_1_NEEDED[basis.condition];
    if (!needed) return [];
    const field = `legalBasis.article9[${index}].schedule1Condition`;
    const condition = ARTICLE_9_LABEL[basis.condition];
    if (!basis.schedule1Condition) {
      return [report.blocker(field, `${condition} also needs a Data Protection Act 2018 Schedule 1 condition: add ${needed.needs}.`, SCH_1)];
    }
    if (!basis.schedule1Condition.startsWith(needed.prefix)) {
      return [
        report.blocker(
          field,
          `${condition} is paired with Schedule 1 ${SCHEDULE_1_LABEL[basis.schedule1Condition]}, which does not fit it. It needs ${needed.needs}.`,
          SCH_1,
        ),
      ];
    }
    return [];
  }),
);

export const impliedConsentOutsideIndividualCare = rule('IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE', ({ content }, report) => {
  if (!content.legalBasis?.commonLawBases.includes(CommonLawBasis.IMPLIED_CONSENT)) return [];
  const others = content.purposes.filter((purpose) => purpose.purposeType !== PurposeType.INDIVIDUAL_CARE);
  return others.length === 0
    ? []
    : [
        report.blocker(
          'legalBasis.commonLawBases',
          `Implied consent covers sharing for individual care only, but this agreement relies on it and also has the purpose ${listOf(others.map(purposeLabel))}. Other purposes need explicit consent or another basis: remove implied consent and give that basis, or put the individual care sharing in an agreement of its own.`,
          refs(ico('Lawfulness'), IMPLIED_CONSENT_GUIDANCE),
        ),
      ];
});

export const noCommonLawBasis = rule('NO_COMMON_LAW_BASIS', (input, report) =>
  (input.content.legalBasis?.commonLawBases.length ?? 0) > 0 || !carriesIdentifyingData(input)
    ? []
    : [
        report.blocker(
          'legalBasis.commonLawBases',
          'Identifiable or pseudonymised information is shared but no common-law basis for setting aside the duty of confidentiality is given (for example implied consent for individual care, explicit consent, overriding public interest, a legal requirement or section 251 support).',
          CALDICOTT[6],
        ),
      ],
);

// ---------------------------------------------------------------------------------------------
// Minimum necessary and secure transfer.

export const identifiableItemWithoutJustification = rule('IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION', (input, report) =>
  itemsOf(input)
    .filter(({ item }) => identifying(item) && blank(item.justification))
    .map(({ item, flow, field }) =>
      report.blocker(
        `${field}.justification`,
        `Say why ${itemLabel(item, flow)} is needed. Identifiable or pseudonymised items must be justified as the minimum necessary for the purpose.`,
        refs(CALDICOTT[3], golden(6)),
      ),
    ),
);

export const insecureTransferMethod = rule('INSECURE_TRANSFER_METHOD', ({ content }, report) =>
  content.dataFlows.flatMap((flow, index) => {
    if (!flow.transferMethod || !INSECURE_TRANSFER_METHODS.includes(flow.transferMethod)) return [];
    const field = `dataFlows[${index}].transferMethod`;
    const method = METHOD_LABEL[flow.transferMethod];
    const reference = refs(golden(6), DCB1596);
    if (allAnonymised(flow)) {
      return [
        report.warning(
          field,
          `Flow ${quote(flow.name)} is sent by ${method}, which is not secure. It carries only anonymised information, so this is allowed, but check the information really is anonymised and prefer a secure method.`,
          reference,
        ),
      ];
    }
    const items = flow.dataItems.filter(identifying).map((item) => quote(item.name));
    return [
      report.blocker(
        field,
        `Flow ${quote(flow.name)} sends identifiable or pseudonymised information (${listOf(items)}) by ${method}, which is not secure. Use NHSmail or other DCB1596-accredited secure email, MESH, or another secure method.`,
        reference,
      ),
    ];
  }),
);

export const noTransferMethod = rule('NO_TRANSFER_METHOD', ({ content }, report) =>
  content.dataFlows.flatMap((flow, index) =>
    flow.transferMethod
      ? []
      : [
          report.blocker(
            `dataFlows[${index}].transferMethod`,
            `Flow ${quote(flow.name)} does not say how the information is sent. Choose a transfer method.`,
            refs(ico('Security'), golden(6)),
          ),
        ],
  ),
);

export const secureEmailWithoutAccreditation = rule('SECURE_EMAIL_WITHOUT_ACCREDITATION', (input, report) =>
  input.content.dataFlows.flatMap((flow, index) => {
    if (!flow.transferMethod || !SECURE_EMAIL_TRANSFER_METHODS.includes(flow.transferMethod)) return [];
    const ends = [...new Set([flow.fromOrganisationId, flow.toOrganisationId])];
    const unaccredited = ends
      .map((organisationId) => input.parties.find((party) => party.organisationId === organisationId))
      .filter((party): party is PartyFacts => party !== undefined && party.secureEmailMethod === SecureEmailMethod.NONE)
      .map((party) => party.organisationName);
    if (unaccredited.length === 0) return [];
    return [
      report.blocker(
        `dataFlows[${index}].transferMethod`,
        `Flow ${quote(flow.name)} is sent by ${METHOD_LABEL[flow.transferMethod]}, but ${listOf(unaccredited)} ${unaccredited.length > 1 ? 'have' : 'has'} no secure email that meets the DCB1596 standard. Set up NHSmail or an accredited service, or choose another secure method.`,
        DCB1596,
      ),
    ];
  }),
);

// ---------------------------------------------------------------------------------------------
// Retention and review.

export const noRetention = rule('NO_RETENTION', (input, report) => {
  if (!blank(input.content.retention?.period)) return [];
  const noItems = itemsOf(input).length === 0;
  return noItems || carriesIdentifyingData(input)
    ? [
        report.blocker(
          'retention.period',
          'No retention period is given. Say how long shared information is kept and when it is destroyed: personal data must not be kept longer than needed.',
          refs(ico('Data sharing agreements'), ART_5_1_E),
        ),
      ]
    : [];
});

export const noReviewDate = rule('NO_REVIEW_DATE', ({ content }, report) =>
  content.review?.nextReviewDate
    ? []
    : [
        report.blocker(
          'review.nextReviewDate',
          'No review date is set. Agreements must be reviewed regularly, at least every three years: set the next review date.',
          ico('Data sharing agreements'),
        ),
      ],
);

export const reviewCycleTooLong = rule('REVIEW_CYCLE_TOO_LONG', ({ content, asAt }, report) => {
  const findings: Finding[] = [];
  const cycle = content.review?.cycleMonths;
  if (cycle != null && cycle > MAX_REVIEW_CYCLE_MONTHS) {
    findings.push(
      report.blocker(
        'review.cycleMonths',
        `The review cycle is ${cycle} months. Review the agreement at least every ${MAX_REVIEW_CYCLE_MONTHS} months (three years).`,
        ico('Data sharing agreements'),
      ),
    );
  }
  const next = content.review?.nextReviewDate;
  if (next && next > yearsAfter(asAt, MAX_REVIEW_YEARS)) {
    findings.push(
      report.blocker(
        'review.nextReviewDate',
        `The next review on ${longDate(next)} is more than three years away. Set a review date within three years of today.`,
        ico('Data sharing agreements'),
      ),
    );
  }
  return findings;
});

export const reviewDatePassed = rule('REVIEW_DATE_PASSED', ({ content, asAt }, report) => {
  const next = content.review?.nextReviewDate;
  return next && next < asAt
    ? [
        report.warning(
          'review.nextReviewDate',
          `The review date of ${longDate(next)} has passed. Review the agreement and set the next review date.`,
          ico('Data sharing agreements'),
        ),
      ]
    : [];
});

// ---------------------------------------------------------------------------------------------
// International transfers, DPIA, children, the national data opt-out.

export const transferOutsideUkWithoutSafeguard = rule('TRANSFER_OUTSIDE_UK_WITHOUT_SAFEGUARD', ({ content }, report) =>
  content.dataFlows.flatMap((flow, index) =>
    flow.transferOutsideUk && (!flow.outsideUkSafeguard || flow.outsideUkSafeguard === InternationalTransferSafeguard.NONE)
      ? [
          report.blocker(
            `dataFlows[${index}].outsideUkSafeguard`,
            `Flow ${quote(flow.name)} sends information outside the UK without a safeguard. Name the safeguard (UK adequacy regulations, an international data transfer agreement or binding corporate rules), or keep the information in the UK.`,
            ico('International transfers'),
          ),
        ]
      : [],
  ),
);

export const noDpiaForLargeScaleSpecialCategory = rule('NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY', ({ content }, report) => {
  const atScale = content.dataFlows.filter(
    (flow) =>
      flow.dataItems.some(isSpecialAndIdentifying) &&
      ((flow.frequency != null && AT_SCALE_FREQUENCIES.includes(flow.frequency)) ||
        (flow.estimatedRecordsPerYear ?? 0) >= AT_SCALE_RECORDS_PER_YEAR),
  );
  if (atScale.length === 0) return [];
  const flows = listOf(
    atScale.map((flow) => {
      const scale = [
        flow.frequency && AT_SCALE_FREQUENCIES.includes(flow.frequency) ? FREQUENCY_LABEL[flow.frequency] : null,
        (flow.estimatedRecordsPerYear ?? 0) >= AT_SCALE_RECORDS_PER_YEAR ? `about ${thousands(flow.estimatedRecordsPerYear ?? 0)} records a year` : null,
      ].filter(Boolean);
      return `${flowLabel(flow)} (${scale.join(', ')})`;
    }),
  );
  const reference = refs(ART_35, ico('Data protection impact assessments'));
  if (blank(content.dpia?.reference)) {
    return [
      report.blocker(
        'dpia.reference',
        `Special category information is shared at scale in ${flows}, so a data protection impact assessment is required. Carry one out and record its reference.`,
        reference,
      ),
    ];
  }
  if (content.dpia?.outcome === DpiaOutcome.NOT_REQUIRED) {
    return [
      report.blocker(
        'dpia.outcome',
        `The data protection impact assessment is recorded as not required, but special category information is shared at scale in ${flows}. A DPIA is required: record its outcome.`,
        reference,
      ),
    ];
  }
  return [];
});

export const childrenWithoutHighPrivacyDefault = rule('CHILDREN_WITHOUT_HIGH_PRIVACY_DEFAULT', ({ content }, report) =>
  content.dataSubjects?.includesChildren && blank(content.dataSubjects.childrenHighPrivacyDefault)
    ? [
        report.blocker(
          'dataSubjects.childrenHighPrivacyDefault',
          "Children are in scope, but the agreement does not say how their information is protected by default. Describe the high-privacy default for children's information.",
          ico('Children'),
        ),
      ]
    : [],
);

export const nationalDataOptOutNotApplied = rule('NATIONAL_DATA_OPT_OUT_NOT_APPLIED', (input, report) => {
  const { content } = input;
  const purposes = content.purposes.filter((purpose) => OPT_OUT_PURPOSES.includes(purpose.purposeType));
  const exempt = (content.legalBasis?.commonLawBases ?? []).some((basis) => OPT_OUT_EXEMPT_BASES.includes(basis));
  if (purposes.length === 0 || !carriesIdentifyingData(input) || content.consentAndTransparency?.nationalDataOptOutApplied === true || exempt) {
    return [];
  }
  return [
    report.blocker(
      'consentAndTransparency.nationalDataOptOutApplied',
      `Identifiable or pseudonymised information is shared for ${listOf(purposes.map(purposeLabel))}, but the national data opt-out is not applied. Apply it before sharing, rely on explicit consent or a legal requirement (where the opt-out does not apply), or share anonymised information instead.`,
      OPT_OUT,
    ),
  ];
});

// ---------------------------------------------------------------------------------------------
// Anonymised data: data protection law does not apply to truly anonymised data. Never blockers.

export const anonymisedItemMarkedSpecialCategory = rule('ANONYMISED_ITEM_MARKED_SPECIAL_CATEGORY', (input, report) =>
  itemsOf(input)
    .filter(({ item }) => item.identifiability === Identifiability.ANONYMISED && item.specialCategory)
    .map(({ item, flow, field }) =>
      report.warning(
        `${field}.specialCategory`,
        `The item ${itemLabel(item, flow)} is anonymised but marked as special category. Data protection law does not apply to truly anonymised data, so it need not be treated as special category: check it really is anonymised.`,
        refs(ico('Data protection principles'), ANONYMISATION_GUIDANCE),
      ),
    ),
);

export const anonymisedFlowWithRetention = rule('ANONYMISED_FLOW_WITH_RETENTION', ({ content }, report) =>
  content.dataFlows.flatMap((flow, index) =>
    flow.dataItems.length > 0 && allAnonymised(flow) && !blank(flow.recipientRetention)
      ? [
          report.warning(
            `dataFlows[${index}].recipientRetention`,
            `Flow ${quote(flow.name)} carries only anonymised information but is given a retention rule as if it were identifiable. Data protection law does not apply to truly anonymised data, so no retention rule is needed: check it really is anonymised.`,
            refs(ico('Data protection principles'), ANONYMISATION_GUIDANCE),
          ),
        ]
      : [],
  ),
);

// ---------------------------------------------------------------------------------------------
// Transparency, security, breaches, consent as a lawful basis.

export const noTransparency = rule('NO_TRANSPARENCY', (input, report) =>
  blank(input.content.consentAndTransparency?.howIndividualsAreInformed) && carriesIdentifyingData(input)
    ? [
        report.warning(
          'consentAndTransparency.howIndividualsAreInformed',
          'The agreement does not say how people are told that their information is shared (for example privacy notices, leaflets or welcome packs). Be open about why, what, how and with whom information is shared.',
          refs(CALDICOTT[8], golden(2)),
        ),
      ]
    : [],
);

export const noSecurityMeasures = rule('NO_SECURITY_MEASURES', ({ content }, report) =>
  blank(content.security?.measures)
    ? [
        report.warning(
          'security.measures',
          'The agreement does not describe the security measures each party keeps. Say how shared information is protected.',
          refs(ico('Security'), golden(6)),
        ),
      ]
    : [],
);

export const noBreachProcess = rule('NO_BREACH_PROCESS', ({ content }, report) =>
  blank(content.breaches?.process)
    ? [
        report.warning(
          'breaches.process',
          'The agreement does not say how breaches and near misses are reported between the parties and escalated.',
          ico('Data sharing agreements'),
        ),
      ]
    : [],
);

export const consentAsArticle6Basis = rule('CONSENT_AS_ARTICLE_6_BASIS', ({ content }, report) =>
  content.legalBasis?.article6.includes(Article6Basis.ART6_1_A_CONSENT)
    ? [
        report.warning(
          'legalBasis.article6',
          'Consent is given as the UK GDPR Article 6 lawful basis. Public authorities should generally not rely on consent, because of the imbalance of power between them and the people they serve; consider Article 6(1)(e) public task or (c) legal obligation.',
          ico('Lawfulness'),
        ),
      ]
    : [],
);

// ---------------------------------------------------------------------------------------------

/** Every rule, in the order their findings are reported. */
export const RULES: ReadonlyArray<ComplianceRule> = [
  noPurpose,
  noBenefits,
  tooFewParties,
  parentProtocolNotInForce,
  partyRolesInconsistent,
  partyNotReady,
  partyDsptNotMet,
  partyDsptApproaching,
  partyDsptNotPublished,
  secureEmailAccreditationExpiresBeforeReview,
  noDataFlows,
  flowPartyNotAParty,
  flowToItself,
  flowWithoutItems,
  noArticle6Basis,
  specialCategoryWithoutArticle9,
  article9NeedsSchedule1,
  impliedConsentOutsideIndividualCare,
  noCommonLawBasis,
  identifiableItemWithoutJustification,
  insecureTransferMethod,
  noTransferMethod,
  secureEmailWithoutAccreditation,
  noRetention,
  noReviewDate,
  reviewCycleTooLong,
  reviewDatePassed,
  transferOutsideUkWithoutSafeguard,
  noDpiaForLargeScaleSpecialCategory,
  childrenWithoutHighPrivacyDefault,
  nationalDataOptOutNotApplied,
  anonymisedItemMarkedSpecialCategory,
  anonymisedFlowWithRetention,
  noTransparency,
  noSecurityMeasures,
  noBreachProcess,
  consentAsArticle6Basis,
];

/** Checks a draft against every rule; an empty list means nothing to fix. */
export function checkCompliance(input: ComplianceInput): Finding[] {
  return RULES.flatMap((each) => each.check(input));
}
