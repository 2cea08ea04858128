import { registerEnumType } from '@nestjs/graphql';

/** What a notification is about: each event of issue 22 that tells someone they have something to do. */
export enum NotificationKind {
  SIGNATURE_REQUESTED = 'SIGNATURE_REQUESTED',
  PARTY_DECLINED = 'PARTY_DECLINED',
  AGREEMENT_IN_FORCE = 'AGREEMENT_IN_FORCE',
  PARTNERSHIP_INVITED = 'PARTNERSHIP_INVITED',
  INVITATION_ACCEPTED = 'INVITATION_ACCEPTED',
  INVITATION_REFUSED = 'INVITATION_REFUSED',
  REVIEW_DUE_90 = 'REVIEW_DUE_90',
  REVIEW_DUE_30 = 'REVIEW_DUE_30',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  /** A party's DSPT is due or below Standards Met, or its secure-email accreditation expires soon. */
  ASSURANCE_LAPSING = 'ASSURANCE_LAPSING',
  INCIDENT_RECORDED = 'INCIDENT_RECORDED',
  INCIDENT_ICO_DEADLINE = 'INCIDENT_ICO_DEADLINE',
  /** Sent to an address (`notifyAddress`): the person cannot sign in yet. */
  USER_INVITED = 'USER_INVITED',
  /** Sent to an address (`notifyAddress`), never revealing whether an account exists. */
  PASSWORD_RESET = 'PASSWORD_RESET',
}

/** Always emailed at once, whatever the person's preferences say. */
export const ALWAYS_IMMEDIATE: ReadonlySet<NotificationKind> = new Set([
  NotificationKind.SIGNATURE_REQUESTED,
  NotificationKind.PARTNERSHIP_INVITED,
  NotificationKind.USER_INVITED,
  NotificationKind.PASSWORD_RESET,
]);

/** Sent to an address rather than to a user who can sign in: no in-app notification, no preference. */
export const ADDRESS_ONLY: ReadonlySet<NotificationKind> = new Set([NotificationKind.USER_INVITED, NotificationKind.PASSWORD_RESET]);

/** The kinds a person may choose a daily digest for, in the order the account page lists them. */
export const OPTIONAL_KINDS: readonly NotificationKind[] = Object.values(NotificationKind).filter((kind) => !ALWAYS_IMMEDIATE.has(kind));

export enum NotificationDelivery {
  IMMEDIATE = 'IMMEDIATE',
  DAILY_DIGEST = 'DAILY_DIGEST',
}

/** An email in the outbox. UNKNOWN: a sender stopped while handing it over; it is never sent again by itself. */
export enum OutboxStatus {
  PENDING = 'PENDING',
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  UNKNOWN = 'UNKNOWN',
}

/** The kind of an outbox message: one notification's email, or the daily digest of several. */
export const DAILY_DIGEST = 'DAILY_DIGEST';
export type EmailKind = NotificationKind | typeof DAILY_DIGEST;

export enum AttemptOutcome {
  IN_PROGRESS = 'IN_PROGRESS',
  SENT = 'SENT',
  RETRY = 'RETRY',
  FAILED = 'FAILED',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(NotificationKind, { name: 'NotificationKind', description: 'What a notification is about.' });
registerEnumType(NotificationDelivery, {
  name: 'NotificationDelivery',
  description: 'How a person hears of an optional kind of notification by email.',
  valuesMap: {
    IMMEDIATE: { description: 'An email for each notification, when it happens' },
    DAILY_DIGEST: { description: 'One email a day listing them' },
  },
});
registerEnumType(OutboxStatus, { name: 'OutboxStatus', description: 'Where an email in the outbox has got to.' });
