import { AgreementStatus, VariationStatus } from '../agreement.enums.js';

/**
 * The agreement lifecycle as one pure state machine. The state is the agreement's status and,
 * for an ACTIVE (or SUSPENDED) agreement, where a variation of it stands.
 */
export interface LifecycleState {
  status: AgreementStatus;
  variation: VariationStatus;
}

export type LifecycleEvent =
  | { type: 'SUBMIT' }
  /** A draft recorded from an original signed outside Accordant: its version is in force at once. */
  | { type: 'RECORD_SIGNED_ORIGINAL' }
  /** `missingAfter`: how many parties still have not signed once this signature is counted. */
  | { type: 'SIGN'; missingAfter: number }
  | { type: 'DECLINE' }
  | { type: 'START_VARIATION' }
  | { type: 'DISCARD_VARIATION' }
  | { type: 'SUSPEND' }
  | { type: 'RESUME' }
  | { type: 'TERMINATE' }
  | { type: 'EXPIRE' };

export type LifecycleEventType = LifecycleEvent['type'];

export type Transition =
  | { allowed: true; next: LifecycleState; /** The version awaiting signatures becomes the one in force. */ activatesVersion: boolean }
  | { allowed: false; reason: string };

const { DRAFT, AWAITING_SIGNATURES, ACTIVE, SUSPENDED, TERMINATED, EXPIRED } = AgreementStatus;
const { NONE, DRAFTING } = VariationStatus;

const to = (status: AgreementStatus, variation: VariationStatus, activatesVersion = false): Transition => ({
  allowed: true,
  next: { status, variation },
  activatesVersion,
});

export function transition(state: LifecycleState, event: LifecycleEvent): Transition {
  const { status, variation } = state;
  const inForce = status === ACTIVE || status === SUSPENDED;
  switch (event.type) {
    case 'SUBMIT':
      if (status === DRAFT) return to(AWAITING_SIGNATURES, NONE);
      if (status === ACTIVE && variation === DRAFTING) return to(ACTIVE, VariationStatus.AWAITING_SIGNATURES);
      return refuse(state, event, 'only a draft, or a variation being drafted of an ACTIVE agreement, can be submitted');
    case 'RECORD_SIGNED_ORIGINAL':
      if (status === DRAFT) return to(ACTIVE, NONE, true);
      return refuse(state, event, 'only a draft with no version yet can be recorded from a signed original');
    case 'SIGN':
    case 'DECLINE': {
      const awaiting = status === AWAITING_SIGNATURES || (status === ACTIVE && variation === VariationStatus.AWAITING_SIGNATURES);
      if (!awaiting) return refuse(state, event, 'no version is awaiting signatures');
      const first = status === AWAITING_SIGNATURES;
      if (event.type === 'DECLINE') return first ? to(DRAFT, NONE) : to(ACTIVE, DRAFTING);
      if (event.missingAfter > 0) return to(status, variation);
      return to(ACTIVE, NONE, true);
    }
    case 'START_VARIATION':
      if (status === ACTIVE && variation === NONE) return to(ACTIVE, DRAFTING);
      return refuse(state, event, 'a variation starts from an ACTIVE agreement with no other variation under way');
    case 'DISCARD_VARIATION':
      if (inForce && variation === DRAFTING) return to(status, NONE);
      return refuse(state, event, 'only a variation still being drafted can be discarded');
    case 'SUSPEND':
      if (status === ACTIVE) return to(SUSPENDED, variation);
      return refuse(state, event, 'only an ACTIVE agreement can be suspended');
    case 'RESUME':
      if (status === SUSPENDED) return to(ACTIVE, variation);
      return refuse(state, event, 'only a SUSPENDED agreement can be resumed');
    case 'TERMINATE':
      if (inForce) return to(TERMINATED, NONE);
      return refuse(state, event, 'only an ACTIVE or SUSPENDED agreement can be terminated');
    case 'EXPIRE':
      if (inForce) return to(EXPIRED, NONE);
      return refuse(state, event, 'only an ACTIVE or SUSPENDED agreement can expire');
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

function refuse(state: LifecycleState, event: LifecycleEvent, why: string): Transition {
  const variation = state.variation === NONE ? '' : ` (variation ${state.variation})`;
  return { allowed: false, reason: `Cannot ${event.type} an agreement that is ${state.status}${variation}: ${why}` };
}
