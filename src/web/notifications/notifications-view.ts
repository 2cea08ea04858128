import { labelOf } from '../../common/labels/code-labels.js';
import type { Notification } from '../../notifications/notification.entity.js';

export interface NotificationRowView {
  id: string;
  kind: string;
  subject: string;
  paragraphs: string[];
  link: string;
  createdAt: string;
  unread: boolean;
  inDigest: boolean;
}

/** The notifications page: newest first, unread marked. Pure. */
export function notificationsView(notifications: readonly Notification[], unread: number, marked: unknown) {
  const rows: NotificationRowView[] = notifications.map((n) => ({
    id: n.id,
    kind: labelOf('notificationKind', n.kind),
    subject: n.subject,
    paragraphs: n.body.split(/\n{2,}/).filter((p) => p.trim()),
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    unread: n.readAt === null,
    inDigest: n.inDigest,
  }));
  return { pageTitle: 'Notifications', notifications: rows, unread, marked: marked === 'all' ? 'All your notifications are marked as read.' : marked === 'one' ? 'Marked as read.' : null };
}
