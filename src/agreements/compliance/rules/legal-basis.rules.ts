import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType } from '../../agreement.enums.js';
import { carriesIdentifyingData, isSpecialAndIdentifying, itemsOf } from './content-facts.js';
import { ART_9_2, CALDICOTT, ico, IMPLIED_CONSENT_GUIDANCE, refs, SCH_1 } from './guidance-references.js';
import { rule } from './rule-builder.js';
import { ARTICLE_9_LABEL, itemLabel, listOf, purposeLabel, SCHEDULE_1_LABEL } from './rule-wording.js';

// Lawful basis (UK GDPR Articles 6 and 9, DPA 2018 Schedule 1) and the common-law duty of confidentiality.

/** The Article 9(2) conditions that need a DPA 2018 Schedule 1 condition, and which ones fit. */
const SCHEDULE_1_NEEDED: Partial<Record<Article9Condition, { prefix: string; needs: string }>> = {
  [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: { prefix: 'SCH1_P1_1_', needs: 'Schedule 1 Part 1 paragraph 1 (employment, social security and social protection)' },
  [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST]: { prefix: 'SCH1_P2_', needs: 'a Schedule 1 Part 2 substantial public interest condition' },
  [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE]: { prefix: 'SCH1_P1_2_', needs: 'Schedule 1 Part 1 paragraph 2 (health or social care purposes)' },
  [Article9Condition.ART9_2_I_PUBLIC_HEALTH]: { prefix: 'SCH1_P1_3_', needs: 'Schedule 1 Part 1 paragraph 3 (public health)' },
  [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS]: { prefix: 'SCH1_P1_4_', needs: 'Schedule 1 Part 1 paragraph 4 (research)' },
};

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
