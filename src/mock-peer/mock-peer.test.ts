/**
 * The mock peer in this process: its HTTP surface, its edge cases, and what it sends to a partner,
 * observed by a small capturing partner. The scenarios end to end between two real mock processes
 * are in `mock-peer.process.test.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  confirmationFor,
  emitIso18626,
  parseIso18626,
  type Iso18626BusinessMessage,
  type Iso18626Confirmation,
  type Iso18626Request,
  type Iso18626RequestingAgencyMessage,
} from '../iso18626/index.ts';
import { parseMockPeerArguments } from './command.ts';
import { BoundedMap, FlowStore } from './flows.ts';
import { startMockPeer, type MockPeer, type MockPeerOptions } from './server.ts';
import { deliveryMethodOf } from './supplier.ts';

const REQ = { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-REQ' };
const SUP = { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'US-SUP' };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function peer(options: MockPeerOptions = {}): Promise<MockPeer> {
  const started = await startMockPeer({ port: 0, delayMs: 20, ...options });
  closers.push(() => started.close());
  return started;
}

/** A partner that records what it is sent (with the HTTP headers) and confirms everything OK. */
interface Capture {
  url: string;
  received: { authorization: string | undefined; message: Iso18626BusinessMessage }[];
}

async function capture(): Promise<Capture> {
  const received: Capture['received'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const parsed = parseIso18626(body, { accept: 'messages' });
      if (!parsed.ok) {
        res.writeHead(400).end();
        return;
      }
      received.push({ authorization: req.headers.authorization, message: parsed.message });
      const now = new Date();
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(emitIso18626(confirmationFor(parsed.message, { timestamp: now, timestampReceived: now })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/iso18626`, received };
}

function request(
  id: string,
  options: { record?: string; note?: string; patron?: boolean } = {},
): Iso18626Request {
  return {
    kind: 'request',
    header: {
      supplyingAgencyId: SUP,
      requestingAgencyId: REQ,
      timestamp: new Date().toISOString(),
      requestingAgencyRequestId: id,
    },
    bibliographicInfo: {
      title: 'A test',
      ...(options.record ? { supplierUniqueRecordId: options.record } : {}),
    },
    serviceInfo: {
      ...(options.patron ? { requestSubType: ['PatronRequest' as const] } : {}),
      serviceType: 'Loan',
      ...(options.note ? { note: options.note } : {}),
    },
  };
}

function action(
  id: string,
  name: Iso18626RequestingAgencyMessage['action'],
): Iso18626RequestingAgencyMessage {
  return {
    kind: 'requestingAgencyMessage',
    header: {
      supplyingAgencyId: SUP,
      requestingAgencyId: REQ,
      timestamp: new Date().toISOString(),
      requestingAgencyRequestId: id,
    },
    action: name,
  };
}

async function post(url: string, message: Iso18626BusinessMessage): Promise<Iso18626Confirmation> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: emitIso18626(message),
  });
  expect(response.status).toBe(200);
  const parsed = parseIso18626(await response.text(), { accept: 'confirmations' });
  if (!parsed.ok) throw new Error(parsed.error.errorValue);
  return parsed.message;
}

async function until<T>(read: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await delay(10);
  }
}

describe('the mock supplier', () => {
  it('confirms a request and then sends the scenario to the requester URL named in the request', async () => {
    const partner = await capture();
    const supplier = await peer();
    const sent = request('s-1', { record: 'WILLSUPPLY_LOANED' });
    sent.requestingAgencyInfo = { address: [{ electronicAddress: { electronicAddressData: partner.url } }] };
    const confirmation = await post(supplier.iso18626Url, sent);
    expect(confirmation.confirmationHeader).toMatchObject({
      messageStatus: 'OK',
      requestingAgencyRequestId: 's-1',
    });

    const messages = await until(() => (partner.received.length >= 2 ? partner.received : undefined));
    const [first, second] = messages.map((entry) => entry.message);
    expect(first).toMatchObject({
      kind: 'supplyingAgencyMessage',
      header: { supplyingAgencyId: SUP, requestingAgencyId: REQ, requestingAgencyRequestId: 's-1' },
      messageInfo: { reasonForMessage: 'RequestResponse' },
      statusInfo: { status: 'WillSupply' },
    });
    expect(second).toMatchObject({
      messageInfo: { reasonForMessage: 'StatusChange' },
      statusInfo: { status: 'Loaned' },
      deliveryInfo: { sentVia: { value: 'URL' }, deliveredFormat: { value: 'PDF' } },
    });
    // The supplier's request id is the same in every message; the due date is 14 days away.
    if (first?.kind !== 'supplyingAgencyMessage' || second?.kind !== 'supplyingAgencyMessage')
      throw new Error();
    expect(first.header.supplyingAgencyRequestId).toBeDefined();
    expect(second.header.supplyingAgencyRequestId).toBe(first.header.supplyingAgencyRequestId);
    const due = Date.parse(second.statusInfo.dueDate ?? '');
    expect(Math.round((due - Date.now()) / 86_400_000)).toBe(14);
    expect(first.header.requestingAgencyAuthentication).toBeUndefined();
    expect(messages[0]?.authorization).toBeUndefined();
  });

  it('refuses a New request whose requestingAgencyRequestId it already has', async () => {
    const partner = await capture();
    const supplier = await peer({ peerUrl: partner.url });
    expect(
      (await post(supplier.iso18626Url, request('dup-1', { record: 'WILLSUPPLY' }))).confirmationHeader
        .messageStatus,
    ).toBe('OK');
    const again = await post(supplier.iso18626Url, request('dup-1', { record: 'WILLSUPPLY' }));
    expect(again).toMatchObject({
      confirmationHeader: { messageStatus: 'ERROR' },
      errorData: {
        errorType: 'UnrecognisedDataValue',
        errorValue: expect.stringContaining('already exists'),
      },
    });
  });

  it('refuses a request with messages to send when it knows no requester URL', async () => {
    const supplier = await peer();
    const refused = await post(supplier.iso18626Url, request('lost-1', { record: 'LOANED' }));
    expect(refused).toMatchObject({
      confirmationHeader: { messageStatus: 'ERROR' },
      errorData: { errorType: 'UnrecognisedDataValue', errorValue: expect.stringContaining('--peer-url') },
    });
  });

  it('refuses a requesting agency message for a transaction it does not know', async () => {
    const supplier = await peer();
    const refused = await post(supplier.iso18626Url, action('nobody', 'Received'));
    expect(refused).toMatchObject({
      kind: 'requestingAgencyMessageConfirmation',
      action: 'Received',
      confirmationHeader: { messageStatus: 'ERROR' },
      errorData: { errorType: 'UnrecognisedDataValue' },
    });
  });

  it('answers Cancel after Loaned with N and Loaned, and a StatusRequest with the current status', async () => {
    const partner = await capture();
    const supplier = await peer({ peerUrl: partner.url });
    await post(supplier.iso18626Url, request('c-1', { record: 'LOANED' }));
    await until(() => partner.received.find((entry) => entry.message.kind === 'supplyingAgencyMessage'));
    expect((await post(supplier.iso18626Url, action('c-1', 'Cancel'))).confirmationHeader.messageStatus).toBe(
      'OK',
    );
    await post(supplier.iso18626Url, action('c-1', 'StatusRequest'));
    const answers = await until(() => (partner.received.length >= 3 ? partner.received.slice(1) : undefined));
    expect(answers.map(({ message }) => message)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          messageInfo: { reasonForMessage: 'CancelResponse', answerYesNo: 'N' },
          statusInfo: expect.objectContaining({ status: 'Loaned' }),
        }),
        expect.objectContaining({
          messageInfo: { reasonForMessage: 'StatusRequestResponse' },
          statusInfo: expect.objectContaining({ status: 'Loaned' }),
        }),
      ]),
    );
  });

  it('answers Cancel before Loaned with Y and Cancelled, and drops the rest of the scenario', async () => {
    const partner = await capture();
    const supplier = await peer({ peerUrl: partner.url, delayMs: 300 });
    await post(supplier.iso18626Url, request('c-2', { record: 'WILLSUPPLY_LOANED' }));
    await until(() => partner.received.find((entry) => entry.message.kind === 'supplyingAgencyMessage'));
    await post(supplier.iso18626Url, action('c-2', 'Cancel'));
    await until(() => (partner.received.length >= 2 ? true : undefined));
    await delay(450);
    expect(
      partner.received.map(({ message }) =>
        message.kind === 'supplyingAgencyMessage'
          ? [message.messageInfo.reasonForMessage, message.statusInfo.status, message.messageInfo.answerYesNo]
          : [],
      ),
    ).toEqual([
      ['RequestResponse', 'WillSupply', undefined],
      ['CancelResponse', 'Cancelled', 'Y'],
    ]);
  });

  it('ships by mail, email or FTP when that is the preferred delivery, by URL otherwise', () => {
    const base = request('d-1');
    expect(deliveryMethodOf(base)).toBe('URL');
    base.requestedDeliveryInfo = [
      {
        sortOrder: '2',
        address: {
          electronicAddress: { electronicAddressType: { value: 'Email' }, electronicAddressData: 'a@b.org' },
        },
      },
      { sortOrder: '1', address: { physicalAddress: { line1: 'Main Street 1' } } },
    ];
    expect(deliveryMethodOf(base)).toBe('Mail');
    base.requestedDeliveryInfo[1] = {
      sortOrder: '3',
      address: {
        electronicAddress: { electronicAddressType: { value: 'FTP' }, electronicAddressData: 'ftp://x' },
      },
    };
    expect(deliveryMethodOf(base)).toBe('Email');
  });
});

describe('the mock requester', () => {
  it('sends the request without PatronRequest and the credential as a bearer header and securityCode', async () => {
    const partner = await capture();
    const requester = await peer({ peerUrl: partner.url, credential: 's3cret' });
    const confirmation = await post(
      requester.iso18626Url,
      request('p-1', { record: 'LOANED', patron: true }),
    );
    expect(confirmation.confirmationHeader.messageStatus).toBe('OK');
    const [sent] = partner.received;
    expect(sent?.authorization).toBe('Bearer s3cret');
    expect(sent?.message).toMatchObject({
      kind: 'request',
      header: {
        requestingAgencyRequestId: 'p-1',
        requestingAgencyAuthentication: { securityCode: 's3cret' },
      },
      bibliographicInfo: { supplierUniqueRecordId: 'LOANED' },
    });
    if (sent?.message.kind !== 'request') throw new Error();
    expect(sent.message.serviceInfo?.requestSubType).toBeUndefined();
  });

  it('sends the request to the supplier URL of the patron request’s supplierInfo', async () => {
    const partner = await capture();
    const requester = await peer({ peerUrl: 'http://127.0.0.1:9/never' });
    const patron = request('p-2', { patron: true });
    patron.supplierInfo = [{ supplierDescription: partner.url }];
    expect((await post(requester.iso18626Url, patron)).confirmationHeader.messageStatus).toBe('OK');
    expect(partner.received).toHaveLength(1);
    // The lending string stays with the requester.
    expect(partner.received[0]?.message).not.toHaveProperty('supplierInfo');
  });

  it('refuses a patron request it cannot pass on, saying why', async () => {
    const requester = await peer({ peerUrl: 'http://127.0.0.1:9/iso18626' });
    const refused = await post(requester.iso18626Url, request('p-3', { patron: true }));
    expect(refused).toMatchObject({
      confirmationHeader: { messageStatus: 'ERROR' },
      errorData: {
        errorType: 'UnrecognisedDataElement',
        errorValue: expect.stringContaining('error sending request to supplier'),
      },
    });
    const [flow] = requester.flows.find({ id: 'p-3' });
    expect(flow?.messages.map((entry) => entry.kind)).toEqual([
      'request',
      'request',
      'transportError',
      'requestConfirmation',
    ]);
  });

  it('refuses a supplying agency message for a transaction it did not start', async () => {
    const requester = await peer();
    const refused = await post(requester.iso18626Url, {
      kind: 'supplyingAgencyMessage',
      header: {
        supplyingAgencyId: SUP,
        requestingAgencyId: REQ,
        timestamp: new Date().toISOString(),
        requestingAgencyRequestId: 'nobody',
      },
      messageInfo: { reasonForMessage: 'RequestResponse' },
      statusInfo: { status: 'Loaned', lastChange: new Date().toISOString() },
    });
    expect(refused).toMatchObject({
      kind: 'supplyingAgencyMessageConfirmation',
      reasonForMessage: 'RequestResponse',
      confirmationHeader: { messageStatus: 'ERROR' },
      errorData: { errorType: 'UnrecognisedDataValue' },
    });
  });

  it('plays both roles in one process when its peer is itself', async () => {
    const both = await peer({ port: 0 });
    const patron = request('self-1', { record: 'LOANED', patron: true });
    patron.supplierInfo = [{ supplierDescription: both.iso18626Url }];
    patron.requestingAgencyInfo = {
      address: [{ electronicAddress: { electronicAddressData: both.iso18626Url } }],
    };
    await post(both.iso18626Url, patron);
    const completed = await until(() =>
      both.flows
        .find({ id: 'self-1', role: 'requester' })[0]
        ?.messages.find(
          (entry) => entry.kind === 'supplyingAgencyMessage' && entry.status === 'LoanCompleted',
        ),
    );
    expect(completed.direction).toBe('in');
    expect(both.flows.find({ id: 'self-1' }).map((flow) => flow.role)).toEqual(['requester', 'supplier']);
  });
});

describe('the mock peer’s HTTP surface', () => {
  it('answers a body that is not ISO 18626 with HTTP 400, and other content types with 415', async () => {
    const mock = await peer();
    const notXml = await fetch(mock.iso18626Url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: 'hello',
    });
    expect(notXml.status).toBe(400);
    const json = await fetch(mock.iso18626Url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect((await fetch(mock.iso18626Url)).status).toBe(405);
    expect((await fetch(`${mock.url}/nothing`)).status).toBe(404);
  });

  it('answers a request it cannot read with an error confirmation naming the problem', async () => {
    const mock = await peer();
    const xml = emitIso18626(request('bad-1')).replace(
      '<serviceType>Loan</serviceType>',
      '<serviceType>Lend</serviceType>',
    );
    const response = await fetch(mock.iso18626Url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: xml,
    });
    const parsed = parseIso18626(await response.text(), { accept: 'confirmations' });
    expect(parsed.ok && parsed.message).toMatchObject({
      kind: 'requestConfirmation',
      confirmationHeader: { messageStatus: 'ERROR', requestingAgencyRequestId: 'bad-1' },
      errorData: { errorType: 'UnrecognisedDataValue' },
    });
  });

  it('lists flows by id and role, and says it is healthy', async () => {
    const partner = await capture();
    const mock = await peer({ peerUrl: partner.url });
    await post(mock.iso18626Url, request('f-1', { record: 'UNFILLED' }));
    await post(mock.iso18626Url, request('f-2', { record: 'UNFILLED' }));
    const read = async (query: string) =>
      (
        (await (await fetch(`${mock.url}/api/flows${query}`)).json()) as {
          flows: { id: string; role: string }[];
        }
      ).flows;
    expect((await read('?id=f-1')).map((flow) => flow.id)).toEqual(['f-1']);
    expect((await read('?role=supplier')).map((flow) => flow.id)).toEqual(['f-1', 'f-2']);
    expect(await read('?role=requester')).toEqual([]);
    expect((await fetch(`${mock.url}/api/flows?role=broker`)).status).toBe(400);
    expect(await (await fetch(`${mock.url}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('sends nothing more once closed', async () => {
    const partner = await capture();
    const mock = await startMockPeer({ port: 0, delayMs: 100, peerUrl: partner.url });
    await post(mock.iso18626Url, request('late-1', { record: 'LOANED' }));
    await mock.close();
    await delay(200);
    expect(partner.received).toEqual([]);
  });
});

describe('the mock peer’s memory', () => {
  it('forgets entries after their time to live and beyond its size, least recently used first', () => {
    let now = 0;
    const map = new BoundedMap<number>(1_000, 2, () => now);
    map.set('a', 1);
    map.set('b', 2);
    map.touch('a');
    map.set('c', 3);
    expect(map.values()).toEqual([1, 3]);
    now = 999;
    map.touch('c');
    now = 1_500;
    expect(map.values()).toEqual([3]);
    expect(map.has('a')).toBe(false);
  });

  it('keeps at most the configured number of messages per flow', () => {
    const flows = new FlowStore({ maxMessagesPerFlow: 2 });
    for (let i = 0; i < 5; i++)
      flows.record('supplier', 'x', { direction: 'in', kind: 'requestingAgencyMessage' });
    expect(flows.find({ id: 'x' })[0]?.messages).toHaveLength(2);
  });
});

describe('the mock-peer command line', () => {
  it('reads every option, and PEER_URL and MOCK_PEER_CREDENTIAL from the environment', () => {
    expect(
      parseMockPeerArguments(
        ['--port', '4100', '--host', '0.0.0.0', '--symbol', 'ISIL:US-MOCK', '--delay-ms', '5', '--quiet'],
        { PEER_URL: 'http://peer/iso18626', MOCK_PEER_CREDENTIAL: 'x' },
      ),
    ).toEqual({
      ok: true,
      help: false,
      quiet: true,
      options: {
        port: 4100,
        host: '0.0.0.0',
        symbol: 'ISIL:US-MOCK',
        delayMs: 5,
        peerUrl: 'http://peer/iso18626',
        credential: 'x',
      },
    });
    expect(
      parseMockPeerArguments(['--peer-url', 'http://a/iso18626', '--credential', 'y'], {
        PEER_URL: 'http://b',
      }),
    ).toMatchObject({
      options: { peerUrl: 'http://a/iso18626', credential: 'y' },
    });
  });

  it('refuses bad values, naming each', () => {
    const parsed = parseMockPeerArguments(
      ['--port', '70000', '--delay-ms', 'soon', '--peer-url', 'ftp://x'],
      {},
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain('--port');
    expect(parsed.error).toContain('--delay-ms');
    expect(parsed.error).toContain('--peer-url');
    expect(parseMockPeerArguments(['--bogus'], {}).ok).toBe(false);
    expect(parseMockPeerArguments(['extra'], {}).ok).toBe(false);
  });
});
