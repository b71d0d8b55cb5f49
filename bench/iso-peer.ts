/**
 * The partner library the bench plays (BENCH-PEER): it sends ISO 18626 requests to the demo libraries,
 * as another library's system would, and it is the endpoint their answers go to, confirming each one
 * as a conforming peer does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { confirmationFor, emitConfirmation, emitIso18626, parseIso18626 } from '../src/iso18626/index.ts';
import type { Iso18626BusinessMessage, Iso18626Request } from '../src/iso18626/index.ts';

const AGENCY_TYPE = { value: 'ISIL' };
/** Stand-ins in the request template, replaced for each message. */
const SLOTS = {
  supplier: 'SLOT-SUPPLIER',
  id: 'SLOT-REQUEST-ID',
  timestamp: '2026-01-01T00:00:00.000Z',
  title: 'SLOT-TITLE',
  author: 'SLOT-AUTHOR',
  isbn: '9780000000000',
  patron: 'SLOT-PATRON',
} as const;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** What one request message asks for. */
export interface RequestFields {
  readonly supplier: string;
  readonly requestId: string;
  readonly title: string;
  readonly author: string;
  readonly isbn: string;
  readonly patron: string;
}

/**
 * Builds ISO 18626 request messages from BENCH-PEER: Interlend's own emitter writes one (schema-valid
 * v1.2, as an Interlend partner sends them) with stand-ins, which are then replaced for each message,
 * so that building messages costs the bench next to nothing while the server is measured.
 */
export class RequestMessages {
  private readonly template: string;

  constructor(requester: string) {
    const message: Iso18626Request = {
      kind: 'request',
      header: {
        supplyingAgencyId: { agencyIdType: AGENCY_TYPE, agencyIdValue: SLOTS.supplier },
        requestingAgencyId: { agencyIdType: AGENCY_TYPE, agencyIdValue: requester },
        timestamp: SLOTS.timestamp,
        requestingAgencyRequestId: SLOTS.id,
      },
      bibliographicInfo: {
        title: SLOTS.title,
        author: SLOTS.author,
        bibliographicItemId: [
          { bibliographicItemIdentifier: SLOTS.isbn, bibliographicItemIdentifierCode: { value: 'ISBN' } },
        ],
      },
      publicationInfo: {
        publisher: 'Oxford University Press',
        publicationDate: '2019',
        placeOfPublication: 'Oxford',
      },
      serviceInfo: { requestType: 'New', requestSubType: ['PatronRequest'], serviceType: 'Loan' },
      requestedDeliveryInfo: [
        { sortOrder: '1', address: { physicalAddress: { line1: '1 Peer Street', locality: 'Peerton' } } },
      ],
      patronInfo: { patronId: SLOTS.patron },
    };
    this.template = emitIso18626(message);
    for (const slot of Object.values(SLOTS)) {
      if (!this.template.includes(slot)) throw new Error(`the request template lost its ${slot}`);
    }
  }

  /** One request message. */
  build(fields: RequestFields): string {
    return this.template
      .replace(SLOTS.supplier, escapeXml(fields.supplier))
      .replace(SLOTS.id, escapeXml(fields.requestId))
      .replace(SLOTS.timestamp, new Date().toISOString())
      .replace(SLOTS.title, escapeXml(fields.title))
      .replace(SLOTS.author, escapeXml(fields.author))
      .replace(SLOTS.isbn, escapeXml(fields.isbn))
      .replace(SLOTS.patron, escapeXml(fields.patron));
  }
}

/** The peer's endpoint: confirms every message it receives, and counts them. */
export interface PeerEndpoint {
  /** e.g. `http://127.0.0.1:41234/iso18626`. */
  readonly url: string;
  /** Messages received so far. */
  received(): number;
  close(): Promise<void>;
}

/** Starts the peer's ISO 18626 endpoint on 127.0.0.1 and a free port. */
export async function startPeerEndpoint(): Promise<PeerEndpoint> {
  let received = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const now = new Date();
      const parsed = parseIso18626(Buffer.concat(chunks).toString('utf8'), { accept: 'messages' });
      received++;
      if (!parsed.ok) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end(parsed.error.errorValue);
        return;
      }
      const confirmation = confirmationFor(parsed.message as Iso18626BusinessMessage, {
        timestamp: now,
        timestampReceived: now,
      });
      response
        .writeHead(200, { 'content-type': 'application/xml; charset=utf-8' })
        .end(emitConfirmation(confirmation));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/iso18626`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
