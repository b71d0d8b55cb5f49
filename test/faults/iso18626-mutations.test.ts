/**
 * Fault test: mutated and hostile ISO 18626 bodies posted to POST /iso18626. Each mutated body is
 * made from a real sample (CrossLink and ReShare messages) by one to three random mutations; entity
 * expansion (billion laughs), external entities (a file, a URL) and oversized bodies are sent to a real
 * server process. Never a 5xx, never a crash: each answer is an ISO 18626 confirmation with the error
 * type the codec gives that body (or OK), or a 4xx; the server's memory stays bounded and it reads
 * no file and opens no connection an entity names.
 */
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISO18626_CONFIRMATION_OF, ISO18626_ERROR_TYPES, parseIso18626 } from '../../src/iso18626/index.ts';
import { ISO18626_BODY_LIMIT } from '../../src/protocol/iso18626.routes.ts';
import { listSamples, readSample, schemaV12Path, ON_CI } from '../../src/iso18626/testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from '../../src/iso18626/testing/xmllint.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import type { ServerProcess } from '../support/databases.ts';
import { describeEachDatabase, killAllServers, startServerProcess } from '../support/databases.ts';
import { insertLibrary, insertPartner } from '../support/request-factories.ts';
import { FAULT_BUDGET } from './support/budget.ts';
import { send } from './support/http.ts';
import { billionLaughs, mutatedBody, withProlog } from './support/iso18626-mutations.ts';
import type { MutatedBody } from './support/iso18626-mutations.ts';

/** FAULTS_SEED replays a run; otherwise a fresh seed, printed with every failure. */
const SEED = process.env.FAULTS_SEED !== undefined ? Number(process.env.FAULTS_SEED) : randomInt(2 ** 31);

const SAMPLES = listSamples().map((name) => {
  const xml = readSample(name);
  const parsed = parseIso18626(xml, { accept: 'messages' });
  return { name, xml, kind: parsed.ok ? parsed.message.kind : undefined };
});

/** A posted body and what came back. */
interface Exchange {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

/**
 * What is wrong with the answer to `posted`, or null when it is right: the codec's own verdict on the
 * body says which confirmation and which error type to expect.
 */
function problemWith(posted: MutatedBody, answer: Exchange): string | null {
  const bytes = Buffer.byteLength(posted.body, 'utf8');
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (answer.status === 413) return bytes > ISO18626_BODY_LIMIT ? null : `413 for ${bytes} bytes`;
  if (![200, 400, 401].includes(answer.status))
    return `answered ${answer.status}: ${answer.body.slice(0, 200)}`;
  if (!answer.contentType.includes('xml')) return `answered ${answer.status} with ${answer.contentType}`;
  // Confirmations echo the message's header ids, placeholders included.
  const confirmation = parseIso18626(answer.body, {
    accept: 'confirmations',
    rejectTemplatePlaceholders: false,
  });
  if (!confirmation.ok) return `the answer is not a confirmation: ${confirmation.error.errorValue}`;
  const { confirmationHeader, errorData } = confirmation.message as {
    confirmationHeader: { messageStatus: string };
    errorData?: { errorType: string; errorValue?: string };
  };
  if (confirmationHeader.messageStatus === 'ERROR') {
    if (errorData === undefined) return 'an ERROR confirmation without errorData';
    if (!(ISO18626_ERROR_TYPES as readonly string[]).includes(errorData.errorType))
      return `unknown errorType ${errorData.errorType}`;
    if ((errorData.errorValue ?? '') === '') return 'an error without errorValue';
  } else if (answer.status !== 200) {
    return `an OK confirmation with HTTP ${answer.status}`;
  }
  // What the server reads: the body as UTF-8 (a lone surrogate arrives as U+FFFD).
  const received = Buffer.from(posted.body, 'utf8').toString('utf8');
  const verdict = parseIso18626(received, { accept: 'messages' });
  if (!verdict.ok) {
    if (confirmationHeader.messageStatus !== 'ERROR') return `OK for a body the codec refuses`;
    if (errorData?.errorType !== verdict.error.errorType)
      return `errorType ${errorData?.errorType}, the codec says ${verdict.error.errorType}`;
    if (verdict.error.messageKind !== undefined && verdict.error.messageKind in ISO18626_CONFIRMATION_OF) {
      const expected =
        ISO18626_CONFIRMATION_OF[verdict.error.messageKind as keyof typeof ISO18626_CONFIRMATION_OF];
      if (confirmation.message.kind !== expected) return `${confirmation.message.kind}, not ${expected}`;
    }
  } else {
    const expected = ISO18626_CONFIRMATION_OF[verdict.message.kind as keyof typeof ISO18626_CONFIRMATION_OF];
    if (confirmation.message.kind !== expected) return `${confirmation.message.kind}, not ${expected}`;
    if (answer.status === 400) return 'HTTP 400 for a body the codec accepts';
  }
  if (posted.expectedErrorType !== undefined && errorData?.errorType !== posted.expectedErrorType)
    return `errorType ${errorData?.errorType ?? 'none'}, expected ${posted.expectedErrorType}`;
  return null;
}

function describeFailure(posted: MutatedBody, index: number, problem: string): string {
  return `#${index} (FAULTS_SEED=${SEED}) ${posted.sample} after ${posted.mutators.join(' + ')}: ${problem}`;
}

/** Resident and peak resident memory of a process, in bytes (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
}

const MIB = 1024 * 1024;

describeEachDatabase('mutated and hostile ISO 18626 bodies', (database) => {
  let app: App;
  const seen = new Map<string, string>();

  beforeAll(async () => {
    // The libraries and partners the samples name, so that mutations reach routing, partner checks and
    // the workflow, not only the parser.
    const broker = await insertLibrary(database.db, { symbol: 'BROKER', name: 'Broker library' });
    await insertPartner(database.db, broker.id, { symbol: 'REQ', name: 'Requesting library' });
    await insertPartner(database.db, broker.id, { symbol: 'SUP', name: 'Supplier' });
    await insertPartner(database.db, broker.id, { symbol: 'SUP1', name: 'Supplier one' });
    const slnp = await insertLibrary(database.db, { symbol: 'SLNP_TWO_A', name: 'SLNP two' });
    await insertPartner(database.db, slnp.id, { symbol: 'SLNP_ONE', name: 'SLNP one' });
    const supA = await insertLibrary(database.db, { symbol: 'SUP_A', name: 'Supplier A' });
    await insertPartner(database.db, supA.id, { symbol: 'SUP_B', name: 'Supplier B' });
    await insertLibrary(database.db, { symbol: 'NIA1', name: 'NIA one' });
    app = await buildApp({ db: database.db });
  });
  afterAll(async () => {
    await app?.close();
  });

  it(`answers ${FAULT_BUDGET.mutations.inProcess} mutated samples with the right confirmation or a 4xx, never a 5xx`, async () => {
    const { inProcess, deadlineMs } = FAULT_BUDGET.mutations;
    const deadline = Date.now() + deadlineMs;
    const failures: string[] = [];
    const byOutcome = new Map<string, number>();
    let next = 0;
    let done = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < inProcess && Date.now() < deadline && failures.length < 20) {
        const index = next++;
        const posted = mutatedBody(SAMPLES, SEED, index);
        const response = await app.inject({
          method: 'POST',
          url: '/iso18626',
          headers: { 'content-type': index % 5 === 0 ? 'text/xml' : 'application/xml' },
          payload: posted.body,
        });
        const answer = {
          status: response.statusCode,
          body: response.body,
          contentType: String(response.headers['content-type'] ?? ''),
        };
        const problem = problemWith(posted, answer);
        if (problem !== null) failures.push(describeFailure(posted, index, problem));
        const errorType = /<(?:\w+:)?errorType>([^<]*)</.exec(answer.body)?.[1] ?? 'OK';
        const outcome = `${answer.status} ${errorType}`;
        byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
        if (answer.status < 300 || answer.status === 400) {
          const shape = answer.body.replace(/<(\w+:)?(timestamp|timestampReceived)>[^<]*</g, '<$2>T<');
          if (seen.size < 400 && !seen.has(shape)) seen.set(shape, answer.body);
        }
        done++;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[faults] ${done} mutated bodies in ${seconds.toFixed(1)} s (${Math.round(done / seconds)}/s) on ${database.label}, seed ${SEED}: ` +
        JSON.stringify(Object.fromEntries([...byOutcome].sort((a, b) => b[1] - a[1]))),
    );
    expect(failures).toEqual([]);
    expect(done, `only ${done} of ${inProcess} bodies before the deadline`).toBe(inProcess);
    // Mutations must reach past the parser: some bodies are applied or refused by the workflow.
    expect(byOutcome.get('200 OK') ?? 0).toBeGreaterThan(0);
    expect(byOutcome.get('200 UnrecognisedDataValue') ?? 0).toBeGreaterThan(0);
    expect(byOutcome.get('400 BadlyFormedMessage') ?? 0).toBeGreaterThan(0);
  });

  it('answers with confirmations that validate against the ISO 18626 v1.2 schema', () => {
    if (!XMLLINT_AVAILABLE && !ON_CI) return;
    expect(XMLLINT_AVAILABLE, 'xmllint is needed (CI installs libxml2-utils)').toBe(true);
    expect(seen.size).toBeGreaterThan(10);
    const invalid = validateWithXmllint(schemaV12Path(), seen).filter((verdict) => !verdict.valid);
    expect(invalid.slice(0, 5)).toEqual([]);
  });

  describe('over HTTP, to a real server process', () => {
    let server: ServerProcess;
    let canaryFile: string;
    let canary: string;
    let listener: net.Server;
    let connectionsToListener = 0;

    beforeAll(async () => {
      canary = `CANARY-${randomBytes(8).toString('hex')}`;
      canaryFile = path.join(os.tmpdir(), `interlend-xxe-${randomBytes(4).toString('hex')}.txt`);
      fs.writeFileSync(canaryFile, canary);
      listener = net.createServer((socket) => {
        connectionsToListener++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      server = await startServerProcess({ databaseUrl: database.connectionString });
    });
    afterAll(async () => {
      await server?.stop('SIGTERM').catch(() => undefined);
      killAllServers();
      fs.rmSync(canaryFile, { force: true });
      await new Promise((resolve) => listener?.close(resolve));
    });

    const post = async (body: string | Buffer, contentType = 'application/xml'): Promise<Exchange> => {
      const answer = await send(server.baseUrl, 'POST', '/iso18626', {
        body: body as string,
        headers: { 'content-type': contentType },
        timeoutMs: 60_000,
      });
      return {
        status: answer.status,
        body: answer.text,
        contentType: answer.headers.get('content-type') ?? '',
      };
    };

    it('refuses entity expansion and external entities with BadlyFormedMessage, in bounded memory, reading nothing', async () => {
      const pid = server.child.pid as number;
      const target = readSample('crosslink/reqmsg-ok.xml');
      const port = (listener.address() as AddressInfo).port;
      const hostile = [
        withProlog(target.replace(/(<(?:\w+:)?note>)/, '$1&lol9;'), billionLaughs(10, 10)),
        withProlog(target.replace(/(<(?:\w+:)?note>)/, '$1&lol14;'), billionLaughs(15, 20)),
        // Quadratic blow-up: one big entity referenced many times, no nesting.
        withProlog(
          target.replace(/(<(?:\w+:)?note>)/, `$1${'&big;'.repeat(20_000)}`),
          `<!DOCTYPE ISO18626Message [<!ENTITY big "${'x'.repeat(40_000)}">]>`,
        ),
        withProlog(
          target.replace(/(<(?:\w+:)?note>)/, '$1&xxe;'),
          `<!DOCTYPE ISO18626Message [<!ENTITY xxe SYSTEM "file://${canaryFile}">]>`,
        ),
        withProlog(
          target.replace(/(<(?:\w+:)?note>)/, '$1&xxe;'),
          `<!DOCTYPE ISO18626Message [<!ENTITY xxe SYSTEM "http://127.0.0.1:${port}/xxe">]>`,
        ),
        withProlog(
          target,
          `<!DOCTYPE ISO18626Message [<!ENTITY % dtd SYSTEM "http://127.0.0.1:${port}/evil.dtd"> %dtd;]>`,
        ),
        withProlog(target, `<!DOCTYPE ISO18626Message SYSTEM "http://127.0.0.1:${port}/external.dtd">`),
      ];
      // Not DTDs, so not refused as such, but nothing they name may be fetched or read either.
      const inert = [
        `<?xml version="1.0"?><?xml-stylesheet href="http://127.0.0.1:${port}/x.xsl"?>${target.replace(/^<\?xml[^>]*\?>/, '')}`,
        target.replace(
          /(<(?:\w+:)?note>)/,
          `$1<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://${canaryFile}" parse="text"/>`,
        ),
      ];
      const before = memoryOf(pid);
      let highest = before.rss;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          highest = Math.max(highest, memoryOf(pid).rss);
          await delay(5);
        }
      })();
      const rounds = 25;
      const total = rounds * (hostile.length + inert.length);
      const answers: Exchange[] = [];
      const inertAnswers: Exchange[] = [];
      for (let round = 0; round < rounds; round++) {
        answers.push(...(await Promise.all(hostile.map((body) => post(body)))));
        inertAnswers.push(...(await Promise.all(inert.map((body) => post(body)))));
      }
      sampling = false;
      await sampler;
      const after = memoryOf(pid);
      const growth = Math.max(highest, after.rss, after.peak > before.peak ? after.peak : 0) - before.rss;
      console.log(
        `[faults] ${total} entity and external-reference bodies: RSS ${Math.round(before.rss / MIB)} → ${Math.round(after.rss / MIB)} MiB, highest ${Math.round(highest / MIB)} MiB, peak ${Math.round(before.peak / MIB)} → ${Math.round(after.peak / MIB)} MiB`,
      );
      for (const answer of answers) {
        expect(answer.status, answer.body).toBe(400);
        expect(answer.body).toMatch(/<(\w+:)?errorType>BadlyFormedMessage</);
        expect(answer.body).toMatch(/DOCTYPE/);
      }
      for (const answer of [...answers, ...inertAnswers]) {
        expect(answer.status, answer.body).toBeLessThan(500);
        expect(answer.body).not.toContain(canary);
        expect(answer.body).not.toMatch(/root:x:0:0/);
      }
      expect(connectionsToListener).toBe(0);
      // Fifty megabytes would hold the 40 kB entity 1,250 times over; an expansion would take gigabytes.
      expect(growth).toBeLessThan(50 * MIB);
      const stored = await database.db
        .selectFrom('inbound_message')
        .select('body')
        .where('body', 'like', `%${canary}%`)
        .execute();
      expect(stored).toEqual([]);
    });

    /**
     * Posts a large body with node:http and resolves with the status. It writes 64 KiB at a time and,
     * near the limit, waits a little after each chunk and stops once the answer is in: a server that
     * closes after its 413 resets the connection if unread bytes are still in flight, and the reset
     * can destroy the answer before the client reads it.
     */
    const postLarge = (body: string, options: { contentType?: string; chunked?: boolean } = {}) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${server.baseUrl}/iso18626`);
        const bytes = Buffer.from(body, 'utf8');
        let status: number | undefined;
        const timer = setTimeout(() => {
          request.destroy();
          reject(new Error('no answer within 60 s'));
        }, 60_000);
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: {
              'content-type': options.contentType ?? 'application/xml',
              ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': bytes.length }),
            },
          },
          (response) => {
            status = response.statusCode ?? 0;
            response.resume();
            clearTimeout(timer);
            resolve(status);
          },
        );
        request.on('error', (error) => {
          if (status !== undefined) return; // the server closed after answering
          clearTimeout(timer);
          reject(new Error(`the connection failed before an answer: ${error.message}`));
        });
        request.flushHeaders();
        void (async () => {
          await delay(50);
          for (let offset = 0; offset < bytes.length && status === undefined; offset += 64 * 1024) {
            if (request.destroyed) return;
            if (!request.write(bytes.subarray(offset, offset + 64 * 1024))) {
              await new Promise((drained) => request.once('drain', drained));
            }
            if (offset > ISO18626_BODY_LIMIT / 2) await delay(20);
          }
          if (status === undefined && !request.destroyed) request.end();
        })();
      });

    it('answers 413 to oversized bodies, declared or streamed, and stays up', async () => {
      const pid = server.child.pid as number;
      const before = memoryOf(pid);
      const sample = readSample('crosslink/request-loaned.xml');
      // A comment after the root element pads a real message to any size.
      const padded = (bytes: number) =>
        `${sample}<!--${'x'.repeat(Math.max(0, bytes - sample.length - 7))}-->`;
      expect(await postLarge(padded(ISO18626_BODY_LIMIT + 1))).toBe(413);
      expect(await postLarge(padded(10 * MIB))).toBe(413);
      expect(await postLarge(padded(2 * MIB), { contentType: 'text/xml' })).toBe(413);
      // No declared length: chunks streamed until the server refuses, 64 MiB at most.
      expect(await postLarge(padded(64 * MIB), { chunked: true })).toBe(413);
      const atLimit = await post(padded(ISO18626_BODY_LIMIT - 1024));
      expect(atLimit.status).toBeLessThan(500);
      expect(atLimit.status).not.toBe(413);
      const after = memoryOf(pid);
      expect(after.rss - before.rss).toBeLessThan(100 * MIB);
      const health = await send(server.baseUrl, 'GET', '/health');
      expect(health.status).toBe(200);
    });

    it(`answers ${FAULT_BUDGET.mutations.overHttp} mutated samples over HTTP like in-process, and logs no server error`, async () => {
      const { overHttp, deadlineMs } = FAULT_BUDGET.mutations;
      const deadline = Date.now() + deadlineMs;
      const failures: string[] = [];
      let next = 0;
      let done = 0;
      const worker = async () => {
        while (next < overHttp && Date.now() < deadline && failures.length < 20) {
          // Other indexes than the in-process run: new bodies, same generator.
          const index = 10_000_000 + next++;
          const posted = mutatedBody(SAMPLES, SEED, index);
          const answer = await post(posted.body, index % 3 === 0 ? 'text/xml' : 'application/xml');
          const problem = problemWith(posted, answer);
          if (problem !== null) failures.push(describeFailure(posted, index, problem));
          done++;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      expect(failures).toEqual([]);
      expect(done).toBe(overHttp);
      // Not ISO 18626 at all: other media types are refused with a 4xx.
      for (const type of ['application/json', 'text/plain', 'application/octet-stream']) {
        const answer = await post('{"request":{}}', type);
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
      expect(server.child.exitCode).toBeNull();
      expect((await send(server.baseUrl, 'GET', '/health')).status).toBe(200);
      const errors = server
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":50') || line.includes('"level":60'));
      expect(errors.slice(0, 3)).toEqual([]);
    });
  });
});
