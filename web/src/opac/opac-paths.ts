/** Addresses of the OPAC's pages, under `/opac/<symbol>`. */

/** `/opac/ILN-NORTH`, `/opac/ILN-NORTH/requests/…` */
export function opacPath(symbol: string, ...parts: string[]): string {
  const base = `/opac/${encodeURIComponent(symbol)}`;
  return parts.length === 0 ? base : `${base}/${parts.map(encodeURIComponent).join('/')}`;
}

/** The login page, which returns to `next` once the patron has logged in. */
export function loginPath(symbol: string, next?: string): string {
  const login = opacPath(symbol, 'login');
  return next === undefined ? login : `${login}?next=${encodeURIComponent(next)}`;
}

/**
 * Where to go after logging in: `next` if it is a page of this library's OPAC (never another site,
 * nor another library), else the library's landing page.
 */
export function safeNext(symbol: string, next: string | null): string {
  const base = opacPath(symbol);
  if (next === null || next.startsWith('//') || next.includes('\\')) return base;
  if (next === base || next.startsWith(`${base}/`) || next.startsWith(`${base}?`)) return next;
  return base;
}
