/**
 * ISO 18626 messages received per second, end to end: a partner posts requests to the libraries'
 * endpoint, and each is parsed, routed to its library, checked against the partner directory,
 * recorded as a lending request through the engine, stored with its history, and confirmed, before the
 * next one from the same client is sent.
 */
import type { HttpClient } from './http.ts';
import { UnexpectedResponseError } from './http.ts';
import type { Operation } from './load.ts';
import { RequestMessages } from './iso-peer.ts';
import { ADJECTIVES, NOUNS, SURNAMES } from './words.ts';

/** Options of {@link InboundWorkload}. */
export interface InboundOptions {
  readonly http: HttpClient;
  /** The sending partner's symbol, as the libraries know it. */
  readonly sender: string;
  /** Symbols of the libraries addressed; client i writes to library i modulo their number. */
  readonly libraries: readonly string[];
  /** Makes the request ids of this run unique. */
  readonly runId: string;
}

const pick = (words: readonly string[], index: number) => words[index % words.length] as string;

/**
 * Requests posted by the bench's partner: each operation sends one and fails unless the answer is an
 * OK confirmation. One workload serves several windows; request ids never repeat.
 */
export class InboundWorkload {
  private readonly messages: RequestMessages;
  private readonly sequence = new Map<number, number>();

  constructor(private readonly options: InboundOptions) {
    this.messages = new RequestMessages(options.sender);
  }

  readonly operation: Operation = async (client) => {
    const n = (this.sequence.get(client) ?? 0) + 1;
    this.sequence.set(client, n);
    const seed = client * 7919 + n * 104_729;
    const body = this.messages.build({
      supplier: this.options.libraries[client % this.options.libraries.length] as string,
      requestId: `${this.options.runId}-${client}-${n}`,
      title: `${pick(ADJECTIVES, seed)} ${pick(NOUNS, seed >> 3)} of ${pick(NOUNS, seed >> 7)}`,
      author: `${pick(SURNAMES, seed >> 5)}, A.`,
      isbn: `978${String(seed % 10_000_000_000).padStart(10, '0')}`,
      patron: `P${n}`,
    });
    const response = await this.options.http.expect('POST', '/iso18626', 200, {
      headers: { 'content-type': 'application/xml' },
      body,
    });
    if (!response.body.includes('<messageStatus>OK</messageStatus>')) {
      throw new UnexpectedResponseError(`a request was not confirmed: ${response.body.slice(0, 800)}`);
    }
    return true;
  };
}
