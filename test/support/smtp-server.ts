/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) on a random port, for tests: it keeps
 * every message it accepts, parsed, and can refuse the next messages with a chosen SMTP answer or
 * answer slowly.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SmtpServer } from '../../src/mail/smtp-config.ts';

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly parsed: ParsedMail;
  readonly raw: string;
}

export interface TestSmtpServer {
  readonly port: number;
  /** Everything accepted so far, in order. */
  readonly received: ReceivedMail[];
  /** The server as Interlend's SMTP settings name it (source `environment`). */
  readonly settings: SmtpServer;
  /** Refuse the next `count` messages with `code` and `message` (e.g. 451, 550). */
  refuseNext(count: number, code: number, message: string): void;
  /** Wait this long before answering each message. */
  setDelay(milliseconds: number): void;
  /** Resolves once `count` messages were accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusals: { code: number; message: string }[] = [];
  let delay = 0;
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void (async () => {
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
          const refusal = refusals.shift();
          if (refusal !== undefined) {
            const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          received.push({
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            parsed,
            raw,
          });
          callback(null, 'OK: queued by the test server');
          for (const wake of waiters.splice(0)) wake();
        })();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    settings: {
      source: 'environment',
      host: '127.0.0.1',
      port,
      secure: false,
      user: null,
      password: null,
      from: 'ill-notices@interlend.example',
    },
    refuseNext(count, code, message) {
      refusals = Array.from({ length: count }, () => ({ code, message }));
    },
    setDelay(milliseconds) {
      delay = milliseconds;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`Expected ${count} mail(s), the SMTP server got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
