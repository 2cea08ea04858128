import { labelOf } from '../../common/labels/code-labels.js';
import { DAILY_DIGEST, OutboxStatus } from '../../notifications/notification.enums.js';
import type { OutboxSummary } from '../../notifications/outbox.service.js';

const TAG_COLOURS: Record<OutboxStatus, string> = {
  [OutboxStatus.PENDING]: 'nhsuk-tag--grey',
  [OutboxStatus.SENDING]: 'nhsuk-tag--blue',
  [OutboxStatus.SENT]: 'nhsuk-tag--green',
  [OutboxStatus.FAILED]: 'nhsuk-tag--red',
  [OutboxStatus.UNKNOWN]: 'nhsuk-tag--orange',
};

/** The outbox page: a notice when mail is not being sent, counts by state, the newest messages. Pure. */
export function outboxView(summary: OutboxSummary, pageSize: number) {
  return {
    pageTitle: 'Outbox',
    sending: summary.sending,
    counts: summary.counts.map(({ status, count }) => ({ status, label: labelOf('outboxStatus', status), count })),
    messages: summary.messages.map((m) => ({
      id: m.id,
      kind: m.kind === DAILY_DIGEST ? 'Daily summary' : labelOf('notificationKind', m.kind),
      to: m.toAddress,
      subject: m.subject,
      status: labelOf('outboxStatus', m.status),
      tag: TAG_COLOURS[m.status],
      tries: m.attempts === 0 ? 'Not tried yet' : m.attempts === 1 ? '1 try' : `${m.attempts} tries`,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      nextAttemptAt: m.status === OutboxStatus.PENDING && m.attempts > 0 ? m.nextAttemptAt.toISOString() : null,
      lastError: m.lastError,
    })),
    limited: summary.messages.length >= pageSize,
    pageSize,
  };
}
