import { labelOf } from '../../common/labels/code-labels.js';
import { NotificationDelivery, type NotificationKind, OPTIONAL_KINDS } from '../../notifications/notification.enums.js';
import type { KindPreference } from '../../notifications/notification-preferences.service.js';

/** The account page's notification choices: a box per optional kind, ticked for the daily summary. Pure. */
export function notificationPreferencesView(preferences: readonly KindPreference[], saved: unknown) {
  return {
    notificationKinds: preferences.map((p) => ({ kind: p.kind, label: labelOf('notificationKind', p.kind), digest: p.delivery === NotificationDelivery.DAILY_DIGEST })),
    preferencesSaved: saved === '1',
  };
}

/** The posted form as the service takes it: every optional kind, ticked ones in the digest. A kind that is not optional is passed on for the service to refuse. */
export function preferencesFromForm(ticked: readonly string[]): { kind: string; delivery: NotificationDelivery }[] {
  const chosen = new Set(ticked);
  const unknown = ticked.filter((kind) => !OPTIONAL_KINDS.includes(kind as NotificationKind));
  return [
    ...OPTIONAL_KINDS.map((kind) => ({ kind, delivery: chosen.has(kind) ? NotificationDelivery.DAILY_DIGEST : NotificationDelivery.IMMEDIATE })),
    ...unknown.map((kind) => ({ kind, delivery: NotificationDelivery.DAILY_DIGEST })),
  ];
}
