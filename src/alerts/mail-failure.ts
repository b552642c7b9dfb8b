import type { NodemailerError } from 'nodemailer';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKET', 'ECONNECTION', 'EDNS', 'ENOTFOUND', 'EHOSTUNREACH']);
const DISK = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS']);

/** Why an email did not go, as an admin reads it; the SMTP reply or the system error itself goes to the log. */
export function mailFailure(err: NodemailerError): string {
  const code = err.responseCode;
  if (code !== undefined && code >= 500) return `The mail server refused the email (SMTP ${code}); it is tried again only a few times`;
  if (code !== undefined) return `The mail server asked to try later (SMTP ${code}); it will be tried again`;
  if (err.code && DISK.has(err.code)) return 'The email could not be written to the outbox folder under DATA_DIR (full or not writable)';
  if (err.code && UNREACHABLE.has(err.code)) return 'The mail server could not be reached (SMTP_URL); it will be tried again';
  return 'The email could not be sent; it will be tried again';
}
