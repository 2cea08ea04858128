import { AgreementKind } from '../../agreement.enums.js';
import { partyName } from './content-facts.js';
import { CALDICOTT, ico, refs } from './guidance-references.js';
import { rule } from './rule-builder.js';
import { KIND_LABEL, quote } from './rule-wording.js';

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
