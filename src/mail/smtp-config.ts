/**
 * Which SMTP server a library's mail goes through: the library's own (`/api/mail/smtp`), otherwise the
 * one of the environment (`SMTP_URL`, `SMTP_FROM`), otherwise none, and then mail is held in the mail
 * outbox for staff to read instead of being sent.
 */
import { ConfigError } from '../config.ts';
import type { ConfigProblem } from '../config.ts';

/** An SMTP server to send through. */
export interface SmtpServer {
  readonly source: 'library' | 'environment';
  readonly host: string;
  readonly port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user: string | null;
  readonly password: string | null;
  /** The sender address configured with the server, if any. */
  readonly from: string | null;
}

/** The environment's SMTP server, read once at start-up. */
export interface SmtpEnvironment {
  readonly server: SmtpServer | null;
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * Read `SMTP_URL` (`smtp://user:password@host:587` or `smtps://…:465`) and `SMTP_FROM` (the sender
 * address). Both optional; without `SMTP_URL`, libraries without their own SMTP server hold their mail.
 *
 * @throws ConfigError naming each invalid variable
 */
export function smtpFromEnvironment(env: Env = process.env): SmtpEnvironment {
  const problems: ConfigProblem[] = [];
  const rawUrl = read(env, 'SMTP_URL');
  const from = read(env, 'SMTP_FROM') ?? null;
  if (from !== null && !EMAIL.test(from)) {
    problems.push({ variable: 'SMTP_FROM', message: `must be an email address, got "${from}"` });
  }
  let server: SmtpServer | null = null;
  if (rawUrl !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(rawUrl);
    } catch {
      problems.push({ variable: 'SMTP_URL', message: 'must be a URL such as smtp://user:password@host:587' });
    }
    if (url !== null) {
      if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
        problems.push({
          variable: 'SMTP_URL',
          message: `must use the smtp:// or smtps:// scheme, got "${url.protocol}"`,
        });
      } else if (url.hostname === '') {
        problems.push({ variable: 'SMTP_URL', message: 'must name a host' });
      } else {
        const secure = url.protocol === 'smtps:';
        server = {
          source: 'environment',
          host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
          secure,
          user: url.username === '' ? null : decodeURIComponent(url.username),
          password: url.password === '' ? null : decodeURIComponent(url.password),
          from,
        };
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { server };
}

/** A library's own SMTP row, as stored. */
export interface LibrarySmtpRow {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly username: string | null;
  readonly password: string | null;
  readonly from_address: string | null;
}

/** The server a library's mail goes through: its own, else the environment's, else none. */
export function resolveSmtpServer(
  library: LibrarySmtpRow | undefined,
  environment: SmtpEnvironment,
): SmtpServer | null {
  if (library !== undefined) {
    return {
      source: 'library',
      host: library.host,
      port: library.port,
      secure: library.secure,
      user: library.username,
      password: library.password,
      from: library.from_address ?? environment.server?.from ?? null,
    };
  }
  return environment.server;
}
