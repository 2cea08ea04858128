import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { DeliveryResult } from './outbox-retry.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@domain>`, the same on every try. */
  messageId: string;
  date: Date;
}

/**
 * Hands one email to the SMTP server at SMTP_URL (nodemailer's composer and SMTP connection).
 *
 * The end of the message (the line with a single dot, after which the server delivers it) is
 * only sent once `handOver()` has confirmed, in the database, that this sender still owns the
 * message and recorded that it is handing it over. So a failure is told apart: before that point
 * the message certainly was not delivered and may be tried again; after it, with no answer from
 * the server, it may have been, and it never is sent again by itself.
 */
@Injectable()
export class SmtpMailer {
  private readonly from: string;
  private readonly envelopeFrom: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.from = config.mail.from;
    this.envelopeFrom = /<([^<>\s]+)>$/.exec(this.from)?.[1] ?? this.from;
  }

  get configured(): boolean {
    return this.config.mail.smtpUrl !== null;
  }

  async deliver(email: OutgoingEmail, handOver: () => Promise<boolean>): Promise<DeliveryResult> {
    const url = this.config.mail.smtpUrl;
    if (!url) throw new Error('SMTP_URL is not set: nothing is sent');
    const raw = await new MailComposer({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      date: email.date,
      headers: { 'Auto-Submitted': 'auto-generated' },
    })
      .compile()
      .build();
    const { auth, ...options } = parseConnectionUrl(url);
    const connection = new SMTPConnection({ ...options, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000, logger: false });

    return new Promise<DeliveryResult>((resolve) => {
      let handedOver = false;
      let settled = false;
      const finish = (result: DeliveryResult) => {
        if (settled) return;
        settled = true;
        if (result.kind === 'SENT') connection.quit();
        else connection.close();
        resolve(result);
      };
      const failed = (error: unknown) => finish(classify(error, handedOver));
      connection.on('error', failed);

      // Pushes the message as soon as the server has said "go ahead" to DATA; the end only after handOver().
      let started = false;
      const body = new Readable({
        read() {
          if (started) return;
          started = true;
          this.push(raw);
          handOver().then(
            (owned) => {
              if (!owned) return finish({ kind: 'LEASE_LOST' });
              if (settled) return;
              handedOver = true;
              this.push(null);
            },
            failed,
          );
        },
      });

      const send = () =>
        connection.send({ from: this.envelopeFrom, to: [email.to] }, body, (error, info) => {
          if (error) failed(error);
          else finish({ kind: 'SENT', response: String(info?.response ?? '250') });
        });
      connection.connect((error) => {
        if (error) return failed(error);
        if (!auth) return send();
        connection.login(auth, (loginError) => (loginError ? failed(loginError) : send()));
      });
    });
  }
}

function classify(error: unknown, handedOver: boolean): DeliveryResult {
  const detail = error as { responseCode?: number; response?: string; message?: string };
  const message = String(detail?.message ?? error).slice(0, 500);
  if (typeof detail?.responseCode === 'number' && detail.responseCode >= 400) {
    return { kind: 'REFUSED', code: detail.responseCode, response: String(detail.response ?? message).slice(0, 500) };
  }
  return handedOver ? { kind: 'UNCERTAIN', error: message } : { kind: 'NOT_HANDED_OVER', error: message };
}
