import { Identifiability } from '../../agreement.enums.js';
import type { DataFlow, DataItem } from '../../content/agreement-content.model.js';
import type { ComplianceInput } from '../compliance-input.js';

/** Small questions the rules ask of a draft: is a text blank, is an item identifying, which items are there. */

const IDENTIFYING: readonly Identifiability[] = [Identifiability.IDENTIFIABLE, Identifiability.PSEUDONYMISED];

export const blank = (text: string | null | undefined): boolean => !text || text.trim() === '';
export const identifying = (item: DataItem): boolean => IDENTIFYING.includes(item.identifiability);
export const allAnonymised = (flow: DataFlow): boolean => flow.dataItems.every((item) => item.identifiability === Identifiability.ANONYMISED);
export const partyName = (input: ComplianceInput, organisationId: string): string | undefined =>
  input.parties.find((party) => party.organisationId === organisationId)?.organisationName;

export interface ItemAt {
  flow: DataFlow;
  flowIndex: number;
  item: DataItem;
  itemIndex: number;
  field: string;
}

export function itemsOf(input: ComplianceInput): ItemAt[] {
  return input.content.dataFlows.flatMap((flow, flowIndex) =>
    flow.dataItems.map((item, itemIndex) => ({ flow, flowIndex, item, itemIndex, field: `dataFlows[${flowIndex}].dataItems[${itemIndex}]` })),
  );
}

export const carriesIdentifyingData = (input: ComplianceInput) => itemsOf(input).some(({ item }) => identifying(item));
export const isSpecialAndIdentifying = (item: DataItem) => item.specialCategory && item.identifiability !== Identifiability.ANONYMISED;
