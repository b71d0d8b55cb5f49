/**
 * Seeds the demo consortium on the first start: libraries, branches, settings, partners (each other
 * by ISO 18626 at this deployment's own endpoint, plus an email and a manual partner), staff,
 * patrons, a custom status and a local action — then plays the demo scenarios through the real
 * services and the real ISO 18626 path, so both sides of every request are as a real exchange left
 * them. Between them the scenarios reach every request status (Koha's NEW, REQ, GENREQ, REQREV,
 * CANCREQ and COMP, and End of rota and Terminated), a custom status, and each backend.
 */
import type { Kysely } from 'kysely';
import { PERMISSIONS } from '../auth/principal.ts';
import { hashSecret } from '../auth/passwords.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';
import { CustomStatusRepository } from '../library-config/custom-status.repository.ts';
import { LibrarySettingsRepository } from '../library-config/library-settings.repository.ts';
import { LocalActionRepository } from '../library-config/local-action.repository.ts';
import { PartnerRepository } from '../library-config/partner.repository.ts';
import { PickupBranchRepository } from '../library-config/pickup-branch.repository.ts';
import { LibraryRepository } from '../libraries/library.repository.ts';
import { PatronRepository } from '../people/patron.repository.ts';
import { StaffUserRepository } from '../people/staff-user.repository.ts';
import type { BackendId } from '../backends/index.ts';
import type { ActionId } from '../workflow/actions.ts';
import { DemoRepository } from './demo.repository.ts';
import type { RequestCaller, RequestService } from '../requests/request.service.ts';
import type { ActionBody } from '../requests/request.schemas.ts';
import type { EventData } from '../workflow/model.ts';
import {
  DEMO_CUSTOM_STATUS,
  DEMO_LIBRARIES,
  DEMO_OUTSIDE_PARTNERS,
  DEMO_PATRON_PIN,
  DEMO_SCENARIOS,
  DEMO_STAFF_PASSWORD,
} from './demo-data.ts';
import type { DemoScenario } from './demo-data.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Actions on the borrowing request itself, not on one of its transactions. */
const REQUEST_LEVEL_ACTIONS: ReadonlySet<ActionId> = new Set(['complete', 'terminate-request', 'revert']);

/** What was created, for the start-up banner. */
export interface DemoSummary {
  readonly seeded: boolean;
  readonly libraries: readonly {
    symbol: string;
    name: string;
    staff: { username: string; role: string }[];
    patrons: { cardNumber: string; name: string }[];
  }[];
  readonly requests: number;
  readonly staffPassword: string;
  readonly patronPin: string;
}

interface SeededLibrary {
  id: string;
  symbol: string;
  /** This library's partner entries, by partner symbol. */
  partners: Map<string, string>;
  patrons: string[];
  staff: Extract<RequestCaller, { kind: 'staff' }>;
}

export interface DemoSeedDependencies {
  readonly db: Kysely<Database>;
  readonly requests: RequestService;
  readonly clock: Clock;
  /** This deployment's ISO 18626 endpoint, where the demo libraries reach each other. */
  readonly endpointUrl: string;
  /** Deliver outgoing messages and fire due timers until nothing is left. */
  readonly settle: () => Promise<void>;
}

const ALL_PERMISSIONS = [
  PERMISSIONS.ill,
  PERMISSIONS.configure,
  PERMISSIONS.manageUsers,
  'local:notify-liaison',
];

/**
 * Creates the demo consortium when the database has no library yet; otherwise does nothing. Safe to
 * run on every start.
 */
export async function seedDemoConsortium(deps: DemoSeedDependencies): Promise<DemoSummary> {
  const setup = unitOfWork(deps.db, (transaction) => ({
    libraries: new LibraryRepository(transaction),
    settings: new LibrarySettingsRepository(transaction),
    branches: new PickupBranchRepository(transaction),
    partners: new PartnerRepository(transaction),
    statuses: new CustomStatusRepository(transaction),
    localActions: new LocalActionRepository(transaction),
    staff: new StaffUserRepository(transaction),
    patrons: new PatronRepository(transaction),
  }));
  const [staffHash, patronHash] = await Promise.all([
    hashSecret(DEMO_STAFF_PASSWORD),
    hashSecret(DEMO_PATRON_PIN),
  ]);

  const seeded = await setup.run(async (repositories) => {
    if ((await repositories.libraries.count()) > 0) return null;
    const inserted = await repositories.libraries.insertMissing(
      DEMO_LIBRARIES.map((library) => ({ symbol: library.symbol, name: library.name, email: library.email })),
    );
    // Another process seeding at the same moment inserted them: leave the rest to it.
    if (inserted.length !== DEMO_LIBRARIES.length) return null;
    const bySymbol = new Map(inserted.map((library) => [library.symbol, library.id]));
    const libraries: SeededLibrary[] = [];
    for (const demo of DEMO_LIBRARIES) {
      const id = bySymbol.get(demo.symbol) as string;
      await repositories.settings.update(id, {
        address: demo.address,
        copyright_clearance: demo.copyrightClearance ?? null,
        unauthenticated_requests: demo.unauthenticatedRequests ?? false,
      });
      for (const branch of demo.branches) await repositories.branches.insert(id, branch);
      const partners = new Map<string, string>();
      for (const other of DEMO_LIBRARIES) {
        if (other.symbol === demo.symbol) continue;
        const partner = await repositories.partners.insert({
          library_id: id,
          symbol: other.symbol,
          name: other.name,
          protocol: 'iso18626',
          endpoint_url: deps.endpointUrl,
          email: other.email,
          days_to_respond: 5,
        });
        partners.set(other.symbol, partner.id);
      }
      for (const outside of DEMO_OUTSIDE_PARTNERS) {
        const partner = await repositories.partners.insert({
          library_id: id,
          symbol: outside.symbol,
          name: outside.name,
          protocol: outside.protocol,
          email: 'email' in outside ? outside.email : null,
          days_to_respond: 10,
          undo_allowed: true,
        });
        partners.set(outside.symbol, partner.id);
      }
      await repositories.statuses.insert({
        library_id: id,
        code: DEMO_CUSTOM_STATUS.code,
        label: DEMO_CUSTOM_STATUS.label,
        opac_label: DEMO_CUSTOM_STATUS.opacLabel,
      });
      await repositories.localActions.insert({
        library_id: id,
        id: 'notify-liaison',
        name: 'Notify the subject liaison',
        party: 'requester',
        statuses: [],
        user_alert_note: 'Your subject librarian has been told about your request and may contact you.',
      });
      const local = demo.symbol.slice(demo.symbol.indexOf('-') + 1).toLowerCase();
      const adminId = await repositories.staff.insert({
        libraryId: id,
        username: `${local}-admin`,
        name: `${demo.name.split(' ')[0]} ILL administrator`,
        email: demo.email,
        passwordHash: staffHash,
        active: true,
      });
      await repositories.staff.replacePermissions(adminId, ALL_PERMISSIONS);
      const clerkId = await repositories.staff.insert({
        libraryId: id,
        username: `${local}-ill`,
        name: `${demo.name.split(' ')[0]} ILL desk`,
        email: demo.email,
        passwordHash: staffHash,
        active: true,
      });
      await repositories.staff.replacePermissions(clerkId, [PERMISSIONS.ill]);
      const patrons: string[] = [];
      for (const patron of demo.patrons) {
        patrons.push(
          await repositories.patrons.insert({
            libraryId: id,
            cardNumber: patron.card,
            name: patron.name,
            email: patron.email,
            secretHash: patronHash,
          }),
        );
      }
      libraries.push({
        id,
        symbol: demo.symbol,
        partners,
        patrons,
        staff: {
          kind: 'staff',
          principal: {
            kind: 'staff',
            userId: adminId,
            tokenId: null,
            libraryId: id,
            name: `${demo.name.split(' ')[0]} ILL administrator`,
            permissions: new Set(ALL_PERMISSIONS),
          },
        },
      });
    }
    return libraries;
  });
  if (seeded === null) {
    // A later start: the demo logins again, those still there, so that nobody has to remember them.
    const still = await setup.run(async ({ staff, patrons }) => {
      const libraries: DemoSummary['libraries'][number][] = [];
      for (const library of demoLogins()) {
        const present = {
          ...library,
          staff: (
            await Promise.all(
              library.staff.map(async (user) =>
                (await staff.findForLogin(user.username))?.active === true ? [user] : [],
              ),
            )
          ).flat(),
          patrons: (
            await Promise.all(
              library.patrons.map(async (patron) =>
                (await patrons.findForLogin(library.symbol, patron.cardNumber)) === undefined ? [] : [patron],
              ),
            )
          ).flat(),
        };
        if (present.staff.length > 0 || present.patrons.length > 0) libraries.push(present);
      }
      return libraries;
    });
    return {
      seeded: false,
      libraries: still,
      requests: 0,
      staffPassword: DEMO_STAFF_PASSWORD,
      patronPin: DEMO_PATRON_PIN,
    };
  }

  let requests = 0;
  for (const [libraryIndex, borrower] of seeded.entries()) {
    for (const [scenarioIndex, scenario] of DEMO_SCENARIOS.entries()) {
      // Each library shows each scenario, with partners and patrons varied between libraries.
      await playScenario(deps, seeded, libraryIndex, borrower, scenario, scenarioIndex);
      requests++;
    }
  }
  return {
    seeded: true,
    libraries: demoLogins(),
    requests,
    staffPassword: DEMO_STAFF_PASSWORD,
    patronPin: DEMO_PATRON_PIN,
  };
}

/** Every demo library's staff and patrons, as the seed creates them. */
function demoLogins(): DemoSummary['libraries'][number][] {
  return DEMO_LIBRARIES.map((library) => {
    const local = library.symbol.slice(library.symbol.indexOf('-') + 1).toLowerCase();
    return {
      symbol: library.symbol,
      name: library.name,
      staff: [
        { username: `${local}-admin`, role: 'administrator' },
        { username: `${local}-ill`, role: 'ILL desk' },
      ],
      patrons: library.patrons.map((patron) => ({ cardNumber: patron.card, name: patron.name })),
    };
  });
}

function resolveDates(data: EventData | undefined, now: Date): EventData {
  if (data?.dueDate === undefined || (!data.dueDate.startsWith('+') && !data.dueDate.startsWith('-')))
    return data ?? {};
  const days = Number(data.dueDate);
  return { ...data, dueDate: new Date(now.getTime() + days * DAY).toISOString().slice(0, 10) };
}

async function playScenario(
  deps: DemoSeedDependencies,
  libraries: readonly SeededLibrary[],
  libraryIndex: number,
  borrower: SeededLibrary,
  scenario: DemoScenario,
  scenarioIndex: number,
): Promise<void> {
  const rotaLibraries = scenario.rota.map(
    (offset) => libraries[(libraryIndex + offset) % libraries.length] as SeededLibrary,
  );
  const patronId = borrower.patrons[scenarioIndex % borrower.patrons.length] as string;
  const patron: Extract<RequestCaller, { kind: 'patron' }> = {
    kind: 'patron',
    principal: { kind: 'patron', patronId, libraryId: borrower.id, name: 'Demo patron' },
  };
  const details = scenario.details;
  const backend: BackendId =
    scenario.emailPartners === true ? 'email' : scenario.manualPartner === true ? 'manual' : 'iso18626';
  const rota =
    scenario.manualPartner === true
      ? [borrower.partners.get('ANTIQUARIAN') as string]
      : rotaLibraries.map((library) => borrower.partners.get(library.symbol) as string);
  const created =
    scenario.byPatron === true
      ? await deps.requests.create(patron, { details, copyrightAccepted: true }, null)
      : await deps.requests.create(
          borrower.staff,
          { details: { ...details, patronId }, backend, rota, copyrightAccepted: true },
          null,
        );
  const requestId = created.body.id;
  const act = async (caller: RequestCaller, body: ActionBody) => {
    await deps.requests.act(caller, requestId, body, null);
  };
  if (scenario.emailPartners === true) {
    await act(borrower.staff, {
      action: 'place-request-with-partners',
      data: { partnerIds: [borrower.partners.get('DOCSUPPLY') as string] },
    });
  }
  if (scenario.confirm) await act(borrower.staff, { action: 'confirm' });
  await deps.settle();

  for (const step of scenario.steps) {
    const data = resolveDates(step.data, deps.clock.now());
    const page = await deps.requests.detail(borrower.staff, requestId);
    const current = [...page.rota].reverse().find((entry) => entry.transaction !== null);
    if (step.by === 'patron') {
      await act(patron, { action: step.action, ...(Object.keys(data).length > 0 ? { data } : {}) });
    } else if (step.by === 'borrower') {
      const requestLevel = REQUEST_LEVEL_ACTIONS.has(step.action);
      await act(borrower.staff, {
        action: step.action,
        ...(requestLevel || current === undefined ? {} : { rotaPosition: current.position }),
        ...(Object.keys(data).length > 0 ? { data } : {}),
      });
    } else {
      const reference = current?.transaction?.localReference ?? null;
      if (current === undefined || reference === null) {
        throw new Error(`Demo scenario "${scenario.label}" has no transaction yet`);
      }
      const lender = libraries.find(
        (library) => library.id !== borrower.id && library.symbol === current.partner.symbol,
      ) as SeededLibrary;
      const lendingId = await deps.requests.findLending(
        lender.staff,
        lender.partners.get(borrower.symbol) as string,
        reference,
      );
      await deps.requests.act(
        lender.staff,
        lendingId,
        { action: step.action, ...(Object.keys(data).length > 0 ? { data } : {}) },
        null,
      );
    }
    await deps.settle();
  }
  if (scenario.customStatus !== undefined) {
    // Staff set custom statuses by hand; no workflow step does.
    await new DemoRepository(deps.db).setCustomStatus(requestId, scenario.customStatus, deps.clock.now());
  }
}

/** Human-readable lines describing what the demo seed created, with the logins. */
export function formatDemoSummary(summary: DemoSummary): string[] {
  if (summary.libraries.length === 0) return [];
  const width = Math.max(...summary.libraries.map((library) => library.symbol.length));
  return [
    summary.seeded
      ? `Demo consortium created: ${summary.libraries.length} libraries that lend to each other, ${summary.requests} requests.`
      : `Demo consortium (created on an earlier start): ${summary.libraries.length} libraries.`,
    summary.seeded
      ? `Staff log in with their username and the password "${summary.staffPassword}"; patrons with their card number and the PIN "${summary.patronPin}".`
      : `Staff log in with their username and the password "${summary.staffPassword}"; patrons with their card number and the PIN "${summary.patronPin}" (unless changed since).`,
    ...summary.libraries.map(
      (library) =>
        `  ${library.symbol.padEnd(width)}  ${library.name}: staff ${library.staff
          .map((staff) => `${staff.username} (${staff.role})`)
          .join(', ')}; patrons ${library.patrons.map((patron) => patron.cardNumber).join(', ')}`,
    ),
  ];
}
