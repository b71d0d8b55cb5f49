/**
 * The mock peer as a requester: a patron request posted to it (a `request` with requestSubType
 * PatronRequest) starts a transaction with its peer, the supplier, and it then answers the
 * supplier's messages as illmock's requester does, steered by the `#…#` tokens of the note.
 */
import { randomUUID } from 'node:crypto';
import {
  confirmationFor,
  type AgencyId,
  type Iso18626Action,
  type Iso18626ErrorType,
  type Iso18626Request,
  type Iso18626RequestConfirmation,
  type Iso18626SupplyingAgencyMessage,
  type Iso18626SupplyingAgencyMessageConfirmation,
} from '../iso18626/index.ts';
import { BoundedMap } from './flows.ts';
import { isHttpUrl, type PeerContext } from './peer-context.ts';
import { requesterControlsIn, type RequesterControls } from './scenario.ts';

/** A transaction the mock requests. */
interface RequesterTransaction {
  id: string;
  /** The request as sent to the supplier (the base of a retry). */
  request: Iso18626Request;
  supplierUrl: string;
  controls: RequesterControls;
  /** The supplier's id and request id, from its latest message. */
  supplyingAgencyId: AgencyId | undefined;
  supplyingAgencyRequestId: string | undefined;
  cancelSent: boolean;
  renewSent: boolean;
  received: boolean;
  returnSent: boolean;
  ended: boolean;
}

/** Whether a request is a patron request, which makes the mock the requester. */
export function isPatronRequest(request: Iso18626Request): boolean {
  return request.serviceInfo?.requestSubType?.includes('PatronRequest') ?? false;
}

export class MockRequester {
  readonly #transactions: BoundedMap<RequesterTransaction>;

  constructor(
    private readonly context: PeerContext,
    retention: { ttlMs: number; maxEntries: number },
  ) {
    this.#transactions = new BoundedMap(retention.ttlMs, retention.maxEntries);
  }

  private get delayMs(): number {
    return this.context.settings.delayMs;
  }

  /**
   * A patron request: sends the request to the supplier and answers with the supplier's verdict
   * (its messageStatus and errorData), or an ERROR when the supplier could not be reached.
   */
  async handlePatronRequest(
    patronRequest: Iso18626Request,
    received: Date,
  ): Promise<Iso18626RequestConfirmation> {
    const id = patronRequest.header.requestingAgencyRequestId;
    // illmock answers a request it could not pass on with UnrecognisedDataElement.
    const refuse = (errorValue: string, errorType: Iso18626ErrorType = 'UnrecognisedDataElement') =>
      confirmationFor(
        patronRequest,
        { timestamp: new Date(), timestampReceived: received },
        { errorType, errorValue },
      );
    if (this.#transactions.has(id))
      return refuse(`requestingAgencyRequestId: ${id} already exists`, 'UnrecognisedDataValue');
    const supplierUrl = supplierUrlOf(patronRequest) ?? this.context.settings.peerUrl;
    if (supplierUrl === undefined) {
      return refuse(
        'supplierInfo/supplierDescription: no supplier URL to send the request to (give the mock peer --peer-url, or a supplierDescription with an http(s) URL)',
        'UnrecognisedDataValue',
      );
    }
    const request = this.outgoingRequest(patronRequest);
    const transaction: RequesterTransaction = {
      id,
      request,
      supplierUrl,
      controls: requesterControlsIn(patronRequest.serviceInfo?.note),
      supplyingAgencyId: request.header.supplyingAgencyId,
      supplyingAgencyRequestId: undefined,
      cancelSent: false,
      renewSent: false,
      received: false,
      returnSent: false,
      ended: false,
    };
    // Stored before sending: the supplier's first message may come before its confirmation is read.
    this.#transactions.set(id, transaction);
    this.context.say('requester', id, `patron request, sending the request to ${supplierUrl}`);
    const outcome = await this.context.send('requester', id, supplierUrl, request);
    const times = { timestamp: new Date(), timestampReceived: received };
    if (!outcome.ok) {
      this.#transactions.delete(id);
      return refuse(`error sending request to supplier: ${outcome.error}`);
    }
    const { confirmation } = outcome;
    if (confirmation.kind !== 'requestConfirmation') {
      this.#transactions.delete(id);
      return refuse(`the supplier answered with a ${confirmation.kind}, not a requestConfirmation`);
    }
    if (confirmation.confirmationHeader.messageStatus === 'ERROR') {
      this.#transactions.delete(id);
      return confirmationFor(
        patronRequest,
        times,
        confirmation.errorData ?? {
          errorType: 'UnrecognisedDataValue',
          errorValue: 'refused by the supplier',
        },
      );
    }
    return confirmationFor(patronRequest, times);
  }

  /** A supplying agency message: confirmed at once, answered after a delay. */
  handleSupplyingAgencyMessage(
    message: Iso18626SupplyingAgencyMessage,
    received: Date,
  ): Iso18626SupplyingAgencyMessageConfirmation {
    const id = message.header.requestingAgencyRequestId;
    const times = { timestamp: new Date(), timestampReceived: received };
    const transaction = this.#transactions.get(id);
    if (transaction === undefined) {
      return confirmationFor(message, times, {
        errorType: 'UnrecognisedDataValue',
        errorValue: `requestingAgencyRequestId: no transaction ${id} (unknown, or forgotten)`,
      });
    }
    this.#transactions.touch(id);
    transaction.supplyingAgencyId = message.header.supplyingAgencyId;
    if (message.header.supplyingAgencyRequestId !== undefined)
      transaction.supplyingAgencyRequestId = message.header.supplyingAgencyRequestId;
    const { status } = message.statusInfo;
    const { reasonForMessage, answerYesNo } = message.messageInfo;
    this.context.say(
      'requester',
      id,
      `received ${reasonForMessage} ${status}${answerYesNo ? ` ${answerYesNo}` : ''}`,
    );
    this.react(transaction, message);
    return confirmationFor(message, times);
  }

  private react(transaction: RequesterTransaction, message: Iso18626SupplyingAgencyMessage): void {
    const tenth = this.delayMs / 10;
    const { controls } = transaction;
    if (controls.cancel && !transaction.cancelSent) {
      transaction.cancelSent = true;
      this.context.later(tenth, () => this.sendAction(transaction, 'Cancel'));
      return;
    }
    // The item goes back once the supplier answered the renewal, whatever the answer (illmock
    // returns it as soon as the Renew is confirmed, which races the answer).
    if (message.messageInfo.reasonForMessage === 'RenewResponse' && transaction.renewSent) {
      this.scheduleReturn(transaction);
    }
    const { status } = message.statusInfo;
    switch (status) {
      case 'Loaned':
        if (!transaction.received) {
          transaction.received = true;
          this.context.later(tenth, async () => {
            const confirmed = await this.sendAction(transaction, 'Received');
            if (confirmed && !controls.renew && !controls.recall) this.scheduleReturn(transaction);
          });
        }
        break;
      case 'Overdue':
        if (controls.renew && !transaction.renewSent) {
          transaction.renewSent = true;
          this.context.later(tenth, () => this.sendAction(transaction, 'Renew'));
        }
        break;
      case 'Recalled':
        this.scheduleReturn(transaction);
        break;
      case 'CopyCompleted':
      case 'LoanCompleted':
      case 'CompletedWithoutReturn':
        transaction.ended = true;
        break;
      case 'Unfilled':
        // A broker's Unfilled as a Notification means "next supplier", not the end.
        if (message.messageInfo.reasonForMessage !== 'Notification') transaction.ended = true;
        break;
      case 'Cancelled':
        if (message.messageInfo.answerYesNo !== 'N') transaction.ended = true;
        break;
      case 'RetryPossible':
        transaction.ended = true;
        this.context.later(tenth, () => this.sendRetry(transaction, message));
        break;
      default:
        break;
    }
  }

  /** Sends ShippedReturn after the delay, once per transaction. */
  private scheduleReturn(transaction: RequesterTransaction): void {
    if (transaction.returnSent) return;
    transaction.returnSent = true;
    this.context.later(this.delayMs, () =>
      this.sendAction(transaction, 'ShippedReturn').then(() => undefined),
    );
  }

  /** Sends a requesting agency message; true when the supplier confirmed it with the same action. */
  private async sendAction(transaction: RequesterTransaction, action: Iso18626Action): Promise<boolean> {
    const { request } = transaction;
    const supplyingAgencyId = transaction.supplyingAgencyId ?? request.header.supplyingAgencyId;
    if (supplyingAgencyId === undefined) {
      this.context.flows.record('requester', transaction.id, {
        direction: 'out',
        kind: 'transportError',
        error: `cannot send ${action}: the supplier's agency id is unknown`,
      });
      return false;
    }
    this.context.say('requester', transaction.id, `sending ${action}`);
    const outcome = await this.context.send('requester', transaction.id, transaction.supplierUrl, {
      kind: 'requestingAgencyMessage',
      header: {
        supplyingAgencyId,
        requestingAgencyId: request.header.requestingAgencyId,
        ...(request.header.multipleItemRequestId !== undefined
          ? { multipleItemRequestId: request.header.multipleItemRequestId }
          : {}),
        timestamp: new Date().toISOString(),
        requestingAgencyRequestId: transaction.id,
        ...(transaction.supplyingAgencyRequestId !== undefined
          ? { supplyingAgencyRequestId: transaction.supplyingAgencyRequestId }
          : {}),
        ...this.authentication(request),
      },
      action,
    });
    return (
      outcome.ok &&
      outcome.confirmation.kind === 'requestingAgencyMessageConfirmation' &&
      outcome.confirmation.action === action
    );
  }

  /**
   * Retries after RetryPossible: the same request as a `Retry` of this transaction, with a new id
   * (or the same with #RETRYKEEPID#), accepting offered costs as maximumCosts and taking a corrected
   * item id (NotFoundAsCited, or #RETRYBIBID:…#) as the supplierUniqueRecordId.
   */
  private async sendRetry(
    previous: RequesterTransaction,
    message: Iso18626SupplyingAgencyMessage,
  ): Promise<void> {
    const { controls } = previous;
    const id = controls.retryKeepId ? previous.id : randomUUID();
    const base = previous.request;
    const request: Iso18626Request = structuredClone(base);
    const { supplyingAgencyRequestId: _dropped, ...header } = request.header;
    request.header = { ...header, timestamp: new Date().toISOString(), requestingAgencyRequestId: id };
    request.serviceInfo = {
      ...(request.serviceInfo ?? { serviceType: 'CopyOrLoan' }),
      requestType: 'Retry',
      requestingAgencyPreviousRequestId: previous.id,
    };
    const { reasonRetry, offeredCosts } = message.messageInfo;
    if (reasonRetry?.value === 'CostExceedsMaxCost' && offeredCosts !== undefined) {
      request.billingInfo = { ...request.billingInfo, maximumCosts: offeredCosts };
    }
    const correctedId = message.deliveryInfo?.itemId;
    if (reasonRetry?.value === 'NotFoundAsCited' && correctedId !== undefined) {
      request.bibliographicInfo = { ...request.bibliographicInfo, supplierUniqueRecordId: correctedId };
    }
    if (controls.retryBibId !== undefined) {
      request.bibliographicInfo = {
        ...request.bibliographicInfo,
        supplierUniqueRecordId: controls.retryBibId,
      };
    }
    const transaction: RequesterTransaction = {
      ...previous,
      id,
      request,
      supplyingAgencyRequestId: undefined,
      renewSent: false,
      received: false,
      returnSent: false,
      ended: false,
    };
    this.#transactions.set(id, transaction);
    this.context.flows.link('requester', previous.id, id);
    this.context.say('requester', previous.id, `retrying (${reasonRetry?.value ?? 'no reason'}) as ${id}`);
    const outcome = await this.context.send('requester', id, transaction.supplierUrl, request);
    if (!outcome.ok || outcome.confirmation.confirmationHeader.messageStatus === 'ERROR') {
      transaction.ended = true;
    }
  }

  /** The request sent to the supplier: the patron request, no longer a patron request. */
  private outgoingRequest(patronRequest: Iso18626Request): Iso18626Request {
    const request: Iso18626Request = structuredClone(patronRequest);
    // The supplier's symbol, when the patron request names it only in the lending string.
    const supplyingAgencyId = request.header.supplyingAgencyId ?? request.supplierInfo?.[0]?.supplierCode;
    request.header = {
      ...request.header,
      ...(supplyingAgencyId !== undefined ? { supplyingAgencyId } : {}),
      timestamp: new Date().toISOString(),
      ...this.authentication(patronRequest),
    };
    if (request.serviceInfo !== undefined) {
      const subTypes = request.serviceInfo.requestSubType?.filter((type) => type !== 'PatronRequest') ?? [];
      const { requestSubType: _subTypes, ...serviceInfo } = request.serviceInfo;
      request.serviceInfo = subTypes.length > 0 ? { ...serviceInfo, requestSubType: subTypes } : serviceInfo;
    }
    // The lending string is the requester's business, not the supplier's (illmock drops it too).
    delete request.supplierInfo;
    return request;
  }

  /** `requestingAgencyAuthentication` carrying the configured credential, if any. */
  private authentication(
    request: Iso18626Request,
  ): Pick<Iso18626Request['header'], 'requestingAgencyAuthentication'> {
    const credential = this.context.settings.credential;
    const given = request.header.requestingAgencyAuthentication;
    if (credential === undefined) return given !== undefined ? { requestingAgencyAuthentication: given } : {};
    return { requestingAgencyAuthentication: { ...given, securityCode: credential } };
  }
}

/** The supplier's ISO 18626 URL, when a patron request gives one in supplierInfo (as illmock reads it). */
export function supplierUrlOf(request: Iso18626Request): string | undefined {
  for (const info of request.supplierInfo ?? []) {
    if (isHttpUrl(info.supplierDescription)) return info.supplierDescription.trim();
  }
  return undefined;
}
