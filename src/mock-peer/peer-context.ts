/**
 * What the supplier and requester halves of the mock peer share: its settings, its memory, sending
 * a message to a peer (and recording both it and the answer), and delayed work that stops with it.
 */
import {
  emitIso18626,
  parseIso18626,
  type AgencyId,
  type Iso18626BusinessMessage,
  type Iso18626Confirmation,
} from '../iso18626/index.ts';
import { describeMessage, type FlowStore, type MockRole } from './flows.ts';

/** The mock peer's settings, as resolved from the command line. */
export interface PeerSettings {
  /** Its own agency symbol. */
  symbol: AgencyId;
  /** Where its partner's ISO 18626 endpoint is, unless a request names one. */
  peerUrl: string | undefined;
  /** The delay before the messages a scenario sends, in milliseconds. */
  delayMs: number;
  /** Sent as `Authorization: Bearer …`, and as `securityCode` in the requester's messages. */
  credential: string | undefined;
  /** How long to wait for a peer's answer. */
  requestTimeoutMs: number;
}

/** The outcome of sending one message: the peer's confirmation, or why there was none. */
export type SendOutcome = { ok: true; confirmation: Iso18626Confirmation } | { ok: false; error: string };

/** The longest part of an HTTP error body kept in a flow. */
const ERROR_BODY_CHARS = 500;

export class PeerContext {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #abort = new AbortController();
  #closed = false;

  constructor(
    readonly settings: PeerSettings,
    readonly flows: FlowStore,
    private readonly log: (line: string) => void,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  /** A line for the operator, e.g. `supplier req-1: sent StatusChange Loaned`. */
  say(role: MockRole, id: string, text: string): void {
    this.log(`${role} ${id}: ${text}`);
  }

  /** Runs `work` after `ms`, unless the mock stops first; failures are logged, never thrown. */
  later(ms: number, work: () => unknown): void {
    if (this.#closed) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        if (this.#closed) return;
        Promise.resolve()
          .then(work)
          .catch((error: unknown) => this.log(`internal error: ${(error as Error).stack ?? String(error)}`));
      },
      Math.max(0, Math.round(ms)),
    );
    this.#timers.add(timer);
  }

  /**
   * Sends `message` to `url` and reads the confirmation, recording both in the flow of `id`.
   * An HTTP status other than 200, a body that is no ISO 18626 confirmation, or a network failure
   * is recorded (as `httpError` or `transportError`) and returned as a failure.
   */
  async send(
    role: MockRole,
    id: string,
    url: string,
    message: Iso18626BusinessMessage,
  ): Promise<SendOutcome> {
    const xml = emitIso18626(message);
    this.flows.record(role, id, {
      direction: 'out',
      kind: message.kind,
      url,
      ...describeMessage(message),
      xml,
    });
    const headers: Record<string, string> = { 'content-type': 'application/xml; charset=utf-8' };
    if (this.settings.credential !== undefined) headers.authorization = `Bearer ${this.settings.credential}`;
    let status: number;
    let body: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: xml,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.settings.requestTimeoutMs)]),
      });
      status = response.status;
      body = await response.text();
    } catch (error) {
      const detail = describeFetchError(error);
      this.flows.record(role, id, { direction: 'in', kind: 'transportError', url, error: detail });
      this.say(role, id, `could not send ${message.kind} to ${url}: ${detail}`);
      return { ok: false, error: detail };
    }
    if (status !== 200) {
      const detail = `HTTP ${status}: ${body.slice(0, ERROR_BODY_CHARS).trim()}`;
      this.flows.record(role, id, {
        direction: 'in',
        kind: 'httpError',
        url,
        httpStatus: status,
        error: body.slice(0, ERROR_BODY_CHARS),
      });
      this.say(role, id, `${message.kind} to ${url} answered ${detail}`);
      return { ok: false, error: detail };
    }
    const parsed = parseIso18626(body, { accept: 'confirmations' });
    if (!parsed.ok) {
      const detail = `not an ISO 18626 confirmation (${parsed.error.errorValue})`;
      this.flows.record(role, id, {
        direction: 'in',
        kind: 'httpError',
        url,
        httpStatus: status,
        error: `${detail}: ${body.slice(0, ERROR_BODY_CHARS)}`,
      });
      this.say(role, id, `${message.kind} to ${url} answered ${detail}`);
      return { ok: false, error: detail };
    }
    const confirmation = parsed.message;
    this.flows.record(role, id, {
      direction: 'in',
      kind: confirmation.kind,
      url,
      ...describeMessage(confirmation),
      xml: body,
    });
    if (confirmation.confirmationHeader.messageStatus === 'ERROR') {
      const error = confirmation.errorData;
      this.say(
        role,
        id,
        `${message.kind} refused: ${error?.errorType ?? ''} ${error?.errorValue ?? ''}`.trim(),
      );
    }
    return { ok: true, confirmation };
  }

  /** Stops delayed work and aborts messages in flight. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#abort.abort();
  }
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${error.message}: ${cause.message}`;
  return error.message;
}

/** An http(s) URL, as illmock recognises a peer's address in a request. */
export function isHttpUrl(value: string | undefined): value is string {
  return value !== undefined && /^https?:\/\/\S+$/i.test(value.trim());
}

/** Now plus `days`, as an ISO 18626 date and time. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
}
