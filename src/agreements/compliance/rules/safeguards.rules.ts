import { CommonLawBasis, DpiaOutcome, FlowFrequency, InternationalTransferSafeguard, PurposeType } from '../../agreement.enums.js';
import { blank, carriesIdentifyingData, isSpecialAndIdentifying } from './content-facts.js';
import { ART_35, ico, OPT_OUT, refs } from './guidance-references.js';
import { rule } from './rule-builder.js';
import { flowLabel, FREQUENCY_LABEL, listOf, purposeLabel, quote, thousands } from './rule-wording.js';

// Safeguards some sharing needs: international transfers, DPIA, children, the national data opt-out.

const AT_SCALE_FREQUENCIES: readonly FlowFrequency[] = [FlowFrequency.REAL_TIME, FlowFrequency.DAILY, FlowFrequency.WEEKLY];
const AT_SCALE_RECORDS_PER_YEAR = 1000;
const OPT_OUT_PURPOSES: readonly PurposeType[] = [PurposeType.RESEARCH, PurposeType.SERVICE_PLANNING];
const OPT_OUT_EXEMPT_BASES: readonly CommonLawBasis[] = [CommonLawBasis.EXPLICIT_CONSENT, CommonLawBasis.LEGAL_REQUIREMENT];

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
