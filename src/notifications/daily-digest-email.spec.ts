import { dailyDigestEmail, digestCutoff } from './daily-digest-email.js';
import { NotificationKind } from './notification.enums.js';

describe('daily digest', () => {
  it("covers what came before today's digest hour, or yesterday's before that hour", () => {
    expect(digestCutoff(new Date('2026-12-07T09:30:00Z'), 7)).toEqual(new Date('2026-12-07T07:00:00Z'));
    expect(digestCutoff(new Date('2026-12-07T07:00:00Z'), 7)).toEqual(new Date('2026-12-07T07:00:00Z'));
    expect(digestCutoff(new Date('2026-12-07T06:59:59Z'), 7)).toEqual(new Date('2026-12-06T07:00:00Z'));
  });

  it('lists each notification by its kind and subject, linked to its page', () => {
    const email = dailyDigestEmail(
      [
        { kind: NotificationKind.REVIEW_DUE_90, subject: 'The Northshire discharge ISP is due for review on 7 March 2027', link: '/agreements/a1' },
        { kind: NotificationKind.INCIDENT_RECORDED, subject: 'An incident was recorded under the Northshire discharge ISP', link: '/agreements/a1' },
      ],
      'https://accordant.example.nhs.uk',
    );
    expect(email.subject).toBe('Accordant daily summary: 2 things to look at');
    expect(email.text).toContain('- A review is due in 90 days: The Northshire discharge ISP is due for review on 7 March 2027\n  https://accordant.example.nhs.uk/agreements/a1');
    expect(email.text).toContain('See all your notifications:\nhttps://accordant.example.nhs.uk/notifications');
    expect(dailyDigestEmail([{ kind: NotificationKind.PARTY_DECLINED, subject: 'x', link: '/' }], 'https://a.example').subject).toBe('Accordant daily summary: one thing to look at');
  });
});
