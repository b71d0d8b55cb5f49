/**
 * The scenario mock peer: a small HTTP server speaking ISO 18626 v1.2 through Interlend's codec,
 * playing the supplier and requester scenarios of Index Data's illmock with the same tokens.
 *
 *   POST /iso18626           ISO 18626 messages (the role follows from the message, as in illmock)
 *   GET  /api/flows?id=&role= the messages of each transaction, both directions (JSON)
 *   GET  /health             {"status":"ok"}
 *
 * It authenticates nobody: it is a test tool, listening on 127.0.0.1 unless told otherwise.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  emitConfirmation,
  errorConfirmationFor,
  parseIso18626,
  type Iso18626Confirmation,
} from '../iso18626/index.ts';
import { FlowStore, describeMessage, type MockRole, type RetentionOptions } from './flows.ts';
import { PeerContext, isHttpUrl, type PeerSettings } from './peer-context.ts';
import { MockRequester, isPatronRequest } from './requester.ts';
import { parseSymbol } from './scenario.ts';
import { MockSupplier } from './supplier.ts';

/** Options of {@link startMockPeer}; everything has a default. */
export interface MockPeerOptions {
  /** Default 4100; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The partner's ISO 18626 URL, used unless a request names one. */
  peerUrl?: string;
  /** Its own agency symbol, `TYPE:VALUE` or a bare value (type MOCK). Default `MOCK`. */
  symbol?: string;
  /** Delay before the messages a scenario sends. Default 100 ms. */
  delayMs?: number;
  /** Sent as `Authorization: Bearer …`, and as `securityCode` in requests and requesting agency messages. */
  credential?: string;
  /** How long to wait for a peer's answer. Default 10 s. */
  requestTimeoutMs?: number;
  /** How long and how much the mock remembers. */
  retention?: RetentionOptions;
  /** Where to write a line per message (default: nowhere). */
  log?: (line: string) => void;
}

/** A running mock peer. */
export interface MockPeer {
  /** e.g. `http://127.0.0.1:4100` */
  readonly url: string;
  /** e.g. `http://127.0.0.1:4100/iso18626` */
  readonly iso18626Url: string;
  readonly settings: PeerSettings;
  readonly flows: FlowStore;
  /** Stops listening, drops delayed messages and aborts those in flight. */
  close(): Promise<void>;
}

export const MOCK_PEER_DEFAULTS = {
  port: 4100,
  host: '127.0.0.1',
  symbol: 'MOCK',
  delayMs: 100,
  requestTimeoutMs: 10_000,
} as const;

/** The largest message accepted (CrossLink's default is 100 KB; Interlend's codec defaults to 1 MiB). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Starts a mock peer and resolves once it listens. */
export async function startMockPeer(options: MockPeerOptions = {}): Promise<MockPeer> {
  const peerUrl = options.peerUrl?.trim() || undefined;
  if (peerUrl !== undefined && !isHttpUrl(peerUrl))
    throw new Error(`the peer URL must be an http(s) URL, got "${peerUrl}"`);
  const settings: PeerSettings = {
    symbol: parseSymbol(options.symbol ?? MOCK_PEER_DEFAULTS.symbol),
    peerUrl,
    delayMs: options.delayMs ?? MOCK_PEER_DEFAULTS.delayMs,
    credential: options.credential === '' ? undefined : options.credential,
    requestTimeoutMs: options.requestTimeoutMs ?? MOCK_PEER_DEFAULTS.requestTimeoutMs,
  };
  const flows = new FlowStore(options.retention);
  const retention = {
    ttlMs: options.retention?.ttlMs ?? 10 * 60 * 1000,
    maxEntries: options.retention?.maxEntries ?? 1000,
  };
  const context = new PeerContext(settings, flows, options.log ?? (() => undefined));
  const supplier = new MockSupplier(context, retention);
  const requester = new MockRequester(context, retention);

  const server = http.createServer((req, res) => {
    route(req, res, { context, supplier, requester }).catch((error: unknown) => {
      context.say('supplier', '-', `internal error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  const host = options.host ?? MOCK_PEER_DEFAULTS.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? MOCK_PEER_DEFAULTS.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;
  return {
    url,
    iso18626Url: `${url}/iso18626`,
    settings,
    flows,
    close: async () => {
      context.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

interface Parts {
  context: PeerContext;
  supplier: MockSupplier;
  requester: MockRequester;
}

async function route(req: http.IncomingMessage, res: http.ServerResponse, parts: Parts): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mock-peer');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const allow = (method: string) => {
    if (req.method === method || (method === 'GET' && req.method === 'HEAD')) return true;
    res.setHeader('allow', method);
    sendText(res, 405, `only ${method} is allowed here`);
    return false;
  };
  switch (path) {
    case '/iso18626':
      if (allow('POST')) await handleIso18626(req, res, parts);
      return;
    case '/api/flows': {
      if (!allow('GET')) return;
      const role = url.searchParams.get('role') ?? undefined;
      if (role !== undefined && role !== 'supplier' && role !== 'requester') {
        sendText(res, 400, 'role must be supplier or requester');
        return;
      }
      const id = url.searchParams.get('id') ?? undefined;
      sendJson(res, 200, {
        flows: parts.context.flows.find({ ...(id ? { id } : {}), ...(role ? { role } : {}) }),
      });
      return;
    }
    case '/health':
      if (allow('GET')) sendJson(res, 200, { status: 'ok' });
      return;
    case '/': {
      if (!allow('GET')) return;
      const { symbol, peerUrl, delayMs } = parts.context.settings;
      sendJson(res, 200, {
        name: 'Interlend mock peer',
        symbol: `${symbol.agencyIdType.value}:${symbol.agencyIdValue}`,
        peerUrl: peerUrl ?? null,
        delayMs,
        endpoints: { iso18626: '/iso18626', flows: '/api/flows?id=', health: '/health' },
      });
      return;
    }
    default:
      sendText(res, 404, 'not found: POST /iso18626, GET /api/flows?id=…, GET /health');
  }
}

async function handleIso18626(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  parts: Parts,
): Promise<void> {
  const { context, supplier, requester } = parts;
  const received = new Date();
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== '' && contentType !== 'application/xml' && contentType !== 'text/xml') {
    sendText(res, 415, 'only application/xml or text/xml accepted');
    return;
  }
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === undefined) {
    sendText(res, 413, `the message is larger than ${MAX_BODY_BYTES} bytes`);
    return;
  }
  const parsed = parseIso18626(body, { accept: 'messages', maxBytes: MAX_BODY_BYTES });
  if (!parsed.ok) {
    const { error } = parsed;
    const role: MockRole = error.messageKind === 'supplyingAgencyMessage' ? 'requester' : 'supplier';
    const id = error.header?.requestingAgencyRequestId;
    const answer = errorConfirmationFor(error, { timestamp: new Date(), timestampReceived: received });
    context.say(role, id ?? '-', `refused a message: ${error.errorType} ${error.errorValue}`);
    if (id !== undefined) {
      context.flows.record(role, id, {
        direction: 'in',
        kind: error.messageKind ?? 'httpError',
        errorType: error.errorType,
        errorValue: error.errorValue,
        xml: body.slice(0, 64 * 1024),
      });
    }
    if (answer === undefined) {
      if (id !== undefined) recordHttpError(context, role, id, 400, error.errorValue);
      sendText(res, 400, `not an ISO 18626 message: ${error.errorValue}`);
    } else {
      sendConfirmation(context, res, role, id, answer);
    }
    return;
  }

  const message = parsed.message;
  const id = message.header.requestingAgencyRequestId;
  switch (message.kind) {
    case 'request': {
      const role: MockRole = isPatronRequest(message) ? 'requester' : 'supplier';
      context.flows.record(role, id, {
        direction: 'in',
        kind: message.kind,
        ...describeMessage(message),
        xml: body,
      });
      if (role === 'requester') {
        const confirmation = await requester.handlePatronRequest(message, received);
        sendConfirmation(context, res, role, id, confirmation);
        return;
      }
      const reply = supplier.handleRequest(message, received);
      if (reply.kind === 'http') {
        recordHttpError(context, role, id, reply.status, reply.body);
        sendText(res, reply.status, reply.body);
      } else {
        sendConfirmation(context, res, role, id, reply.confirmation);
      }
      return;
    }
    case 'requestingAgencyMessage': {
      context.flows.record('supplier', id, {
        direction: 'in',
        kind: message.kind,
        ...describeMessage(message),
        xml: body,
      });
      const reply = supplier.handleRequestingAgencyMessage(message, received);
      if (reply.kind === 'http') sendText(res, reply.status, reply.body);
      else sendConfirmation(context, res, 'supplier', id, reply.confirmation);
      return;
    }
    case 'supplyingAgencyMessage': {
      context.flows.record('requester', id, {
        direction: 'in',
        kind: message.kind,
        ...describeMessage(message),
        xml: body,
      });
      sendConfirmation(
        context,
        res,
        'requester',
        id,
        requester.handleSupplyingAgencyMessage(message, received),
      );
      return;
    }
  }
}

function recordHttpError(
  context: PeerContext,
  role: MockRole,
  id: string,
  status: number,
  error: string,
): void {
  context.flows.record(role, id, { direction: 'out', kind: 'httpError', httpStatus: status, error });
}

function sendConfirmation(
  context: PeerContext,
  res: http.ServerResponse,
  role: MockRole,
  id: string | undefined,
  confirmation: Iso18626Confirmation,
): void {
  const xml = emitConfirmation(confirmation);
  if (id !== undefined) {
    context.flows.record(role, id, {
      direction: 'out',
      kind: confirmation.kind,
      ...describeMessage(confirmation),
      xml,
    });
  }
  res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
  res.end(xml);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value, null, 2));
}

/** The body as text, or undefined when it is larger than `limit` bytes. */
async function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large, so that the 413 reaches a sender still writing.
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return size > limit ? undefined : Buffer.concat(chunks).toString('utf8');
}
