import net from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { ConflictError } from '../../src/errors.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import { routes } from '../../src/server/routes/index.ts';
import type { RoutePlugin } from '../../src/server/routes/route-plugin.ts';
import { describeEachDatabase } from '../support/databases.ts';

/** A port on 127.0.0.1 that nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Routes that exist only in this test, to exercise validation and error mapping. */
const testRoutes: RoutePlugin = async (app) => {
  app.post(
    '/test/libraries',
    {
      schema: {
        body: Type.Object({
          symbol: Type.String({ minLength: 1 }),
          address: Type.Optional(Type.Object({ city: Type.String({ minLength: 2 }) })),
        }),
      },
    },
    async (request) => ({ symbol: request.body.symbol }),
  );
  app.get('/test/conflict', async () => {
    throw new ConflictError('Symbol ILN-NORTH is taken', { field: 'symbol' });
  });
  app.get('/test/crash', async () => {
    throw new Error('secret connection string postgres://admin:hunter2@db');
  });
};

describeEachDatabase('GET /health', (database) => {
  let app: App;
  beforeAll(async () => {
    app = await buildApp({ db: database.db });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 200 with status ok when the database answers', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('the HTTP application', () => {
  let app: App;
  let db: ReturnType<typeof createDatabase>;

  beforeAll(async () => {
    // Nothing listens there, so every query fails as with a database that is down.
    db = createDatabase(`postgres://interlend:x@127.0.0.1:${await closedPort()}/interlend`, {
      connectionTimeoutMs: 2_000,
    });
    app = await buildApp({ db, bodyLimit: 1024, routes: [...routes, testRoutes] });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('answers GET /health with 503 and the error body when the database is unreachable', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: {
        code: 'unavailable',
        message: 'The database is unreachable',
        details: { database: 'unreachable' },
      },
    });
  });

  it('serves a valid OpenAPI 3.1 document that describes /health', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info.title).toBe('Interlend');
    expect(Object.keys(document.paths['/health'].get.responses).sort()).toEqual(['200', '503']);
    expect(document.components.schemas.ErrorResponse).toBeDefined();
  });

  it('serves the Swagger UI as HTML at /docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('swagger-ui');
  });

  it('serves the web client at /, /opac/… and /staff/… with a strict content security policy', async () => {
    for (const url of ['/', '/opac/ILN-NORTH/requests', '/staff/requests?queue=borrowing.new']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.body).toContain('<div id="root"></div>');
    }
  });

  it('answers an unknown route with 404 and the error body', async () => {
    const response = await app.inject({ method: 'GET', url: '/no/such/thing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /no/such/thing' },
    });
  });

  it('names the missing field when request validation fails', async () => {
    const response = await app.inject({ method: 'POST', url: '/test/libraries', payload: {} });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain('body.symbol');
    expect(error.details.issues).toEqual([
      { field: 'body.symbol', rule: 'required', message: "body.symbol must have required property 'symbol'" },
    ]);
  });

  it('names a nested field that breaks a rule', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/libraries',
      payload: { symbol: 'ILN-NORTH', address: { city: 'X' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({
      field: 'body.address.city',
      rule: 'minLength',
    });
  });

  it('answers malformed JSON with 400 validation_failed', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/libraries',
      headers: { 'content-type': 'application/json' },
      payload: '{"symbol":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/libraries',
      payload: { symbol: 'x'.repeat(2048) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('maps an application error to its status, code and details', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/conflict' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: { code: 'conflict', message: 'Symbol ILN-NORTH is taken', details: { field: 'symbol' } },
    });
  });

  it('hides the message and stack of an unexpected error', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(response.body).not.toMatch(/hunter2|secret|at .*\.ts/);
  });
});

describe('the OpenAPI document', () => {
  /** Routes the document leaves out on purpose: the web client's pages and assets, not an API. */
  const WEB_CLIENT = ['/', '/assets/*', '/favicon.svg', '/opac', '/opac/*', '/staff', '/staff/*'];

  /** Operations that take nothing in their body: the method and path say all there is to do. */
  const BODYLESS = new Set([
    'POST /api/auth/logout',
    'POST /api/mail/smtp/verify',
    'POST /api/mail/:id/send',
    'POST /api/requests/:id/messages/:messageId/retry',
    'POST /api/requests/:id/messages/:messageId/set-aside',
  ]);

  /** Known gaps, each with what is missing; the test fails once one is closed, so that it leaves this list. */
  const GAPS: Record<string, string[]> = {};

  interface RegisteredRoute {
    method: string;
    url: string;
    hidden: boolean;
  }

  interface Operation {
    parameters?: { in: string; name: string; schema?: unknown }[];
    requestBody?: { content?: Record<string, { schema?: unknown }> };
    responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  }

  let registered: RegisteredRoute[];
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    registered = [];
    // A plugin that is not encapsulated (skip-override), registered first, puts its onRoute hook on
    // the root, so that it sees every route of every plugin as it is registered.
    const collector: RoutePlugin = async (instance) => {
      instance.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) {
          registered.push({
            method,
            url: route.url,
            hidden: (route.schema as { hide?: boolean } | undefined)?.hide === true,
          });
        }
      });
    };
    Object.assign(collector, { [Symbol.for('skip-override')]: true });
    // The document is built from the routes alone: no query reaches the database.
    const db = createDatabase('postgres://interlend:x@127.0.0.1:9/interlend', { connectionTimeoutMs: 500 });
    const app = await buildApp({ db, routes: [collector, ...routes] });
    paths = (await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
    await app.close();
    await db.destroy();
  });

  /** What the operation of a route leaves undescribed. */
  function missing(route: RegisteredRoute): string[] {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const operation = paths[path]?.[route.method.toLowerCase()];
    if (operation === undefined) return ['operation'];
    const gaps: string[] = [];
    for (const [, name] of route.url.matchAll(/:(\w+)/g)) {
      const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
      if (parameter?.schema === undefined) gaps.push(`path parameter ${name}`);
    }
    const key = `${route.method} ${route.url}`;
    if (['POST', 'PUT', 'PATCH'].includes(route.method) && !BODYLESS.has(key)) {
      const content = Object.values(operation.requestBody?.content ?? {});
      if (content.length === 0 || content.some((media) => media.schema === undefined))
        gaps.push('request body');
    }
    const responses = Object.entries(operation.responses ?? {});
    const successes = responses.filter(([status]) => status.startsWith('2'));
    if (successes.length === 0) gaps.push('a success response');
    for (const [status, response] of responses) {
      if (status === '204') continue;
      const content = Object.values(response.content ?? {});
      if (content.length === 0 || content.some((media) => media.schema === undefined))
        gaps.push(`response ${status}`);
    }
    return gaps;
  }

  it('describes every route the app registers, with its parameters, request body and responses', () => {
    const api = registered.filter((route) => route.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(50);
    // Only the web client is left out (its assets only once it is built).
    const hidden = api.filter((route) => route.hidden).map((route) => route.url);
    expect(hidden.filter((url) => !WEB_CLIENT.includes(url))).toEqual([]);
    expect(hidden).toEqual(expect.arrayContaining(WEB_CLIENT.filter((url) => url !== '/assets/*')));

    const found: Record<string, string[]> = {};
    for (const route of api.filter((candidate) => !candidate.hidden)) {
      const gaps = missing(route);
      if (gaps.length > 0) found[`${route.method} ${route.url}`] = gaps;
    }
    expect(found).toEqual(GAPS);
  });

  it('takes no body on the operations said to need none', () => {
    for (const key of BODYLESS) {
      const [method, url] = key.split(' ') as [string, string];
      const operation = paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      expect({ key, documented: operation !== undefined, body: operation?.requestBody }).toEqual({
        key,
        documented: true,
        body: undefined,
      });
    }
  });
});
