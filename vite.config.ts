import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web client (OPAC and staff client) lives in `web/` and builds to `dist/web`, which the
 * Interlend server serves. `npx vite` serves it with hot reload and sends API calls to a server
 * started separately on port 3000.
 */
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/iso18626': 'http://127.0.0.1:3000',
      '/health': 'http://127.0.0.1:3000',
    },
  },
});
