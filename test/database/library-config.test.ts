import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { verifySecret } from '../../src/auth/passwords.ts';
import type { Database } from '../../src/db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.ts';
import { actionMenuConfigs } from '../../src/library-config/library-config.service.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertLibrary, insertPartner } from '../support/request-factories.ts';

async function insertRequest(
  db: Kysely<Database>,
  libraryId: string,
  values: { custom_status?: string; pickup_branch_id?: string; partner_id?: string } = {},
): Promise<string> {
  const row = await db
    .insertInto('request')
    .values({
      library_id: libraryId,
      role: values.partner_id !== undefined ? 'lending' : 'borrowing',
      status: values.partner_id !== undefined ? null : 'new',
      backend: 'email',
      type: 'book',
      title: 'The Name of the Rose',
      service_type: 'loan',
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describeEachDatabase('library configuration services', (database) => {
  let services: Services;
  let libraryId: string;
  let otherLibraryId: string;

  beforeAll(async () => {
    services = createServices(database.db);
    libraryId = (await insertLibrary(database.db)).id;
    otherLibraryId = (await insertLibrary(database.db)).id;
  });

  it('reads the settings with their defaults and changes only the given ones', async () => {
    const before = await services.librarySettings.getSettings(libraryId);
    expect(before).toMatchObject({
      timezone: 'UTC',
      illModuleEnabled: true,
      defaultDaysToRespond: 7,
      enabledBackends: ['iso18626', 'email', 'manual'],
      copyrightClearance: null,
    });
    const after = await services.librarySettings.updateSettings(libraryId, {
      timezone: 'europe/paris',
      copyrightClearance: '   ',
      enabledBackends: ['email'],
      defaultDaysToRespond: 10,
    });
    expect(after).toEqual({
      ...before,
      timezone: 'Europe/Paris',
      copyrightClearance: null,
      enabledBackends: ['email'],
      defaultDaysToRespond: 10,
    });
  });

  it('refuses an unknown time zone and writes none of the other changes', async () => {
    const error = await rejection(
      services.librarySettings.updateSettings(libraryId, { timezone: 'Mars/Olympus', name: 'Renamed' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'body.timezone', rule: 'timezone' }),
    ]);
    expect((await services.librarySettings.getSettings(libraryId)).name).not.toBe('Renamed');
  });

  it('refuses to delete a pickup branch that a request uses, and deletes an unused one', async () => {
    const used = await services.librarySettings.createPickupBranch(libraryId, { code: 'MAIN', name: 'Main' });
    const unused = await services.librarySettings.createPickupBranch(libraryId, {
      code: 'EAST',
      name: 'East',
    });
    await insertRequest(database.db, libraryId, { pickup_branch_id: used.id });

    const error = await rejection(services.librarySettings.deletePickupBranch(libraryId, used.id));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain('MAIN is the pickup location of 1 request');

    await services.librarySettings.deletePickupBranch(libraryId, unused.id);
    expect((await services.librarySettings.listPickupBranches(libraryId)).map((b) => b.code)).toEqual([
      'MAIN',
    ]);
  });

  it('keeps pickup branch codes unique in a library but not across libraries', async () => {
    const error = await rejection(
      services.librarySettings.createPickupBranch(libraryId, { code: 'MAIN', name: 'Second main' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toEqual({ field: 'code' });
    await services.librarySettings.createPickupBranch(otherLibraryId, { code: 'MAIN', name: 'Their main' });
  });

  it('creates a partner with a hashed inbound credential and the library’s default days to respond', async () => {
    const partner = await services.partners.create(libraryId, {
      symbol: 'ILN-SOUTH',
      name: ' South Library ',
      protocol: 'iso18626',
      endpointUrl: 'https://south.example/iso18626',
      outboundCredential: 'our-secret',
      inboundCredential: 'their-secret',
    });
    expect(partner).toMatchObject({
      symbol: 'ILN-SOUTH',
      name: 'South Library',
      hasOutboundCredential: true,
      hasInboundCredential: true,
      daysToRespond: 10,
      undoAllowed: false,
      active: true,
    });
    const row = await database.db
      .selectFrom('partner')
      .select(['inbound_credential_hash', 'outbound_credential'])
      .where('id', '=', partner.id)
      .executeTakeFirstOrThrow();
    expect(row.outbound_credential).toBe('our-secret');
    expect(row.inbound_credential_hash).not.toContain('their-secret');
    expect(await verifySecret('their-secret', row.inbound_credential_hash!)).toBe(true);
  });

  it('refuses undo for an ISO 18626 partner, also when the protocol changes to it', async () => {
    const created = await rejection(
      services.partners.create(libraryId, {
        symbol: 'ISO-UNDO',
        name: 'Undo',
        protocol: 'iso18626',
        endpointUrl: 'https://undo.example/',
        undoAllowed: true,
      }),
    );
    expect((created as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'body.undoAllowed', rule: 'protocol' }),
    ]);

    const manual = await services.partners.create(libraryId, {
      symbol: 'MANUAL-UNDO',
      name: 'Manual',
      protocol: 'manual',
      undoAllowed: true,
    });
    const changed = await rejection(
      services.partners.update(libraryId, manual.id, {
        protocol: 'iso18626',
        endpointUrl: 'https://m.example/',
      }),
    );
    expect((changed as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'body.undoAllowed', rule: 'protocol' }),
    ]);
    expect((await services.partners.get(libraryId, manual.id)).protocol).toBe('manual');
  });

  it('deletes an unused partner but refuses one in use, naming where, and deactivates it instead', async () => {
    const unused = await insertPartner(database.db, libraryId, { protocol: 'manual' });
    await services.partners.delete(libraryId, unused.id);
    expect(await rejection(services.partners.get(libraryId, unused.id))).toBeInstanceOf(NotFoundError);

    const used = await insertPartner(database.db, libraryId, { protocol: 'email' });
    await insertRequest(database.db, libraryId, { partner_id: used.id });
    const error = await rejection(services.partners.delete(libraryId, used.id));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain('the borrowing library of 1 lending request');
    expect((error as ConflictError).details).toMatchObject({
      reason: 'in_use',
      usage: { lendingRequests: 1 },
    });

    expect((await services.partners.update(libraryId, used.id, { active: false })).active).toBe(false);
  });

  it('lists partners by protocol, activity and a part of the symbol or name', async () => {
    const scoped = (await insertLibrary(database.db)).id;
    await insertPartner(database.db, scoped, { symbol: 'AAA-1', name: 'Alpha 100%', protocol: 'email' });
    await insertPartner(database.db, scoped, { symbol: 'BBB-2', name: 'Bravo', protocol: 'iso18626' });
    await insertPartner(database.db, scoped, {
      symbol: 'CCC-3',
      name: 'Charlie',
      protocol: 'email',
      active: false,
    });
    const symbols = async (query: Parameters<Services['partners']['list']>[1]) =>
      (await services.partners.list(scoped, query)).items.map((p) => p.symbol);

    expect(await symbols({ limit: 100, offset: 0 })).toEqual(['AAA-1', 'BBB-2', 'CCC-3']);
    expect(await symbols({ protocol: 'email', limit: 100, offset: 0 })).toEqual(['AAA-1', 'CCC-3']);
    expect(await symbols({ active: false, limit: 100, offset: 0 })).toEqual(['CCC-3']);
    expect(await symbols({ q: 'bRaV', limit: 100, offset: 0 })).toEqual(['BBB-2']);
    expect(await symbols({ q: '100%', limit: 100, offset: 0 })).toEqual(['AAA-1']);
    expect(await symbols({ q: '_', limit: 100, offset: 0 })).toEqual([]);
    const page = await services.partners.list(scoped, { limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, items: [expect.objectContaining({ symbol: 'BBB-2' })] });
  });

  it('previews an import without writing, then imports it all in one go', async () => {
    const importing = (await insertLibrary(database.db)).id;
    await insertPartner(database.db, importing, { symbol: 'KEEP', name: 'Partner KEEP', protocol: 'email' });
    await insertPartner(database.db, importing, { symbol: 'MOVE', name: 'Move Library', protocol: 'email' });
    const csv = [
      'cardnumber,surname,email,branchcode',
      'NEW-1,New Library,ill@new.example,MAIN',
      'KEEP,Partner KEEP,ill@keep.example,MAIN',
      'MOVE,Move Library,moved@move.example,MAIN',
    ].join('\n');

    const preview = await services.partners.importPartners(importing, { csv, dryRun: true });
    expect(preview.created).toEqual([expect.objectContaining({ row: 2, symbol: 'NEW-1', partnerId: null })]);
    expect(preview.updated).toEqual([
      expect.objectContaining({ row: 4, symbol: 'MOVE', changes: ['email'] }),
    ]);
    expect(preview.skipped).toEqual([expect.objectContaining({ row: 3, symbol: 'KEEP' })]);
    expect((await services.partners.list(importing, { limit: 100, offset: 0 })).total).toBe(2);

    const result = await services.partners.importPartners(importing, { csv, dryRun: false });
    expect(result.created[0]!.partnerId).toEqual(expect.any(String));
    const partners = (await services.partners.list(importing, { limit: 100, offset: 0 })).items;
    expect(partners.map((p) => [p.symbol, p.protocol, p.email])).toEqual([
      ['KEEP', 'email', 'ill@keep.example'],
      ['MOVE', 'email', 'moved@move.example'],
      ['NEW-1', 'email', 'ill@new.example'],
    ]);
  });

  it('writes nothing of a real import when a row is in error', async () => {
    const importing = (await insertLibrary(database.db)).id;
    const csv = 'cardnumber,surname,email\nFINE,Fine Library,ill@fine.example\nBROKEN,Broken Library,nope';
    const error = await rejection(services.partners.importPartners(importing, { csv, dryRun: false }));
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'body.csv.3.email', rule: 'format' }),
    ]);
    expect((await services.partners.list(importing, { limit: 100, offset: 0 })).total).toBe(0);
  });

  it('skips import rows whose symbol is a partner of another protocol', async () => {
    const importing = (await insertLibrary(database.db)).id;
    const csv = 'cardnumber,surname,email\nONE,One,ill@one.example\nTWO,Two,ill@two.example';
    await insertPartner(database.db, importing, { symbol: 'ONE', protocol: 'manual' });
    const result = await services.partners.importPartners(importing, { csv, dryRun: false });
    expect(result.created.map((r) => r.symbol)).toEqual(['TWO']);
    expect(result.skipped).toEqual([
      expect.objectContaining({ symbol: 'ONE', reason: expect.stringContaining('manual') }),
    ]);
    expect(
      (await services.partners.list(importing, { protocol: 'manual', limit: 10, offset: 0 })).total,
    ).toBe(1);
  });

  it('refuses to delete a custom status a request carries', async () => {
    await services.libraryConfig.createCustomStatus(libraryId, { code: 'on_order', label: 'On order' });
    await services.libraryConfig.createCustomStatus(libraryId, {
      code: 'SPARE',
      label: 'Spare',
      opacLabel: '',
    });
    await insertRequest(database.db, libraryId, { custom_status: 'ON_ORDER' });

    const error = await rejection(services.libraryConfig.deleteCustomStatus(libraryId, 'ON_ORDER'));
    expect(error).toBeInstanceOf(ConflictError);
    await services.libraryConfig.deleteCustomStatus(libraryId, 'spare');
    expect(await services.libraryConfig.listCustomStatuses(libraryId)).toEqual([
      { code: 'ON_ORDER', label: 'On order', opacLabel: null },
    ]);
  });

  it('builds the action menu configuration from the library’s tables', async () => {
    const menuLibrary = (await insertLibrary(database.db)).id;
    await services.libraryConfig.createLocalAction(menuLibrary, {
      id: 'notify-faculty',
      name: 'Notify faculty liaison',
      party: 'requester',
      statuses: ['requester:shipped', 'request:new'],
      userAlertNote: 'Your item has shipped.',
    });
    await services.libraryConfig.createLocalAction(menuLibrary, {
      id: 'check-stacks',
      name: 'Check the stacks',
      party: 'responder',
    });
    await services.libraryConfig.replaceActionMenu(menuLibrary, {
      hidden: [
        { action: 'damaged', status: null },
        { action: 'local:check-stacks', status: 'responder:in_process' },
      ],
      order: [{ status: 'requester:shipped', actions: ['local:notify-faculty', 'received'] }],
    });

    expect(await services.libraryConfig.loadActionMenuConfig(menuLibrary)).toEqual({
      hidden: [
        { action: 'damaged', status: null },
        { action: 'local:check-stacks', status: 'responder:in_process' },
      ],
      order: [{ status: 'requester:shipped', actions: ['local:notify-faculty', 'received'] }],
      localActions: [
        {
          id: 'check-stacks',
          name: 'Check the stacks',
          party: 'responder',
          statuses: [],
          permission: 'local:check-stacks',
          userAlert: null,
        },
        {
          id: 'notify-faculty',
          name: 'Notify faculty liaison',
          party: 'requester',
          statuses: ['requester:shipped', 'request:new'],
          permission: 'local:notify-faculty',
          userAlert: { patronNote: 'Your item has shipped.' },
        },
      ],
    });
    expect(await services.libraryConfig.loadActionMenuConfig(otherLibraryId)).toEqual({
      hidden: [],
      order: [],
      localActions: [],
    });
  });

  it('reads a library’s action menu once per transaction, and afresh in the next one', async () => {
    const menuLibrary = (await insertLibrary(database.db)).id;
    await services.libraryConfig.replaceActionMenu(menuLibrary, {
      hidden: [{ action: 'damaged', status: null }],
      order: [],
    });
    await database.db.transaction().execute(async (transaction) => {
      const source = actionMenuConfigs(transaction);
      const first = await source.load(menuLibrary);
      expect(first.hidden).toEqual([{ action: 'damaged', status: null }]);
      await transaction.deleteFrom('action_visibility').where('library_id', '=', menuLibrary).execute();
      expect(await source.load(menuLibrary)).toBe(first);
      expect((await source.load(otherLibraryId)).hidden).toEqual([]);
    });
    const next = await actionMenuConfigs(database.db).load(menuLibrary);
    expect(next.hidden).toEqual([]);
  });

  it('deletes a local action with its menu rules and every grant of its permission', async () => {
    const menuLibrary = (await insertLibrary(database.db)).id;
    await services.libraryConfig.createLocalAction(menuLibrary, {
      id: 'chase',
      name: 'Chase',
      party: 'requester',
    });
    await services.libraryConfig.replaceActionMenu(menuLibrary, {
      hidden: [{ action: 'local:chase', status: null }],
      order: [
        { status: 'request:new', actions: ['local:chase'] },
        { status: 'requester:pending', actions: ['local:chase', 'cancel'] },
      ],
    });
    const staff = await database.db
      .insertInto('staff_user')
      .values({
        library_id: menuLibrary,
        username: `chaser-${menuLibrary.slice(0, 8)}`,
        name: 'Chaser',
        password_hash: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('staff_permission')
      .values([
        { staff_user_id: staff.id, permission: 'local:chase' },
        { staff_user_id: staff.id, permission: 'ill' },
      ])
      .execute();

    await services.libraryConfig.deleteLocalAction(menuLibrary, 'chase');

    expect(await services.libraryConfig.getActionMenu(menuLibrary)).toEqual({
      hidden: [],
      order: [{ status: 'requester:pending', actions: ['cancel'] }],
    });
    const permissions = await database.db
      .selectFrom('staff_permission')
      .select('permission')
      .where('staff_user_id', '=', staff.id)
      .execute();
    expect(permissions.map((p) => p.permission)).toEqual(['ill']);
  });

  it('refuses an action menu naming an unknown or another library’s local action, writing nothing', async () => {
    await services.libraryConfig.createLocalAction(otherLibraryId, {
      id: 'theirs',
      name: 'Theirs',
      party: 'requester',
    });
    const before = await services.libraryConfig.getActionMenu(libraryId);
    const error = await rejection(
      services.libraryConfig.replaceActionMenu(libraryId, {
        hidden: [
          { action: 'local:theirs', status: null },
          { action: 'shipped', status: null },
          { action: 'shipped', status: null },
        ],
        order: [
          { status: 'request:new', actions: ['confirm', 'fly'] },
          { status: 'request:new', actions: ['confirm', 'confirm'] },
        ],
      }),
    );
    expect((error as ValidationError).issues.map(({ field, rule }) => ({ field, rule }))).toEqual([
      { field: 'body.hidden.0.action', rule: 'known-action' },
      { field: 'body.hidden.2', rule: 'unique' },
      { field: 'body.order.0.actions.1', rule: 'known-action' },
      { field: 'body.order.1.status', rule: 'unique' },
      { field: 'body.order.1.actions.1', rule: 'unique' },
    ]);
    expect(await services.libraryConfig.getActionMenu(libraryId)).toEqual(before);
  });

  it('refuses local action statuses of the other party', async () => {
    const error = await rejection(
      services.libraryConfig.createLocalAction(libraryId, {
        id: 'wrong-side',
        name: 'Wrong side',
        party: 'responder',
        statuses: ['responder:shipped', 'requester:shipped'],
      }),
    );
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'body.statuses.1', rule: 'party' }),
    ]);
    await services.libraryConfig.createLocalAction(libraryId, {
      id: 'right-side',
      name: 'Right side',
      party: 'requester',
      statuses: ['requester:shipped'],
    });
    const switched = await rejection(
      services.libraryConfig.updateLocalAction(libraryId, 'right-side', { party: 'responder' }),
    );
    expect((switched as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'body.party', rule: 'party' }),
    ]);
    const updated = await services.libraryConfig.updateLocalAction(libraryId, 'right-side', {
      party: 'responder',
      statuses: ['responder:in_process'],
      userAlertNote: null,
    });
    expect(updated).toMatchObject({ party: 'responder', statuses: ['responder:in_process'] });
  });
});
