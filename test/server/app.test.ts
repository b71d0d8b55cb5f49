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
