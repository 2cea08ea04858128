import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory.js';
import { PasswordLinksService } from '../src/auth/password-links/password-links.service.js';
import { Clock } from '../src/common/clock/clock.js';
import { OutboxSender } from '../src/notifications/outbox-sender.js';
import { RemindersService } from '../src/notifications/reminders/reminders.service.js';
import {
  compliantDraftAgreement,
  CREATE_AGREEMENT,
  DECLINE,
  GET_AGREEMENT,
  readyPartner,
  REFUSE_INVITATION,
  ACCEPT_INVITATION,
  SIGN,
  SUBMIT,
  type Partner,
} from './support/agreement-fixtures.js';
import { createUser } from './support/fixtures.js';
import { SmtpSink } from './support/smtp-sink.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * What is sent, to whom, with which link: each event of an agreement's life, an incident, and the
 * scheduled reminders (once per threshold, however many runs or instances), and the links to set
 * a password. Each is read as a real SMTP server in the test process receives it, after the app's
 * outbox sender has sent what the event wrote in its own transaction.
 */
describe('notification kinds', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let councilGuardian: { email: string; token: string };
  let councilSiro: { email: string; token: string };
  let councilAdmin: { email: string; token: string };
  let careDpo: { email: string; token: string };
  let agreementId: string;
  const seen = new Set<string>();

  interface Sent {
    to: string;
    subject: string;
    text: string;
    html: string;
  }

  /**
   * The emails of one kind written since the last look, as the SMTP server received them: each
   * outbox row is sent by the app's sender and must arrive exactly once, by its Message-ID.
   */
  async function fresh(kind: string): Promise<Sent[]> {
    const { rows } = await t.db.query<{ id: string; message_id: string }>(`SELECT id, message_id FROM outbox_message WHERE kind = $1 ORDER BY created_at, id`, [kind]);
    const unseen = rows.filter((r) => !seen.has(r.id));
    unseen.forEach((r) => seen.add(r.id));
    if (unseen.length > 0) await t.app.get(OutboxSender).sendDue();
    const counts = sink.counts();
    return unseen.map((row) => {
      expect(counts.get(row.message_id)).toBe(1);
      const mail = sink.received.find((m) => m.messageId === row.message_id)!;
      expect(mail.to).toHaveLength(1);
      return { to: mail.to[0], subject: mail.subject, text: mail.text, html: mail.html };
    });
  }
  const recipients = (sent: Sent[]) => sent.map((s) => s.to).sort();
  const link = (path: string) => `${t.config.mail.publicUrl.replace(/\/+$/, '')}${path}`;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ SMTP_URL: sink.url, PUBLIC_URL: 'https://accordant.example.nhs.uk', OUTBOX_SEND_SECONDS: '0' });
    hospital = await readyPartner(t, 'Kinds Hospital Trust', 'kinds-hospital');
    council = await readyPartner(t, 'Kinds County Council', 'kinds-council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Kinds Care Homes', 'kinds-care', { sector: 'CARE_PROVIDER' });
    councilGuardian = await createUser(t, council.id, 'guardian@kinds-council.example', ['CALDICOTT_GUARDIAN']);
    councilSiro = await createUser(t, council.id, 'siro@kinds-council.example', ['SIRO']);
    councilAdmin = await createUser(t, council.id, 'admin@kinds-council.example', ['ORG_ADMIN']);
    careDpo = await createUser(t, care.id, 'dpo@kinds-care.example', ['DPO']);
    await fresh('USER_INVITED');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  it('an invitation to a draft goes to the invited organisation’s IG lead; its answer to the lead’s IG lead, with the reason', async () => {
    const parties = [hospital, council, care].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
    const draft = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Kinds invitation ISP', parties } }, hospital.igLead.token)).createAgreement;
    const invited = await fresh('PARTNERSHIP_INVITED');
    expect(recipients(invited)).toEqual([care.igLead.email, council.igLead.email].sort());
    const toCouncil = invited.find((m) => m.to === council.igLead.email)!;
    expect(toCouncil.subject).toBe(`Kinds Hospital Trust has invited Kinds County Council to ${draft.reference}`);
    expect(toCouncil.text).toContain(link(`/agreements/${draft.id}`));
    expect(toCouncil.html).toContain(`href="${link(`/agreements/${draft.id}`)}"`);

    ok(await t.gql(REFUSE_INVITATION, { input: { agreementId: draft.id, reason: 'We do not provide this service' } }, council.igLead.token));
    const refused = await fresh('INVITATION_REFUSED');
    expect(recipients(refused)).toEqual([hospital.igLead.email]);
    expect(refused[0].text).toContain('The reason they gave: We do not provide this service');
    expect(refused[0].text).toContain(link(`/agreements/${draft.id}/edit/parties`));

    ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId: draft.id } }, care.igLead.token));
    const accepted = await fresh('INVITATION_ACCEPTED');
    expect(recipients(accepted)).toEqual([hospital.igLead.email]);
    expect(accepted[0].subject).toBe(`Kinds Care Homes accepted your invitation to ${draft.reference}`);
    // The lead's own party is accepted by drafting: nobody is told of it.
    expect(await fresh('PARTNERSHIP_INVITED')).toEqual([]);
  });

  it('a version awaiting signature goes to each party’s signatories, Caldicott Guardian and SIRO, naming their party, with the in-tray link', async () => {
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Kinds discharge ISP');
    agreementId = draft.id;
    await fresh('PARTNERSHIP_INVITED');
    const version = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
    const requested = await fresh('SIGNATURE_REQUESTED');
    expect(recipients(requested)).toEqual(
      [hospital.signatory.email, council.signatory.email, councilGuardian.email, councilSiro.email, care.signatory.email].sort(),
    );
    for (const message of requested) {
      expect(message.subject).toBe(`Sign ${draft.reference}: Kinds discharge ISP`);
      expect(message.text).toContain(link(`/in-tray/${agreementId}/versions/${version.number}`));
    }
    expect(requested.find((m) => m.to === councilSiro.email)!.text).toContain('Kinds County Council needs to sign it');
    expect(requested.find((m) => m.to === care.signatory.email)!.text).toContain('Kinds Care Homes needs to sign it');
    // Each also sees it on their notifications page, with the same link.
    const { rows } = await t.db.query(`SELECT n.link FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.email = $1 AND n.kind = 'SIGNATURE_REQUESTED'`, [
      councilGuardian.email,
    ]);
    expect(rows).toEqual([{ link: `/in-tray/${agreementId}/versions/1` }]);
  });

  it('a decline goes to the lead’s and every party’s IG lead, with the reason; the agreement in force to every party’s IG lead', async () => {
    const reference = ok(await t.gql(GET_AGREEMENT, { id: agreementId }, hospital.igLead.token)).agreement.reference;
    ok(await t.gql(DECLINE, { input: { agreementId, versionNumber: 1, reason: 'Retention is too long for us' } }, councilGuardian.token));
    const declined = await fresh('PARTY_DECLINED');
    expect(recipients(declined)).toEqual([care.igLead.email, council.igLead.email, hospital.igLead.email].sort());
    expect(declined[0].subject).toBe(`${reference} was declined by Kinds County Council`);
    expect(declined[0].text).toContain('The reason they gave: Retention is too long for us');
    expect(declined[0].text).toContain(link(`/agreements/${agreementId}`));
    // The draft it returns to keeps every party's acceptance: nobody is invited again.
    expect(await fresh('PARTNERSHIP_INVITED')).toEqual([]);

    const back = ok(await t.gql(GET_AGREEMENT, { id: agreementId }, hospital.igLead.token)).agreement;
    const v2 = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: back.draftRevision } }, hospital.igLead.token)).submitForSignature;
    expect((await fresh('SIGNATURE_REQUESTED')).every((m) => m.text.includes(link(`/in-tray/${agreementId}/versions/2`)))).toBe(true);
    for (const signer of [hospital, council, care]) {
      expect(await fresh('AGREEMENT_IN_FORCE')).toEqual([]);
      ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 2, contentHash: v2.contentHash } }, signer.signatory.token));
    }
    const inForce = await fresh('AGREEMENT_IN_FORCE');
    expect(recipients(inForce)).toEqual([care.igLead.email, council.igLead.email, hospital.igLead.email].sort());
    expect(inForce[0].subject).toBe(`${reference} is now in force`);
    expect(inForce[0].text).toContain(link(`/agreements/${agreementId}`));
  });

  it('an incident goes to the parties’ IG leads, without its summary', async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const input = { agreementId, kind: 'BREACH', severity: 'HIGH', summary: 'Discharge letter for Mrs Example sent to the wrong home', occurredAt: at, discoveredAt: at, icoReportable: true };
    ok(await t.gql('mutation ($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }', { i: input }, care.practitioner.token));
    const recorded = await fresh('INCIDENT_RECORDED');
    expect(recipients(recorded)).toEqual([care.igLead.email, council.igLead.email, hospital.igLead.email].sort());
    for (const message of recorded) {
      expect(message.text).toContain('Kinds Care Homes recorded a high severity breach');
      expect(message.text).toContain(link(`/agreements/${agreementId}`));
      expect(message.text).not.toMatch(/Mrs Example|wrong home/);
      expect(message.html).not.toMatch(/Mrs Example|wrong home/);
    }
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE body ~ 'Mrs Example'`);
    expect(rows[0].n).toBe(0);
  });

  it('a new user’s invitation and a password reset reach their address, with a link to choose a password', async () => {
    const email = 'newcomer@kinds-council.example';
    ok(await t.gql('mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { organisationId: council.id, email, fullName: 'New Comer', roles: [] } }, councilAdmin.token));
    const [invitation] = await fresh('USER_INVITED');
    expect(invitation).toMatchObject({ to: email, subject: 'Set up your Accordant account' });
    expect(invitation.text).toContain('Kinds County Council has set up an Accordant account for you');
    expect(invitation.text).toMatch(new RegExp(`${link('/password/set/')}[A-Za-z0-9_-]{43}\\b`));
    expect(await fresh('USER_INVITED')).toEqual([]);

    ok(await t.gql('mutation ($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) }', { i: { email: council.igLead.email } }));
    await t.app.get(PasswordLinksService).settled();
    const [reset] = await fresh('PASSWORD_RESET');
    expect(reset).toMatchObject({ to: council.igLead.email, subject: 'Reset your Accordant password' });
    expect(reset.html).toMatch(new RegExp(`href="${link('/password/set/')}[A-Za-z0-9_-]{43}"`));
  });

  describe('reminders', () => {
    const run = (app: INestApplication = t.app) => app.get(RemindersService).run();
    const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
    const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    it('an ICO deadline 12 hours away and not reported: the reporting organisation’s IG lead and DPO, once', async () => {
      const discovered = new Date(Date.now() - 61 * 3_600_000).toISOString();
      const input = { agreementId, kind: 'BREACH', severity: 'MEDIUM', summary: 'Sent unencrypted', occurredAt: discovered, discoveredAt: discovered, icoReportable: true };
      ok(await t.gql('mutation ($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }', { i: input }, care.practitioner.token));
      await fresh('INCIDENT_RECORDED');
      await run();
      const deadline = await fresh('INCIDENT_ICO_DEADLINE');
      expect(recipients(deadline)).toEqual([careDpo.email, care.igLead.email].sort());
      expect(deadline[0].subject).toMatch(new RegExp(`^Report the incident under .+ to the ICO by `));
      expect(deadline[0].text).toContain(link(`/agreements/${agreementId}`));
      await run();
      expect(await fresh('INCIDENT_ICO_DEADLINE')).toEqual([]);
    });

    it('a party’s secure-email accreditation expiring within 90 days: its admin and IG lead, and the lead IG lead of each agreement relying on it, once', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const expiry = plusDays(today, 60);
      ok(
        await t.gql(
          'mutation ($id: ID!, $i: RecordAssuranceInput!) { recordOrganisationAssurance(organisationId: $id, input: $i) { id } }',
          { id: council.id, i: { secureEmailMethod: 'DCB1596_SELF_ACCREDITED', secureEmailAccreditationExpiry: expiry } },
          councilAdmin.token,
        ),
      );
      await run();
      const lapsing = await fresh('ASSURANCE_LAPSING');
      expect(recipients(lapsing)).toEqual([councilAdmin.email, council.igLead.email, hospital.igLead.email].sort());
      const toCouncil = lapsing.find((m) => m.to === councilAdmin.email)!;
      expect(toCouncil.text).toContain(link('/organisation/assurance'));
      expect(toCouncil.text).toMatch(/secure email accreditation \(DCB1596\) expires on/);
      const toLead = lapsing.find((m) => m.to === hospital.igLead.email)!;
      expect(toLead.text).toContain(link(`/agreements/${agreementId}`));
      await run();
      expect(await fresh('ASSURANCE_LAPSING')).toEqual([]);
    });

    it('a review due in 90 and 30 days and overdue: the lead’s IG lead, once per threshold, whichever of two instances runs', async () => {
      const review = ok(await t.gql(GET_AGREEMENT, { id: agreementId }, hospital.igLead.token)).agreement.review;
      const nextReviewDate: string = review.nextReviewDate;
      const second = await createApp(t.config);
      await second.init();
      try {
        const clocks = [t.app.get(Clock), second.get(Clock)];
        const moveTo = (when: Date) => clocks.forEach((clock) => jest.spyOn(clock, 'now').mockReturnValue(when));

        moveTo(at(plusDays(nextReviewDate, -91)));
        await Promise.all([run(), run(second)]);
        expect(await fresh('REVIEW_DUE_90')).toEqual([]);

        moveTo(at(plusDays(nextReviewDate, -80)));
        const [one, two] = await Promise.all([run(), run(second)]);
        const due90 = await fresh('REVIEW_DUE_90');
        expect(recipients(due90)).toEqual([hospital.igLead.email]);
        expect(due90[0].text).toContain(link(`/agreements/${agreementId}`));
        expect([...one.sent, ...two.sent].filter((s) => s.reminder === 'REVIEW_DUE_90')).toHaveLength(1);
        moveTo(at(plusDays(nextReviewDate, -79)));
        await run(second);
        expect(await fresh('REVIEW_DUE_90')).toEqual([]);

        moveTo(at(plusDays(nextReviewDate, -20)));
        await Promise.all([run(), run(second)]);
        expect(recipients(await fresh('REVIEW_DUE_30'))).toEqual([hospital.igLead.email]);
        await run();
        expect(await fresh('REVIEW_DUE_30')).toEqual([]);

        moveTo(at(plusDays(nextReviewDate, 1)));
        await Promise.all([run(), run(second)]);
        const overdue = await fresh('REVIEW_OVERDUE');
        expect(recipients(overdue)).toEqual([hospital.igLead.email]);
        expect(overdue[0].subject).toMatch(/is overdue for review$/);
        await run(second);
        expect(await fresh('REVIEW_OVERDUE')).toEqual([]);
        const { rows } = await t.db.query(`SELECT reminder FROM reminder_sent WHERE subject_id = $1 ORDER BY id`, [agreementId]);
        expect(rows.map((r) => r.reminder)).toEqual(['REVIEW_DUE_90', 'REVIEW_DUE_30', 'REVIEW_OVERDUE']);
      } finally {
        await second.close();
      }
    });
  });
});
