import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type StreamSentMessageInfo, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** An image the HTML part shows by its Content-ID (<img src="cid:...">). */
export interface InlineAttachment {
  cid: string;
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Sent with the HTML part as multipart/related, each inline. */
  attachments?: InlineAttachment[];
}

/** A dead SMTP server must cost one short wait per attempt, not the minutes of nodemailer's defaults. */
const CONNECT_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * Sends one email: over SMTP when SMTP_URL is set, else as DATA_DIR/outbox/<message id>.eml.
 * Errors are nodemailer's own, so callers can read `responseCode` (the SMTP reply) and `code`.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;
  readonly outboxDir: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.outboxDir = join(config.dataDir, 'outbox');
    this.transporter = config.smtpUrl
      ? nodemailer.createTransport({
          url: config.smtpUrl,
          connectionTimeout: CONNECT_TIMEOUT_MS,
          greetingTimeout: CONNECT_TIMEOUT_MS,
          socketTimeout: SOCKET_TIMEOUT_MS,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transporter.sendMail({ from: this.config.alertFrom, ...mail });
    if (!this.config.smtpUrl) await this.writeEml(mail.messageId, (info as StreamSentMessageInfo).message as Buffer);
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }

  /**
   * Written under a temporary name and renamed, so a reader never sees half a message; a resend
   * overwrites it. Both the file and the rename are fsynced before the email counts as sent: without
   * it a power cut left an empty file, or none, behind a row marked SENT, and the email was lost.
   */
  private async writeEml(messageId: string, message: Buffer): Promise<void> {
    await mkdir(this.outboxDir, { recursive: true });
    const file = join(this.outboxDir, `${safeFileName(messageId)}.eml`);
    const tmp = await open(`${file}.tmp`, 'w');
    try {
      await tmp.writeFile(message);
      await tmp.sync();
    } finally {
      await tmp.close();
    }
    await rename(`${file}.tmp`, file);
    const folder = await open(this.outboxDir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}

export function safeFileName(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
}
