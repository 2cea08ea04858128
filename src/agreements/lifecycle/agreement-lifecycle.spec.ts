import { AgreementStatus, VariationStatus } from '../agreement.enums.js';
import { transition, type LifecycleEvent, type LifecycleState } from './agreement-lifecycle.js';

const { DRAFT, ACTIVE, SUSPENDED, TERMINATED, EXPIRED } = AgreementStatus;
/** AgreementStatus.AWAITING_SIGNATURES */
const AWAITING = AgreementStatus.AWAITING_SIGNATURES;
const { NONE, DRAFTING } = VariationStatus;
/** VariationStatus.AWAITING_SIGNATURES */
const V_AWAITING = VariationStatus.AWAITING_SIGNATURES;

/** Every event the machine knows; SIGN twice, as the last signature and as one of several. */
const EVENTS = {
  SUBMIT: { type: 'SUBMIT' },
  'SIGN(missingAfter 0)': { type: 'SIGN', missingAfter: 0 },
  'SIGN(missingAfter 2)': { type: 'SIGN', missingAfter: 2 },
  DECLINE: { type: 'DECLINE' },
  START_VARIATION: { type: 'START_VARIATION' },
  DISCARD_VARIATION: { type: 'DISCARD_VARIATION' },
  SUSPEND: { type: 'SUSPEND' },
  RESUME: { type: 'RESUME' },
  TERMINATE: { type: 'TERMINATE' },
  EXPIRE: { type: 'EXPIRE' },
  RECORD_SIGNED_ORIGINAL: { type: 'RECORD_SIGNED_ORIGINAL' },
} as const satisfies Record<string, LifecycleEvent>;
type EventName = keyof typeof EVENTS;

/** Every state that can exist: a variation only while the agreement is ACTIVE or SUSPENDED. */
const STATES: LifecycleState[] = [
  { status: DRAFT, variation: NONE },
  { status: AWAITING, variation: NONE },
  { status: ACTIVE, variation: NONE },
  { status: ACTIVE, variation: DRAFTING },
  { status: ACTIVE, variation: V_AWAITING },
  { status: SUSPENDED, variation: NONE },
  { status: SUSPENDED, variation: DRAFTING },
  { status: SUSPENDED, variation: V_AWAITING },
  { status: TERMINATED, variation: NONE },
  { status: EXPIRED, variation: NONE },
];

type Expected = { next: LifecycleState; activatesVersion: boolean } | 'REFUSED';
const REFUSED = 'REFUSED' as const;
const to = (status: AgreementStatus, variation: VariationStatus, activatesVersion = false): Expected => ({
  next: { status, variation },
  activatesVersion,
});

type Row = [AgreementStatus, VariationStatus, EventName, Expected];

/** The whole (state, event) table, written out: 10 states x 11 events. */
const TABLE: Row[] = [
  // DRAFT / NONE
  [DRAFT, NONE, 'SUBMIT', to(AWAITING, NONE)],
  [DRAFT, NONE, 'SIGN(missingAfter 0)', REFUSED],
  [DRAFT, NONE, 'SIGN(missingAfter 2)', REFUSED],
  [DRAFT, NONE, 'DECLINE', REFUSED],
  [DRAFT, NONE, 'START_VARIATION', REFUSED],
  [DRAFT, NONE, 'DISCARD_VARIATION', REFUSED],
  [DRAFT, NONE, 'SUSPEND', REFUSED],
  [DRAFT, NONE, 'RESUME', REFUSED],
  [DRAFT, NONE, 'TERMINATE', REFUSED],
  [DRAFT, NONE, 'EXPIRE', REFUSED],
  [DRAFT, NONE, 'RECORD_SIGNED_ORIGINAL', to(ACTIVE, NONE, true)],

  // AWAITING_SIGNATURES / NONE
  [AWAITING, NONE, 'SUBMIT', REFUSED],
  [AWAITING, NONE, 'SIGN(missingAfter 0)', to(ACTIVE, NONE, true)],
  [AWAITING, NONE, 'SIGN(missingAfter 2)', to(AWAITING, NONE)],
  [AWAITING, NONE, 'DECLINE', to(DRAFT, NONE)],
  [AWAITING, NONE, 'START_VARIATION', REFUSED],
  [AWAITING, NONE, 'DISCARD_VARIATION', REFUSED],
  [AWAITING, NONE, 'SUSPEND', REFUSED],
  [AWAITING, NONE, 'RESUME', REFUSED],
  [AWAITING, NONE, 'TERMINATE', REFUSED],
  [AWAITING, NONE, 'EXPIRE', REFUSED],
  [AWAITING, NONE, 'RECORD_SIGNED_ORIGINAL', REFUSED],

  // ACTIVE / NONE
  [ACTIVE, NONE, 'SUBMIT', REFUSED],
  [ACTIVE, NONE, 'SIGN(missingAfter 0)', REFUSED],
  [ACTIVE, NONE, 'SIGN(missingAfter 2)', REFUSED],
  [ACTIVE, NONE, 'DECLINE', REFUSED],
  [ACTIVE, NONE, 'START_VARIATION', to(ACTIVE, DRAFTING)],
  [ACTIVE, NONE, 'DISCARD_VARIATION', REFUSED],
  [ACTIVE, NONE, 'SUSPEND', to(SUSPENDED, NONE)],
  [ACTIVE, NONE, 'RESUME', REFUSED],
  [ACTIVE, NONE, 'TERMINATE', to(TERMINATED, NONE)],
  [ACTIVE, NONE, 'EXPIRE', to(EXPIRED, NONE)],
  [ACTIVE, NONE, 'RECORD_SIGNED_ORIGINAL', REFUSED],

  // ACTIVE / DRAFTING
  [ACTIVE, DRAFTING, 'SUBMIT', to(ACTIVE, V_AWAITING)],
  [ACTIVE, DRAFTING, 'SIGN(missingAfter 0)', REFUSED],
  [ACTIVE, DRAFTING, 'SIGN(missingAfter 2)', REFUSED],
  [ACTIVE, DRAFTING, 'DECLINE', REFUSED],
  [ACTIVE, DRAFTING, 'START_VARIATION', REFUSED],
  [ACTIVE, DRAFTING, 'DISCARD_VARIATION', to(ACTIVE, NONE)],
  [ACTIVE, DRAFTING, 'SUSPEND', to(SUSPENDED, DRAFTING)],
  [ACTIVE, DRAFTING, 'RESUME', REFUSED],
  [ACTIVE, DRAFTING, 'TERMINATE', to(TERMINATED, NONE)],
  [ACTIVE, DRAFTING, 'EXPIRE', to(EXPIRED, NONE)],
  [ACTIVE, DRAFTING, 'RECORD_SIGNED_ORIGINAL', REFUSED],

  // ACTIVE / AWAITING_SIGNATURES (a variation awaiting signatures)
  [ACTIVE, V_AWAITING, 'SUBMIT', REFUSED],
  [ACTIVE, V_AWAITING, 'SIGN(missingAfter 0)', to(ACTIVE, NONE, true)],
  [ACTIVE, V_AWAITING, 'SIGN(missingAfter 2)', to(ACTIVE, V_AWAITING)],
  [ACTIVE, V_AWAITING, 'DECLINE', to(ACTIVE, DRAFTING)],
  [ACTIVE, V_AWAITING, 'START_VARIATION', REFUSED],
  [ACTIVE, V_AWAITING, 'DISCARD_VARIATION', REFUSED],
  [ACTIVE, V_AWAITING, 'SUSPEND', to(SUSPENDED, V_AWAITING)],
  [ACTIVE, V_AWAITING, 'RESUME', REFUSED],
  [ACTIVE, V_AWAITING, 'TERMINATE', to(TERMINATED, NONE)],
  [ACTIVE, V_AWAITING, 'EXPIRE', to(EXPIRED, NONE)],
  [ACTIVE, V_AWAITING, 'RECORD_SIGNED_ORIGINAL', REFUSED],

  // SUSPENDED / NONE
  [SUSPENDED, NONE, 'SUBMIT', REFUSED],
  [SUSPENDED, NONE, 'SIGN(missingAfter 0)', REFUSED],
  [SUSPENDED, NONE, 'SIGN(missingAfter 2)', REFUSED],
  [SUSPENDED, NONE, 'DECLINE', REFUSED],
  [SUSPENDED, NONE, 'START_VARIATION', REFUSED],
  [SUSPENDED, NONE, 'DISCARD_VARIATION', REFUSED],
  [SUSPENDED, NONE, 'SUSPEND', REFUSED],
  [SUSPENDED, NONE, 'RESUME', to(ACTIVE, NONE)],
  [SUSPENDED, NONE, 'TERMINATE', to(TERMINATED, NONE)],
  [SUSPENDED, NONE, 'EXPIRE', to(EXPIRED, NONE)],
  [SUSPENDED, NONE, 'RECORD_SIGNED_ORIGINAL', REFUSED],

  // SUSPENDED / DRAFTING
  [SUSPENDED, DRAFTING, 'SUBMIT', REFUSED],
  [SUSPENDED, DRAFTING, 'SIGN(missingAfter 0)', REFUSED],
  [SUSPENDED, DRAFTING, 'SIGN(missingAfter 2)', REFUSED],
  [SUSPENDED, DRAFTING, 'DECLINE', REFUSED],
  [SUSPENDED, DRAFTING, 'START_VARIATION', REFUSED],
  [SUSPENDED, DRAFTING, 'DISCARD_VARIATION', to(SUSPENDED, NONE)],
  [SUSPENDED, DRAFTING, 'SUSPEND', REFUSED],
  [SUSPENDED, DRAFTING, 'RESUME', to(ACTIVE, DRAFTING)],
  [SUSPENDED, DRAFTING, 'TERMINATE', to(TERMINATED, NONE)],
  [SUSPENDED, DRAFTING, 'EXPIRE', to(EXPIRED, NONE)],
  [SUSPENDED, DRAFTING, 'RECORD_SIGNED_ORIGINAL', REFUSED],

  // SUSPENDED / AWAITING_SIGNATURES: signing and declining wait until the agreement is resumed
  [SUSPENDED, V_AWAITING, 'SUBMIT', REFUSED],
  [SUSPENDED, V_AWAITING, 'SIGN(missingAfter 0)', REFUSED],
  [SUSPENDED, V_AWAITING, 'SIGN(missingAfter 2)', REFUSED],
  [SUSPENDED, V_AWAITING, 'DECLINE', REFUSED],
  [SUSPENDED, V_AWAITING, 'START_VARIATION', REFUSED],
  [SUSPENDED, V_AWAITING, 'DISCARD_VARIATION', REFUSED],
  [SUSPENDED, V_AWAITING, 'SUSPEND', REFUSED],
  [SUSPENDED, V_AWAITING, 'RESUME', to(ACTIVE, V_AWAITING)],
  [SUSPENDED, V_AWAITING, 'TERMINATE', to(TERMINATED, NONE)],
  [SUSPENDED, V_AWAITING, 'EXPIRE', to(EXPIRED, NONE)],
  [SUSPENDED, V_AWAITING, 'RECORD_SIGNED_ORIGINAL', REFUSED],

  // TERMINATED / NONE: final
  [TERMINATED, NONE, 'SUBMIT', REFUSED],
  [TERMINATED, NONE, 'SIGN(missingAfter 0)', REFUSED],
  [TERMINATED, NONE, 'SIGN(missingAfter 2)', REFUSED],
  [TERMINATED, NONE, 'DECLINE', REFUSED],
  [TERMINATED, NONE, 'START_VARIATION', REFUSED],
  [TERMINATED, NONE, 'DISCARD_VARIATION', REFUSED],
  [TERMINATED, NONE, 'SUSPEND', REFUSED],
  [TERMINATED, NONE, 'RESUME', REFUSED],
  [TERMINATED, NONE, 'TERMINATE', REFUSED],
  [TERMINATED, NONE, 'EXPIRE', REFUSED],
  [TERMINATED, NONE, 'RECORD_SIGNED_ORIGINAL', REFUSED],

  // EXPIRED / NONE: final
  [EXPIRED, NONE, 'SUBMIT', REFUSED],
  [EXPIRED, NONE, 'SIGN(missingAfter 0)', REFUSED],
  [EXPIRED, NONE, 'SIGN(missingAfter 2)', REFUSED],
  [EXPIRED, NONE, 'DECLINE', REFUSED],
  [EXPIRED, NONE, 'START_VARIATION', REFUSED],
  [EXPIRED, NONE, 'DISCARD_VARIATION', REFUSED],
  [EXPIRED, NONE, 'SUSPEND', REFUSED],
  [EXPIRED, NONE, 'RESUME', REFUSED],
  [EXPIRED, NONE, 'TERMINATE', REFUSED],
  [EXPIRED, NONE, 'EXPIRE', REFUSED],
  [EXPIRED, NONE, 'RECORD_SIGNED_ORIGINAL', REFUSED],
];

const describeOutcome = (expected: Expected): string =>
  expected === REFUSED
    ? 'refused'
    : `${expected.next.status}/${expected.next.variation}${expected.activatesVersion ? ' (activates the version)' : ''}`;

describe('transition', () => {
  describe('the table', () => {
    it('covers every existing state with every event exactly once', () => {
      const expectedKeys = STATES.flatMap((s) => (Object.keys(EVENTS) as EventName[]).map((e) => `${s.status}/${s.variation} ${e}`)).sort();
      const tableKeys = TABLE.map(([status, variation, event]) => `${status}/${variation} ${event}`).sort();
      expect(tableKeys).toEqual(expectedKeys);
      expect(new Set(tableKeys).size).toBe(110);
    });

    it('only leads to states that can exist', () => {
      const existing = new Set(STATES.map((s) => `${s.status}/${s.variation}`));
      for (const [, , , expected] of TABLE) {
        if (expected !== REFUSED) expect(existing).toContain(`${expected.next.status}/${expected.next.variation}`);
      }
    });
  });

  it.each(TABLE.map(([status, variation, event, expected]) => [status, variation, event, describeOutcome(expected), expected] as const))(
    '%s/%s + %s -> %s',
    (status, variation, eventName, _label, expected) => {
      const state: LifecycleState = { status, variation };
      const event = EVENTS[eventName];
      const result = transition(state, event);

      if (expected === REFUSED) {
        expect(result.allowed).toBe(false);
        if (result.allowed) return;
        expect(typeof result.reason).toBe('string');
        expect(result.reason).toContain(event.type);
        expect(result.reason).toContain(status);
        expect(Object.keys(result).sort()).toEqual(['allowed', 'reason']);
      } else {
        expect(result).toEqual({ allowed: true, next: expected.next, activatesVersion: expected.activatesVersion });
      }
      // Pure: the state passed in is never changed.
      expect(state).toEqual({ status, variation });
    },
  );

  describe('refusal reasons', () => {
    it('name the event and the status in their opening words', () => {
      const result = transition({ status: TERMINATED, variation: NONE }, { type: 'RESUME' });
      expect(result.allowed).toBe(false);
      if (!result.allowed) expect(result.reason).toMatch(/^Cannot RESUME an agreement that is TERMINATED\b/);
    });

    it('name the variation too when one is under way', () => {
      const result = transition({ status: SUSPENDED, variation: V_AWAITING }, { type: 'SIGN', missingAfter: 0 });
      expect(result.allowed).toBe(false);
      if (!result.allowed) {
        expect(result.reason).toMatch(/^Cannot SIGN an agreement that is SUSPENDED\b/);
        expect(result.reason).toContain('variation AWAITING_SIGNATURES');
      }
    });
  });

  describe('SIGN with other counts still missing', () => {
    it.each([1, 5])('missingAfter %i keeps the first version awaiting signatures', (missingAfter) => {
      expect(transition({ status: AWAITING, variation: NONE }, { type: 'SIGN', missingAfter })).toEqual({
        allowed: true,
        next: { status: AWAITING, variation: NONE },
        activatesVersion: false,
      });
    });

    it.each([1, 5])('missingAfter %i keeps a variation awaiting signatures', (missingAfter) => {
      expect(transition({ status: ACTIVE, variation: V_AWAITING }, { type: 'SIGN', missingAfter })).toEqual({
        allowed: true,
        next: { status: ACTIVE, variation: V_AWAITING },
        activatesVersion: false,
      });
    });
  });
});
