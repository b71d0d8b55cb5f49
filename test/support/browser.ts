/// <reference lib="dom" />
// Code in page.evaluate callbacks runs in the browser and uses DOM types.
/**
 * Browser tests: headless Chromium (Debian's, driven by playwright-core) against a real Interlend
 * server process with the demo consortium, on a fresh database of the run's embedded PostgreSQL.
 * Screenshots go to `test-artifacts/screenshots/`; axe-core checks pages for accessibility.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFreshDatabase, dropDatabase } from './databases.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where screenshots of browser tests are saved. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-artifacts/screenshots');

/** The demo consortium's logins (see src/demo/demo-data.ts). */
export const DEMO = {
  staffPassword: 'interlend-demo',
  patronPin: '1234',
  north: {
    symbol: 'ILN-NORTH',
    name: 'Northbridge University Library',
    admin: 'north-admin',
    ill: 'north-ill',
  },
  south: { symbol: 'ILN-SOUTH', name: 'Southport City Library', admin: 'south-admin', ill: 'south-ill' },
  east: { symbol: 'ILN-EAST', name: 'Eastfield College Library', admin: 'east-admin', ill: 'east-ill' },
  west: { symbol: 'ILN-WEST', name: 'Westmere Public Library', admin: 'west-admin', ill: 'west-ill' },
} as const;

/** What a browser suite gets: the server, the browser, and helpers bound to them. */
export interface BrowserSuite {
  /** e.g. `http://127.0.0.1:41234` */
  readonly baseUrl: string;
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** The suite's database, e.g. to check what the browser did. */
  readonly databaseUrl: string;
  /** A fresh, isolated browser context (its own cookies), closed after the suite. */
  newContext(): Promise<BrowserContext>;
  /** A new page in a fresh context. */
  newPage(): Promise<Page>;
}

/**
 * Declares a browser suite: one server process with the demo data and one Chromium for all its
 * tests. Without Chromium the suite is skipped, except under CI=true where that is a failure.
 */
export function describeInBrowser(name: string, fn: (suite: BrowserSuite) => void): void {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it('has Chromium installed, as CI requires', () => {
          throw new Error(
            `No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH).`,
          );
        });
      });
    } else {
      describe.skip(`${name} (no Chromium at ${CHROMIUM_PATH})`, () => fn(unavailableSuite()));
    }
    return;
  }

  describe(name, () => {
    let server: ServerProcess | undefined;
    let browser: Browser | undefined;
    let database: { name: string; connectionString: string } | undefined;
    const contexts: BrowserContext[] = [];
    const adminUrl = inject('embeddedAdminUrl');

    beforeAll(async () => {
      database = await createFreshDatabase(adminUrl);
      server = await startServerProcess({ databaseUrl: database.connectionString, timeoutMs: 120_000 });
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
      await loadAppOnce(browser, server.baseUrl);
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await server?.stop('SIGTERM');
      if (database !== undefined) await dropDatabase(adminUrl, database.name);
    }, 60_000);

    const ready = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`The browser suite's ${what} is used outside a test.`);
      return value;
    };
    const suite: BrowserSuite = {
      get baseUrl() {
        return ready(server, 'server').baseUrl;
      },
      get server() {
        return ready(server, 'server');
      },
      get browser() {
        return ready(browser, 'browser');
      },
      get databaseUrl() {
        return ready(database, 'database').connectionString;
      },
      async newContext() {
        const context = await ready(browser, 'browser').newContext({
          baseURL: ready(server, 'server').baseUrl,
          viewport: { width: 1366, height: 900 },
          locale: 'en-GB',
          timezoneId: 'UTC',
        });
        context.setDefaultTimeout(15_000);
        contexts.push(context);
        return context;
      },
      async newPage() {
        return (await suite.newContext()).newPage();
      },
    };
    fn(suite);
  });
}

/**
 * Loads the staff client once, until its login form shows, before a suite's tests. The first page
 * a fresh Chromium renders, compiling the web bundle for the first time, costs about three times
 * what the next one does (0.6 s against 0.2 s, measured on an idle machine): that belongs to the
 * suite's start, with its budget, not to its first test's 15-second steps. A server without a
 * built web client fails here, saying so, rather than as a field missing from a test's page.
 */
async function loadAppOnce(browser: Browser, baseUrl: string): Promise<void> {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const page = await context.newPage();
    const response = await page.goto('/staff', { timeout: 60_000 });
    if ((await response?.text())?.includes('has not been built') === true) {
      throw new Error('The server has no built web client in dist/web: run `npm run build:web`.');
    }
    await page.getByLabel('Username').waitFor({ timeout: 60_000 });
  } finally {
    await context.close();
  }
}

function unavailableSuite(): BrowserSuite {
  const fail = (): never => {
    throw new Error('Chromium is not available');
  };
  return {
    get baseUrl() {
      return fail();
    },
    get server() {
      return fail();
    },
    get browser() {
      return fail();
    },
    get databaseUrl() {
      return fail();
    },
    newContext: fail,
    newPage: fail,
  };
}

/** Saves a full-page screenshot as `test-artifacts/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** One accessibility problem axe-core found, shortened for a readable assertion message. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules and best practices) on the page as it is now and returns
 * its violations.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await fs.readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, so the page's strict CSP does not block it.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}

/** Asserts that axe-core finds nothing wrong with the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `accessibility of ${what}`).toEqual([]);
}

/** Logs a demo staff user in through the staff client's login form. */
export async function logInAsStaff(page: Page, username: string, password: string = DEMO.staffPassword) {
  await page.goto('/staff');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}
