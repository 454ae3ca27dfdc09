import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message as received. */
  raw: string;
  /** The raw message with quoted-printable soft line breaks joined (what to search bodies in). */
  body: string;
}

export interface SmtpReceiver {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback (no TLS, no auth), recording every message it accepts. */
export const startSmtpReceiver = async (): Promise<SmtpReceiver> => {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          body: Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, ''),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

const wordBytes = (enc: string, text: string): Buffer =>
  enc.toUpperCase() === 'B'
    ? Buffer.from(text, 'base64')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, x: string) => String.fromCharCode(parseInt(x, 16))), 'latin1');

/** The decoded Subject header of a received message (RFC 2047 encoded words, split anywhere, joined). */
export const mailSubject = (m: ReceivedMail): string => {
  const raw = (/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(m.raw)?.[1] ?? '').replace(/\r?\n[ \t]/g, ' ');
  const words = [...raw.matchAll(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi)];
  if (words.length === 0) return raw;
  return Buffer.concat(words.map((w) => wordBytes(w[1] ?? 'Q', w[2] ?? ''))).toString('utf8');
};
