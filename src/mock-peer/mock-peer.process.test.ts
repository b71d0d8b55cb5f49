/**
 * Every supplier scenario end to end between two real mock peer processes, as a library would run
 * them: `node bin/interlend.js mock-peer`, one as the requester, one as the supplier, each the
 * other's --peer-url. A patron request posted to the requester starts each flow; both mocks' flows
 * API must then show the expected conversation, each the mirror of the other, and every message
 * either of them wrote must validate against the ISO 18626 v1.2 schema.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emitIso18626,
  parseIso18626,
  type Iso18626RequestConfirmation,
  type Iso18626Request,
  type Iso18626ServiceType,
} from '../iso18626/index.ts';
import { ISO18626_REFERENCE_DIR, ON_CI, schemaV12Path } from '../iso18626/testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from '../iso18626/testing/xmllint.ts';
import type { Flow, FlowEntry } from './flows.ts';
import {
  freePort,
  runningMockPeers as running,
  spawnMockPeer,
  stopMockPeer as stop,
} from './testing/process.ts';
import type { MockProcess } from './testing/process.ts';

const SUP = { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-SUP' };
const REQ = { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-REQ' };
/** The scenario delay: illmock's default, so that the races it leaves room for stay unlikely. */
const DELAY_MS = 100;

let supplier: MockProcess;
let requester: MockProcess;

beforeAll(async () => {
  const [supplierPort, requesterPort] = [await freePort(), await freePort()];
  const iso = (port: number) => `http://127.0.0.1:${port}/iso18626`;
  [supplier, requester] = await Promise.all([
    spawnMockPeer([
      ...['--port', String(supplierPort), '--peer-url', iso(requesterPort)],
      ...['--symbol', 'ISIL:US-SUP', '--delay-ms', String(DELAY_MS), '--quiet'],
    ]),
    spawnMockPeer([
      ...['--port', String(requesterPort), '--peer-url', iso(supplierPort)],
      ...['--symbol', 'ISIL:US-REQ', '--delay-ms', String(DELAY_MS), '--quiet'],
    ]),
  ]);
});

afterAll(async () => {
  const mocks = [supplier, requester].filter((mock) => mock !== undefined);
  try {
    for (const mock of mocks) expect(await stop(mock), mock.output()).toEqual({ code: 0, signal: null });
  } finally {
    for (const child of running) child.kill('SIGKILL');
    running.clear();
  }
});

// --- Helpers ------------------------------------------------------------------------------------

interface PatronRequestOptions {
  record?: string;
  note?: string;
  serviceType?: Iso18626ServiceType;
  supplierUrl?: string;
  requesterUrl?: string;
}

function patronRequest(id: string, options: PatronRequestOptions): Iso18626Request {
  return {
    kind: 'request',
    header: {
      supplyingAgencyId: SUP,
      requestingAgencyId: REQ,
      timestamp: new Date().toISOString(),
      requestingAgencyRequestId: id,
    },
    bibliographicInfo: {
      title: 'The Hobbit',
      ...(options.record !== undefined ? { supplierUniqueRecordId: options.record } : {}),
    },
    serviceInfo: {
      requestType: 'New',
      requestSubType: ['PatronRequest'],
      serviceType: options.serviceType ?? 'Loan',
      ...(options.note !== undefined ? { note: options.note } : {}),
    },
    ...(options.supplierUrl !== undefined
      ? { supplierInfo: [{ supplierDescription: options.supplierUrl }] }
      : {}),
    ...(options.requesterUrl !== undefined
      ? {
          requestingAgencyInfo: {
            address: [{ electronicAddress: { electronicAddressData: options.requesterUrl } }],
          },
        }
      : {}),
  };
}

/** Posts a patron request to the requester mock; resolves with the requestConfirmation it answers. */
async function startFlow(
  requesterUrl: string,
  request: Iso18626Request,
): Promise<Iso18626RequestConfirmation> {
  const response = await fetch(`${requesterUrl}/iso18626`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: emitIso18626(request),
    signal: AbortSignal.timeout(10_000),
  });
  const parsed = parseIso18626(await response.text(), { accept: 'confirmations' });
  if (!parsed.ok || parsed.message.kind !== 'requestConfirmation')
    throw new Error(`not a requestConfirmation: ${JSON.stringify(parsed)}`);
  return parsed.message;
}

async function flowOf(
  mockUrl: string,
  role: 'supplier' | 'requester',
  id: string,
): Promise<Flow | undefined> {
  const response = await fetch(`${mockUrl}/api/flows?id=${encodeURIComponent(id)}&role=${role}`);
  const { flows } = (await response.json()) as { flows: Flow[] };
  return flows[0];
}

/** The flows of a transaction and of the retries that followed it, in order. */
async function chainOf(mockUrl: string, role: 'supplier' | 'requester', id: string): Promise<Flow[]> {
  const chain: Flow[] = [];
  for (let next: string | undefined = id; next !== undefined && chain.length < 5;) {
    const flow = await flowOf(mockUrl, role, next);
    if (flow === undefined) break;
    chain.push(flow);
    next = flow.nextId;
  }
  return chain;
}

/**
 * A flow as lines: `←` received, `→` sent; business messages, and the confirmations and HTTP
 * answers that refused something (an OK confirmation adds nothing to read).
 */
function conversation(entries: readonly FlowEntry[]): string[] {
  return entries.flatMap((entry) => {
    const arrow = entry.direction === 'in' ? '←' : '→';
    switch (entry.kind) {
      case 'request':
        return [`${arrow} request${entry.requestType === 'Retry' ? ' Retry' : ''}`];
      case 'supplyingAgencyMessage':
        return [
          `${arrow} ${entry.reasonForMessage} ${entry.status}${entry.answerYesNo ? ` ${entry.answerYesNo}` : ''}`,
        ];
      case 'requestingAgencyMessage':
        return [`${arrow} ${entry.action}`];
      case 'httpError':
        return [`${arrow} HTTP ${entry.httpStatus}`];
      case 'transportError':
        return [`${arrow} no answer: ${entry.error}`];
      default:
        return entry.messageStatus === 'ERROR'
          ? [`${arrow} ERROR ${entry.errorType}: ${entry.errorValue}`]
          : [];
    }
  });
}

/** The requester's view without the patron request and its answer, with the arrows turned round. */
function mirrored(flow: Flow): string[] {
  const withoutClient = flow.messages.filter(
    (entry) =>
      !(entry.kind === 'request' && entry.direction === 'in') &&
      !(entry.kind === 'requestConfirmation' && entry.direction === 'out'),
  );
  return conversation(withoutClient).map((line) =>
    line.startsWith('←') ? `→${line.slice(1)}` : `←${line.slice(1)}`,
  );
}

interface Observed {
  supplier: Flow[];
  requester: Flow[];
}

/**
 * Waits (bounded) until the supplier's flows show `expected`, then a while longer so that a message
 * too many would show, and returns both sides.
 */
async function observe(id: string, expected: string[][], timeoutMs = 15_000): Promise<Observed> {
  const read = async (): Promise<Observed> => ({
    supplier: await chainOf(supplier.url, 'supplier', id),
    requester: await chainOf(requester.url, 'requester', id),
  });
  const matches = (observed: Observed) =>
    JSON.stringify(observed.supplier.map((flow) => conversation(flow.messages))) ===
      JSON.stringify(expected) &&
    JSON.stringify(observed.requester.map(mirrored)) === JSON.stringify(expected);
  const deadline = Date.now() + timeoutMs;
  let observed = await read();
  while (!matches(observed) && Date.now() < deadline) {
    await delay(50);
    observed = await read();
  }
  await delay(4 * DELAY_MS);
  return read();
}

// --- The scenarios ----------------------------------------------------------------------------------

interface ScenarioCase {
  name: string;
  request: PatronRequestOptions;
  /** The supplier's conversation, one list per transaction (a retry is a new one). */
  supplier: string[][];
  /** What the requester answers the patron request. */
  confirmation?: 'OK' | 'ERROR';
  check?: (observed: Observed) => void;
}

const LOAN_AND_RETURN = ['← Received', '← ShippedReturn', '→ StatusChange LoanCompleted'];

/** The SAM the supplier sent with `status` in `flow`. */
function sent(flow: Flow | undefined, status: string): FlowEntry {
  const entry = flow?.messages.find(
    (message) =>
      message.kind === 'supplyingAgencyMessage' && message.direction === 'out' && message.status === status,
  );
  if (entry === undefined) throw new Error(`no ${status} in ${JSON.stringify(flow)}`);
  return entry;
}

/** The request the supplier received in `flow`, read back from its XML. */
function receivedRequest(flow: Flow | undefined): Iso18626Request {
  const xml = flow?.messages.find((message) => message.kind === 'request' && message.direction === 'in')?.xml;
  const parsed = parseIso18626(xml ?? '', { accept: 'messages' });
  if (!parsed.ok || parsed.message.kind !== 'request')
    throw new Error(`no request in ${JSON.stringify(flow)}`);
  return parsed.message;
}

function samOf(entry: FlowEntry) {
  const parsed = parseIso18626(entry.xml ?? '', { accept: 'messages' });
  if (!parsed.ok || parsed.message.kind !== 'supplyingAgencyMessage') throw new Error('not a SAM');
  return parsed.message;
}

const CASES: ScenarioCase[] = [
  {
    name: 'LOANED',
    request: { record: 'LOANED' },
    supplier: [['← request', '→ RequestResponse Loaned', ...LOAN_AND_RETURN]],
    check: ({ supplier: [flow] }) => {
      const loaned = samOf(sent(flow, 'Loaned'));
      expect(loaned.deliveryInfo).toMatchObject({
        sentVia: { value: 'URL' },
        itemId: 'http://example.com/123456789',
      });
      expect(Math.round((Date.parse(loaned.statusInfo.dueDate ?? '') - Date.now()) / 86_400_000)).toBe(14);
    },
  },
  {
    name: 'LOANED_RECALLED (the requester waiting for the recall with #RECALL#)',
    request: { record: 'LOANED_RECALLED', note: '#RECALL#' },
    supplier: [
      ['← request', '→ RequestResponse Loaned', '← Received', '→ StatusChange Recalled', '← ShippedReturn'],
    ].map((lines) => [...lines, '→ StatusChange LoanCompleted']),
  },
  {
    name: 'LOANED_OVERDUE with #RENEW#',
    request: { record: 'LOANED_OVERDUE', note: '#RENEW#' },
    supplier: [
      [
        '← request',
        '→ RequestResponse Loaned',
        '← Received',
        '→ StatusChange Overdue',
        '← Renew',
        '→ RenewResponse Loaned Y',
        '← ShippedReturn',
        '→ StatusChange LoanCompleted',
      ],
    ],
  },
  {
    name: 'UNFILLED',
    request: { record: 'UNFILLED' },
    supplier: [['← request', '→ RequestResponse Unfilled']],
  },
  {
    name: 'an unknown scenario, played as UNFILLED',
    request: { record: 'NO-SUCH-SCENARIO' },
    supplier: [['← request', '→ RequestResponse Unfilled']],
  },
  {
    name: 'WILLSUPPLY',
    request: { record: 'WILLSUPPLY' },
    supplier: [['← request', '→ RequestResponse WillSupply']],
  },
  {
    name: 'WILLSUPPLY_LOANED',
    request: { record: 'WILLSUPPLY_LOANED' },
    supplier: [['← request', '→ RequestResponse WillSupply', '→ StatusChange Loaned', ...LOAN_AND_RETURN]],
  },
  {
    name: 'WILLSUPPLY_UNFILLED',
    request: { record: 'WILLSUPPLY_UNFILLED' },
    supplier: [['← request', '→ RequestResponse WillSupply', '→ StatusChange Unfilled']],
  },
  {
    name: 'WILLSUPPLY_LOANED named in the note for this supplier, before supplierUniqueRecordId',
    request: { record: 'UNFILLED', note: 'MOCK:US-OTHER:ERROR MOCK:US-SUP:WILLSUPPLY_LOANED' },
    supplier: [['← request', '→ RequestResponse WillSupply', '→ StatusChange Loaned', ...LOAN_AND_RETURN]],
  },
  {
    name: 'COMPLETED for a copy',
    request: { record: 'COMPLETED', serviceType: 'Copy' },
    supplier: [['← request', '→ RequestResponse CopyCompleted']],
  },
  {
    name: 'COMPLETED for a loan',
    request: { record: 'COMPLETED', serviceType: 'Loan' },
    supplier: [['← request', '→ RequestResponse LoanCompleted']],
  },
  {
    name: 'ERROR',
    request: { record: 'ERROR' },
    supplier: [['← request', '→ ERROR UnrecognisedDataValue: MOCK ERROR']],
    confirmation: 'ERROR',
  },
  {
    name: 'HTTP-ERROR-400',
    request: { record: 'HTTP-ERROR-400' },
    supplier: [['← request', '→ HTTP 400']],
    confirmation: 'ERROR',
  },
  {
    name: 'HTTP-ERROR-500',
    request: { record: 'HTTP-ERROR-500' },
    supplier: [['← request', '→ HTTP 500']],
    confirmation: 'ERROR',
  },
  {
    name: 'RETRY:COST_LOANED',
    request: { record: 'RETRY:COST_LOANED' },
    supplier: [
      ['← request', '→ RequestResponse RetryPossible'],
      ['← request Retry', '→ RequestResponse Loaned', ...LOAN_AND_RETURN],
    ],
    check: ({ supplier: [first, retry] }) => {
      expect(samOf(sent(first, 'RetryPossible')).messageInfo).toMatchObject({
        reasonRetry: { value: 'CostExceedsMaxCost' },
        offeredCosts: { currencyCode: { value: 'USD' }, monetaryValue: '35' },
      });
      const retried = receivedRequest(retry);
      expect(retried.serviceInfo).toMatchObject({
        requestType: 'Retry',
        requestingAgencyPreviousRequestId: first?.id,
      });
      expect(retried.billingInfo?.maximumCosts).toEqual({
        currencyCode: { value: 'USD' },
        monetaryValue: '35',
      });
      expect(retry?.id).not.toBe(first?.id);
    },
  },
  {
    name: 'RETRY:ONLOAN_LOANED',
    request: { record: 'RETRY:ONLOAN_LOANED' },
    supplier: [
      ['← request', '→ RequestResponse RetryPossible'],
      ['← request Retry', '→ RequestResponse Loaned', ...LOAN_AND_RETURN],
    ],
    check: ({ supplier: [first] }) => {
      const { messageInfo } = samOf(sent(first, 'RetryPossible'));
      expect(messageInfo.reasonRetry).toEqual({ value: 'OnLoan' });
      expect(Math.abs(Date.parse(messageInfo.retryAfter ?? '') - Date.now())).toBeLessThan(60_000);
    },
  },
  {
    name: 'RETRY:COND_LOANED',
    request: { record: 'RETRY:COND_LOANED' },
    supplier: [
      ['← request', '→ RequestResponse RetryPossible'],
      ['← request Retry', '→ RequestResponse Loaned', ...LOAN_AND_RETURN],
    ],
    check: ({ supplier: [first] }) => {
      const message = samOf(sent(first, 'RetryPossible'));
      expect(message.messageInfo.reasonRetry).toEqual({ value: 'LoanCondition' });
      expect(message.deliveryInfo?.loanCondition).toEqual({ value: 'NoReproduction' });
    },
  },
  {
    name: 'RETRY:NOTFOUNDASCITED, retried with the corrected id, which names no scenario',
    request: { record: 'RETRY:NOTFOUNDASCITED' },
    supplier: [
      ['← request', '→ RequestResponse RetryPossible'],
      ['← request Retry', '→ RequestResponse Unfilled'],
    ],
    check: ({ supplier: [first, retry] }) => {
      const message = samOf(sent(first, 'RetryPossible'));
      expect(message.messageInfo.reasonRetry).toEqual({ value: 'NotFoundAsCited' });
      expect(message.deliveryInfo?.itemId).toBe('123456789');
      expect(receivedRequest(retry).bibliographicInfo.supplierUniqueRecordId).toBe('123456789');
    },
  },
  {
    name: 'RETRY:ONLOAN_LOANED keeping the id with #RETRYKEEPID#',
    request: { record: 'RETRY:ONLOAN_LOANED', note: '#RETRYKEEPID#' },
    supplier: [
      [
        '← request',
        '→ RequestResponse RetryPossible',
        '← request Retry',
        '→ RequestResponse Loaned',
        ...LOAN_AND_RETURN,
      ],
    ],
  },
  {
    // WILLSUPPLY rather than WILLSUPPLY_LOANED: the Cancel would race the scheduled Loaned. That
    // the Cancel drops what the scenario still had to send is tested in mock-peer.test.ts.
    name: '#CANCEL# before the loan',
    request: { record: 'WILLSUPPLY', note: '#CANCEL#' },
    supplier: [['← request', '→ RequestResponse WillSupply', '← Cancel', '→ CancelResponse Cancelled Y']],
  },
  {
    name: '#CANCEL# after the loan, refused, and the loan goes on',
    request: { record: 'LOANED', note: '#CANCEL#' },
    supplier: [
      ['← request', '→ RequestResponse Loaned', '← Cancel', '→ CancelResponse Loaned N', ...LOAN_AND_RETURN],
    ],
  },
];

describe('two mock peer processes, one requesting and one supplying', () => {
  for (const scenario of CASES) {
    it.concurrent(`plays ${scenario.name} end to end`, async ({ expect }) => {
      const id = `${scenario.name.split(' ')[0]}-${randomUUID().slice(0, 8)}`;
      const confirmation = await startFlow(requester.url, patronRequest(id, scenario.request));
      expect(confirmation.confirmationHeader).toMatchObject({
        requestingAgencyRequestId: id,
        messageStatus: scenario.confirmation ?? 'OK',
      });
      const observed = await observe(id, scenario.supplier);
      expect(observed.supplier.map((flow) => conversation(flow.messages))).toEqual(scenario.supplier);
      expect(observed.requester.map(mirrored)).toEqual(scenario.supplier);
      scenario.check?.(observed);
    });
  }

  it('relays the supplier’s refusal to whoever posted the patron request', async () => {
    const id = `refused-${randomUUID().slice(0, 8)}`;
    const confirmation = await startFlow(requester.url, patronRequest(id, { record: 'ERROR' }));
    expect(confirmation.errorData).toEqual({ errorType: 'UnrecognisedDataValue', errorValue: 'MOCK ERROR' });
    const http = await startFlow(requester.url, patronRequest(`${id}-http`, { record: 'HTTP-ERROR-400' }));
    expect(http.errorData).toMatchObject({
      errorType: 'UnrecognisedDataElement',
      errorValue: expect.stringContaining('HTTP 400'),
    });
  });

  it('routes by the addresses in the request when a supplier has no --peer-url', async () => {
    const lone = await spawnMockPeer([
      '--port',
      '0',
      '--symbol',
      'ISIL:US-SUP',
      '--delay-ms',
      String(DELAY_MS),
      '--quiet',
    ]);
    try {
      const id = `routed-${randomUUID().slice(0, 8)}`;
      const request = patronRequest(id, {
        record: 'WILLSUPPLY_LOANED',
        supplierUrl: `${lone.url}/iso18626`,
        requesterUrl: `${requester.url}/iso18626`,
      });
      expect((await startFlow(requester.url, request)).confirmationHeader.messageStatus).toBe('OK');
      const expected = [
        '← request',
        '→ RequestResponse WillSupply',
        '→ StatusChange Loaned',
        ...LOAN_AND_RETURN,
      ];
      const deadline = Date.now() + 15_000;
      let flow = await flowOf(lone.url, 'supplier', id);
      while (
        JSON.stringify(conversation(flow?.messages ?? [])) !== JSON.stringify(expected) &&
        Date.now() < deadline
      ) {
        await delay(50);
        flow = await flowOf(lone.url, 'supplier', id);
      }
      expect(conversation(flow?.messages ?? [])).toEqual(expected);
      // The supplier of the pair saw none of it.
      expect(await flowOf(supplier.url, 'supplier', id)).toBeUndefined();
    } finally {
      expect(await stop(lone)).toEqual({ code: 0, signal: null });
    }
  });
});

describe.skipIf((!XMLLINT_AVAILABLE || ISO18626_REFERENCE_DIR === undefined) && !ON_CI)(
  'what the mock peers wrote',
  () => {
    it('validates, every message, against the ISO 18626 v1.2 schema', async () => {
      expect(XMLLINT_AVAILABLE, 'xmllint (Debian package libxml2-utils) must be installed').toBe(true);
      const documents = new Map<string, string>();
      for (const [name, mock] of [
        ['supplier', supplier],
        ['requester', requester],
      ] as const) {
        const { flows } = (await (await fetch(`${mock.url}/api/flows`)).json()) as { flows: Flow[] };
        for (const flow of flows)
          for (const entry of flow.messages)
            if (entry.direction === 'out' && entry.xml !== undefined)
              documents.set(`${name} ${flow.role} ${flow.id} #${entry.seq} ${entry.kind}`, entry.xml);
      }
      // Every scenario above sent something; a handful per flow at least.
      expect(documents.size).toBeGreaterThan(5 * CASES.length);
      const invalid = validateWithXmllint(schemaV12Path(), documents).filter((verdict) => !verdict.valid);
      expect(invalid).toEqual([]);
    });
  },
);
