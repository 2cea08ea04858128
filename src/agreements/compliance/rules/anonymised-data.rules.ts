import { Identifiability } from '../../agreement.enums.js';
import { allAnonymised, blank, itemsOf } from './content-facts.js';
import { ANONYMISATION_GUIDANCE, ico, refs } from './guidance-references.js';
import { rule } from './rule-builder.js';
import { itemLabel, quote } from './rule-wording.js';

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
