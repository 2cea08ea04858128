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
  TransferMethod,
} from '../agreement.enums.js';
import type { DataItem } from '../content/agreement-content.model.js';
import type { ComplianceInput, Finding, PartyFacts } from './compliance-input.js';
import { checkCompliance, RULES } from './compliance-rules.js';

const { BLOCKER, WARNING } = FindingSeverity;
const TODAY = '2026-05-20';

const HOSPITAL = '0b7e2a52-5a43-4c1e-9a57-3f1c1d6a0001';
const COUNCIL = '0b7e2a52-5a43-4c1e-9a57-3f1c1d6a0002';
const CARE = '0b7e2a52-5a43-4c1e-9a57-3f1c1d6a0003';
const STRANGER = '0b7e2a52-5a43-4c1e-9a57-3f1c1d6a0099';
const HOSPITAL_NAME = 'Northshire Hospitals NHS Foundation Trust';
const COUNCIL_NAME = 'Northshire County Council';
const CARE_NAME = 'Sunrise Home Care Ltd';

function party(organisationId: string, organisationName: string): PartyFacts {
  return {
    organisationId,
    organisationName,
    role: PartyRole.CONTROLLER,
    readiness: { ready: true, reasons: [] },
    dsptStatus: DsptStatus.STANDARDS_MET,
    secureEmailMethod: SecureEmailMethod.NHSMAIL,
    secureEmailAccreditationExpiry: null,
  };
}

const item = (name: string, specialCategory: boolean, justification: string | null, identifiability = Identifiability.IDENTIFIABLE): DataItem => ({
  name,
  specialCategory,
  identifiability,
  justification,
});

/** A realistic, fully compliant ISP for hospital discharge: no findings at all. */
function compliant(): ComplianceInput {
  return {
    kind: AgreementKind.ISP,
    title: 'Northshire hospital discharge information sharing agreement',
    parentProtocol: { reference: 'PROTOCOL-2026-0001', title: 'Northshire information sharing protocol', status: AgreementStatus.ACTIVE },
    asAt: TODAY,
    parties: [party(HOSPITAL, HOSPITAL_NAME), party(COUNCIL, COUNCIL_NAME), party(CARE, CARE_NAME)],
    content: {
      scope: 'Adults leaving Northshire hospitals who need care and support at home.',
      purposes: [
        {
          description: 'Plan and arrange safe, timely discharge from hospital for adults who need care and support at home',
          purposeType: PurposeType.INDIVIDUAL_CARE,
        },
      ],
      benefits: ['Fewer delayed discharges', 'Care in place on the day the person goes home', 'People tell their story once'],
      dataSubjects: {
        categories: ['Adults in hospital who need care and support on discharge'],
        includesChildren: false,
        childrenHighPrivacyDefault: null,
      },
      legalBasis: {
        article6: [Article6Basis.ART6_1_E_PUBLIC_TASK],
        article9: [{ condition: Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE, schedule1Condition: Schedule1Condition.SCH1_P1_2_HEALTH_SOCIAL_CARE }],
        commonLawBases: [CommonLawBasis.IMPLIED_CONSENT],
        statutoryPowers: ['Care Act 2014 s74 and Schedule 3', 'Health and Social Care Act 2012 s251B'],
      },
      dataFlows: [
        {
          id: null,
          name: 'Discharge notification',
          fromOrganisationId: HOSPITAL,
          toOrganisationId: COUNCIL,
          dataItems: [
            item('NHS number', false, 'Matches the person across hospital and council records'),
            item('Name and address', false, 'Needed to arrange care at home'),
            item('Discharge summary', true, 'Care needs, medication and risks the care plan must meet'),
          ],
          frequency: FlowFrequency.DAILY,
          transferMethod: TransferMethod.NHSMAIL,
          estimatedRecordsPerYear: 4000,
          recipientRetention: '8 years after the last contact',
          transferOutsideUk: false,
          outsideUkSafeguard: null,
        },
        {
          id: null,
          name: 'Care package start',
          fromOrganisationId: COUNCIL,
          toOrganisationId: CARE,
          dataItems: [
            item('NHS number', false, 'Matches the person across records'),
            item('Care and support plan', true, 'Tells the carers what support to give from day one'),
          ],
          frequency: FlowFrequency.DAILY,
          transferMethod: TransferMethod.MESH,
          estimatedRecordsPerYear: 2500,
          recipientRetention: '8 years after care ends',
          transferOutsideUk: false,
          outsideUkSafeguard: null,
        },
        {
          id: null,
          name: 'Care started confirmation',
          fromOrganisationId: CARE,
          toOrganisationId: HOSPITAL,
          dataItems: [item('NHS number', false, 'Identifies the patient on the ward list'), item('Date care started', false, 'Closes the discharge on the ward')],
          frequency: FlowFrequency.AD_HOC,
          transferMethod: TransferMethod.NHSMAIL,
          estimatedRecordsPerYear: null,
          recipientRetention: null,
          transferOutsideUk: false,
          outsideUkSafeguard: null,
        },
      ],
      consentAndTransparency: {
        howIndividualsAreInformed: 'Ward discharge leaflet, and each partner\'s privacy notice',
        privacyNoticeUrl: 'https://www.northshire.gov.uk/privacy/discharge',
        consentAndObjections: 'Objections are discussed with the person and recorded; the discharge coordinator decides with the IG lead.',
        nationalDataOptOutApplied: false,
      },
      security: { measures: 'Every partner keeps DSPT Standards Met; role-based access; encrypted devices.', accessControls: 'Discharge team only' },
      retention: { period: '8 years after the last contact', disposal: 'Secure deletion, certificate kept' },
      rights: { process: 'Each partner answers requests for its own records and tells the others within 5 days.' },
      breaches: { notifyPartiesWithinHours: 24, process: 'Report to the partner IG leads within 24 hours; the controller decides on ICO reporting within 72 hours.' },
      dpia: { reference: 'DPIA-2026-014', outcome: DpiaOutcome.RISKS_MITIGATED, completedOn: '2026-04-30' },
      review: { cycleMonths: 12, nextReviewDate: '2027-04-30' },
      termination: { noticeDays: 90, endDate: null, onTermination: 'Information already shared is kept under each party\'s retention schedule.' },
      clauses: [],
    },
  };
}

type Change = (input: ComplianceInput) => void;

function variant(change: Change): ComplianceInput {
  const input = compliant();
  change(input);
  return input;
}

/** Every item anonymised and not special category, and no recipient retention. */
const anonymiseAll: Change = ({ content }) => {
  for (const flow of content.dataFlows) {
    flow.recipientRetention = null;
    for (const each of flow.dataItems) {
      each.identifiability = Identifiability.ANONYMISED;
      each.specialCategory = false;
    }
  }
};

/** A PROTOCOL, which needs no data flows. */
const asProtocol: Change = (input) => {
  input.kind = AgreementKind.PROTOCOL;
  input.content.dataFlows = [];
};

const legal = (input: ComplianceInput) => input.content.legalBasis!;
const flow = (input: ComplianceInput, index: number) => input.content.dataFlows[index];

interface Expected {
  code: string;
  severity: FindingSeverity;
  field: string | null;
  mentions: string[];
}

const at = (code: string, severity: FindingSeverity, field: string | null, ...mentions: string[]): Expected => ({ code, severity, field, mentions });

function expectFindings(findings: Finding[], expected: Expected[]): void {
  expect(findings.map((finding) => finding.code)).toEqual(expected.map((each) => each.code));
  expected.forEach((each, index) => {
    expect(findings[index]).toMatchObject({ code: each.code, severity: each.severity, field: each.field });
    for (const text of each.mentions) expect(findings[index].message).toContain(text);
  });
}

interface Case {
  /** The rule the case is about. */
  rule: string;
  title: string;
  change: Change;
  expected: Expected[];
}

/** A minimal change to the compliant fixture that makes the rule fire. */
const FIRES: Case[] = [
  { rule: 'NO_PURPOSE', title: 'no purposes', change: (i) => (i.content.purposes = []), expected: [at('NO_PURPOSE', BLOCKER, 'purposes')] },
  { rule: 'NO_BENEFITS', title: 'no benefits', change: (i) => (i.content.benefits = []), expected: [at('NO_BENEFITS', WARNING, 'benefits')] },
  { rule: 'NO_BENEFITS', title: 'only blank benefits', change: (i) => (i.content.benefits = ['  ']), expected: [at('NO_BENEFITS', WARNING, 'benefits')] },
  {
    rule: 'TOO_FEW_PARTIES',
    title: 'a protocol with one party',
    change: (i) => {
      asProtocol(i);
      i.parties = [i.parties[0]];
    },
    expected: [at('TOO_FEW_PARTIES', BLOCKER, 'parties', HOSPITAL_NAME)],
  },
  {
    rule: 'TOO_FEW_PARTIES',
    title: 'a protocol with no parties',
    change: (i) => {
      asProtocol(i);
      i.parties = [];
    },
    expected: [at('TOO_FEW_PARTIES', BLOCKER, 'parties', 'no parties')],
  },
  {
    rule: 'PARTY_ROLES_INCONSISTENT',
    title: 'a DDA with a discloser but no recipient',
    change: (i) => {
      i.kind = AgreementKind.DDA;
      i.parties[0].role = PartyRole.DISCLOSER;
    },
    expected: [at('PARTY_ROLES_INCONSISTENT', BLOCKER, 'parties', 'recipient')],
  },
  {
    rule: 'PARTY_ROLES_INCONSISTENT',
    title: 'a DDA with neither discloser nor recipient',
    change: (i) => (i.kind = AgreementKind.DDA),
    expected: [at('PARTY_ROLES_INCONSISTENT', BLOCKER, 'parties', 'a discloser or a recipient')],
  },
  {
    rule: 'PARTY_ROLES_INCONSISTENT',
    title: 'a JCA with one joint controller',
    change: (i) => {
      i.kind = AgreementKind.JCA;
      i.parties[0].role = PartyRole.JOINT_CONTROLLER;
    },
    expected: [at('PARTY_ROLES_INCONSISTENT', BLOCKER, 'parties', HOSPITAL_NAME, 'two joint controllers')],
  },
  ...[AgreementStatus.DRAFT, AgreementStatus.SUSPENDED, AgreementStatus.TERMINATED, AgreementStatus.EXPIRED].map(
    (status): Case => ({
      rule: 'PARENT_PROTOCOL_NOT_IN_FORCE',
      title: `a parent protocol that is ${status}`,
      change: (i) => (i.parentProtocol!.status = status),
      expected: [at('PARENT_PROTOCOL_NOT_IN_FORCE', BLOCKER, 'parentProtocolId', 'PROTOCOL-2026-0001', 'Northshire information sharing protocol', 'in force or awaiting signatures')],
    }),
  ),
  {
    rule: 'PARTY_NOT_READY',
    title: 'a party with no IG lead and no signatory',
    change: (i) =>
      (i.parties[1].readiness = {
        ready: false,
        reasons: [
          { code: 'NO_IG_LEAD', message: 'No IG lead is named.' },
          { code: 'NO_SIGNATORY', message: 'No one may sign for the organisation' },
        ],
      }),
    expected: [at('PARTY_NOT_READY', BLOCKER, 'parties[1]', COUNCIL_NAME, 'No IG lead is named', 'No one may sign for the organisation')],
  },
  {
    rule: 'PARTY_DSPT_NOT_MET',
    title: 'a party whose DSPT is Standards Not Met',
    change: (i) => (i.parties[2].dsptStatus = DsptStatus.STANDARDS_NOT_MET),
    expected: [at('PARTY_DSPT_NOT_MET', BLOCKER, 'parties[2]', CARE_NAME, 'Standards Not Met')],
  },
  {
    rule: 'PARTY_DSPT_APPROACHING',
    title: 'a party whose DSPT is Approaching Standards',
    change: (i) => (i.parties[2].dsptStatus = DsptStatus.APPROACHING_STANDARDS),
    expected: [at('PARTY_DSPT_APPROACHING', WARNING, 'parties[2]', CARE_NAME, 'Approaching Standards')],
  },
  {
    rule: 'PARTY_DSPT_NOT_PUBLISHED',
    title: 'a party with no published DSPT',
    change: (i) => (i.parties[2].dsptStatus = DsptStatus.NOT_PUBLISHED),
    expected: [at('PARTY_DSPT_NOT_PUBLISHED', WARNING, 'parties[2]', CARE_NAME)],
  },
  {
    rule: 'SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW',
    title: 'an accreditation expiring before the next review',
    change: (i) => {
      i.parties[2].secureEmailMethod = SecureEmailMethod.DCB1596_ACCREDITED_OFFICE365;
      i.parties[2].secureEmailAccreditationExpiry = '2027-01-31';
    },
    expected: [at('SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW', WARNING, 'parties[2]', CARE_NAME, '31 January 2027', '30 April 2027')],
  },
  {
    rule: 'SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW',
    title: 'an accreditation already expired, with no review date',
    change: (i) => {
      i.parties[1].secureEmailMethod = SecureEmailMethod.DCB1596_SELF_ACCREDITED;
      i.parties[1].secureEmailAccreditationExpiry = '2026-05-19';
      i.content.review = null;
    },
    expected: [
      at('SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW', WARNING, 'parties[1]', COUNCIL_NAME, 'expired on 19 May 2026'),
      at('NO_REVIEW_DATE', BLOCKER, 'review.nextReviewDate'),
    ],
  },
  ...[AgreementKind.ISP, AgreementKind.JCA].map(
    (kind): Case => ({
      rule: 'NO_DATA_FLOWS',
      title: `a ${kind} with no data flows`,
      change: (i) => {
        i.kind = kind;
        i.parties.forEach((each) => (each.role = kind === AgreementKind.JCA ? PartyRole.JOINT_CONTROLLER : PartyRole.CONTROLLER));
        i.content.dataFlows = [];
      },
      expected: [at('NO_DATA_FLOWS', BLOCKER, 'dataFlows')],
    }),
  ),
  {
    rule: 'NO_DATA_FLOWS',
    title: 'a DDA with no data flows',
    change: (i) => {
      i.kind = AgreementKind.DDA;
      i.parties[0].role = PartyRole.DISCLOSER;
      i.parties[1].role = PartyRole.RECIPIENT;
      i.content.dataFlows = [];
    },
    expected: [at('NO_DATA_FLOWS', BLOCKER, 'dataFlows', 'data disclosure agreement')],
  },
  {
    rule: 'FLOW_PARTY_NOT_A_PARTY',
    title: 'a flow to an organisation that is not a party',
    change: (i) => (flow(i, 1).toOrganisationId = STRANGER),
    expected: [at('FLOW_PARTY_NOT_A_PARTY', BLOCKER, 'dataFlows[1].toOrganisationId', 'Care package start')],
  },
  {
    rule: 'FLOW_PARTY_NOT_A_PARTY',
    title: 'a flow from an organisation that is not a party',
    change: (i) => (flow(i, 0).fromOrganisationId = STRANGER),
    expected: [at('FLOW_PARTY_NOT_A_PARTY', BLOCKER, 'dataFlows[0].fromOrganisationId', 'Discharge notification')],
  },
  {
    rule: 'FLOW_TO_ITSELF',
    title: 'a flow from a party to itself',
    change: (i) => (flow(i, 2).toOrganisationId = CARE),
    expected: [at('FLOW_TO_ITSELF', BLOCKER, 'dataFlows[2].toOrganisationId', 'Care started confirmation', CARE_NAME)],
  },
  {
    rule: 'FLOW_WITHOUT_ITEMS',
    title: 'a flow with no data items',
    change: (i) => (flow(i, 2).dataItems = []),
    expected: [at('FLOW_WITHOUT_ITEMS', BLOCKER, 'dataFlows[2].dataItems', 'Care started confirmation')],
  },
  {
    rule: 'NO_ARTICLE_6_BASIS',
    title: 'no Article 6 basis',
    change: (i) => (legal(i).article6 = []),
    expected: [at('NO_ARTICLE_6_BASIS', BLOCKER, 'legalBasis.article6')],
  },
  {
    rule: 'NO_ARTICLE_6_BASIS',
    title: 'no legal basis section at all',
    change: (i) => (i.content.legalBasis = null),
    expected: [
      at('NO_ARTICLE_6_BASIS', BLOCKER, 'legalBasis.article6'),
      at('SPECIAL_CATEGORY_WITHOUT_ARTICLE_9', BLOCKER, 'legalBasis.article9'),
      at('NO_COMMON_LAW_BASIS', BLOCKER, 'legalBasis.commonLawBases'),
    ],
  },
  {
    rule: 'SPECIAL_CATEGORY_WITHOUT_ARTICLE_9',
    title: 'special category items and no Article 9 condition',
    change: (i) => (legal(i).article9 = []),
    expected: [at('SPECIAL_CATEGORY_WITHOUT_ARTICLE_9', BLOCKER, 'legalBasis.article9', 'Discharge summary', 'Care and support plan')],
  },
  {
    rule: 'SPECIAL_CATEGORY_WITHOUT_ARTICLE_9',
    title: 'a pseudonymised special category item and no Article 9 condition',
    change: (i) => {
      legal(i).article9 = [];
      flow(i, 1).dataItems[1].specialCategory = false;
      flow(i, 0).dataItems[2].identifiability = Identifiability.PSEUDONYMISED;
    },
    expected: [at('SPECIAL_CATEGORY_WITHOUT_ARTICLE_9', BLOCKER, 'legalBasis.article9', 'Discharge summary')],
  },
  ...(
    [
      [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION, null, 'Part 1 paragraph 1'],
      [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST, null, 'Part 2'],
      [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE, null, 'Part 1 paragraph 2'],
      [Article9Condition.ART9_2_I_PUBLIC_HEALTH, null, 'Part 1 paragraph 3'],
      [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS, null, 'Part 1 paragraph 4'],
      [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE, Schedule1Condition.SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK, 'Part 1 paragraph 2'],
      [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST, Schedule1Condition.SCH1_P1_2_HEALTH_SOCIAL_CARE, 'Part 2'],
      [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION, Schedule1Condition.SCH1_P1_2_HEALTH_SOCIAL_CARE, 'Part 1 paragraph 1'],
      [Article9Condition.ART9_2_I_PUBLIC_HEALTH, Schedule1Condition.SCH1_P1_4_RESEARCH, 'Part 1 paragraph 3'],
      [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS, Schedule1Condition.SCH1_P1_3_PUBLIC_HEALTH, 'Part 1 paragraph 4'],
    ] as const
  ).map(
    ([condition, schedule1Condition, needs]): Case => ({
      rule: 'ARTICLE_9_NEEDS_SCHEDULE_1',
      title: `${condition} with Schedule 1 condition ${schedule1Condition ?? 'missing'}`,
      change: (i) =>
        (legal(i).article9 = [
          { condition: Article9Condition.ART9_2_A_EXPLICIT_CONSENT, schedule1Condition: null },
          { condition, schedule1Condition },
        ]),
      expected: [at('ARTICLE_9_NEEDS_SCHEDULE_1', BLOCKER, 'legalBasis.article9[1].schedule1Condition', needs)],
    }),
  ),
  {
    rule: 'IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE',
    title: 'implied consent with a safeguarding purpose',
    change: (i) =>
      i.content.purposes.push({ description: 'Raise safeguarding concerns noticed during discharge', purposeType: PurposeType.SAFEGUARDING }),
    expected: [
      at(
        'IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE',
        BLOCKER,
        'legalBasis.commonLawBases',
        'individual care only',
        'Raise safeguarding concerns noticed during discharge',
        'safeguarding',
        'explicit consent or another basis',
      ),
    ],
  },
  {
    rule: 'NO_COMMON_LAW_BASIS',
    title: 'identifiable items and no common-law basis',
    change: (i) => (legal(i).commonLawBases = []),
    expected: [at('NO_COMMON_LAW_BASIS', BLOCKER, 'legalBasis.commonLawBases')],
  },
  ...[Identifiability.IDENTIFIABLE, Identifiability.PSEUDONYMISED].map(
    (identifiability): Case => ({
      rule: 'IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION',
      title: `a ${identifiability} item with a blank justification`,
      change: (i) => {
        flow(i, 1).dataItems[1].identifiability = identifiability;
        flow(i, 1).dataItems[1].justification = '   ';
      },
      expected: [at('IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION', BLOCKER, 'dataFlows[1].dataItems[1].justification', 'Care and support plan', 'Care package start')],
    }),
  ),
  {
    rule: 'IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION',
    title: 'two items with no justification give one finding each',
    change: (i) => {
      flow(i, 0).dataItems[0].justification = null;
      flow(i, 2).dataItems[1].justification = '';
    },
    expected: [
      at('IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION', BLOCKER, 'dataFlows[0].dataItems[0].justification', 'NHS number', 'Discharge notification'),
      at('IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION', BLOCKER, 'dataFlows[2].dataItems[1].justification', 'Date care started', 'Care started confirmation'),
    ],
  },
  ...INSECURE_TRANSFER_METHODS.map(
    (method): Case => ({
      rule: 'INSECURE_TRANSFER_METHOD',
      title: `identifiable items by ${method}`,
      change: (i) => (flow(i, 2).transferMethod = method),
      expected: [at('INSECURE_TRANSFER_METHOD', BLOCKER, 'dataFlows[2].transferMethod', 'Care started confirmation', 'NHS number', 'not secure')],
    }),
  ),
  {
    rule: 'INSECURE_TRANSFER_METHOD',
    title: 'one pseudonymised item among anonymised ones by ordinary email',
    change: (i) => {
      flow(i, 2).transferMethod = TransferMethod.STANDARD_EMAIL;
      flow(i, 2).dataItems[0].identifiability = Identifiability.ANONYMISED;
      flow(i, 2).dataItems[1].identifiability = Identifiability.PSEUDONYMISED;
    },
    expected: [at('INSECURE_TRANSFER_METHOD', BLOCKER, 'dataFlows[2].transferMethod', 'Date care started', 'ordinary email')],
  },
  {
    rule: 'INSECURE_TRANSFER_METHOD',
    title: 'only anonymised items by ordinary email: a warning, not a blocker',
    change: (i) => {
      flow(i, 2).transferMethod = TransferMethod.STANDARD_EMAIL;
      flow(i, 2).dataItems = [item('Number of care packages started this week', false, null, Identifiability.ANONYMISED)];
    },
    expected: [at('INSECURE_TRANSFER_METHOD', WARNING, 'dataFlows[2].transferMethod', 'Care started confirmation', 'anonymised')],
  },
  {
    rule: 'NO_TRANSFER_METHOD',
    title: 'a flow with no transfer method',
    change: (i) => (flow(i, 1).transferMethod = null),
    expected: [at('NO_TRANSFER_METHOD', BLOCKER, 'dataFlows[1].transferMethod', 'Care package start')],
  },
  {
    rule: 'NO_TRANSFER_METHOD',
    title: 'a flow whose transfer method was left out',
    change: (i) => delete flow(i, 1).transferMethod,
    expected: [at('NO_TRANSFER_METHOD', BLOCKER, 'dataFlows[1].transferMethod', 'Care package start')],
  },
  {
    rule: 'SECURE_EMAIL_WITHOUT_ACCREDITATION',
    title: 'NHSmail from a party with no secure email',
    change: (i) => (i.parties[2].secureEmailMethod = SecureEmailMethod.NONE),
    expected: [at('SECURE_EMAIL_WITHOUT_ACCREDITATION', BLOCKER, 'dataFlows[2].transferMethod', 'Care started confirmation', CARE_NAME, 'NHSmail')],
  },
  {
    rule: 'SECURE_EMAIL_WITHOUT_ACCREDITATION',
    title: 'DCB1596 secure email to a party with no secure email',
    change: (i) => {
      i.parties[1].secureEmailMethod = SecureEmailMethod.NONE;
      flow(i, 0).transferMethod = TransferMethod.DCB1596_SECURE_EMAIL;
    },
    expected: [at('SECURE_EMAIL_WITHOUT_ACCREDITATION', BLOCKER, 'dataFlows[0].transferMethod', 'Discharge notification', COUNCIL_NAME)],
  },
  {
    rule: 'NO_RETENTION',
    title: 'identifiable items and no retention section',
    change: (i) => (i.content.retention = null),
    expected: [at('NO_RETENTION', BLOCKER, 'retention.period')],
  },
  {
    rule: 'NO_RETENTION',
    title: 'a protocol with no flows and a blank retention period',
    change: (i) => {
      asProtocol(i);
      i.content.retention = { period: '  ', disposal: null };
    },
    expected: [at('NO_RETENTION', BLOCKER, 'retention.period')],
  },
  {
    rule: 'NO_REVIEW_DATE',
    title: 'no review section',
    change: (i) => (i.content.review = null),
    expected: [at('NO_REVIEW_DATE', BLOCKER, 'review.nextReviewDate')],
  },
  {
    rule: 'NO_REVIEW_DATE',
    title: 'a review cycle but no date',
    change: (i) => (i.content.review = { cycleMonths: 12, nextReviewDate: null }),
    expected: [at('NO_REVIEW_DATE', BLOCKER, 'review.nextReviewDate')],
  },
  {
    rule: 'REVIEW_CYCLE_TOO_LONG',
    title: 'a review cycle of 37 months',
    change: (i) => (i.content.review!.cycleMonths = 37),
    expected: [at('REVIEW_CYCLE_TOO_LONG', BLOCKER, 'review.cycleMonths', '37 months')],
  },
  {
    rule: 'REVIEW_CYCLE_TOO_LONG',
    title: 'a next review more than three years after today',
    change: (i) => (i.content.review!.nextReviewDate = '2029-05-21'),
    expected: [at('REVIEW_CYCLE_TOO_LONG', BLOCKER, 'review.nextReviewDate', '21 May 2029')],
  },
  {
    rule: 'REVIEW_DATE_PASSED',
    title: 'a review date yesterday',
    change: (i) => (i.content.review!.nextReviewDate = '2026-05-19'),
    expected: [at('REVIEW_DATE_PASSED', WARNING, 'review.nextReviewDate', '19 May 2026')],
  },
  ...[null, InternationalTransferSafeguard.NONE].map(
    (safeguard): Case => ({
      rule: 'TRANSFER_OUTSIDE_UK_WITHOUT_SAFEGUARD',
      title: `a transfer outside the UK with safeguard ${safeguard}`,
      change: (i) => {
        flow(i, 0).transferOutsideUk = true;
        flow(i, 0).outsideUkSafeguard = safeguard;
      },
      expected: [at('TRANSFER_OUTSIDE_UK_WITHOUT_SAFEGUARD', BLOCKER, 'dataFlows[0].outsideUkSafeguard', 'Discharge notification')],
    }),
  ),
  {
    rule: 'NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY',
    title: 'special category data shared daily and no DPIA',
    change: (i) => (i.content.dpia = null),
    expected: [at('NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY', BLOCKER, 'dpia.reference', 'Discharge notification', 'Care package start', 'daily', '4,000 records a year')],
  },
  {
    rule: 'NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY',
    title: 'special category data shared at scale and a DPIA marked not required',
    change: (i) => (i.content.dpia!.outcome = DpiaOutcome.NOT_REQUIRED),
    expected: [at('NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY', BLOCKER, 'dpia.outcome', 'not required')],
  },
  ...[FlowFrequency.REAL_TIME, FlowFrequency.DAILY, FlowFrequency.WEEKLY].map(
    (frequency): Case => ({
      rule: 'NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY',
      title: `special category data shared ${frequency}, few records, no DPIA reference`,
      change: (i) => {
        i.content.dpia = { reference: ' ', outcome: null, completedOn: null };
        i.content.dataFlows.forEach((each) => Object.assign(each, { frequency: FlowFrequency.AD_HOC, estimatedRecordsPerYear: 10 }));
        flow(i, 1).frequency = frequency;
      },
      expected: [at('NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY', BLOCKER, 'dpia.reference', 'Care package start')],
    }),
  ),
  {
    rule: 'NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY',
    title: 'special category data shared monthly but 1000 records a year, no DPIA',
    change: (i) => {
      i.content.dpia = null;
      i.content.dataFlows.forEach((each) => Object.assign(each, { frequency: FlowFrequency.MONTHLY, estimatedRecordsPerYear: null }));
      flow(i, 0).estimatedRecordsPerYear = 1000;
    },
    expected: [at('NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY', BLOCKER, 'dpia.reference', 'Discharge notification', '1,000 records a year')],
  },
  {
    rule: 'CHILDREN_WITHOUT_HIGH_PRIVACY_DEFAULT',
    title: 'children in scope and no high-privacy default',
    change: (i) => (i.content.dataSubjects!.includesChildren = true),
    expected: [at('CHILDREN_WITHOUT_HIGH_PRIVACY_DEFAULT', BLOCKER, 'dataSubjects.childrenHighPrivacyDefault', 'Children')],
  },
  ...(
    [
      [PurposeType.RESEARCH, CommonLawBasis.S251_SUPPORT],
      [PurposeType.SERVICE_PLANNING, CommonLawBasis.PUBLIC_INTEREST],
    ] as const
  ).map(
    ([purposeType, basis]): Case => ({
      rule: 'NATIONAL_DATA_OPT_OUT_NOT_APPLIED',
      title: `identifiable data for ${purposeType} on ${basis} without the opt-out`,
      change: (i) => {
        i.content.purposes = [{ description: 'Evaluate the discharge to assess service', purposeType }];
        legal(i).commonLawBases = [basis];
      },
      expected: [
        at(
          'NATIONAL_DATA_OPT_OUT_NOT_APPLIED',
          BLOCKER,
          'consentAndTransparency.nationalDataOptOutApplied',
          'Evaluate the discharge to assess service',
          'national data opt-out',
        ),
      ],
    }),
  ),
  {
    rule: 'ANONYMISED_ITEM_MARKED_SPECIAL_CATEGORY',
    title: 'an anonymised item marked special category',
    change: (i) => (flow(i, 0).dataItems[2].identifiability = Identifiability.ANONYMISED),
    expected: [
      at(
        'ANONYMISED_ITEM_MARKED_SPECIAL_CATEGORY',
        WARNING,
        'dataFlows[0].dataItems[2].specialCategory',
        'Discharge summary',
        'Discharge notification',
        'does not apply to truly anonymised data',
      ),
    ],
  },
  {
    rule: 'ANONYMISED_FLOW_WITH_RETENTION',
    title: 'an all-anonymised flow given a recipient retention rule',
    change: (i) =>
      flow(i, 0).dataItems.forEach((each) => Object.assign(each, { identifiability: Identifiability.ANONYMISED, specialCategory: false })),
    expected: [at('ANONYMISED_FLOW_WITH_RETENTION', WARNING, 'dataFlows[0].recipientRetention', 'Discharge notification', 'does not apply to truly anonymised data')],
  },
  {
    rule: 'NO_TRANSPARENCY',
    title: 'identifiable items and no transparency section',
    change: (i) => (i.content.consentAndTransparency = null),
    expected: [at('NO_TRANSPARENCY', WARNING, 'consentAndTransparency.howIndividualsAreInformed')],
  },
  {
    rule: 'NO_TRANSPARENCY',
    title: 'identifiable items and a blank description of how people are told',
    change: (i) => (i.content.consentAndTransparency!.howIndividualsAreInformed = ''),
    expected: [at('NO_TRANSPARENCY', WARNING, 'consentAndTransparency.howIndividualsAreInformed')],
  },
  {
    rule: 'NO_SECURITY_MEASURES',
    title: 'no security section',
    change: (i) => (i.content.security = null),
    expected: [at('NO_SECURITY_MEASURES', WARNING, 'security.measures')],
  },
  {
    rule: 'NO_BREACH_PROCESS',
    title: 'a blank breach process',
    change: (i) => (i.content.breaches = { notifyPartiesWithinHours: 24, process: ' ' }),
    expected: [at('NO_BREACH_PROCESS', WARNING, 'breaches.process')],
  },
  {
    rule: 'CONSENT_AS_ARTICLE_6_BASIS',
    title: 'consent as the Article 6 basis',
    change: (i) => (legal(i).article6 = [Article6Basis.ART6_1_A_CONSENT]),
    expected: [at('CONSENT_AS_ARTICLE_6_BASIS', WARNING, 'legalBasis.article6', 'imbalance of power')],
  },
];

/** The nearby compliant case: the rule stays quiet (other findings, if any, are listed). */
const QUIET: Case[] = [
  {
    rule: 'NO_PURPOSE',
    title: 'two individual care purposes',
    change: (i) => i.content.purposes.push({ description: 'Follow-up visits after discharge', purposeType: PurposeType.INDIVIDUAL_CARE }),
    expected: [],
  },
  { rule: 'NO_BENEFITS', title: 'one benefit', change: (i) => (i.content.benefits = ['Fewer delayed discharges']), expected: [] },
  {
    rule: 'TOO_FEW_PARTIES',
    title: 'a protocol with two parties and no flows',
    change: (i) => {
      asProtocol(i);
      i.parties = i.parties.slice(0, 2);
    },
    expected: [],
  },
  {
    rule: 'PARTY_ROLES_INCONSISTENT',
    title: 'a DDA with a discloser and recipients',
    change: (i) => {
      i.kind = AgreementKind.DDA;
      i.parties[0].role = PartyRole.DISCLOSER;
      i.parties[1].role = PartyRole.RECIPIENT;
      i.parties[2].role = PartyRole.RECIPIENT;
    },
    expected: [],
  },
  {
    rule: 'PARTY_ROLES_INCONSISTENT',
    title: 'a JCA with two joint controllers and a processor',
    change: (i) => {
      i.kind = AgreementKind.JCA;
      i.parties[0].role = PartyRole.JOINT_CONTROLLER;
      i.parties[1].role = PartyRole.JOINT_CONTROLLER;
      i.parties[2].role = PartyRole.PROCESSOR;
    },
    expected: [],
  },
  {
    rule: 'PARTY_ROLES_INCONSISTENT',
    title: 'an ISP whose parties are all controllers',
    change: () => undefined,
    expected: [],
  },
  {
    rule: 'PARENT_PROTOCOL_NOT_IN_FORCE',
    title: 'a parent protocol awaiting signatures',
    change: (i) => (i.parentProtocol!.status = AgreementStatus.AWAITING_SIGNATURES),
    expected: [],
  },
  {
    rule: 'PARENT_PROTOCOL_NOT_IN_FORCE',
    title: 'no parent protocol',
    change: (i) => (i.parentProtocol = null),
    expected: [],
  },
  {
    rule: 'PARTY_NOT_READY',
    title: 'a ready party (reasons ignored when ready)',
    change: (i) => (i.parties[1].readiness = { ready: true, reasons: [{ code: 'NOTE', message: 'Caldicott Guardian not named' }] }),
    expected: [],
  },
  ...[DsptStatus.STANDARDS_EXCEEDED, DsptStatus.STANDARDS_MET].flatMap((status) =>
    ['PARTY_DSPT_NOT_MET', 'PARTY_DSPT_APPROACHING', 'PARTY_DSPT_NOT_PUBLISHED'].map(
      (rule): Case => ({ rule, title: `a party whose DSPT is ${status}`, change: (i) => (i.parties[2].dsptStatus = status), expected: [] }),
    ),
  ),
  {
    rule: 'SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW',
    title: 'an accreditation expiring on the review date',
    change: (i) => {
      i.parties[2].secureEmailMethod = SecureEmailMethod.DCB1596_ACCREDITED_OFFICE365;
      i.parties[2].secureEmailAccreditationExpiry = '2027-04-30';
    },
    expected: [],
  },
  {
    rule: 'SECURE_EMAIL_ACCREDITATION_EXPIRES_BEFORE_REVIEW',
    title: 'no review date and an accreditation still valid today',
    change: (i) => {
      i.parties[2].secureEmailMethod = SecureEmailMethod.DCB1596_SELF_ACCREDITED;
      i.parties[2].secureEmailAccreditationExpiry = TODAY;
      i.content.review = null;
    },
    expected: [at('NO_REVIEW_DATE', BLOCKER, 'review.nextReviewDate')],
  },
  { rule: 'NO_DATA_FLOWS', title: 'a protocol with no flows', change: asProtocol, expected: [] },
  { rule: 'FLOW_PARTY_NOT_A_PARTY', title: 'flows between parties', change: () => undefined, expected: [] },
  {
    rule: 'FLOW_TO_ITSELF',
    title: 'a flow back to the party that sent the first one',
    change: (i) => (flow(i, 1).toOrganisationId = HOSPITAL),
    expected: [],
  },
  { rule: 'FLOW_WITHOUT_ITEMS', title: 'a flow with one item', change: (i) => flow(i, 2).dataItems.splice(1), expected: [] },
  {
    rule: 'NO_ARTICLE_6_BASIS',
    title: 'Article 6(1)(c) instead of (e)',
    change: (i) => (legal(i).article6 = [Article6Basis.ART6_1_C_LEGAL_OBLIGATION]),
    expected: [],
  },
  {
    rule: 'SPECIAL_CATEGORY_WITHOUT_ARTICLE_9',
    title: 'no Article 9 condition and no special category items',
    change: (i) => {
      legal(i).article9 = [];
      i.content.dataFlows.forEach((each) => each.dataItems.forEach((one) => (one.specialCategory = false)));
    },
    expected: [],
  },
  {
    rule: 'SPECIAL_CATEGORY_WITHOUT_ARTICLE_9',
    title: 'no Article 9 condition and the special category items anonymised (warned as anonymised instead)',
    change: (i) => {
      legal(i).article9 = [];
      flow(i, 0).dataItems[2].identifiability = Identifiability.ANONYMISED;
      flow(i, 1).dataItems[1].identifiability = Identifiability.ANONYMISED;
    },
    expected: [
      at('ANONYMISED_ITEM_MARKED_SPECIAL_CATEGORY', WARNING, 'dataFlows[0].dataItems[2].specialCategory', 'Discharge summary'),
      at('ANONYMISED_ITEM_MARKED_SPECIAL_CATEGORY', WARNING, 'dataFlows[1].dataItems[1].specialCategory', 'Care and support plan'),
    ],
  },
  ...(
    [
      [Article9Condition.ART9_2_A_EXPLICIT_CONSENT, null],
      [Article9Condition.ART9_2_C_VITAL_INTERESTS, null],
      [Article9Condition.ART9_2_F_LEGAL_CLAIMS, null],
      [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION, Schedule1Condition.SCH1_P1_1_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION],
      [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST, Schedule1Condition.SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK],
      [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST, Schedule1Condition.SCH1_P2_6_STATUTORY_GOVERNMENT_PURPOSES],
      [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE, Schedule1Condition.SCH1_P1_2_HEALTH_SOCIAL_CARE],
      [Article9Condition.ART9_2_I_PUBLIC_HEALTH, Schedule1Condition.SCH1_P1_3_PUBLIC_HEALTH],
      [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS, Schedule1Condition.SCH1_P1_4_RESEARCH],
    ] as const
  ).map(
    ([condition, schedule1Condition]): Case => ({
      rule: 'ARTICLE_9_NEEDS_SCHEDULE_1',
      title: `${condition} with ${schedule1Condition ?? 'no Schedule 1 condition'}`,
      change: (i) => legal(i).article9.push({ condition, schedule1Condition }),
      expected: [],
    }),
  ),
  {
    rule: 'IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE',
    title: 'implied consent with only individual care purposes',
    change: (i) => i.content.purposes.push({ description: 'Follow-up visits after discharge', purposeType: PurposeType.INDIVIDUAL_CARE }),
    expected: [],
  },
  {
    rule: 'IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE',
    title: 'a research purpose on explicit consent, not implied consent',
    change: (i) => {
      i.content.purposes.push({ description: 'Study of readmissions', purposeType: PurposeType.RESEARCH });
      legal(i).commonLawBases = [CommonLawBasis.EXPLICIT_CONSENT];
    },
    expected: [],
  },
  {
    rule: 'NO_COMMON_LAW_BASIS',
    title: 'no common-law basis when every item is anonymised',
    change: (i) => {
      anonymiseAll(i);
      legal(i).commonLawBases = [];
    },
    expected: [],
  },
  {
    rule: 'IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION',
    title: 'an anonymised item with no justification',
    change: (i) => flow(i, 2).dataItems.push(item('Count of discharges this week', false, null, Identifiability.ANONYMISED)),
    expected: [],
  },
  ...[TransferMethod.MESH, TransferMethod.SECURE_FILE_TRANSFER, TransferMethod.TRACKED_POST, TransferMethod.ENCRYPTED_REMOVABLE_MEDIA].map(
    (method): Case => ({
      rule: 'INSECURE_TRANSFER_METHOD',
      title: `identifiable items by ${method}`,
      change: (i) => (flow(i, 2).transferMethod = method),
      expected: [],
    }),
  ),
  {
    rule: 'NO_TRANSFER_METHOD',
    title: 'a flow by telephone',
    change: (i) => (flow(i, 2).transferMethod = TransferMethod.TELEPHONE),
    expected: [],
  },
  {
    rule: 'SECURE_EMAIL_WITHOUT_ACCREDITATION',
    title: 'a party with no secure email whose flows go by MESH',
    change: (i) => {
      i.parties[2].secureEmailMethod = SecureEmailMethod.NONE;
      flow(i, 2).transferMethod = TransferMethod.MESH;
    },
    expected: [],
  },
  {
    rule: 'SECURE_EMAIL_WITHOUT_ACCREDITATION',
    title: 'NHSmail to a party with accredited Office 365',
    change: (i) => {
      i.parties[2].secureEmailMethod = SecureEmailMethod.DCB1596_ACCREDITED_OFFICE365;
      i.parties[2].secureEmailAccreditationExpiry = '2028-01-01';
    },
    expected: [],
  },
  {
    rule: 'NO_RETENTION',
    title: 'no retention period when every item is anonymised',
    change: (i) => {
      anonymiseAll(i);
      i.content.retention = null;
    },
    expected: [],
  },
  {
    rule: 'NO_REVIEW_DATE',
    title: 'a review date with no cycle',
    change: (i) => (i.content.review = { cycleMonths: null, nextReviewDate: '2027-04-30' }),
    expected: [],
  },
  {
    rule: 'REVIEW_CYCLE_TOO_LONG',
    title: 'a 36-month cycle and a review exactly three years away',
    change: (i) => (i.content.review = { cycleMonths: 36, nextReviewDate: '2029-05-20' }),
    expected: [],
  },
  {
    rule: 'REVIEW_DATE_PASSED',
    title: 'a review date today',
    change: (i) => (i.content.review!.nextReviewDate = TODAY),
    expected: [],
  },
  ...[
    InternationalTransferSafeguard.ADEQUACY_REGULATIONS,
    InternationalTransferSafeguard.INTERNATIONAL_DATA_TRANSFER_AGREEMENT,
    InternationalTransferSafeguard.BINDING_CORPORATE_RULES,
  ].map(
    (safeguard): Case => ({
      rule: 'TRANSFER_OUTSIDE_UK_WITHOUT_SAFEGUARD',
      title: `a transfer outside the UK under ${safeguard}`,
      change: (i) => {
        flow(i, 0).transferOutsideUk = true;
        flow(i, 0).outsideUkSafeguard = safeguard;
      },
      expected: [],
    }),
  ),
  {
    rule: 'TRANSFER_OUTSIDE_UK_WITHOUT_SAFEGUARD',
    title: 'a UK-only flow with no safeguard',
    change: (i) => (flow(i, 0).outsideUkSafeguard = InternationalTransferSafeguard.NONE),
    expected: [],
  },
  ...[FlowFrequency.ONE_OFF, FlowFrequency.AD_HOC, FlowFrequency.MONTHLY, FlowFrequency.QUARTERLY, FlowFrequency.ANNUALLY].map(
    (frequency): Case => ({
      rule: 'NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY',
      title: `special category data shared ${frequency}, 999 records a year, no DPIA`,
      change: (i) => {
        i.content.dpia = null;
        i.content.dataFlows.forEach((each) => Object.assign(each, { frequency, estimatedRecordsPerYear: 999 }));
      },
      expected: [],
    }),
  ),
  {
    rule: 'NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY',
    title: 'only non-special items shared daily, no DPIA',
    change: (i) => {
      i.content.dpia = null;
      i.content.dataFlows.forEach((each) => Object.assign(each, { frequency: FlowFrequency.AD_HOC, estimatedRecordsPerYear: null }));
      flow(i, 2).frequency = FlowFrequency.DAILY;
    },
    expected: [],
  },
  {
    rule: 'NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY',
    title: 'special category data at scale and a DPIA finding no high risk',
    change: (i) => (i.content.dpia = { reference: 'DPIA-7', outcome: DpiaOutcome.NO_HIGH_RISK, completedOn: null }),
    expected: [],
  },
  {
    rule: 'CHILDREN_WITHOUT_HIGH_PRIVACY_DEFAULT',
    title: 'children in scope with a high-privacy default',
    change: (i) =>
      (i.content.dataSubjects = {
        categories: ['Young carers'],
        includesChildren: true,
        childrenHighPrivacyDefault: 'Only the named social worker sees a child\'s record; nothing is shared for planning.',
      }),
    expected: [],
  },
  {
    rule: 'CHILDREN_WITHOUT_HIGH_PRIVACY_DEFAULT',
    title: 'no data subjects section',
    change: (i) => (i.content.dataSubjects = null),
    expected: [],
  },
  ...(
    [
      ['the opt-out applied', true, CommonLawBasis.S251_SUPPORT],
      ['explicit consent', false, CommonLawBasis.EXPLICIT_CONSENT],
      ['a legal requirement', false, CommonLawBasis.LEGAL_REQUIREMENT],
    ] as const
  ).map(
    ([why, applied, basis]): Case => ({
      rule: 'NATIONAL_DATA_OPT_OUT_NOT_APPLIED',
      title: `identifiable data for research with ${why}`,
      change: (i) => {
        i.content.purposes = [{ description: 'Study of readmissions', purposeType: PurposeType.RESEARCH }];
        legal(i).commonLawBases = [basis];
        i.content.consentAndTransparency!.nationalDataOptOutApplied = applied;
      },
      expected: [],
    }),
  ),
  {
    rule: 'NATIONAL_DATA_OPT_OUT_NOT_APPLIED',
    title: 'anonymised data for service planning',
    change: (i) => {
      anonymiseAll(i);
      i.content.purposes = [{ description: 'Plan reablement capacity', purposeType: PurposeType.SERVICE_PLANNING }];
      legal(i).commonLawBases = [CommonLawBasis.NOT_CONFIDENTIAL];
    },
    expected: [],
  },
  {
    rule: 'ANONYMISED_ITEM_MARKED_SPECIAL_CATEGORY',
    title: 'an anonymised item not marked special category',
    change: (i) => flow(i, 0).dataItems.push(item('Age band', false, null, Identifiability.ANONYMISED)),
    expected: [],
  },
  {
    rule: 'ANONYMISED_FLOW_WITH_RETENTION',
    title: 'an all-anonymised flow with no recipient retention',
    change: (i) => {
      flow(i, 0).dataItems.forEach((each) => Object.assign(each, { identifiability: Identifiability.ANONYMISED, specialCategory: false }));
      flow(i, 0).recipientRetention = null;
    },
    expected: [],
  },
  {
    rule: 'ANONYMISED_FLOW_WITH_RETENTION',
    title: 'a flow with one pseudonymised item and a recipient retention rule',
    change: (i) => {
      flow(i, 0).dataItems.forEach((each) => Object.assign(each, { identifiability: Identifiability.ANONYMISED, specialCategory: false }));
      flow(i, 0).dataItems[0].identifiability = Identifiability.PSEUDONYMISED;
    },
    expected: [],
  },
  {
    rule: 'NO_TRANSPARENCY',
    title: 'no transparency section when every item is anonymised',
    change: (i) => {
      anonymiseAll(i);
      i.content.consentAndTransparency = null;
    },
    expected: [],
  },
  {
    rule: 'NO_SECURITY_MEASURES',
    title: 'security measures but no access controls',
    change: (i) => (i.content.security!.accessControls = null),
    expected: [],
  },
  {
    rule: 'NO_BREACH_PROCESS',
    title: 'a breach process with no notification hours',
    change: (i) => (i.content.breaches!.notifyPartiesWithinHours = null),
    expected: [],
  },
  {
    rule: 'CONSENT_AS_ARTICLE_6_BASIS',
    title: 'public task and legal obligation',
    change: (i) => (legal(i).article6 = [Article6Basis.ART6_1_E_PUBLIC_TASK, Article6Basis.ART6_1_C_LEGAL_OBLIGATION]),
    expected: [],
  },
];

const CODES = RULES.map((each) => each.code);

describe('checkCompliance', () => {
  it('finds nothing at all in a fully compliant hospital discharge ISP', () => {
    expect(checkCompliance(compliant())).toEqual([]);
  });

  it.each(RULES.map((each) => [each.code, each] as const))('rule %s alone finds nothing in the compliant ISP', (_code, each) => {
    expect(each.check(compliant())).toEqual([]);
  });

  it('does not change its input', () => {
    const input = variant((i) => (i.content.purposes = []));
    const before = structuredClone(input);
    checkCompliance(input);
    expect(input).toEqual(before);
  });

  describe('fires on a minimal change', () => {
    it.each(FIRES)('$rule: $title', ({ change, expected }) => {
      expectFindings(checkCompliance(variant(change)), expected);
    });
  });

  describe('stays quiet in the nearby compliant case', () => {
    it.each(QUIET)('$rule: $title', ({ rule, change, expected }) => {
      const findings = checkCompliance(variant(change));
      expect(findings.map((finding) => finding.code)).not.toContain(rule);
      expectFindings(findings, expected);
    });
  });

  it('has a firing case and a quiet case for every rule', () => {
    expect(CODES.filter((code) => !FIRES.some((each) => each.rule === code))).toEqual([]);
    expect(CODES.filter((code) => !QUIET.some((each) => each.rule === code))).toEqual([]);
    expect([...FIRES, ...QUIET].map((each) => each.rule).filter((code) => !CODES.includes(code))).toEqual([]);
  });

  it('runs the rules in order, one code per rule', () => {
    expect(new Set(CODES).size).toBe(CODES.length);
    const input = variant((i) => {
      i.content.purposes = [];
      i.content.benefits = [];
      i.content.review = null;
      i.content.breaches = null;
    });
    expect(checkCompliance(input).map((finding) => finding.code)).toEqual(['NO_PURPOSE', 'NO_BENEFITS', 'NO_REVIEW_DATE', 'NO_BREACH_PROCESS']);
  });

  describe('references', () => {
    const CALDICOTT_TITLES = [
      'Justify the purpose(s) for using confidential information',
      'Use confidential information only when it is necessary',
      'Use the minimum necessary confidential information',
      'Access to confidential information should be on a strict need-to-know basis',
      'Everyone with access to confidential information should be aware of their responsibilities',
      'Comply with the law',
      'The duty to share information for individual care is as important as the duty to protect patient confidentiality',
      'Inform patients and service users about how their confidential information is used',
    ];
    const KNOWN = new Set([
      'DCB1596 Secure Email',
      'UK GDPR Art 9(2)',
      'DPA 2018 Sch 1',
      'UK GDPR Art 35',
      'UK GDPR Art 5(1)(e)',
      'National data opt-out policy',
      'Data Security and Protection Toolkit',
      'Health and care guidance: implied consent is for individual care only',
      'ICO anonymisation guidance',
    ]);
    const ICO_SECTIONS = new Set([
      'Lawfulness',
      'Data sharing agreements',
      'Data protection impact assessments',
      'Security',
      'International transfers',
      'Children',
      'Fairness and transparency',
      'Accountability',
      'Data protection principles',
    ]);
    const wellFormed = (part: string): boolean => {
      const caldicott = /^Caldicott Principle ([1-8]): (.+)$/.exec(part);
      if (caldicott) return CALDICOTT_TITLES[Number(caldicott[1]) - 1] === caldicott[2];
      if (/^Golden rule [1-7]$/.test(part)) return true;
      const ico = /^ICO Data Sharing Code: (.+)$/.exec(part);
      if (ico) return ICO_SECTIONS.has(ico[1]);
      return KNOWN.has(part);
    };
    const allFindings = FIRES.flatMap(({ change }) => checkCompliance(variant(change)));

    it('every finding has a non-empty, well-formed reference and a code from the rule list', () => {
      expect(allFindings.length).toBeGreaterThan(FIRES.length - 1);
      for (const finding of allFindings) {
        expect(finding.reference.trim()).not.toBe('');
        expect(finding.message.trim()).not.toBe('');
        expect(CODES).toContain(finding.code);
        for (const part of finding.reference.split('; ')) expect([finding.code, part, wellFormed(part)]).toEqual([finding.code, part, true]);
      }
    });

    it.each([
      ['NO_PURPOSE', 'Caldicott Principle 1: Justify the purpose(s) for using confidential information; ICO Data Sharing Code: Data sharing agreements'],
      ['NO_ARTICLE_6_BASIS', 'ICO Data Sharing Code: Lawfulness; Caldicott Principle 6: Comply with the law'],
      ['SPECIAL_CATEGORY_WITHOUT_ARTICLE_9', 'UK GDPR Art 9(2); Caldicott Principle 6: Comply with the law'],
      ['ARTICLE_9_NEEDS_SCHEDULE_1', 'DPA 2018 Sch 1'],
      ['IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE', 'ICO Data Sharing Code: Lawfulness; Health and care guidance: implied consent is for individual care only'],
      ['IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION', 'Caldicott Principle 3: Use the minimum necessary confidential information; Golden rule 6'],
      ['INSECURE_TRANSFER_METHOD', 'Golden rule 6; DCB1596 Secure Email'],
      ['SECURE_EMAIL_WITHOUT_ACCREDITATION', 'DCB1596 Secure Email'],
      ['PARTY_DSPT_NOT_MET', 'Data Security and Protection Toolkit'],
      ['NO_DPIA_FOR_LARGE_SCALE_SPECIAL_CATEGORY', 'UK GDPR Art 35; ICO Data Sharing Code: Data protection impact assessments'],
      ['NATIONAL_DATA_OPT_OUT_NOT_APPLIED', 'National data opt-out policy'],
      ['TRANSFER_OUTSIDE_UK_WITHOUT_SAFEGUARD', 'ICO Data Sharing Code: International transfers'],
      ['CHILDREN_WITHOUT_HIGH_PRIVACY_DEFAULT', 'ICO Data Sharing Code: Children'],
      ['NO_TRANSPARENCY', 'Caldicott Principle 8: Inform patients and service users about how their confidential information is used; Golden rule 2'],
      ['CONSENT_AS_ARTICLE_6_BASIS', 'ICO Data Sharing Code: Lawfulness'],
    ])('%s cites %s', (code, reference) => {
      const found = allFindings.filter((finding) => finding.code === code);
      expect(found.length).toBeGreaterThan(0);
      for (const finding of found) expect(finding.reference).toBe(reference);
    });
  });

  it('reports a bare draft with blockers and no crash on empty sections', () => {
    const input: ComplianceInput = {
      kind: AgreementKind.ISP,
      title: 'Untitled',
      parentProtocol: null,
      asAt: TODAY,
      parties: [],
      content: {
        scope: null,
        purposes: [],
        benefits: [],
        dataSubjects: null,
        legalBasis: null,
        dataFlows: [],
        consentAndTransparency: null,
        security: null,
        retention: null,
        rights: null,
        breaches: null,
        dpia: null,
        review: null,
        termination: null,
        clauses: [],
      },
    };
    const findings = checkCompliance(input);
    expect(findings.map((finding) => finding.code)).toEqual([
      'NO_PURPOSE',
      'NO_BENEFITS',
      'TOO_FEW_PARTIES',
      'NO_DATA_FLOWS',
      'NO_ARTICLE_6_BASIS',
      'NO_RETENTION',
      'NO_REVIEW_DATE',
      'NO_SECURITY_MEASURES',
      'NO_BREACH_PROCESS',
    ]);
    for (const finding of findings) expect(CODES).toContain(finding.code);
  });
});
