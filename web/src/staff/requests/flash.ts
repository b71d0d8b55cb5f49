/**
 * A message that outlives a navigation: "Request ILL-57 created." shown on the page the user is taken
 * to. Set before navigating, taken (and so cleared) once by the next page.
 */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
