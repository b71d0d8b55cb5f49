import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { RoutePlugin } from './route-plugin.ts';

/** Where `vite build` puts the web client (see vite.config.ts). */
export const WEB_BUILD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

/** The client-side routes: each answers with the app's index.html and the app routes from there. */
const APP_PATHS = ['/', '/opac', '/opac/*', '/staff', '/staff/*'];

/** Only this origin's scripts, styles and connections; never framed. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Interlend</title></head>
<body><main><h1>Interlend</h1>
<p>The web client has not been built. Run <code>npm run build:web</code> (<code>npm install</code> and <code>npm start</code> build it), then reload.</p>
<p>The API is running: see <a href="/docs">the API documentation</a>.</p></main></body></html>`;

/**
 * The web client: the OPAC under `/opac/<library>` and the staff client under `/staff`, one React
 * app built by Vite. Hashed assets are cached for good; index.html never, so that a new build shows
 * on the next load.
 */
export const webRoutes: RoutePlugin = async (app) => {
  const indexFile = path.join(WEB_BUILD_DIR, 'index.html');
  const assetsDir = path.join(WEB_BUILD_DIR, 'assets');
  if (existsSync(assetsDir)) {
    await app.register(fastifyStatic, {
      root: assetsDir,
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      setHeaders: (response) => response.header('cache-control', 'public, max-age=31536000, immutable'),
    });
  }
  const favicon = path.join(WEB_BUILD_DIR, 'favicon.svg');
  app.get('/favicon.svg', { schema: { hide: true } }, async (_request, reply) => {
    if (!existsSync(favicon)) return reply.status(404).send();
    return reply
      .header('content-type', 'image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .send(readFileSync(favicon));
  });
  for (const url of APP_PATHS) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .send(existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : NOT_BUILT),
    );
  }
};
