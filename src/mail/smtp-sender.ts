/**
 * Hands one mail to an SMTP server with nodemailer and says how it went: accepted (with the server's
 * answer), or refused, temporarily (4xx, no connection, timeout) or permanently (5xx). Every wait is
 * bounded by the timeouts. Transports are kept per server, so repeated mail reuses the settings.
 */
import nodemailer from 'nodemailer';
import type { SmtpServer } from './smtp-config.ts';

/** A mail ready to go out. */
export interface OutgoingMail {
  readonly from: { readonly name: string | null; readonly address: string };
  readonly to: string;
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  /** Our Message-ID, so that a receiver can recognise a repeat. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type SendOutcome =
  | { readonly ok: true; readonly response: string }
  | { readonly ok: false; readonly permanent: boolean; readonly error: string };

/** Sends mail through SMTP servers. */
export interface MailSender {
  send(server: SmtpServer, mail: OutgoingMail): Promise<SendOutcome>;
  close(): Promise<void>;
}

export interface SmtpTimeouts {
  /** Milliseconds to wait for the TCP connection. */
  readonly connectionMs: number;
  /** Milliseconds to wait for the server's greeting. */
  readonly greetingMs: number;
  /** Milliseconds of silence on the connection before giving up. */
  readonly socketMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
};

type Transporter = ReturnType<typeof nodemailer.createTransport>;

/** Describe a nodemailer error as the SMTP server's answer, or the connection problem. */
function describeError(error: unknown): { permanent: boolean; error: string } {
  const detail = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const responseCode = typeof detail.responseCode === 'number' ? detail.responseCode : null;
  const response = typeof detail.response === 'string' ? detail.response.trim() : null;
  const message = typeof detail.message === 'string' ? detail.message : String(error);
  if (responseCode !== null) {
    return {
      permanent: responseCode >= 500,
      error: response ?? `${responseCode} ${message}`,
    };
  }
  const code = typeof detail.code === 'string' ? detail.code : null;
  // A malformed address or message is refused before any server answers: trying again cannot help.
  const permanent = code === 'EENVELOPE' || code === 'EMESSAGE';
  return { permanent, error: code === null ? message : `${code}: ${message}` };
}

/** The nodemailer sender. */
export class SmtpSender implements MailSender {
  private readonly transports = new Map<string, Transporter>();

  constructor(private readonly timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS) {}

  private transportFor(server: SmtpServer): Transporter {
    const key = JSON.stringify([server.host, server.port, server.secure, server.user, server.password]);
    let transport = this.transports.get(key);
    if (transport === undefined) {
      transport = nodemailer.createTransport({
        host: server.host,
        port: server.port,
        secure: server.secure,
        ...(server.user !== null ? { auth: { user: server.user, pass: server.password ?? '' } } : {}),
        connectionTimeout: this.timeouts.connectionMs,
        greetingTimeout: this.timeouts.greetingMs,
        socketTimeout: this.timeouts.socketMs,
      });
      this.transports.set(key, transport);
    }
    return transport;
  }

  async send(server: SmtpServer, mail: OutgoingMail): Promise<SendOutcome> {
    try {
      const info = await this.transportFor(server).sendMail({
        from:
          mail.from.name === null ? mail.from.address : { name: mail.from.name, address: mail.from.address },
        to: mail.to,
        ...(mail.replyTo !== null ? { replyTo: mail.replyTo } : {}),
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: { ...mail.headers },
      });
      const response = typeof info.response === 'string' ? info.response : 'accepted';
      return { ok: true, response };
    } catch (error) {
      return { ok: false, ...describeError(error) };
    }
  }

  /** Verify that a server answers and accepts the credentials, within the timeouts. */
  async verify(server: SmtpServer): Promise<SendOutcome> {
    try {
      await this.transportFor(server).verify();
      return { ok: true, response: 'The server accepted the connection.' };
    } catch (error) {
      return { ok: false, ...describeError(error) };
    }
  }

  async close(): Promise<void> {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
  }
}
