import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Kysely } from 'kysely';
import { registerAuth } from '../auth/auth.plugin.ts';
import { SECURITY_SCHEMES } from '../auth/openapi.ts';
import type { Database } from '../db/schema.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { VERSION } from '../version.ts';
import { registerErrorHandling } from './error-handler.ts';
import { routes as defaultRoutes, type RoutePlugin } from './routes/index.ts';
import { createServices, type Services } from './services.ts';

/** The Fastify instance type Interlend uses: default server types plus the TypeBox type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Largest request body accepted, in bytes. ISO 18626 messages and forms are far smaller. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Options of {@link buildApp}. */
export interface AppOptions {
  db: Kysely<Database>;
  /** Request and error logging; silent when omitted (tests). */
  logger?: Logger;
  /** Maximum request body size in bytes. Default {@link DEFAULT_BODY_LIMIT}. */
  bodyLimit?: number;
  /** Services to use instead of those built over `db` (tests). */
  services?: Services;
  /** The database's connection string, for live updates when `services` is not given. */
  connectionString?: string;
  /** Route plugins to register instead of the default list (tests). */
  routes?: readonly RoutePlugin[];
}

/**
 * Builds the HTTP application without listening: OpenAPI document and Swagger UI, the error
 * handler, and every route plugin. The caller owns `db` and closes it after `app.close()`.
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const app: App = Fastify({
    loggerInstance: options.logger ?? silentLogger(),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Fastify's default (72 s) outlives most load balancers' idle timeouts; keep sockets shorter.
    keepAliveTimeout: 10_000,
    ajv: {
      customOptions: {
        // Refuse unknown fields with a 400 naming them, rather than silently dropping a misspelt one.
        removeAdditional: false,
        // Report every problem at once, so a form can mark all its bad fields.
        allErrors: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Interlend',
        version: VERSION,
        description:
          'Interlibrary loan management: request management for staff and patrons, and an ISO 18626 ' +
          'transaction engine between borrowing and supplying libraries.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      tags: [{ name: 'operations', description: 'Health and service information' }],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    convertConstToEnum: false,
    refResolver: {
      // Name shared schemas after their $id (ErrorResponse) instead of def-0, def-1, ...
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const services =
    options.services ??
    createServices(options.db, {
      ...(options.connectionString === undefined ? {} : { connectionString: options.connectionString }),
    });
  app.addHook('onClose', async () => services.changes.close());
  // Resolves request.principal (session cookie or API token) and checks CSRF before any route.
  await registerAuth(app, { auth: services.auth });
  for (const plugin of options.routes ?? defaultRoutes) {
    await app.register(plugin, { services });
  }
  return app;
}
