/**
 * Receiving ISO 18626 messages for every library of the deployment: parse safely, route by the header's
 * agency ids, authenticate the sending partner, recognise exact repeats, turn the message into its
 * engine event and apply it through the single write path, and answer with the synchronous
 * confirmation. A message the engine refuses gets an error confirmation and marks the request for
 * staff attention; nothing is ever accepted silently without being applied.
 */
import { createHash } from 'node:crypto';
import { verifySecret } from '../auth/passwords.ts';
import type { Clock } from '../clock.ts';
import type { Partner } from '../db/schema.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { TransitionRefusedError, ValidationError } from '../errors.ts';
import { confirmationFor, emitConfirmation, errorConfirmationFor, parseIso18626 } from '../iso18626/index.ts';
import type {
  Iso18626BusinessMessage,
  Iso18626EmitOptions,
  Iso18626ErrorData,
  Iso18626ErrorType,
  Iso18626Request,
  Iso18626RequestingAgencyMessage,
  Iso18626SupplyingAgencyMessage,
} from '../iso18626/index.ts';
import type { Logger } from '../logger.ts';
import type { RequestWorkflowService } from '../requests/request-workflow.service.ts';
import type { RequestService, RequestServiceRepositories } from '../requests/request.service.ts';
import {
  fromRequestingAgencyMessage,
  fromSupplyingAgencyMessage,
  requestFieldsFrom,
  symbolsOf,
} from './iso18626-mapping.ts';
import type { Incoming } from './iso18626-mapping.ts';
import type { ProtocolRepository } from './protocol.repository.ts';

export interface InboundRepositories extends RequestServiceRepositories {
  readonly protocol: ProtocolRepository;
}

/** The HTTP answer to a posted message. */
export interface InboundAnswer {
  readonly statusCode: 200 | 400 | 401;
  readonly body: string;
}

/** Why a message could not be taken, as an ISO 18626 error. */
class Rejection extends Error {
  constructor(
    readonly errorType: Iso18626ErrorType,
    readonly errorValue: string,
    readonly statusCode: 200 | 401 = 200,
  ) {
    super(errorValue);
  }
}

function fingerprint(message: Iso18626BusinessMessage): string {
  const { header } = message;
  const parts = [
    message.kind,
    header.requestingAgencyId.agencyIdValue,
    header.supplyingAgencyId?.agencyIdValue ?? '',
    header.requestingAgencyRequestId,
    header.supplyingAgencyRequestId ?? '',
    header.timestamp,
    message.kind === 'supplyingAgencyMessage'
      ? `${message.messageInfo.reasonForMessage}/${message.statusInfo.status}/${message.messageInfo.answerYesNo ?? ''}`
      : message.kind === 'requestingAgencyMessage'
        ? message.action
        : `${message.serviceInfo?.requestType ?? 'New'}`,
    // A notification is its note; a resent status change may carry a new note and is still a repeat.
    (message.kind === 'supplyingAgencyMessage' && message.messageInfo.reasonForMessage === 'Notification') ||
    (message.kind === 'requestingAgencyMessage' && message.action === 'Notification')
      ? ((message.kind === 'supplyingAgencyMessage' ? message.messageInfo.note : message.note) ?? '')
      : '',
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/**
 * How to write the confirmation: in the schema the sender speaks. A 2021 sender (same namespace, its
 * `version` attribute says 2021) gets a 2021 confirmation, whose header has no multipleItemRequestId.
 */
function answerAs(version: string | undefined, attribute?: string): Iso18626EmitOptions {
  if (version !== '2021') return {};
  return attribute === undefined ? { version: '2021' } : { version: '2021', versionAttribute: attribute };
}

function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

export class InboundService {
  constructor(
    private readonly work: UnitOfWork<InboundRepositories>,
    private readonly workflow: RequestWorkflowService,
    private readonly requests: RequestService,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  /** Take one posted message and answer it. Never throws for bad input: every problem is an answer. */
  async receive(body: string, headers: { authorization?: string }): Promise<InboundAnswer> {
    const received = this.clock.now();
    const parsed = parseIso18626(body, { accept: 'messages' });
    if (!parsed.ok) {
      const as = answerAs(parsed.error.version);
      const answer = errorConfirmationFor(parsed.error, {
        timestamp: this.clock.now(),
        timestampReceived: received,
      });
      if (answer !== undefined) return { statusCode: 200, body: emitConfirmation(answer, as) };
      // Not even the kind of message could be read: answer with a bare error confirmation and a 400.
      return {
        statusCode: 400,
        body: emitConfirmation(
          {
            kind: 'requestConfirmation',
            confirmationHeader: {
              timestamp: this.clock.now().toISOString(),
              timestampReceived: received.toISOString(),
              messageStatus: 'ERROR',
            },
            errorData: { errorType: parsed.error.errorType, errorValue: parsed.error.errorValue },
          },
          as,
        ),
      };
    }
    const message = parsed.message as Iso18626BusinessMessage;
    const as = answerAs(parsed.version, parsed.versionAttribute);
    const times = () => ({ timestamp: this.clock.now(), timestampReceived: received });
    const errorAnswer = (error: Iso18626ErrorData, statusCode: 200 | 401 = 200): InboundAnswer => ({
      statusCode,
      body: emitConfirmation(confirmationFor(message, times(), error), as),
    });

    const recipientId =
      message.kind === 'supplyingAgencyMessage'
        ? message.header.requestingAgencyId
        : message.header.supplyingAgencyId;
    const senderId =
      message.kind === 'supplyingAgencyMessage'
        ? message.header.supplyingAgencyId
        : message.header.requestingAgencyId;
    const recipientSymbol = recipientId?.agencyIdValue;
    const senderSymbol = senderId.agencyIdValue;
    const recipientElement =
      message.kind === 'supplyingAgencyMessage' ? 'requestingAgencyId' : 'supplyingAgencyId';

    try {
      return await this.work.run(async (repositories) => {
        const { protocol } = repositories;
        if (recipientSymbol === undefined)
          throw new Rejection(
            'UnrecognisedDataValue',
            `header/${recipientElement}: missing, so the message cannot be routed`,
          );
        const library = await protocol.libraryBySymbol(
          recipientId === undefined ? [] : symbolsOf(recipientId),
        );
        if (library === undefined) {
          throw new Rejection(
            'UnrecognisedDataValue',
            `header/${recipientElement}: no library ${recipientSymbol} here`,
          );
        }
        const partner = await protocol.isoPartner(library.id, symbolsOf(senderId));
        const senderElement =
          message.kind === 'supplyingAgencyMessage' ? 'supplyingAgencyId' : 'requestingAgencyId';
        if (partner === undefined) {
          throw new Rejection(
            'UnrecognisedDataValue',
            `header/${senderElement}: ${senderSymbol} is not an ISO 18626 partner of ${library.symbol}`,
          );
        }
        if (partner.inbound_credential_hash !== null) {
          const offered =
            bearer(headers.authorization) ?? message.header.requestingAgencyAuthentication?.securityCode;
          if (offered === undefined || !(await verifySecret(offered, partner.inbound_credential_hash))) {
            throw new Rejection(
              'UnrecognisedDataValue',
              'header/requestingAgencyAuthentication: the credential is missing or wrong',
              401,
            );
          }
        }

        const claim = await protocol.claimInbound({
          libraryId: library.id,
          sender: partner.symbol,
          fingerprint: fingerprint(message),
          kind: message.kind,
          body,
          at: received,
        });
        if (!claim.claimed) {
          // An exact repeat: the same answer, and nothing changes.
          return { statusCode: 200, body: claim.confirmation };
        }

        let outcome: { requestId: string | null; error?: Iso18626ErrorData };
        try {
          outcome = await this.apply(repositories, message, library.id, partner, received);
        } catch (error) {
          if (!(error instanceof Rejection)) throw error;
          outcome = { requestId: null, error: { errorType: error.errorType, errorValue: error.errorValue } };
        }
        const confirmation = emitConfirmation(confirmationFor(message, times(), outcome.error), as);
        await protocol.completeInbound(claim.id, {
          requestId: outcome.requestId,
          confirmation,
          outcome: outcome.error === undefined ? 'applied' : outcome.requestId === null ? 'error' : 'refused',
        });
        return { statusCode: 200, body: confirmation };
      });
    } catch (error) {
      if (error instanceof Rejection)
        return errorAnswer({ errorType: error.errorType, errorValue: error.errorValue }, error.statusCode);
      this.logger?.error({ err: error }, 'an ISO 18626 message could not be processed');
      throw error;
    }
  }

  private async apply(
    repositories: InboundRepositories,
    message: Iso18626BusinessMessage,
    libraryId: string,
    partner: Partner,
    received: Date,
  ): Promise<{ requestId: string | null; error?: Iso18626ErrorData }> {
    switch (message.kind) {
      case 'request':
        return this.applyRequest(repositories, message, libraryId, partner);
      case 'supplyingAgencyMessage':
        return this.applySupplyingAgencyMessage(repositories, message, libraryId, partner, received);
      case 'requestingAgencyMessage':
        return this.applyRequestingAgencyMessage(repositories, message, libraryId, partner, received);
    }
  }

  private actor(partner: { id: string; name: string }) {
    return { kind: 'partner', id: partner.id, name: partner.name } as const;
  }

  private async applyRequest(
    repositories: InboundRepositories,
    message: Iso18626Request,
    libraryId: string,
    partner: Partner,
  ): Promise<{ requestId: string | null; error?: Iso18626ErrorData }> {
    const { protocol } = repositories;
    const requestId = message.header.requestingAgencyRequestId;
    const previous = message.serviceInfo?.requestingAgencyPreviousRequestId;
    if (message.serviceInfo?.requestType === 'Retry' && previous !== undefined) {
      // A Retry accepts the conditions this library offered for the earlier request.
      const lending = await protocol.lendingTransaction(libraryId, partner.id, previous);
      if (lending !== undefined) {
        if (requestId !== previous)
          await protocol.renamePartnerRequest(lending.requestId, lending.transactionId, requestId);
        return this.applyEvent(
          repositories,
          {
            kind: 'event',
            message: 'conditional-reply-yes',
            data: message.serviceInfo.note ? { note: message.serviceInfo.note } : {},
          },
          {
            requestId: lending.requestId,
            libraryId,
            target: null,
            transactionId: lending.transactionId,
            partner,
            role: 'responder',
            state: lending.state,
          },
          { element: 'serviceInfo/requestType', said: 'Retry' },
        );
      }
    }
    if ((await protocol.lendingTransaction(libraryId, partner.id, requestId)) !== undefined) {
      throw new Rejection(
        'UnrecognisedDataValue',
        `header/requestingAgencyRequestId: ${requestId} already exists`,
      );
    }
    const fields = requestFieldsFrom(message);
    try {
      const created = await this.requests.recordIncomingRequestWithin(
        repositories,
        {
          libraryId,
          partnerId: partner.id,
          partnerRequestId: requestId,
          details: {
            type: fields.type,
            serviceType: fields.serviceType,
            title: fields.title,
            ...fields.details,
          },
          needBefore: fields.needBefore,
          ...(fields.note !== null ? { note: fields.note } : {}),
          partner,
        },
        this.actor(partner),
      );
      return { requestId: created };
    } catch (error) {
      if (error instanceof ValidationError) {
        const issue = error.issues[0];
        throw new Rejection('UnrecognisedDataValue', `bibliographicInfo: ${issue?.message ?? error.message}`);
      }
      throw error;
    }
  }

  private async applySupplyingAgencyMessage(
    repositories: InboundRepositories,
    message: Iso18626SupplyingAgencyMessage,
    libraryId: string,
    partner: { id: string; symbol: string; name: string },
    received: Date,
  ): Promise<{ requestId: string | null; error?: Iso18626ErrorData }> {
    const { protocol } = repositories;
    const found = await protocol.requesterTransaction(
      libraryId,
      partner.id,
      message.header.requestingAgencyRequestId,
    );
    // The request before any of its rows, as every change takes them; its state is read under the lock.
    if (found !== undefined) await protocol.lockRequest(found.requestId);
    const target =
      found &&
      (await protocol.requesterTransaction(libraryId, partner.id, message.header.requestingAgencyRequestId));
    if (target === undefined) {
      throw new Rejection(
        'UnrecognisedDataValue',
        `header/requestingAgencyRequestId: no request ${message.header.requestingAgencyRequestId} with ${partner.symbol}`,
      );
    }
    if (message.header.supplyingAgencyRequestId !== undefined) {
      await protocol.rememberPartnerReference(target.transactionId, message.header.supplyingAgencyRequestId);
    }
    const incoming = fromSupplyingAgencyMessage(message);
    await protocol.touchTransaction(target.transactionId, received);
    return this.applyEvent(
      repositories,
      incoming,
      {
        requestId: target.requestId,
        libraryId,
        target: { rotaIndex: target.rotaPosition },
        transactionId: target.transactionId,
        partner,
        role: 'requester',
        state: target.state,
      },
      {
        element: 'statusInfo/status',
        said: `${message.messageInfo.reasonForMessage} ${message.statusInfo.status}`,
      },
    );
  }

  private async applyRequestingAgencyMessage(
    repositories: InboundRepositories,
    message: Iso18626RequestingAgencyMessage,
    libraryId: string,
    partner: { id: string; symbol: string; name: string },
    received: Date,
  ): Promise<{ requestId: string | null; error?: Iso18626ErrorData }> {
    const { protocol } = repositories;
    const found = await protocol.lendingTransaction(
      libraryId,
      partner.id,
      message.header.requestingAgencyRequestId,
    );
    // The request before any of its rows, as every change takes them; its state is read under the lock.
    if (found !== undefined) await protocol.lockRequest(found.requestId);
    const target =
      found &&
      (await protocol.lendingTransaction(libraryId, partner.id, message.header.requestingAgencyRequestId));
    if (target === undefined) {
      throw new Rejection(
        'UnrecognisedDataValue',
        `header/requestingAgencyRequestId: no request ${message.header.requestingAgencyRequestId} from ${partner.symbol}`,
      );
    }
    const incoming = fromRequestingAgencyMessage(message, target.state);
    await protocol.touchTransaction(target.transactionId, received);
    return this.applyEvent(
      repositories,
      incoming,
      {
        requestId: target.requestId,
        libraryId,
        target: null,
        transactionId: target.transactionId,
        partner,
        role: 'responder',
        state: target.state,
      },
      { element: 'action', said: message.action },
    );
  }

  private async applyEvent(
    repositories: InboundRepositories,
    incoming: Incoming,
    where: {
      requestId: string;
      libraryId: string;
      target: { rotaIndex: number } | null;
      transactionId: string;
      partner: { id: string; symbol: string; name: string };
      /** This library's side of the transaction, and its state when the message arrived. */
      role: 'requester' | 'responder';
      state: string;
    },
    /** The element the message is judged by, and what it says there in the protocol's words. */
    sent: { element: string; said: string },
  ): Promise<{ requestId: string | null; error?: Iso18626ErrorData }> {
    if (incoming.kind === 'acknowledgement') return { requestId: where.requestId };
    if (incoming.kind === 'unsupported') {
      throw new Rejection(incoming.errorType, incoming.errorValue);
    }
    try {
      await this.workflow.applyWithin(repositories, {
        requestId: where.requestId,
        libraryId: where.libraryId,
        target: where.target,
        event: { trigger: 'message', message: incoming.message, data: incoming.data },
        actor: this.actor(where.partner),
      });
    } catch (error) {
      if (!(error instanceof TransitionRefusedError)) throw error;
      const refusal = (error.details?.['refusal'] ?? {}) as { code?: unknown; rule?: unknown };
      await repositories.protocol.markAttention(where.requestId, where.transactionId, {
        code: 'partner_message_refused',
        params: {
          partner: where.partner.symbol,
          message: sent.said,
          event: incoming.message,
          role: where.role,
          state: where.state,
          refusal: typeof refusal.code === 'string' ? refusal.code : 'not_allowed_in_state',
          rule: typeof refusal.rule === 'string' ? refusal.rule : '',
        },
      });
      return {
        requestId: where.requestId,
        error: {
          errorType: 'UnrecognisedDataValue',
          errorValue: `${sent.element}: ${sent.said}: not allowed now (${error.message})`,
        },
      };
    }
    if (incoming.conditionsConvention !== undefined) {
      await repositories.protocol.touchTransaction(
        where.transactionId,
        this.clock.now(),
        incoming.conditionsConvention,
      );
    }
    return { requestId: where.requestId };
  }
}
