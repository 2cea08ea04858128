import { AgreementStatus } from '../agreement.enums.js';
import { confirmationStatus, recordedDateProblems, recordedStatus, recordedStatusHistory } from './recorded-original-rules.js';
import { ConfirmationStatus, OriginalAnswer } from './recorded-original.enums.js';

const TODAY = '2026-12-07';
const dates = (overrides: Partial<Parameters<typeof recordedDateProblems>[0]> = {}) => ({
  signedOn: ['2024-03-01', '2024-03-10'],
  inForceFrom: '2024-04-01',
  nextReviewDate: '2027-04-01',
  endDate: null,
  ...overrides,
});

describe('recordedDateProblems', () => {
  it('accepts signatures in the past, on or before the day it came into force', () => {
    expect(recordedDateProblems(dates(), TODAY)).toEqual([]);
    expect(recordedDateProblems(dates({ signedOn: ['2024-04-01'] }), TODAY)).toEqual([]);
    expect(recordedDateProblems(dates({ signedOn: [TODAY], inForceFrom: TODAY }), TODAY)).toEqual([]);
  });

  it('refuses a signing date in the future, naming the party', () => {
    expect(recordedDateProblems(dates({ signedOn: ['2024-03-01', '2026-12-08'] }), TODAY)).toEqual([
      { field: 'parties[1].signedOn', rule: 'notInFuture', message: 'the signing date 2026-12-08 is in the future: a record is of an agreement already signed' },
    ]);
  });

  it('refuses a signing date after the date it came into force', () => {
    expect(recordedDateProblems(dates({ signedOn: ['2024-04-02', '2024-03-10'] }), TODAY)).toEqual([
      { field: 'parties[0].signedOn', rule: 'notAfterInForceFrom', message: 'the signing date 2024-04-02 is after the date it came into force (2024-04-01)' },
    ]);
  });

  it('refuses a force date in the future, a review date not after it, and an end date before it', () => {
    expect(recordedDateProblems(dates({ signedOn: [], inForceFrom: '2027-01-01', nextReviewDate: '2026-01-01', endDate: '2026-12-31' }), TODAY).map((p) => `${p.field}:${p.rule}`)).toEqual([
      'inForceFrom:notInFuture',
      'nextReviewDate:afterInForceFrom',
      'content.termination.endDate:notBeforeInForceFrom',
    ]);
  });
});

describe('recordedStatus and recordedStatusHistory', () => {
  it('is ACTIVE from the start of the day it came into force while it has not ended', () => {
    expect(recordedStatus(null, TODAY)).toBe(AgreementStatus.ACTIVE);
    expect(recordedStatus(TODAY, TODAY)).toBe(AgreementStatus.ACTIVE);
    expect(recordedStatusHistory('2024-04-01', null, TODAY)).toEqual([{ status: AgreementStatus.ACTIVE, changedAt: new Date('2024-04-01T00:00:00.000Z') }]);
  });

  it('has EXPIRED from the day after its end date once that has passed', () => {
    expect(recordedStatus('2025-03-31', TODAY)).toBe(AgreementStatus.EXPIRED);
    expect(recordedStatusHistory('2024-04-01', '2025-03-31', TODAY)).toEqual([
      { status: AgreementStatus.ACTIVE, changedAt: new Date('2024-04-01T00:00:00.000Z') },
      { status: AgreementStatus.EXPIRED, changedAt: new Date('2025-04-01T00:00:00.000Z') },
    ]);
  });
});

describe('confirmationStatus', () => {
  const parties = ['lead', 'b', 'c'];
  it('awaits every party but the lead', () => {
    expect(confirmationStatus(parties, 'lead', [])).toBe(ConfirmationStatus.AWAITING_CONFIRMATION);
    expect(confirmationStatus(parties, 'lead', [{ organisationId: 'b', answer: OriginalAnswer.CONFIRMED }])).toBe(ConfirmationStatus.AWAITING_CONFIRMATION);
  });

  it('is confirmed when every other party has confirmed', () => {
    const answers = [
      { organisationId: 'b', answer: OriginalAnswer.CONFIRMED },
      { organisationId: 'c', answer: OriginalAnswer.CONFIRMED },
    ];
    expect(confirmationStatus(parties, 'lead', answers)).toBe(ConfirmationStatus.CONFIRMED);
    expect(confirmationStatus(['lead'], 'lead', [])).toBe(ConfirmationStatus.CONFIRMED);
  });

  it('is disputed while any party disputes it, whatever the others say', () => {
    const answers = [
      { organisationId: 'b', answer: OriginalAnswer.CONFIRMED },
      { organisationId: 'c', answer: OriginalAnswer.DISPUTED },
    ];
    expect(confirmationStatus(parties, 'lead', answers)).toBe(ConfirmationStatus.DISPUTED);
  });
});
