/**
 * Fault test: the authorisation matrix. EVERY route the app registers (found with Fastify's onRoute
 * hook, so a new route without a classification here fails the test) is called by every role:
 * anonymous, two patrons of library A, a patron of library B, staff of A with each permission set,
 * staff of B with every permission and an API token of B with every permission. Resources belong to
 * library A. Each call must get the status its classification says; a refused call (and any call by
 * someone outside library A) must leave library A's data exactly as it was; and no answer to anyone
 * outside A's staff may carry A's private data (canary strings planted in it), except a patron's own.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { BUILTIN_QUEUE_IDS } from '../../src/queues/queue-definitions.ts';
import { buildApp } from '../../src/server/app.ts';
import { routes } from '../../src/server/routes/index.ts';
import type { RoutePlugin } from '../../src/server/routes/index.ts';
import type { App } from '../../src/server/app.ts';
import { createServices } from '../../src/server/services.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  createApiToken,
  createLibrary,
  createPatron,
  createStaffUser,
  DEFAULT_PATRON_SECRET,
  loginPatron,
  loginStaff,
} from '../support/factories.ts';

// --- Roles ---------------------------------------------------------------------------------------

const STAFF_A_PERMISSION_SETS = {
  'staff A (no permission)': [],
  'staff A (ill)': ['ill'],
  'staff A (configure)': ['configure'],
  'staff A (manage-users)': ['manage-users'],
  'staff A (all)': ['ill', 'configure', 'manage-users'],
} as const satisfies Record<string, readonly string[]>;

type StaffARole = keyof typeof STAFF_A_PERMISSION_SETS;
type Role =
  | 'anonymous'
  | 'patron A1'
  | 'patron A2'
  | 'patron B'
  | StaffARole
  | 'staff B (all)'
  | 'API token of B (all)';

const ROLES: readonly Role[] = [
  'anonymous',
  'patron A1',
  'patron A2',
  'patron B',
  ...(Object.keys(STAFF_A_PERMISSION_SETS) as StaffARole[]),
  'staff B (all)',
  'API token of B (all)',
];

function isStaffA(role: Role): role is StaffARole {
  return role in STAFF_A_PERMISSION_SETS;
}

const isOutsider = (role: Role) => role === 'staff B (all)' || role === 'API token of B (all)';
const isPatron = (role: Role) => role.startsWith('patron');

// --- Classifications -----------------------------------------------------------------------------

/**
 * Who may call a route:
 * - `public`: everyone, logged in or not;
 * - `staff`: staff holding one of `anyOf` (any staff when empty); `resource` routes name one of A's
 *   things (B's staff must get `cross`, by default 404), `library` routes work on the caller's own
 *   library (B's staff succeed there, on B's data, unless `cross` says otherwise);
 * - `patron`: logged-in patrons; `own` routes name patron A1's request (others get 404), `self`
 *   routes are the caller's own page;
 * - `signed-in`: anyone logged in (session or token);
 * - `partner`: ISO 18626 partners, by their own credential: a session or token grants nothing.
 */
type Access =
  | { kind: 'public'; statuses?: readonly number[] }
  | { kind: 'staff'; anyOf: readonly string[]; scope: 'resource' | 'library'; cross?: readonly number[] }
  | { kind: 'patron'; scope: 'own' | 'self' }
  | { kind: 'signed-in' }
  | { kind: 'partner' };

const ILL = ['ill'];
const CONFIGURE = ['configure'];
const USERS = ['manage-users'];
const READERS = ['ill', 'configure'];

/** What one call sends: the path with A's ids filled in, a body, and maybe its own credentials. */
interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Replaces the role's credentials (e.g. a throw-away session to log out). */
  credentials?: Record<string, string>;
}

interface Case {
  access: Access;
  /** Builds the call for a role; may create a fresh resource of A for it. */
  call: (role: Role) => Promise<Call>;
}

// --- The suite -----------------------------------------------------------------------------------

describeEachDatabase('the authorisation matrix', (database) => {
  const db = (): Kysely<Database> => database.db;
  let app: App;
  let baseUrl: string;
  const credentials = new Map<Role, Record<string, string>>();
  const registered: { method: string; url: string }[] = [];
  const canary = {
    staff: `canarystaff${randomBytes(5).toString('hex')}`,
    patronA1: `canarypatrona1${randomBytes(5).toString('hex')}`,
    patronA2: `canarypatrona2${randomBytes(5).toString('hex')}`,
    directory: `canarydirectory${randomBytes(5).toString('hex')}`,
  };
  // Library A and its things.
  let libraryA: { id: string; symbol: string };
  let libraryB: { id: string; symbol: string };
  let isoPartnerA: string;
  let emailPartnerA: string;
  let patronA1: { id: string };
  const permissionsOf = (role: Role): readonly string[] =>
    isStaffA(role)
      ? STAFF_A_PERMISSION_SETS[role]
      : isOutsider(role)
        ? ['ill', 'configure', 'manage-users']
        : [];

  const unique = () => randomBytes(4).toString('hex');

  async function staffHeaders(libraryId: string, permissions: readonly string[]) {
    const user = await createStaffUser(db(), {
      libraryId,
      permissions,
      name: libraryId === libraryA.id ? `Staff ${canary.staff}` : 'Staff of B',
    });
    return (await loginStaff(app, user.username, user.password)).headers;
  }

  async function patronHeaders(library: { id: string; symbol: string }, name: string) {
    const patron = await createPatron(db(), { libraryId: library.id, name });
    return { patron, headers: (await loginPatron(app, library.symbol, patron.cardNumber)).headers };
  }

  /** One call in-process; each role calls from an address of its own (rate limits count per address). */
  async function inject(
    method: string,
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
    roleIndex = 0,
  ) {
    return app.inject({
      method: method as 'GET',
      url,
      headers,
      remoteAddress: `127.0.0.${10 + roleIndex}`,
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  }

  /** A borrowing request of A, made by A's staff (all permissions), for patron A1 unless `forPatron` is null. */
  async function requestOfA(options: { forPatron?: string | null; rota?: string[] } = {}): Promise<string> {
    const response = await inject('POST', '/api/requests', credentials.get('staff A (all)') ?? {}, {
      details: {
        type: 'book',
        serviceType: 'loan',
        title: `Request ${options.forPatron === null ? canary.staff : canary.patronA1} ${unique()}`,
        ...(options.forPatron !== null ? { patronId: options.forPatron ?? patronA1.id } : {}),
      },
      rota: options.rota ?? [isoPartnerA],
      ...(options.rota?.includes(emailPartnerA) ? { backend: 'email' } : {}),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  /** A request patron A1 made themselves. */
  async function patronA1Request(): Promise<string> {
    const response = await inject('POST', '/api/patron/requests', credentials.get('patron A1') ?? {}, {
      details: { type: 'book', serviceType: 'loan', title: `Mine ${canary.patronA1} ${unique()}` },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  async function insertReturning(table: 'partner' | 'pickup_branch', values: Record<string, unknown>) {
    const row = await db()
      .insertInto(table)
      .values(values as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: String(row.id) };
  }

  /** An outbox message of a request of A, failed, ready for "retry now". */
  async function failedMessageOfA(): Promise<{ requestId: string; messageId: string }> {
    const requestId = await requestOfA();
    const confirmed = await inject(
      'POST',
      `/api/requests/${requestId}/actions`,
      credentials.get('staff A (all)') ?? {},
      { action: 'confirm' },
    );
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const message = await db()
      .updateTable('outbox_message')
      .set({ status: 'failed', last_error: 'unreachable' })
      .where('request_id', '=', requestId)
      .returning('id')
      .executeTakeFirstOrThrow();
    return { requestId, messageId: String(message.id) };
  }

  /** A held mail of A: a notice to patron A1 about a request of theirs, as the mail worker renders it. */
  async function heldMailOfA(): Promise<string> {
    const requestId = await patronA1Request();
    const notice = await db()
      .selectFrom('notice')
      .select('id')
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    const mail = await db()
      .insertInto('mail')
      .values({
        library_id: libraryA.id,
        request_id: requestId,
        kind: 'notice',
        notice_id: notice.id,
        to_address: 'reader@mail.example',
        subject: `Your request ${canary.patronA1}`,
        body: 'Placed.',
        status: 'held',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(mail.id);
  }

  const requestDetails = () => ({
    details: { type: 'book', serviceType: 'loan', title: `New ${unique()}` },
  });

  /** Every route, classified. HEAD routes share their GET route's entry. */
  function cases(): Record<string, Case> {
    const fixed =
      (path: string, body?: unknown): Case['call'] =>
      async () => ({ path, body });
    return {
      // Operations, documentation and the web client.
      'GET /health': { access: { kind: 'public' }, call: fixed('/health') },
      'GET /api/workflow': { access: { kind: 'public' }, call: fixed('/api/workflow') },
      'GET /openapi.json': { access: { kind: 'public' }, call: fixed('/openapi.json') },
      'GET /docs': { access: { kind: 'public', statuses: [200, 302] }, call: fixed('/docs') },
      'GET /docs/json': { access: { kind: 'public' }, call: fixed('/docs/json') },
      'GET /': { access: { kind: 'public', statuses: [200, 302] }, call: fixed('/') },
      'GET /opac': { access: { kind: 'public' }, call: fixed('/opac') },
      'GET /opac/*': { access: { kind: 'public' }, call: async () => ({ path: `/opac/${libraryA.symbol}` }) },
      'GET /staff': { access: { kind: 'public' }, call: fixed('/staff') },
      'GET /staff/*': { access: { kind: 'public' }, call: fixed('/staff/requests') },
      // The web client's build may be absent in a test checkout: then these answer 404.
      'GET /favicon.svg': { access: { kind: 'public', statuses: [200, 404] }, call: fixed('/favicon.svg') },
      'GET /assets/*': { access: { kind: 'public', statuses: [200, 404] }, call: fixed('/assets/none.js') },

      // Sessions.
      'POST /api/auth/staff/login': {
        access: { kind: 'public' },
        // A browser holding a session replaces it when it logs in: each role spends a fresh one.
        call: async (role) => {
          const user = await createStaffUser(db(), { libraryId: libraryA.id, permissions: ['ill'] });
          return {
            path: '/api/auth/staff/login',
            body: { username: user.username, password: user.password },
            credentials: await freshCredentials(role),
          };
        },
      },
      'POST /api/auth/patron/login': {
        access: { kind: 'public' },
        call: async (role) => {
          const patron = await createPatron(db(), { libraryId: libraryA.id });
          return {
            path: '/api/auth/patron/login',
            body: { library: libraryA.symbol, cardNumber: patron.cardNumber, secret: DEFAULT_PATRON_SECRET },
            credentials: await freshCredentials(role),
          };
        },
      },
      'POST /api/auth/logout': {
        // Logging out without a session is a harmless no-op.
        access: { kind: 'public' },
        // Each role logs out a session of its own kind made for the purpose (a token has none).
        call: async (role) => ({
          path: '/api/auth/logout',
          credentials: await freshCredentials(role),
        }),
      },
      'GET /api/auth/me': { access: { kind: 'signed-in' }, call: fixed('/api/auth/me') },
      'GET /api/events': { access: { kind: 'signed-in' }, call: fixed('/api/events') },

      // API tokens, staff users, patrons.
      'POST /api/tokens': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: async () => ({ path: '/api/tokens', body: { name: `Token ${unique()}`, permissions: [] } }),
      },
      'GET /api/tokens': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/tokens'),
      },
      'DELETE /api/tokens/:id': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => {
          const token = await createApiToken(db(), { libraryId: libraryA.id, name: `Token ${canary.staff}` });
          return { path: `/api/tokens/${token.id}` };
        },
      },
      'GET /api/staff-users': {
        access: { kind: 'staff', anyOf: USERS, scope: 'library' },
        call: fixed('/api/staff-users'),
      },
      'POST /api/staff-users': {
        access: { kind: 'staff', anyOf: USERS, scope: 'library' },
        call: async () => ({
          path: '/api/staff-users',
          body: { username: `new-${unique()}`, name: 'New colleague', password: 'a long enough password' },
        }),
      },
      'GET /api/staff-users/:id': {
        access: { kind: 'staff', anyOf: USERS, scope: 'resource' },
        call: async () => ({ path: `/api/staff-users/${(await staffUserOfA()).id}` }),
      },
      'PATCH /api/staff-users/:id': {
        access: { kind: 'staff', anyOf: USERS, scope: 'resource' },
        call: async () => ({
          path: `/api/staff-users/${(await staffUserOfA()).id}`,
          body: { name: 'Renamed' },
        }),
      },
      'GET /api/patrons': {
        access: { kind: 'staff', anyOf: ['ill', 'manage-users'], scope: 'library' },
        call: fixed('/api/patrons'),
      },
      'POST /api/patrons': {
        access: { kind: 'staff', anyOf: USERS, scope: 'library' },
        call: async () => ({
          path: '/api/patrons',
          body: {
            cardNumber: `9${Date.now()}${randomBytes(2).readUInt16BE()}`,
            name: 'New reader',
            secret: '2468',
          },
        }),
      },
      'GET /api/patrons/:id': {
        access: { kind: 'staff', anyOf: ['ill', 'manage-users'], scope: 'resource' },
        call: fixed(`/api/patrons/__patronA1__`),
      },
      'PATCH /api/patrons/:id': {
        access: { kind: 'staff', anyOf: USERS, scope: 'resource' },
        call: fixed(`/api/patrons/__patronA1__`, { category: 'STAFFCHANGED' }),
      },
      'GET /api/patron/me': { access: { kind: 'patron', scope: 'self' }, call: fixed('/api/patron/me') },
      'PATCH /api/patron/me': {
        access: { kind: 'patron', scope: 'self' },
        call: fixed('/api/patron/me', { emailNotices: true }),
      },

      // Library configuration.
      'GET /api/library/settings': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/library/settings'),
      },
      'GET /api/backends': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/backends'),
      },
      'PATCH /api/library/settings': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/library/settings', { defaultDaysToRespond: 6 }),
      },
      'GET /api/library/pickup-branches': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/library/pickup-branches'),
      },
      'POST /api/library/pickup-branches': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: async () => ({
          path: '/api/library/pickup-branches',
          body: { code: `B${unique()}`.toUpperCase(), name: 'Branch' },
        }),
      },
      'PATCH /api/library/pickup-branches/:id': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => ({
          path: `/api/library/pickup-branches/${await branchOfA()}`,
          body: { name: 'Renamed' },
        }),
      },
      'DELETE /api/library/pickup-branches/:id': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => ({ path: `/api/library/pickup-branches/${await branchOfA()}` }),
      },
      'GET /api/partners': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/partners'),
      },
      'POST /api/partners': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: async () => ({
          path: '/api/partners',
          body: { symbol: `P-${unique()}`.toUpperCase(), name: 'New partner', protocol: 'manual' },
        }),
      },
      'POST /api/partners/import': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: async () => ({
          path: '/api/partners/import',
          body: {
            csv: `cardnumber,surname,email\nIMP-${unique().toUpperCase()},Imported,ill@imported.example\n`,
            dryRun: true,
          },
        }),
      },
      'GET /api/partners/:id': {
        access: { kind: 'staff', anyOf: READERS, scope: 'resource' },
        call: async () => ({ path: `/api/partners/${isoPartnerA}` }),
      },
      'PATCH /api/partners/:id': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => ({ path: `/api/partners/${await partnerOfA()}`, body: { daysToRespond: 7 } }),
      },
      'DELETE /api/partners/:id': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => ({ path: `/api/partners/${await partnerOfA()}` }),
      },
      'GET /api/library/custom-statuses': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/library/custom-statuses'),
      },
      'POST /api/library/custom-statuses': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: async () => ({
          path: '/api/library/custom-statuses',
          body: { code: `S${unique()}`.toUpperCase(), label: 'Status' },
        }),
      },
      'PATCH /api/library/custom-statuses/:code': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => ({
          path: `/api/library/custom-statuses/${await statusOfA()}`,
          body: { label: 'Renamed' },
        }),
      },
      'DELETE /api/library/custom-statuses/:code': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => ({ path: `/api/library/custom-statuses/${await statusOfA()}` }),
      },
      'GET /api/library/local-actions': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/library/local-actions'),
      },
      'POST /api/library/local-actions': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: async () => ({
          path: '/api/library/local-actions',
          body: { id: `act-${unique()}`, name: 'Local action', party: 'requester' },
        }),
      },
      'PATCH /api/library/local-actions/:id': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => ({
          path: `/api/library/local-actions/${await localActionOfA()}`,
          body: { name: 'Renamed' },
        }),
      },
      'DELETE /api/library/local-actions/:id': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'resource' },
        call: async () => ({ path: `/api/library/local-actions/${await localActionOfA()}` }),
      },
      'GET /api/library/action-menu': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/library/action-menu'),
      },
      'PUT /api/library/action-menu': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/library/action-menu', { hidden: [], order: [] }),
      },

      // Requests, staff side.
      'POST /api/requests': {
        // B's staff name A's partner in the rota: no such partner in their library.
        access: { kind: 'staff', anyOf: ILL, scope: 'library', cross: [400, 404] },
        call: async () => ({ path: '/api/requests', body: { ...requestDetails(), rota: [isoPartnerA] } }),
      },
      'GET /api/requests': {
        access: { kind: 'staff', anyOf: ILL, scope: 'library' },
        call: fixed('/api/requests'),
      },
      'GET /api/requests/:id': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({ path: `/api/requests/${await requestOfA()}` }),
      },
      'PATCH /api/requests/:id': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({
          path: `/api/requests/${await requestOfA()}`,
          body: { details: { title: 'Edited' } },
        }),
      },
      'DELETE /api/requests/:id': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({ path: `/api/requests/${await requestOfA()}` }),
      },
      'POST /api/requests/:id/actions': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({
          path: `/api/requests/${await requestOfA()}/actions`,
          body: { action: 'add-private-note', data: { note: 'A note' } },
        }),
      },
      'POST /api/requests/:id/rota': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({
          path: `/api/requests/${await requestOfA()}/rota`,
          body: { partnerIds: [await partnerOfA('iso18626')] },
        }),
      },
      'POST /api/requests/:id/attention/clear': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => {
          const id = await requestOfA();
          await db()
            .updateTable('request')
            .set({
              attention: JSON.stringify({ code: 'cancel_refused_after_end', params: {} }),
            })
            .where('id', '=', id)
            .execute();
          return { path: `/api/requests/${id}/attention/clear`, body: { note: 'Dealt with' } };
        },
      },
      'GET /api/requests/:id/messages': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({ path: `/api/requests/${(await failedMessageOfA()).requestId}/messages` }),
      },
      'POST /api/requests/:id/messages/:messageId/retry': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => {
          const { requestId, messageId } = await failedMessageOfA();
          return { path: `/api/requests/${requestId}/messages/${messageId}/retry` };
        },
      },
      'POST /api/requests/:id/messages/:messageId/set-aside': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => {
          const { requestId, messageId } = await failedMessageOfA();
          return { path: `/api/requests/${requestId}/messages/${messageId}/set-aside` };
        },
      },
      'GET /api/requests/:id/notices': {
        access: { kind: 'staff', anyOf: READERS, scope: 'resource' },
        call: async () => ({ path: `/api/requests/${await patronA1Request()}/notices` }),
      },
      'POST /api/requests/:id/partner-emails/preview': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({
          path: `/api/requests/${await requestOfA({ rota: [emailPartnerA] })}/partner-emails/preview`,
          body: { partnerIds: [emailPartnerA] },
        }),
      },
      'POST /api/lending/requests': {
        // B's staff name A's partner: no such partner in their library.
        access: { kind: 'staff', anyOf: ILL, scope: 'library', cross: [400, 404] },
        call: async () => ({
          path: '/api/lending/requests',
          body: { partnerId: emailPartnerA, partnerRequestId: `EXT-${unique()}`, ...requestDetails() },
        }),
      },
      'GET /api/queues': {
        access: { kind: 'staff', anyOf: ILL, scope: 'library' },
        call: fixed('/api/queues'),
      },
      'GET /api/saved-queues': {
        access: { kind: 'staff', anyOf: ILL, scope: 'library' },
        call: fixed('/api/saved-queues'),
      },
      'POST /api/saved-queues': {
        access: { kind: 'staff', anyOf: ILL, scope: 'library' },
        call: async () => ({
          path: '/api/saved-queues',
          body: { name: `Queue ${unique()}`, filter: { queue: BUILTIN_QUEUE_IDS[0] } },
        }),
      },
      'PATCH /api/saved-queues/:id': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({
          path: `/api/saved-queues/${await savedQueueOfA()}`,
          body: { name: `R ${unique()}` },
        }),
      },
      'DELETE /api/saved-queues/:id': {
        access: { kind: 'staff', anyOf: ILL, scope: 'resource' },
        call: async () => ({ path: `/api/saved-queues/${await savedQueueOfA()}` }),
      },

      // Requests, patron side.
      'GET /api/patron/requests': {
        access: { kind: 'patron', scope: 'self' },
        call: fixed('/api/patron/requests'),
      },
      'POST /api/patron/requests': {
        access: { kind: 'patron', scope: 'self' },
        call: async () => ({ path: '/api/patron/requests', body: requestDetails() }),
      },
      'GET /api/patron/requests/:id': {
        access: { kind: 'patron', scope: 'own' },
        call: async () => ({ path: `/api/patron/requests/${await patronA1Request()}` }),
      },
      'PATCH /api/patron/requests/:id': {
        access: { kind: 'patron', scope: 'own' },
        call: async () => ({
          path: `/api/patron/requests/${await patronA1Request()}`,
          body: { details: { title: 'Edited by the patron' } },
        }),
      },
      'POST /api/patron/requests/:id/cancel': {
        access: { kind: 'patron', scope: 'own' },
        call: async () => ({
          path: `/api/patron/requests/${await patronA1Request()}/cancel`,
          body: { note: 'No longer needed' },
        }),
      },

      // OPAC, without login.
      'GET /api/opac/libraries': { access: { kind: 'public' }, call: fixed('/api/opac/libraries') },
      'GET /api/opac/libraries/:symbol': {
        access: { kind: 'public' },
        call: async () => ({ path: `/api/opac/libraries/${libraryA.symbol}` }),
      },
      'POST /api/opac/libraries/:symbol/requests': {
        access: { kind: 'public' },
        call: async () => ({
          path: `/api/opac/libraries/${libraryA.symbol}/requests`,
          body: { ...requestDetails(), contact: { name: 'Visitor', email: 'visitor@mail.example' } },
        }),
      },

      // ISO 18626: the partner's credential, never a session or token.
      'POST /iso18626': {
        access: { kind: 'partner' },
        call: async () => ({
          path: '/iso18626',
          headers: { 'content-type': 'application/xml' },
          body: isoMessageToA(),
        }),
      },

      // Notices and mail.
      'GET /api/notices/templates': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/notices/templates'),
      },
      'GET /api/notices/placeholders': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/notices/placeholders'),
      },
      'GET /api/notices/templates/:kind/:name/:language': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/notices/templates/notice/request-placed/en'),
      },
      'PUT /api/notices/templates/:kind/:name/:language': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/notices/templates/notice/request-update/en', {
          subject: 'Your request',
          body: 'Hello {{patron.name}}',
        }),
      },
      'DELETE /api/notices/templates/:kind/:name/:language': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/notices/templates/notice/request-update/en'),
      },
      'POST /api/notices/templates/preview': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/notices/templates/preview', {
          kind: 'notice',
          name: 'request-placed',
          subject: 'Placed',
          body: 'Hello {{patron.name}}',
        }),
      },
      'GET /api/notices/settings': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/notices/settings'),
      },
      'PATCH /api/notices/settings': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/notices/settings', { dueSoonDays: 3 }),
      },
      'GET /api/notices': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/notices'),
      },
      'GET /api/mail/smtp': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/mail/smtp'),
      },
      'PUT /api/mail/smtp': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/mail/smtp', { host: 'smtp.example.invalid', port: 2525, secure: false }),
      },
      'DELETE /api/mail/smtp': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/mail/smtp'),
      },
      'POST /api/mail/smtp/verify': {
        access: { kind: 'staff', anyOf: CONFIGURE, scope: 'library' },
        call: fixed('/api/mail/smtp/verify'),
      },
      'GET /api/mail/outbox': {
        access: { kind: 'staff', anyOf: READERS, scope: 'library' },
        call: fixed('/api/mail/outbox'),
      },
      'POST /api/mail/:id/send': {
        access: { kind: 'staff', anyOf: READERS, scope: 'resource' },
        call: async () => ({ path: `/api/mail/${await heldMailOfA()}/send` }),
      },
    };
  }

  // Fresh things of A for the calls that change or delete them.
  async function staffUserOfA() {
    return createStaffUser(db(), { libraryId: libraryA.id, name: `Colleague ${canary.staff}` });
  }
  async function branchOfA() {
    return (
      await insertReturning('pickup_branch', {
        library_id: libraryA.id,
        code: `BR${unique()}`.toUpperCase(),
        name: 'Branch',
      })
    ).id;
  }
  async function partnerOfA(protocol: 'manual' | 'iso18626' = 'manual') {
    return (
      await insertReturning('partner', {
        library_id: libraryA.id,
        symbol: `PA-${unique()}`.toUpperCase(),
        name: `Partner ${canary.directory}`,
        protocol,
        endpoint_url: protocol === 'iso18626' ? 'http://127.0.0.1:9/iso18626' : null,
      })
    ).id;
  }
  async function statusOfA() {
    const code = `C${unique()}`.toUpperCase();
    await db()
      .insertInto('custom_status')
      .values({ library_id: libraryA.id, code, label: `Status ${canary.staff}` } as never)
      .execute();
    return code;
  }
  async function localActionOfA() {
    const id = `local-${unique()}`;
    await db()
      .insertInto('local_action')
      .values({ library_id: libraryA.id, id, name: `Action ${canary.staff}`, party: 'requester' } as never)
      .execute();
    return id;
  }
  async function savedQueueOfA() {
    const response = await inject('POST', '/api/saved-queues', credentials.get('staff A (all)') ?? {}, {
      name: `Queue ${canary.staff} ${unique()}`,
      filter: { queue: BUILTIN_QUEUE_IDS[0] },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  }

  /** A session (or the token) made anew for a role, to be spent on logging out. */
  async function freshCredentials(role: Role): Promise<Record<string, string>> {
    if (role === 'anonymous') return {};
    if (role === 'API token of B (all)') return credentials.get(role) ?? {};
    if (role === 'staff B (all)') return staffHeaders(libraryB.id, permissionsOf(role));
    if (isStaffA(role)) return staffHeaders(libraryA.id, permissionsOf(role));
    const library = role === 'patron B' ? libraryB : libraryA;
    return (await patronHeaders(library, 'Someone')).headers;
  }

  function isoMessageToA(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2">
  <request>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${libraryA.symbol}</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>ISO-PARTNER</agencyIdValue></requestingAgencyId>
      <timestamp>2026-11-25T09:00:00Z</timestamp>
      <requestingAgencyRequestId>REQ-${unique()}</requestingAgencyRequestId>
    </header>
    <bibliographicInfo><title>Wanted</title></bibliographicInfo>
    <serviceInfo><serviceType>Loan</serviceType></serviceInfo>
  </request>
</ISO18626Message>`;
  }

  /**
   * A fingerprint of everything that belongs to library A: every table, restricted to A's rows (by
   * library_id, by request, by staff user). Session bookkeeping (last seen, last used) is left out.
   * A table this does not know how to restrict fails the test, so that new tables are classified.
   */
  let fingerprintStatement: string | undefined;
  async function fingerprintOfA(): Promise<string> {
    fingerprintStatement ??= await fingerprintQuery();
    const { rows } = await sql<{ t: string; h: string }>`${sql.raw(fingerprintStatement)}`.execute(db());
    return rows.map((row) => `${row.t}:${row.h}`).join(',');
  }

  async function fingerprintQuery(): Promise<string> {
    const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
       where table_schema = 'public'`.execute(db());
    const byTable = new Map<string, Set<string>>();
    for (const { table_name, column_name } of columns) {
      byTable.set(table_name, (byTable.get(table_name) ?? new Set()).add(column_name));
    }
    const notLibraryData = new Set([
      'kysely_migration',
      'kysely_migration_lock',
      'rate_limit_bucket',
      'idempotency_key',
    ]);
    const parts: string[] = [];
    for (const [table, names] of [...byTable].sort(([a], [b]) => a.localeCompare(b))) {
      if (notLibraryData.has(table)) continue;
      let where: string;
      if (table === 'library') where = 'id = $1';
      else if (names.has('library_id')) where = 'library_id = $1';
      else if (names.has('request_id'))
        where = 'request_id in (select id from request where library_id = $1)';
      else if (names.has('staff_user_id'))
        where = 'staff_user_id in (select id from staff_user where library_id = $1)';
      else throw new Error(`The matrix does not know how to find library A's rows in the table ${table}`);
      parts.push(
        `select '${table}' as t, coalesce(md5(string_agg((to_jsonb(x) - 'last_seen_at' - 'last_used_at')::text, '|' order by (to_jsonb(x) - 'last_seen_at' - 'last_used_at')::text)), '') as h from "${table}" x where ${where}`,
      );
    }
    // The id is a uuid from our own database; checked, then written into the statement.
    if (!/^[0-9a-f-]{36}$/.test(libraryA.id)) throw new Error(`not a uuid: ${libraryA.id}`);
    return parts.join(' union all ').replaceAll('$1', `'${libraryA.id}'`);
  }

  beforeAll(async () => {
    // Every route of every route plugin, as it is registered: a plugin that is not encapsulated
    // (skip-override) registered first puts its onRoute hook on the root. buildApp's own routes
    // (the OpenAPI document and the Swagger UI) come before the plugins and are checked by name.
    const collector: RoutePlugin = async (instance) => {
      instance.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) registered.push({ method, url: route.url });
      });
    };
    Object.assign(collector, { [Symbol.for('skip-override')]: true });
    app = await buildApp({
      db: database.db,
      services: createServices(database.db, { connectionString: database.connectionString }),
      routes: [collector, ...routes],
    });
    for (const url of ['/openapi.json', '/docs', '/docs/json']) {
      if (app.hasRoute({ method: 'GET', url })) registered.push({ method: 'GET', url });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    libraryA = await createLibrary(db());
    libraryB = await createLibrary(db());
    await db()
      .updateTable('library')
      .set({ unauthenticated_requests: true, enabled_backends: ['iso18626', 'email', 'manual'] })
      .where('id', 'in', [libraryA.id, libraryB.id])
      .execute();
    const { hashSecret } = await import('../../src/auth/passwords.ts');
    isoPartnerA = (
      await insertReturning('partner', {
        library_id: libraryA.id,
        symbol: 'ISO-PARTNER',
        name: `ISO partner ${canary.directory}`,
        protocol: 'iso18626',
        endpoint_url: 'http://127.0.0.1:9/iso18626',
        inbound_credential_hash: await hashSecret('partner-secret'),
      })
    ).id;
    emailPartnerA = (
      await insertReturning('partner', {
        library_id: libraryA.id,
        symbol: 'MAIL-PARTNER',
        name: `Email partner ${canary.directory}`,
        protocol: 'email',
        email: 'ill@partner.example',
      })
    ).id;
    await insertReturning('partner', {
      library_id: libraryB.id,
      symbol: 'B-PARTNER',
      name: 'Partner of B',
      protocol: 'manual',
    });

    for (const role of Object.keys(STAFF_A_PERMISSION_SETS) as StaffARole[]) {
      credentials.set(role, await staffHeaders(libraryA.id, permissionsOf(role)));
    }
    credentials.set('staff B (all)', await staffHeaders(libraryB.id, permissionsOf('staff B (all)')));
    const tokenB = await createApiToken(db(), {
      libraryId: libraryB.id,
      permissions: ['ill', 'configure', 'manage-users'],
    });
    credentials.set('API token of B (all)', tokenB.headers);
    const first = await patronHeaders(libraryA, `Reader ${canary.patronA1}`);
    patronA1 = first.patron;
    credentials.set('patron A1', first.headers);
    credentials.set('patron A2', (await patronHeaders(libraryA, `Reader ${canary.patronA2}`)).headers);
    credentials.set('patron B', (await patronHeaders(libraryB, 'Reader of B')).headers);
    credentials.set('anonymous', {});

    // Private data of A that must never reach an outsider: a saved queue, SMTP settings, a request
    // of patron A2, a template, notes.
    await savedQueueOfA();
    const smtp = await inject('PUT', '/api/mail/smtp', credentials.get('staff A (all)') ?? {}, {
      host: `${canary.staff}.invalid`,
      port: 2525,
      secure: false,
    });
    expect(smtp.statusCode, smtp.body).toBe(200);
    const templated = await inject(
      'PUT',
      '/api/notices/templates/notice/request-placed/en',
      credentials.get('staff A (all)') ?? {},
      { subject: `Placed ${canary.staff}`, body: 'Hello {{patron.name}}' },
    );
    expect(templated.statusCode, templated.body).toBe(200);
    const a2 = await inject('POST', '/api/patron/requests', credentials.get('patron A2') ?? {}, {
      details: { type: 'book', serviceType: 'loan', title: `Theirs ${canary.patronA2}` },
    });
    expect(a2.statusCode, a2.body).toBe(201);
    await patronA1Request();
    await requestOfA({ forPatron: null });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  /** The statuses a role must get from a route, given its classification. */
  function expected(access: Access, role: Role): { allowed: boolean; statuses: readonly number[] } {
    const ok = { allowed: true, statuses: [200, 201, 204] };
    const denied = (...statuses: number[]) => ({ allowed: false, statuses });
    switch (access.kind) {
      case 'public':
        return { allowed: true, statuses: access.statuses ?? [200, 201, 204] };
      case 'signed-in':
        return role === 'anonymous' ? denied(401) : ok;
      case 'partner':
        // The partner's credential is missing: the same ISO 18626 refusal for everyone.
        return denied(401);
      case 'patron':
        if (!isPatron(role)) return denied(401);
        if (access.scope === 'self' || role === 'patron A1') return ok;
        return denied(404);
      case 'staff': {
        if (role === 'anonymous' || isPatron(role)) return denied(401);
        const permitted =
          access.anyOf.length === 0 ||
          access.anyOf.some((permission) => permissionsOf(role).includes(permission));
        if (!permitted) return denied(403);
        if (isOutsider(role)) {
          if (access.cross !== undefined) return denied(...access.cross);
          return access.scope === 'resource' ? denied(404) : ok;
        }
        return ok;
      }
    }
  }

  /**
   * The canaries a role may see in an answer it is allowed to have. A's partner directory shows in
   * the rota of a request: to A's patrons on their own requests, and to whoever places a request at
   * A through the OPAC (the answer describes the request made).
   */
  function mayRead(role: Role, access: Access): string[] {
    if (isStaffA(role)) return Object.values(canary);
    if (role === 'patron A1') return [canary.patronA1, canary.directory];
    if (role === 'patron A2') return [canary.patronA2, canary.directory];
    return access.kind === 'public' ? [canary.directory] : [];
  }

  it('has a classification for every registered route, and no classification without a route', () => {
    const table = cases();
    const keys = registered
      .filter((route) => route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url}`);
    const unclassified = [...new Set(keys)].filter((key) => table[key] === undefined);
    expect(unclassified, 'routes without a classification in the authorisation matrix').toEqual([]);
    const stale = Object.keys(table).filter((key) => !keys.includes(key));
    expect(stale, 'classified routes the app no longer registers').toEqual([]);
  });

  it('gives every role exactly the access its classification says, changes nothing of A on refusal, and leaks nothing', async () => {
    const table = cases();
    const failures: string[] = [];
    let calls = 0;
    const started = performance.now();
    const routeKeys = [
      ...new Set(registered.map((route) => `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`)),
    ].filter((key) => table[key] !== undefined && key !== 'GET /api/events');
    // Logging out spends sessions: last.
    routeKeys.sort((a, b) => Number(a.includes('logout')) - Number(b.includes('logout')));
    for (const key of routeKeys) {
      const entry = table[key] as Case;
      const method = key.split(' ')[0] as string;
      // Every role's call is prepared first (fresh resources of A where the route changes one). Then
      // the calls that must leave A as it is (refusals, and B's work in its own library) run between
      // two fingerprints of A, and the allowed calls after them.
      const prepared = [];
      for (const role of ROLES) {
        const call = await entry.call(role);
        const want = expected(entry.access, role);
        const mayChangeA =
          want.allowed &&
          (isStaffA(role) || role === 'patron A1' || role === 'patron A2' || entry.access.kind === 'public');
        prepared.push({ role, call, want, mayChangeA });
      }
      prepared.sort((a, b) => Number(a.mayChangeA) - Number(b.mayChangeA));
      let before = await fingerprintOfA();
      const unchanging: string[] = [];
      for (const { role, call, want, mayChangeA } of prepared) {
        if (mayChangeA && unchanging.length > 0) {
          if ((await fingerprintOfA()) !== before)
            failures.push(`${key}: library A's data changed during the calls of ${unchanging.join(', ')}`);
          unchanging.length = 0;
        }
        const path = call.path.replace('__patronA1__', patronA1.id);
        const headers = { ...(call.credentials ?? credentials.get(role) ?? {}), ...call.headers };
        const response = await inject(method, path, headers, call.body, ROLES.indexOf(role));
        calls++;
        if (!mayChangeA) unchanging.push(role);
        const where = `${key} as ${role}`;
        if (!want.statuses.includes(response.statusCode)) {
          failures.push(
            `${where}: ${response.statusCode}, expected ${want.statuses.join('/')}: ${response.body.slice(0, 300)}`,
          );
        }
        const visible = want.allowed ? mayRead(role, entry.access) : [];
        const leaked = Object.values(canary).filter(
          (value) => !visible.includes(value) && response.body.includes(value),
        );
        if (leaked.length > 0)
          failures.push(`${where}: the answer (${response.statusCode}) carries ${leaked.join(', ')}`);
      }
      if (unchanging.length > 0 && (await fingerprintOfA()) !== before)
        failures.push(`${key}: library A's data changed during the calls of ${unchanging.join(', ')}`);
      before = '';
      // Nobody's call ended anybody else's session.
      for (const role of ROLES.filter((candidate) => candidate !== 'anonymous')) {
        const me = await inject('GET', '/api/auth/me', credentials.get(role) ?? {});
        if (me.statusCode !== 200) {
          failures.push(`after ${key}: the session of ${role} no longer works (${me.statusCode})`);
          throw new Error(failures.join('\n'));
        }
      }
      // HEAD answers as GET does, without a body.
      if (
        method === 'GET' &&
        registered.some((route) => route.method === 'HEAD' && `GET ${route.url}` === key)
      ) {
        for (const role of ['anonymous', 'staff B (all)'] as const) {
          const call = await entry.call(role);
          const response = await inject(
            'HEAD',
            call.path.replace('__patronA1__', patronA1.id),
            credentials.get(role) ?? {},
          );
          calls++;
          if (!expected(entry.access, role).statuses.includes(response.statusCode))
            failures.push(`HEAD ${key.slice(4)} as ${role}: ${response.statusCode}`);
        }
      }
    }
    console.log(
      `[faults] authorisation matrix on ${database.label}: ${routeKeys.length} routes × ${ROLES.length} roles, ${calls} calls in ${Math.round(performance.now() - started)} ms`,
    );
    expect(failures).toEqual([]);
  });

  it('streams a change of a request of A to A’s staff and its patron only', async () => {
    const streams = new Map<Role, { text: string; status: number; abort: AbortController }>();
    for (const role of ROLES) {
      const abort = new AbortController();
      const response = await fetch(`${baseUrl}/api/events`, {
        headers: credentials.get(role) ?? {},
        signal: abort.signal,
      });
      const entry = { text: '', status: response.status, abort };
      streams.set(role, entry);
      if (response.status !== 200) {
        await response.body?.cancel();
        continue;
      }
      void (async () => {
        const reader = response.body?.getReader();
        if (reader === undefined) return;
        const decoder = new TextDecoder();
        for (;;) {
          const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
          if (chunk.done) return;
          entry.text += decoder.decode(chunk.value, { stream: true });
        }
      })();
    }
    const requestId = await patronA1Request();
    const acted = await inject(
      'POST',
      `/api/requests/${requestId}/actions`,
      credentials.get('staff A (all)') ?? {},
      {
        action: 'add-private-note',
        data: { note: 'Seen by staff' },
      },
    );
    expect(acted.statusCode, acted.body).toBe(200);
    const deadline = Date.now() + 10_000;
    const shouldHear = (role: Role) => isStaffA(role) || role === 'patron A1';
    while (
      Date.now() < deadline &&
      ROLES.some((role) => shouldHear(role) && !streams.get(role)?.text.includes(requestId))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Give the others the same chance to (wrongly) hear it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const entry of streams.values()) entry.abort.abort();
    const heard = Object.fromEntries(
      ROLES.map((role) => [role, streams.get(role)?.text.includes(requestId) ?? false]),
    );
    expect(heard).toEqual(Object.fromEntries(ROLES.map((role) => [role, shouldHear(role)])));
    expect(streams.get('anonymous')?.status).toBe(401);
    for (const role of ROLES.filter((candidate) => candidate !== 'anonymous'))
      expect({ role, status: streams.get(role)?.status }).toEqual({ role, status: 200 });
  });

  it('makes nothing of B visible or changeable to A’s roles either way round: a request of B is not found by A’s staff', async () => {
    const created = await inject(
      'POST',
      '/api/requests',
      credentials.get('staff B (all)') ?? {},
      requestDetails(),
    );
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    for (const role of Object.keys(STAFF_A_PERMISSION_SETS) as StaffARole[]) {
      const read = await inject('GET', `/api/requests/${id}`, credentials.get(role) ?? {});
      expect({ role, status: read.statusCode }).toEqual({
        role,
        status: permissionsOf(role).includes('ill') ? 404 : 403,
      });
    }
  });
});
