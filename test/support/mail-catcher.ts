import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it: the envelope's recipients and the parsed message. */
export interface CaughtMail {
  envelopeTo: string[];
  mail: ParsedMail;
}

/**
 * A real SMTP server in the test process (smtp-server), keeping every message it accepts, parsed
 * with mailparser. Point the app at it with SMTP_URL=catcher.url.
 */
export class MailCatcher {
  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
    readonly caught: CaughtMail[],
  ) {}

  static async start(): Promise<MailCatcher> {
    const caught: CaughtMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            caught.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    return new MailCatcher(server, `smtp://127.0.0.1:${port}`, caught);
  }

  /** The message received with this Message-ID, if any. */
  withMessageId(messageId: string): CaughtMail | undefined {
    return this.caught.find((c) => c.mail.messageId === messageId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
