/**
 * Helpers of the staff request-work browser tests: the API as a logged-in staff user (to check what
 * the pages show against it, and to change things as a colleague would from another session), and
 * waiting for the page to catch up.
 */
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO } from '../support/browser.ts';

export interface StaffApi {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

function staffApi(request: APIRequestContext, csrfToken: string): StaffApi {
  return {
    async get<T>(path: string): Promise<T> {
      const response = await request.get(path);
      expect(response.status(), `GET ${path}: ${await response.text()}`).toBe(200);
      return (await response.json()) as T;
    },
    async post<T>(path: string, body: unknown): Promise<T> {
      const response = await request.post(path, { data: body, headers: { 'x-csrf-token': csrfToken } });
      expect(response.status(), `POST ${path}: ${await response.text()}`).toBeLessThan(300);
      return (await response.json()) as T;
    },
  };
}

/** The API as `username`, logged in through its own browser context: a colleague's session. */
export async function apiSessionOf(context: BrowserContext, username: string): Promise<StaffApi> {
  const login = await context.request.post('/api/auth/staff/login', {
    data: { username, password: DEMO.staffPassword },
  });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return staffApi(context.request, csrfToken);
}

/** The API with the session of the user logged in on `page` (reads only). */
export function apiOfPage(page: Page): StaffApi {
  return staffApi(page.request, '');
}

/** Waits until the page's live updates are flowing, so that a change made now reaches it. */
export async function liveUpdatesOn(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();
}

/** Waits until `read` gives `expected`, as the page catches up with a change. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeout = 15_000): Promise<void> {
  await expect.poll(read, { timeout, interval: 200 }).toEqual(expected);
}

export interface ListItem {
  id: string;
  reference: string;
  title: string;
  currentTransaction: { state: string; partner: { symbol: string } | null } | null;
}
export interface ListPage {
  items: ListItem[];
  nextCursor: string | null;
  total: { value: number; relation: string } | null;
}

/** The references in the rows of the request list's table, in order. */
export async function listedReferences(page: Page): Promise<string[]> {
  return page.locator('table.staff-table tbody tr td:first-child a').allTextContents();
}
