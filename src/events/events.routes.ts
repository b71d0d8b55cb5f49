/**
 * `GET /api/events`: server-sent events telling an open screen that a request it may show has
 * changed, whoever changed it (a colleague, a partner's message, a timer, another process). Staff
 * hear about their library's requests, patrons about their own. Events carry ids only; the client
 * re-reads through the ordinary, authorised endpoints.
 */
import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import type { Principal } from '../auth/principal.ts';
import { UnauthenticatedError } from '../errors.ts';
import type { RoutePlugin } from '../server/routes/route-plugin.ts';
import type { ChangeEvent } from './change-feed.ts';

/** A comment line every so often keeps proxies and the browser from timing the stream out. */
const HEARTBEAT_MS = 20_000;
/**
 * Streams end after this long and the browser reconnects on its own (EventSource does), so that a
 * logged-out or expired session stops receiving events soon after.
 */
const STREAM_LIFETIME_MS = 10 * 60_000;
/** How long the browser waits before reconnecting, sent as the stream's `retry`. */
const RETRY_MS = 3_000;

/** Whether a principal may hear about a change. */
export function mayHear(principal: Principal, event: ChangeEvent): boolean {
  if (event.kind === 'resync') return principal.kind !== 'anonymous';
  if (principal.kind === 'staff') return principal.libraryId === event.libraryId;
  if (principal.kind === 'patron') return event.patronId === principal.patronId;
  return false;
}

/** The wire form of an event. */
export function formatEvent(event: ChangeEvent): string {
  if (event.kind === 'resync') return 'event: resync\ndata: {}\n\n';
  return `event: request\ndata: ${JSON.stringify({ requestId: event.requestId })}\n\n`;
}

export const eventRoutes: RoutePlugin = async (app, { services }) => {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  app.get(
    '/api/events',
    {
      schema: {
        summary: 'Live changes to requests you can see (server-sent events)',
        description:
          'A `text/event-stream`. `event: request` with `data: {"requestId": …}` when a request changed (status, details, rota, notes, messages); `event: resync` when changes may have been missed, so re-read everything shown. Staff receive their library’s requests, patrons their own. The stream ends every few minutes; EventSource reconnects by itself.',
        tags: ['events'],
        produces: ['text/event-stream'],
        response: {
          200: Type.String({ description: 'The event stream.' }),
          401: Type.Ref('ErrorResponse', { description: 'Not logged in.' }),
          503: Type.Ref('ErrorResponse', { description: 'Live updates are not available.' }),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind === 'anonymous') throw new UnauthenticatedError('Log in to receive live updates.');

      const response = reply.raw;
      let unsubscribe: (() => void) | null = null;
      const send = (event: ChangeEvent): void => {
        if (mayHear(principal, event)) response.write(formatEvent(event));
      };
      // Subscribe before answering, so that nothing committed after the 200 is missed.
      unsubscribe = await services.changes.subscribe(send);

      reply.hijack();
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.write(`retry: ${RETRY_MS}\n: connected\n\n`);
      open.add(response);

      const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
      const lifetime = setTimeout(() => response.end(), STREAM_LIFETIME_MS);
      const finish = (): void => {
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        open.delete(response);
        unsubscribe?.();
        unsubscribe = null;
      };
      response.on('close', finish);
      request.raw.on('close', () => {
        if (!response.writableEnded) response.end();
      });
    },
  );
};
