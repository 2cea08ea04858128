import { canChangeAgreementStatus, type AgreementInvolvement } from '../../agreements/agreement-access-policy.js';
import { transition, type LifecycleState } from '../../agreements/lifecycle/agreement-lifecycle.js';
import type { Caller } from '../../common/auth/caller.js';

/** Suspending, resuming and terminating an agreement, in words. Pure. */

export const STATUS_ACTIONS = ['suspend', 'resume', 'terminate'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

const EVENTS = { suspend: 'SUSPEND', resume: 'RESUME', terminate: 'TERMINATE' } as const;

export interface StatusActionWords {
  /** The button on the agreement's page, and the reason page's title. */
  title: string;
  reasonLabel: string;
  reasonHint: string;
  /** What "nothing typed" reads as. */
  reasonRequired: string;
  question: (reference: string) => string;
  whatHappensNext: string[];
  button: string;
  warning: boolean;
  notice: string;
  /** The past tense: "suspended". */
  done: string;
}

export const STATUS_ACTION_WORDS: Record<StatusAction, StatusActionWords> = {
  suspend: {
    title: 'Suspend the agreement',
    reasonLabel: 'Why are you suspending it?',
    reasonHint: 'Every party sees this reason on the agreement’s page. It is also kept in the audit log.',
    reasonRequired: 'Enter why you are suspending the agreement',
    question: (reference) => `Are you sure you want to suspend ${reference}?`,
    whatHappensNext: [
      'Sharing under the agreement should stop until it is resumed. Decisions recorded while it is suspended are flagged: the agreement is not active.',
      'Every party sees it as suspended, with your reason.',
      'The agreement can be resumed by the lead organisation’s IG lead, Caldicott Guardian or SIRO, or terminated.',
    ],
    button: 'Suspend the agreement',
    done: 'suspended',
    warning: true,
    notice: 'Agreement suspended. Every party sees it as suspended, with your reason.',
  },
  resume: {
    title: 'Resume the agreement',
    reasonLabel: 'Why are you resuming it?',
    reasonHint: 'For example, what was put right. It is kept in the audit log.',
    reasonRequired: 'Enter why you are resuming the agreement',
    question: (reference) => `Are you sure you want to resume ${reference}?`,
    whatHappensNext: ['The agreement is active again from now, and sharing under it can restart.', 'The reason it was suspended is no longer shown on its page. Both reasons stay in the audit log.'],
    button: 'Resume the agreement',
    done: 'resumed',
    warning: false,
    notice: 'Agreement resumed: it is active again.',
  },
  terminate: {
    title: 'Terminate the agreement',
    reasonLabel: 'Why are you terminating it?',
    reasonHint: 'Every party sees this reason on the agreement’s page. It is also kept in the audit log.',
    reasonRequired: 'Enter why you are terminating the agreement',
    question: (reference) => `Are you sure you want to terminate ${reference}?`,
    whatHappensNext: [
      'The agreement ends now. It cannot be resumed: to share again, draft a new agreement.',
      'A variation being drafted or awaiting signatures is dropped.',
      'Every party sees it as terminated, with your reason. Its signed versions, documents and the decisions recorded under it are kept.',
    ],
    button: 'Terminate the agreement',
    done: 'terminated',
    warning: true,
    notice: 'Agreement terminated. Every party sees it as terminated, with your reason.',
  },
};

export const isStatusAction = (value: string): value is StatusAction => (STATUS_ACTIONS as readonly string[]).includes(value);

export const statusActionPath = (agreementId: string, action: StatusAction) => `/agreements/${agreementId}/status/${action}`;

/** Whether the lifecycle allows the action now; the reason it does not when it does not. */
export function statusActionAllowed(state: LifecycleState, action: StatusAction): { allowed: true } | { allowed: false; reason: string } {
  const result = transition(state, { type: EVENTS[action] });
  return result.allowed ? { allowed: true } : { allowed: false, reason: result.reason };
}

/** The buttons on the agreement's page: only for who may use them, and only those the lifecycle allows now. */
export function statusActions(caller: Caller, involvement: AgreementInvolvement, state: LifecycleState, agreementId: string) {
  if (!canChangeAgreementStatus(caller, involvement)) return [];
  return STATUS_ACTIONS.filter((action) => statusActionAllowed(state, action).allowed).map((action) => ({
    action,
    text: STATUS_ACTION_WORDS[action].title,
    href: statusActionPath(agreementId, action),
    warning: STATUS_ACTION_WORDS[action].warning,
  }));
}

/** The reason typed, or what is wrong with it, in the words of the page. */
export function readReason(posted: string, action: StatusAction): { reason: string; error: string | null } {
  const reason = posted.trim();
  if (!reason) return { reason, error: STATUS_ACTION_WORDS[action].reasonRequired };
  if (reason.length < 3) return { reason, error: 'The reason must be at least 3 characters' };
  if (reason.length > 2000) return { reason, error: 'The reason must be 2,000 characters or fewer' };
  return { reason, error: null };
}

/** The agreement page's notice after each action (`?notice=status-suspend`). */
export const STATUS_NOTICES: Record<string, string> = Object.fromEntries(STATUS_ACTIONS.map((action) => [`status-${action}`, STATUS_ACTION_WORDS[action].notice]));
