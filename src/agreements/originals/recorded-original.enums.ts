import { registerEnumType } from '@nestjs/graphql';

/** Where the other parties stand on a version recorded from a signed original. */
export enum ConfirmationStatus {
  AWAITING_CONFIRMATION = 'AWAITING_CONFIRMATION',
  CONFIRMED = 'CONFIRMED',
  DISPUTED = 'DISPUTED',
}

/** One party's answer to a recorded original. */
export enum OriginalAnswer {
  CONFIRMED = 'CONFIRMED',
  DISPUTED = 'DISPUTED',
}

registerEnumType(ConfirmationStatus, {
  name: 'ConfirmationStatus',
  description: 'Whether every other party has confirmed that a version recorded from a signed original is accurate.',
  valuesMap: {
    AWAITING_CONFIRMATION: { description: 'Awaiting confirmation: not every other party has confirmed the record yet.' },
    CONFIRMED: { description: 'Confirmed: every other party has confirmed the record is accurate.' },
    DISPUTED: { description: 'Disputed: a party says the record is not accurate; the lead corrects it by a variation or ends it.' },
  },
});
registerEnumType(OriginalAnswer, {
  name: 'OriginalAnswer',
  valuesMap: { CONFIRMED: { description: 'Confirmed as accurate.' }, DISPUTED: { description: 'Disputed, with a reason.' } },
});
