import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
}

/** What the server does with one transaction, instead of accepting it. */
type Fault =
  | { kind: 'refuse'; code: number }
  /** Closes the connection when the recipient is given: before any of the message. */
  | { kind: 'drop' }
  /** Takes the whole message, keeps it, then closes the connection without answering. */
  | { kind: 'drop-after-data' }
  | { kind: 'hold'; hold: HeldTransaction }
  /** Takes the whole message, keeps it, and waits to answer until the test says. */
  | { kind: 'hold-after-data'; hold: HeldTransaction };

/** A transaction the server keeps waiting at the recipient, until the test lets it go on or drops it. */
export interface Hold {
  /** Resolves when a sender reaches the held point. */
  arrived: Promise<void>;
  release(): void;
  /** Closes the held connection, as when the sender's machine goes away. */
  drop(): void;
}

class HeldTransaction implements Hold {
  readonly arrived: Promise<void>;
  private arrive!: () => void;
  private proceed?: () => void;
  private cut?: () => void;

  constructor() {
    this.arrived = new Promise<void>((resolve) => (this.arrive = resolve));
  }

  reached(proceed: () => void, cut: () => void): void {
    this.proceed = proceed;
    this.cut = cut;
    this.arrive();
  }

  release(): void {
    this.proceed?.();
  }

  drop(): void {
    this.cut?.();
  }
}

/**
 * A real SMTP server in the test process (smtp-server), reading what arrives with mailparser. A
 * message counts as received once it is whole and the server answers 250 (or, for
 * `dropAfterData`, once it is whole). Faults apply to the next transactions, in order.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private readonly faults: Fault[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  private constructor(private readonly server: SMTPServer, readonly port: number) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (_address, session, callback) => sink!.onRcptTo(session, callback),
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => sink!.onMessage(mail, session, callback))
          .catch((error: Error) => callback(error));
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sink = new SmtpSink(server, (server.server.address() as AddressInfo).port);
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Message-IDs received, with how many times each. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of this.received) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
    return counts;
  }

  refuseNext(times: number, code = 451): void {
    for (let i = 0; i < times; i++) this.faults.push({ kind: 'refuse', code });
  }

  dropNext(times: number): void {
    for (let i = 0; i < times; i++) this.faults.push({ kind: 'drop' });
  }

  dropAfterDataNext(): void {
    this.faults.push({ kind: 'drop-after-data' });
  }

  holdNext(): Hold {
    const hold = new HeldTransaction();
    this.faults.push({ kind: 'hold', hold });
    return hold;
  }

  holdAfterDataNext(): Hold {
    const hold = new HeldTransaction();
    this.faults.push({ kind: 'hold-after-data', hold });
    return hold;
  }

  /** Forgets faults not yet used. */
  reset(): void {
    this.faults.length = 0;
  }

  /** Resolves once `count` messages have been received. */
  until(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRcptTo(session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const fault = this.faults.shift();
    if (!fault) return callback();
    (session as SMTPServerSession & { fault?: Fault }).fault = fault;
    switch (fault.kind) {
      case 'refuse':
        return callback(Object.assign(new Error('Try again later'), { responseCode: fault.code }));
      case 'drop':
        return this.dropConnection(session);
      case 'drop-after-data':
      case 'hold-after-data':
        return callback();
      case 'hold':
        return fault.hold.reached(
          () => callback(),
          () => this.dropConnection(session),
        );
    }
  }

  private onMessage(mail: ParsedMail, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    this.received.push({
      messageId: mail.messageId ?? '',
      from: mail.from?.text ?? '',
      to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? '')),
      subject: mail.subject ?? '',
      text: mail.text ?? '',
      html: typeof mail.html === 'string' ? mail.html : '',
      headers: mail.headers as Map<string, unknown>,
    });
    for (const waiter of [...this.waiters]) {
      if (this.received.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    const fault = (session as SMTPServerSession & { fault?: Fault }).fault;
    if (fault?.kind === 'drop-after-data') return this.dropConnection(session);
    if (fault?.kind === 'hold-after-data') {
      return fault.hold.reached(
        () => callback(),
        () => this.dropConnection(session),
      );
    }
    callback();
  }

  private dropConnection(session: SMTPServerSession): void {
    const connections = (this.server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
    for (const connection of connections) if (connection.id === session.id) connection._socket.destroy();
  }
}
