import { blank } from './content-facts.js';
import { CALDICOTT, ico, refs } from './guidance-references.js';
import { rule } from './rule-builder.js';

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
