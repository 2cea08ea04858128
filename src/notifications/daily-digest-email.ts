import { labelOf } from '../common/labels/code-labels.js';
import { emailFrame, type FramedEmail } from './email-frame.js';
import type { NotificationKind } from './notification.enums.js';

export interface DigestItem {
  kind: NotificationKind;
  subject: string;
  link: string;
}

/**
 * The latest digest time at or before `now`: today's `hourUtc`, or yesterday's before that hour.
 * A digest covers what was notified before it and not yet in a digest. Pure.
 */
export function digestCutoff(now: Date, hourUtc: number): Date {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  return today <= now ? today : new Date(today.getTime() - 24 * 3600 * 1000);
}

/** One person's daily summary: each notification's subject, linked to its page. Pure. */
export function dailyDigestEmail(items: readonly DigestItem[], baseUrl: string): FramedEmail & { subject: string } {
  const count = items.length === 1 ? 'one thing' : `${items.length} things`;
  const framed = emailFrame(
    {
      heading: `Your Accordant summary: ${count} to look at`,
      paragraphs: ['You asked to get these once a day rather than as they happen.'],
      list: items.map((item) => ({ text: `${labelOf('notificationKind', item.kind)}: ${item.subject}`, link: item.link })),
      link: '/notifications',
      linkText: 'See all your notifications',
    },
    baseUrl,
  );
  return { ...framed, subject: `Accordant daily summary: ${count} to look at` };
}
