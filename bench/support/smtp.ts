import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An attachment as received: for an inline image, its Content-ID (without brackets) and bytes. */
export interface ReceivedAttachment {
  cid: string | undefined;
  filename: string | undefined;
  contentType: string;
  contentDisposition: string | undefined;
  content: Buffer;
}

export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** As sent: cid: links are kept, not replaced by the images' data. */
  html: string;
  attachments: ReceivedAttachment[];
}

/**
 * An SMTP server in the test process, on 127.0.0.1 and a free port. It keeps every message it
 * accepts, can refuse the next messages with a given reply, and can go down and come back on the
 * same port.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** DATA commands answered, accepted or refused. */
  dataCommands = 0;
  private server: SMTPServer | null = null;
  private port = 0;
  private readonly refusals: Array<{ code: number; message: string }> = [];
  private refusalEvery: { n: number; code: number; message: string } | null = null;

  static async create(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer();
    await smtp.start();
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Listens again on the port of the first start. */
  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 500,
      onData: (stream, _session, callback) => void this.receive(stream).then(() => callback(), callback),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(resolve));
  }

  /** Answers the next `count` DATA commands with `code message` (e.g. 451 or 550) instead of 250. */
  failNext(count: number, code: number, message: string): void {
    for (let i = 0; i < count; i++) this.refusals.push({ code, message });
  }

  /** From now on refuses every `n`-th DATA command with `code message`, the others accepted. */
  refuseEvery(n: number, code: number, message: string): void {
    this.refusalEvery = { n, code, message };
  }

  async waitFor(count: number, timeoutMs = 5000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} messages within ${timeoutMs} ms, got ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.received;
  }

  private async receive(stream: Readable): Promise<void> {
    const parsed = await simpleParser(stream, { keepCidLinks: true });
    this.dataCommands++;
    const refusal =
      this.refusals.shift() ?? (this.refusalEvery && this.dataCommands % this.refusalEvery.n === 0 ? this.refusalEvery : undefined);
    if (refusal) throw Object.assign(new Error(refusal.message), { responseCode: refusal.code });
    this.received.push({
      messageId: parsed.messageId ?? '',
      to: addresses(parsed.to),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html || '',
      attachments: parsed.attachments.map((a) => ({
        cid: a.cid,
        filename: a.filename,
        contentType: a.contentType,
        contentDisposition: a.contentDisposition,
        content: a.content,
      })),
    });
  }
}

function addresses(to: AddressObject | AddressObject[] | undefined): string {
  return (Array.isArray(to) ? to : to ? [to] : []).map((a) => a.text).join(', ');
}
