/**
 * The mock peer as a supplier: it answers a request with a confirmation, then plays the scenario
 * the request names (see `scenario.ts`) by sending supplying agency messages to the requester, and
 * reacts to the requester's actions as illmock does.
 */
import { randomUUID } from 'node:crypto';
import {
  confirmationFor,
  type DeliveryInfo,
  type Iso18626ErrorData,
  type Iso18626Header,
  type Iso18626Request,
  type Iso18626RequestConfirmation,
  type Iso18626RequestingAgencyMessage,
  type Iso18626RequestingAgencyMessageConfirmation,
  type Iso18626ReasonForMessage,
  type Iso18626Status,
  type Iso18626SupplyingAgencyMessage,
  type Iso18626YesNo,
  type MessageInfo,
  type StatusInfo,
} from '../iso18626/index.ts';
import { BoundedMap } from './flows.ts';
import { daysFromNow, isHttpUrl, type PeerContext } from './peer-context.ts';
import { CORRECTED_ITEM_ID, isRetryRequest, supplierPlanFor, type SupplierPlan } from './scenario.ts';

/** The answer to an incoming message: an ISO 18626 confirmation, or a bare HTTP status. */
export type SupplierReply<C> =
  { kind: 'confirmation'; confirmation: C } | { kind: 'http'; status: number; body: string };

/** How the supplier delivers, chosen from the request's preferred delivery (illmock's rules). */
type DeliveryMethod = 'URL' | 'Mail' | 'Email' | 'FTP';

/** A transaction the mock supplies. */
interface SupplierTransaction {
  id: string;
  plan: SupplierPlan;
  requesterUrl: string | undefined;
  header: Pick<Iso18626Header, 'supplyingAgencyId' | 'requestingAgencyId' | 'multipleItemRequestId'>;
  supplyingAgencyRequestId: string;
  serviceType: string;
  delivery: DeliveryMethod;
  /** The last status sent, and when it changed. */
  status: Iso18626Status | undefined;
  lastChange: string;
  dueDate: string | undefined;
  /** Whether a RequestResponse was sent (later messages are StatusChange). */
  answered: boolean;
  /** Statuses of the scenario still to send. */
  pending: Iso18626Status[];
  /** The status to send on the requester's `Received`, until sent. */
  onReceived: 'Overdue' | 'Recalled' | undefined;
  returned: boolean;
  ended: boolean;
}

const LOANED_STATES: readonly (Iso18626Status | undefined)[] = ['Loaned', 'Overdue', 'Recalled'];
const TERMINAL_STATES: readonly (Iso18626Status | undefined)[] = [
  'Unfilled',
  'CopyCompleted',
  'LoanCompleted',
  'CompletedWithoutReturn',
  'Cancelled',
  'RetryPossible',
];

export class MockSupplier {
  readonly #transactions: BoundedMap<SupplierTransaction>;

  constructor(
    private readonly context: PeerContext,
    retention: { ttlMs: number; maxEntries: number },
  ) {
    this.#transactions = new BoundedMap(retention.ttlMs, retention.maxEntries);
  }

  private get delayMs(): number {
    return this.context.settings.delayMs;
  }

  /** A request addressed to the mock as a supplier. */
  handleRequest(request: Iso18626Request, received: Date): SupplierReply<Iso18626RequestConfirmation> {
    const { flows } = this.context;
    const id = request.header.requestingAgencyRequestId;
    const plan = supplierPlanFor(request, this.context.settings.symbol);
    const previousId = request.serviceInfo?.requestingAgencyPreviousRequestId;
    const retry = isRetryRequest(request);
    if (retry && previousId !== undefined) flows.link('supplier', previousId, id);
    const refuse = (errorValue: string) =>
      this.confirm(request, received, { errorType: 'UnrecognisedDataValue', errorValue });

    const existing = this.#transactions.get(id);
    if (existing !== undefined) {
      if (request.serviceInfo?.requestType === 'Reminder') return this.confirm(request, received);
      // A retry may keep the id of the transaction it retries (illmock's #RETRYKEEPID#).
      if (!(retry && existing.status === 'RetryPossible'))
        return refuse(`requestingAgencyRequestId: ${id} already exists`);
    }

    flows.flow('supplier', id).scenario = plan.scenario;
    const described = plan.known
      ? plan.scenario
      : `${plan.scenario} (unknown scenario ${plan.token ?? '(none)'})`;
    this.context.say('supplier', id, `${retry ? 'retry request' : 'request'}, scenario ${described}`);
    if (plan.reply.kind === 'http') {
      return { kind: 'http', status: plan.reply.status, body: `MOCK HTTP-ERROR-${plan.reply.status}` };
    }
    if (plan.reply.kind === 'error') return refuse(plan.reply.errorValue);

    const requesterUrl = requesterUrlOf(request) ?? this.context.settings.peerUrl;
    if (requesterUrl === undefined && plan.statuses.length > 0) {
      return refuse(
        'requestingAgencyInfo/address: no requester URL to answer to (give the mock peer --peer-url, or an electronicAddress with an http(s) URL)',
      );
    }
    const transaction: SupplierTransaction = {
      id,
      plan,
      requesterUrl,
      header: {
        supplyingAgencyId: request.header.supplyingAgencyId ?? this.context.settings.symbol,
        requestingAgencyId: request.header.requestingAgencyId,
        ...(request.header.multipleItemRequestId !== undefined
          ? { multipleItemRequestId: request.header.multipleItemRequestId }
          : {}),
      },
      supplyingAgencyRequestId: randomUUID(),
      serviceType: request.serviceInfo?.serviceType ?? 'CopyOrLoan',
      delivery: deliveryMethodOf(request),
      status: undefined,
      lastChange: new Date().toISOString(),
      dueDate: undefined,
      answered: false,
      pending: [...plan.statuses],
      onReceived: plan.onReceived,
      returned: false,
      ended: false,
    };
    this.#transactions.set(id, transaction);
    if (transaction.pending.length > 0)
      this.context.later(this.delayMs, () => this.sendNextStatus(transaction));
    return this.confirm(request, received);
  }

  /** A requesting agency message: confirmed at once, acted upon after a delay. */
  handleRequestingAgencyMessage(
    message: Iso18626RequestingAgencyMessage,
    received: Date,
  ): SupplierReply<Iso18626RequestingAgencyMessageConfirmation> {
    const id = message.header.requestingAgencyRequestId;
    const transaction = this.#transactions.get(id);
    const times = { timestamp: new Date(), timestampReceived: received };
    if (transaction === undefined) {
      return {
        kind: 'confirmation',
        confirmation: confirmationFor(message, times, {
          errorType: 'UnrecognisedDataValue',
          errorValue: `requestingAgencyRequestId: no transaction ${id} (unknown, or forgotten)`,
        }),
      };
    }
    this.#transactions.touch(id);
    this.context.say('supplier', id, `received ${message.action}`);
    const third = this.delayMs / 3;
    switch (message.action) {
      case 'Cancel': {
        // Decided now, so that a status already scheduled cannot overtake the cancellation.
        const loaned = LOANED_STATES.includes(transaction.status) || transaction.ended;
        if (loaned) {
          this.context.later(this.delayMs / 2, () =>
            this.sendStatus(transaction, transaction.status ?? 'Loaned', 'CancelResponse', 'N'),
          );
        } else {
          transaction.pending = [];
          transaction.ended = true;
          this.context.later(this.delayMs / 2, () =>
            this.sendStatus(transaction, 'Cancelled', 'CancelResponse', 'Y'),
          );
        }
        break;
      }
      case 'Renew': {
        const renewable = LOANED_STATES.includes(transaction.status) && !transaction.returned;
        if (renewable) transaction.dueDate = daysFromNow(14);
        this.context.later(third, () =>
          renewable
            ? this.sendStatus(transaction, 'Loaned', 'RenewResponse', 'Y')
            : this.sendStatus(transaction, transaction.status ?? 'RequestReceived', 'RenewResponse', 'N'),
        );
        break;
      }
      case 'Received': {
        const next = transaction.onReceived;
        if (next !== undefined && LOANED_STATES.includes(transaction.status)) {
          transaction.onReceived = undefined;
          this.context.later(third, () => this.sendStatus(transaction, next, 'StatusChange'));
        }
        break;
      }
      case 'ShippedReturn':
        if (LOANED_STATES.includes(transaction.status) && !transaction.returned) {
          transaction.returned = true;
          transaction.pending = [];
          transaction.onReceived = undefined;
          this.context.later(this.delayMs, () =>
            this.sendStatus(transaction, 'LoanCompleted', 'StatusChange'),
          );
        }
        break;
      case 'StatusRequest':
        this.context.later(third, () =>
          this.sendStatus(transaction, transaction.status ?? 'RequestReceived', 'StatusRequestResponse'),
        );
        break;
      case 'ShippedForward':
      case 'Notification':
        break;
    }
    return { kind: 'confirmation', confirmation: confirmationFor(message, times) };
  }

  private confirm(
    request: Iso18626Request,
    received: Date,
    error?: Iso18626ErrorData,
  ): SupplierReply<Iso18626RequestConfirmation> {
    const times = { timestamp: new Date(), timestampReceived: received };
    return { kind: 'confirmation', confirmation: confirmationFor(request, times, error) };
  }

  /** Sends the scenario's next status, then schedules the one after once the requester confirmed. */
  private async sendNextStatus(transaction: SupplierTransaction): Promise<void> {
    const status = transaction.pending.shift();
    if (status === undefined || transaction.ended) return;
    const reason: Iso18626ReasonForMessage = transaction.answered ? 'StatusChange' : 'RequestResponse';
    const confirmed = await this.sendStatus(transaction, status, reason);
    if (confirmed && transaction.pending.length > 0) {
      this.context.later(this.delayMs, () => this.sendNextStatus(transaction));
    }
  }

  /** Sends one supplying agency message with `status`; true when the requester confirmed it. */
  private async sendStatus(
    transaction: SupplierTransaction,
    status: Iso18626Status,
    reasonForMessage: Iso18626ReasonForMessage,
    answerYesNo?: Iso18626YesNo,
  ): Promise<boolean> {
    const now = new Date().toISOString();
    if (status !== transaction.status) {
      transaction.status = status;
      transaction.lastChange = now;
    }
    if (reasonForMessage === 'RequestResponse' || reasonForMessage === 'StatusChange')
      transaction.answered = true;
    if (TERMINAL_STATES.includes(status)) {
      transaction.ended = true;
      transaction.pending = [];
    }
    const messageInfo: MessageInfo = { reasonForMessage };
    if (answerYesNo !== undefined) messageInfo.answerYesNo = answerYesNo;
    const statusInfo: StatusInfo = { status, lastChange: transaction.lastChange };
    let deliveryInfo: DeliveryInfo | undefined;

    if (status === 'Loaned') {
      transaction.dueDate ??= daysFromNow(14);
      // What was shipped is told once, when the item goes out.
      if (reasonForMessage === 'RequestResponse' || reasonForMessage === 'StatusChange')
        deliveryInfo = this.deliveryInfo(transaction, now);
    }
    if (LOANED_STATES.includes(status) && transaction.dueDate !== undefined)
      statusInfo.dueDate = transaction.dueDate;
    if (status === 'RetryPossible' && transaction.plan.retry !== undefined) {
      const { reason, then } = transaction.plan.retry;
      messageInfo.reasonRetry = { value: reason };
      switch (reason) {
        case 'CostExceedsMaxCost':
          messageInfo.offeredCosts = { currencyCode: { value: 'USD' }, monetaryValue: '35' };
          break;
        case 'OnLoan':
          messageInfo.retryAfter = now;
          break;
        case 'LoanCondition':
          deliveryInfo = { dateSent: now, loanCondition: { value: 'NoReproduction' } };
          break;
        case 'NotFoundAsCited':
          // The corrected id is the scenario the retry plays, so a requester that retries with it
          // as supplierUniqueRecordId gets that scenario.
          deliveryInfo = { dateSent: now, itemId: then ?? CORRECTED_ITEM_ID };
          break;
      }
    }

    const message: Iso18626SupplyingAgencyMessage = {
      kind: 'supplyingAgencyMessage',
      header: {
        ...transaction.header,
        timestamp: now,
        requestingAgencyRequestId: transaction.id,
        supplyingAgencyRequestId: transaction.supplyingAgencyRequestId,
      },
      messageInfo,
      statusInfo,
      ...(deliveryInfo !== undefined ? { deliveryInfo } : {}),
    };
    const answer = answerYesNo === undefined ? '' : ` ${answerYesNo}`;
    if (transaction.requesterUrl === undefined) {
      this.context.flows.record('supplier', transaction.id, {
        direction: 'out',
        kind: 'transportError',
        error: `no requester URL to send ${reasonForMessage} ${status} to`,
      });
      return false;
    }
    this.context.say('supplier', transaction.id, `sending ${reasonForMessage} ${status}${answer}`);
    const outcome = await this.context.send('supplier', transaction.id, transaction.requesterUrl, message);
    this.#transactions.touch(transaction.id);
    return outcome.ok && outcome.confirmation.kind === 'supplyingAgencyMessageConfirmation';
  }

  private deliveryInfo(transaction: SupplierTransaction, now: string): DeliveryInfo {
    const copy = transaction.serviceType === 'Copy';
    switch (transaction.delivery) {
      case 'Email':
        return {
          dateSent: now,
          itemId: '123456789',
          sentVia: { value: 'Email' },
          deliveredFormat: { value: 'PDF' },
        };
      case 'FTP':
        return {
          dateSent: now,
          itemId: 'ftp://ftp.example.com/1234567889',
          sentVia: { value: 'FTP' },
          deliveredFormat: { value: 'PDF' },
        };
      case 'Mail':
        return {
          dateSent: now,
          itemId: '123456789',
          sentVia: { value: 'Mail' },
          deliveredFormat: { value: copy ? 'PaperCopy' : 'Printed' },
        };
      case 'URL':
        return {
          dateSent: now,
          itemId: 'http://example.com/123456789',
          sentVia: { value: 'URL' },
          deliveredFormat: { value: 'PDF' },
        };
    }
  }
}

/** The requester's ISO 18626 URL, when the request gives one in requestingAgencyInfo (as illmock reads it). */
export function requesterUrlOf(request: Iso18626Request): string | undefined {
  for (const address of request.requestingAgencyInfo?.address ?? []) {
    const data = address.electronicAddress?.electronicAddressData;
    if (isHttpUrl(data)) return data.trim();
  }
  return undefined;
}

/**
 * The delivery the supplier uses: of the requested deliveries, the one with the lowest sort order
 * that is a postal address (Mail), or an Email or FTP address; URL when none is.
 */
export function deliveryMethodOf(request: Iso18626Request): DeliveryMethod {
  let method: DeliveryMethod = 'URL';
  let best = Number.POSITIVE_INFINITY;
  for (const [index, info] of (request.requestedDeliveryInfo ?? []).entries()) {
    const order =
      info.sortOrder !== undefined && /^-?\d+$/.test(info.sortOrder) ? Number(info.sortOrder) : index;
    if (order >= best || info.address === undefined) continue;
    let found: DeliveryMethod | undefined;
    if (info.address.physicalAddress?.line1) found = 'Mail';
    const type = info.address.electronicAddress?.electronicAddressType?.value.toUpperCase();
    if (type === 'EMAIL') found = 'Email';
    if (type === 'FTP') found = 'FTP';
    if (found !== undefined) {
      method = found;
      best = order;
    }
  }
  return method;
}
