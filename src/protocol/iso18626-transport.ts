/**
 * Delivering outbox messages to ISO 18626 partners over HTTP: build the message from the transaction,
 * emit schema-valid XML, POST it to the partner's endpoint with its credential, and read the
 * synchronous confirmation. Libraries of this deployment are partners like any other, reached at this
 * deployment's own /iso18626 endpoint.
 */
import { emitIso18626, parseIso18626 } from '../iso18626/index.ts';
import type { Iso18626Confirmation } from '../iso18626/index.ts';
import type { DeliveryResult, MessageTransport, OutboxDelivery } from '../workers/outbox-transport.ts';
import type { EventData } from '../workflow/model.ts';
import type { MessageType } from '../workflow/vocabulary.ts';
import { toIso18626 } from './iso18626-mapping.ts';
import type { ProtocolRepository } from './protocol.repository.ts';

export interface Iso18626TransportOptions {
  /** Give up on one attempt after this long; the worker retries later. */
  readonly timeoutMs?: number;
  /** `fetch`, replaceable in tests. */
  readonly fetch?: typeof fetch;
}

export class Iso18626Transport implements MessageTransport {
  readonly protocol = 'iso18626' as const;

  constructor(
    private readonly repository: ProtocolRepository,
    private readonly options: Iso18626TransportOptions = {},
  ) {}

  async deliver(delivery: OutboxDelivery): Promise<DeliveryResult> {
    const context = await this.repository.deliveryContext(delivery.transactionId);
    if (context === undefined)
      return { outcome: 'refused', error: 'The transaction has no ISO 18626 reference.' };
    const endpoint = context.partner.endpoint_url;
    if (endpoint === null)
      return { outcome: 'refused', error: `${context.partner.symbol} has no ISO 18626 endpoint.` };
    const requester = context.role === 'requester';
    let xml: string;
    try {
      const message = toIso18626({
        message: delivery.message as MessageType,
        role: context.role,
        requestingAgency: requester ? context.ourSymbol : context.partner.symbol,
        supplyingAgency: requester ? context.partner.symbol : context.ourSymbol,
        requestingAgencyRequestId: requester ? context.localReference : (context.partnerReference ?? ''),
        supplyingAgencyRequestId: requester ? context.partnerReference : context.localReference,
        previousRequestId: requester ? context.localReference : undefined,
        timestamp: delivery.createdAt.toISOString(),
        data: delivery.payload as EventData,
        request: context.request,
        transaction: {
          ...context.transaction,
          answeredBefore: requester
            ? false
            : await this.repository.answeredBefore(delivery.transactionId, delivery.sequence),
        },
        credential: context.partner.outbound_credential,
      });
      xml = emitIso18626(message);
    } catch (error) {
      return { outcome: 'refused', error: `The message could not be built: ${(error as Error).message}` };
    }

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 15_000);
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/xml; charset=utf-8',
          ...(context.partner.outbound_credential !== null
            ? { authorization: `Bearer ${context.partner.outbound_credential}` }
            : {}),
        },
        body: xml,
        signal: controller.signal,
      });
    } catch (error) {
      return { outcome: 'retry', error: `${endpoint} could not be reached: ${(error as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      return { outcome: 'retry', error: `${endpoint} answered HTTP ${response.status}` };
    }
    const parsed = parseIso18626(text, { accept: 'any' });
    const confirmation =
      parsed.ok && 'confirmationHeader' in parsed.message
        ? (parsed.message as Iso18626Confirmation)
        : undefined;
    if (confirmation !== undefined) {
      const header = confirmation.confirmationHeader;
      if (header.messageStatus === 'OK') return { outcome: 'delivered', confirmation: text };
      const error = confirmation.errorData;
      return {
        outcome: 'refused',
        error: `${context.partner.symbol} refused the message: ${error?.errorType ?? 'ERROR'}${error?.errorValue ? ` (${error.errorValue})` : ''}`,
        confirmation: text,
      };
    }
    if (response.status >= 400)
      return { outcome: 'refused', error: `${endpoint} answered HTTP ${response.status}` };
    return { outcome: 'retry', error: `${endpoint} answered without an ISO 18626 confirmation` };
  }
}
