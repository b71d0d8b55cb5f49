/**
 * The mock peer's memory: every message of a transaction, both directions, as illmock's flows API
 * shows them, and the transaction state of each role. Kept in memory and bounded in age and count:
 * the mock is a test tool, and forgetting a transaction after a while is fine.
 */
import type {
  Iso18626Action,
  Iso18626ErrorType,
  Iso18626Message,
  Iso18626MessageKind,
  Iso18626MessageStatus,
  Iso18626ReasonForMessage,
  Iso18626RequestType,
  Iso18626Status,
  Iso18626YesNo,
} from '../iso18626/index.ts';

/** The part the mock plays in a transaction. */
export type MockRole = 'supplier' | 'requester';

/** A message, or what stood in for one: an HTTP answer that was not ISO 18626, or no answer at all. */
export type FlowEntryKind = Iso18626MessageKind | 'httpError' | 'transportError';

/** One message of a flow, sent (`out`) or received (`in`) by this mock. */
export interface FlowEntry {
  /** Order within the mock, across flows. */
  seq: number;
  /** When it was sent or received. */
  time: string;
  direction: 'in' | 'out';
  kind: FlowEntryKind;
  /** The peer's URL, for messages this mock sent and the answers to them. */
  url?: string;
  requestType?: Iso18626RequestType;
  /** A request's `requestingAgencyPreviousRequestId`. */
  previousRequestId?: string;
  supplierUniqueRecordId?: string;
  reasonForMessage?: Iso18626ReasonForMessage;
  status?: Iso18626Status;
  answerYesNo?: Iso18626YesNo;
  reasonRetry?: string;
  action?: Iso18626Action;
  messageStatus?: Iso18626MessageStatus;
  errorType?: Iso18626ErrorType;
  errorValue?: string;
  /** For `httpError`: the HTTP status. */
  httpStatus?: number;
  /** For `httpError` and `transportError`: what went wrong, or the start of the body. */
  error?: string;
  /** The XML as sent or received (absent for errors without a body). */
  xml?: string;
}

/** The messages of one transaction in one role. */
export interface Flow {
  id: string;
  role: MockRole;
  /** For a supplier: the scenario it plays. */
  scenario?: string;
  /** The transaction this one retries (`requestingAgencyPreviousRequestId`). */
  previousId?: string;
  /** The retry that followed this transaction. */
  nextId?: string;
  created: string;
  updated: string;
  messages: FlowEntry[];
}

/** Limits of the mock's memory. */
export interface RetentionOptions {
  /** Forget a transaction this long after its last message. Default 10 minutes (illmock's CLEAN_TIMEOUT). */
  ttlMs?: number;
  /** Keep at most this many transactions per role; the least recently active go first. Default 1,000. */
  maxEntries?: number;
  /** Keep at most this many messages per flow. Default 500. */
  maxMessagesPerFlow?: number;
}

const DEFAULT_TTL_MS = 10 * 60 * 1000;
const DEFAULT_MAX_ENTRIES = 1000;
const DEFAULT_MAX_MESSAGES = 500;

/**
 * A Map whose entries expire `ttlMs` after their last `touch`, holding at most `maxEntries`
 * (the least recently touched are dropped first). Insertion order is kept as recency order.
 */
export class BoundedMap<V> {
  readonly #entries = new Map<string, { value: V; touched: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    this.prune();
    return this.#entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores or replaces `key`, making it the most recent. */
  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, touched: this.now() });
    this.prune();
  }

  /** Marks `key` as just used, so that it lives another `ttlMs`. */
  touch(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value: entry.value, touched: this.now() });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  values(): V[] {
    this.prune();
    return [...this.#entries.values()].map((entry) => entry.value);
  }

  get size(): number {
    this.prune();
    return this.#entries.size;
  }

  private prune(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [key, entry] of this.#entries) {
      if (entry.touched >= oldest && this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(key);
    }
  }
}

/** What a parsed message contributes to its flow entry. */
export function describeMessage(
  message: Iso18626Message,
): Omit<FlowEntry, 'seq' | 'time' | 'direction' | 'kind'> {
  switch (message.kind) {
    case 'request':
      return defined({
        requestType: message.serviceInfo?.requestType,
        previousRequestId: message.serviceInfo?.requestingAgencyPreviousRequestId,
        supplierUniqueRecordId: message.bibliographicInfo.supplierUniqueRecordId,
      });
    case 'supplyingAgencyMessage':
      return defined({
        reasonForMessage: message.messageInfo.reasonForMessage,
        status: message.statusInfo.status,
        answerYesNo: message.messageInfo.answerYesNo,
        reasonRetry: message.messageInfo.reasonRetry?.value,
      });
    case 'requestingAgencyMessage':
      return { action: message.action };
    case 'requestConfirmation':
    case 'supplyingAgencyMessageConfirmation':
    case 'requestingAgencyMessageConfirmation':
      return defined({
        messageStatus: message.confirmationHeader.messageStatus,
        reasonForMessage:
          message.kind === 'supplyingAgencyMessageConfirmation' ? message.reasonForMessage : undefined,
        action: message.kind === 'requestingAgencyMessageConfirmation' ? message.action : undefined,
        errorType: message.errorData?.errorType,
        errorValue: message.errorData?.errorValue,
      });
  }
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The flows of both roles, bounded in age and count. */
export class FlowStore {
  readonly #flows: Record<MockRole, BoundedMap<Flow>>;
  readonly #maxMessages: number;
  #seq = 0;

  constructor(
    options: RetentionOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
    const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.#flows = { supplier: new BoundedMap(ttl, max, now), requester: new BoundedMap(ttl, max, now) };
    this.#maxMessages = options.maxMessagesPerFlow ?? DEFAULT_MAX_MESSAGES;
  }

  /** The flow of `id` in `role`, created if new. */
  flow(role: MockRole, id: string): Flow {
    const existing = this.#flows[role].get(id);
    if (existing !== undefined) return existing;
    const time = new Date(this.now()).toISOString();
    const flow: Flow = { id, role, created: time, updated: time, messages: [] };
    this.#flows[role].set(id, flow);
    return flow;
  }

  /** Appends an entry to the flow of `id` in `role`. */
  record(role: MockRole, id: string, entry: Omit<FlowEntry, 'seq' | 'time'>): void {
    const flow = this.flow(role, id);
    const time = new Date(this.now()).toISOString();
    flow.updated = time;
    if (flow.messages.length < this.#maxMessages) flow.messages.push({ seq: ++this.#seq, time, ...entry });
    this.#flows[role].touch(id);
  }

  /** Records that `nextId` retries `previousId`, on both flows. */
  link(role: MockRole, previousId: string, nextId: string): void {
    if (previousId === nextId) return;
    this.flow(role, previousId).nextId = nextId;
    this.flow(role, nextId).previousId = previousId;
  }

  /** The flows kept, optionally only those of one id and one role, oldest first. */
  find(filter: { id?: string; role?: MockRole } = {}): Flow[] {
    const roles: MockRole[] = filter.role ? [filter.role] : ['requester', 'supplier'];
    return roles
      .flatMap((role) => this.#flows[role].values())
      .filter((flow) => filter.id === undefined || flow.id === filter.id)
      .sort((a, b) => (a.messages[0]?.seq ?? 0) - (b.messages[0]?.seq ?? 0));
  }
}
