import { NotificationDelivery, NotificationKind, OPTIONAL_KINDS } from '../../notifications/notification.enums.js';
import { notificationPreferencesView, preferencesFromForm } from './notification-preferences-view.js';

describe('the account page email choices', () => {
  it('sets every optional kind: ticked ones in the digest, the rest at once', () => {
    const chosen = preferencesFromForm(['REVIEW_DUE_90']);
    expect(chosen).toHaveLength(OPTIONAL_KINDS.length);
    expect(chosen).toContainEqual({ kind: 'REVIEW_DUE_90', delivery: NotificationDelivery.DAILY_DIGEST });
    expect(chosen).toContainEqual({ kind: 'PARTY_DECLINED', delivery: NotificationDelivery.IMMEDIATE });
  });

  it('passes on a kind that may not go in the digest, for the service to refuse', () => {
    expect(preferencesFromForm(['SIGNATURE_REQUESTED']).at(-1)).toEqual({ kind: 'SIGNATURE_REQUESTED', delivery: NotificationDelivery.DAILY_DIGEST });
  });

  it('labels each kind in words and ticks those in the digest', () => {
    const view = notificationPreferencesView(
      [
        { kind: NotificationKind.REVIEW_OVERDUE, delivery: NotificationDelivery.DAILY_DIGEST },
        { kind: NotificationKind.INCIDENT_RECORDED, delivery: NotificationDelivery.IMMEDIATE },
      ],
      '1',
    );
    expect(view).toEqual({
      notificationKinds: [
        { kind: 'REVIEW_OVERDUE', label: 'A review is overdue', digest: true },
        { kind: 'INCIDENT_RECORDED', label: 'An incident was recorded', digest: false },
      ],
      preferencesSaved: true,
    });
  });
});
