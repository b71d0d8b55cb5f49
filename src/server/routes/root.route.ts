import type { RoutePlugin } from './route-plugin.ts';

/**
 * `GET /`: until the web interface exists, send visitors to the API documentation. Replace this
 * plugin when the UI is served from `/`.
 */
export const rootRoutes: RoutePlugin = async (app) => {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs', 302));
};
