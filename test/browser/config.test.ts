/**
 * The configuration pages in a real browser, as the demo administrator of Northbridge: settings
 * reach the OPAC, partners are added, changed, deactivated and imported from Koha, custom statuses
 * and local actions are added and the action's permission given to a colleague, the action menu is
 * reordered and trimmed by keyboard, a notice template is edited with its preview, mail is checked,
 * an API token is shown once and revoked, a patron is added. Staff without the permission are
 * refused plainly. axe-core checks every page and every dialog opened.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO, describeInBrowser, expectAccessible, logInAsStaff, screenshot } from '../support/browser.ts';

/** Logs in as Northbridge's administrator and opens a configuration page. */
async function adminAt(page: Page, path: string, heading: string): Promise<void> {
  await logInAsStaff(page, DEMO.north.admin);
  await page.goto(path);
  try {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  } catch (error) {
    await screenshot(page, `config-failed-${heading}`);
    console.log(`${path} shows: ${await page.locator('body').innerText()}`);
    throw error;
  }
}

/** Waits for a confirmation in one of the page's polite live regions. */
async function confirmed(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor();
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

describeInBrowser('the configuration pages', (suite) => {
  it('refuses staff without the configure or manage-users permission, plainly', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    expect(await page.getByRole('link', { name: 'Configuration' }).count()).toBe(0);
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    for (const path of ['/staff/config', '/staff/config/partners', '/staff/config/staff-users']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: 'You do not have permission' }).waitFor();
    }
    expect(await page.getByRole('textbox').count()).toBe(0);
    // Refused before anything of the page is asked of the server (the session is, on each load).
    expect(asked).toContain('/api/auth/me');
    expect(
      asked.filter((path) => path.startsWith('/api/partners') || path.startsWith('/api/staff-users')),
    ).toEqual([]);
    await expectAccessible(page, 'the refusal of a configuration page');
    await screenshot(page, 'config-forbidden');
  });

  it('lists the sections, and saves settings that the OPAC then shows', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.admin);
    await page.getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Configuration' }).waitFor();
    for (const section of ['Settings', 'Partners', 'Action menus', 'Staff users', 'Patrons', 'API tokens']) {
      await page.getByRole('link', { name: section, exact: true }).waitFor();
    }
    await expectAccessible(page, 'the configuration index');
    await screenshot(page, 'config-index');

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const declaration = 'I declare that this copy is for research or private study only (changed in a test).';
    await page.getByLabel('Copyright declaration').fill(declaration);
    await page.getByLabel('Take OPAC requests without login').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await confirmed(page, 'Settings saved.');
    const opac = await getJson<{ copyrightClearance: string | null; unauthenticatedRequests?: boolean }>(
      page,
      `/api/opac/libraries/${DEMO.north.symbol}`,
    );
    expect(opac.copyrightClearance).toBe(declaration);
    const settings = await getJson<{ unauthenticatedRequests: boolean }>(page, '/api/library/settings');
    expect(settings.unauthenticatedRequests).toBe(true);

    // A blank name is refused beside the field and in the summary, which takes focus.
    await page.getByRole('textbox', { name: 'Name', exact: true }).first().fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter Name.' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page, 'the settings page with an error');
    await page.getByRole('textbox', { name: 'Name', exact: true }).first().fill(DEMO.north.name);

    // Pickup branches: add, change in a dialog, delete after confirming.
    await page.getByLabel('Code').fill('LAW');
    await page.getByRole('textbox', { name: 'Name', exact: true }).nth(1).fill('Law Library');
    await page.getByRole('button', { name: 'Add branch' }).click();
    await confirmed(page, 'Pickup branch Law Library added.');
    await page.getByRole('button', { name: 'Edit Law Library' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change pickup branch Law Library' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Law and Government Library');
    await expectAccessible(page, 'the pickup branch dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await confirmed(page, 'Pickup branch Law and Government Library saved.');
    await page.getByRole('button', { name: 'Delete Law and Government Library' }).click();
    await page.getByRole('dialog', { name: 'Delete pickup branch Law and Government Library?' }).waitFor();
    await expectAccessible(page, 'the delete branch confirmation');
    await page.getByRole('button', { name: 'Delete branch' }).click();
    await confirmed(page, 'Pickup branch Law and Government Library deleted.');
    await expectAccessible(page, 'the settings page');
    await screenshot(page, 'config-settings');
  });

  it('switches the ILL module off, which closes the OPAC and refuses new requests, then on again', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/settings', 'Settings');
    const module = page.getByLabel('The ILL module is on');
    expect(await module.isChecked()).toBe(true);
    await module.uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await confirmed(page, 'Settings saved.');
    expect(
      (await getJson<{ illModuleEnabled: boolean }>(page, '/api/library/settings')).illModuleEnabled,
    ).toBe(false);

    // The OPAC says plainly that interlibrary loan is not available, on each of its pages.
    const visitor = await suite.newPage();
    for (const path of ['', '/request']) {
      await visitor.goto(`/opac/${DEMO.north.symbol}${path}`);
      await visitor.getByRole('heading', { level: 1, name: 'Interlibrary loan is not available' }).waitFor();
      await visitor
        .getByText(`Interlibrary loan is not available at ${DEMO.north.name} at the moment.`)
        .waitFor();
      expect(await visitor.getByRole('textbox').count()).toBe(0);
    }
    await expectAccessible(visitor, 'the OPAC closed page');
    await screenshot(visitor, 'opac-closed');

    // Staff are refused a new request too, in the catalogue's words.
    await page.goto('/staff/requests/new');
    await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor();
    await page.getByLabel('For the library itself (no patron)').check();
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('A Book While Closed');
    await page.getByLabel('The patron accepted this declaration').check();
    await page.getByRole('button', { name: 'Create request' }).click();
    await page
      .getByRole('alert')
      .getByText('Interlibrary loan is switched off at this library: it takes no new requests.')
      .waitFor();

    // On again: the OPAC takes requests once more.
    await page.goto('/staff/config/settings');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByLabel('The ILL module is on').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await confirmed(page, 'Settings saved.');
    await visitor.goto(`/opac/${DEMO.north.symbol}`);
    await visitor.getByRole('heading', { level: 1, name: `${DEMO.north.name}: interlibrary loan` }).waitFor();
    expect(await visitor.getByRole('heading', { name: 'Interlibrary loan is not available' }).count()).toBe(
      0,
    );
  });

  it('adds a partner, changes it and deactivates it after confirming', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/partners', 'Partners');
    await page.getByRole('cell', { name: 'ILN-SOUTH' }).waitFor();
    await expectAccessible(page, 'the partner list');
    await screenshot(page, 'config-partners');

    await page.getByRole('link', { name: 'Add a partner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a partner' }).waitFor();
    await page.getByRole('button', { name: 'Add partner' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter Symbol.' }).waitFor();
    await expectAccessible(page, 'the partner form with errors');

    await page.getByLabel('Symbol').fill('ILN-HARBOUR');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Harbour Maritime Library');
    await page.getByLabel('ISO 18626 endpoint').fill('https://harbour.example/iso18626');
    await page.getByLabel('Credential Interlend presents to the partner').fill('s3cret-outbound');
    await page.getByLabel('Days to respond').fill('7');
    await page.getByRole('button', { name: 'Add partner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partner Harbour Maritime Library' }).waitFor();
    await confirmed(page, 'Partner Harbour Maritime Library added.');
    await page.getByText('A credential is stored.').waitFor();
    expect(await page.getByLabel('Credential Interlend presents to the partner').inputValue()).toBe('');

    await page.getByRole('radio', { name: 'Email' }).check();
    await page.getByLabel('Email address').fill('ill@harbour.example');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Harbour Library');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await confirmed(page, 'Partner Harbour Library saved.');

    await page.getByRole('button', { name: 'Deactivate partner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate Harbour Library?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the deactivate partner confirmation');
    await screenshot(page, 'config-partner-deactivate');
    await dialog.getByRole('button', { name: 'Deactivate partner' }).click();
    await confirmed(page, 'Partner Harbour Library deactivated.');

    const list = await getJson<{
      items: { symbol: string; protocol: string; email: string; active: boolean }[];
    }>(page, '/api/partners?q=harbour');
    expect(list.items).toEqual([
      expect.objectContaining({
        symbol: 'ILN-HARBOUR',
        protocol: 'email',
        email: 'ill@harbour.example',
        active: false,
      }),
    ]);
    await page.goto('/staff/config/partners?q=harbour');
    await page.getByRole('row', { name: /ILN-HARBOUR.*Inactive/ }).waitFor();
  });

  it('imports partners from a Koha ILLLIBS export, showing the rows it did not import and why in the catalogue’s words', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/partners/import', 'Import partners from Koha');
    await expectAccessible(page, 'the import page');
    const good = [
      'cardnumber,surname,firstname,email,categorycode,branchcode',
      'ILL-KOHA1,Fenwick College Library,,ill@fenwick.example,ILLLIBS,MAIN',
      'ILL-KOHA2,Greyfriars Library,,loans@greyfriars.example,ILLLIBS,MAIN',
      'P-1234,Reader,Ada,ada@reader.example,ADULT,MAIN',
    ];
    const csv = [...good, 'BAD KOHA,Bad Row Library,,not-an-address,ILLLIBS,MAIN'].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'illlibs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('Read illlibs.csv.').waitFor();
    await page.getByRole('button', { name: 'Check the import' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    await page
      .getByRole('table', { name: 'Partners to add' })
      .getByRole('cell', { name: 'ILL-KOHA2' })
      .waitFor();
    /** The cells of a report table's body rows. */
    const rowsOf = (name: string) =>
      page
        .getByRole('table', { name })
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '')),
        );
    // Each reason in the catalogue's words, from the server's code, not the server's English.
    expect(await rowsOf('Rows not imported')).toEqual([
      ['4', 'P-1234', 'Ada Reader', 'Its patron category is ADULT, not ILLLIBS.'],
    ]);
    expect(await rowsOf('Rows in error')).toEqual([
      [
        '5',
        'cardnumber',
        'cardnumber “BAD KOHA” is not a symbol: use letters, digits and : / . _ - only, at most 64 characters.',
      ],
      ['5', 'email', 'email “not-an-address” is not an email address.'],
    ]);
    await page.getByText('1 row is in error. Correct the file and check it again').waitFor();
    expect(await page.getByRole('button', { name: /^Import \d+ partners?$/ }).isDisabled()).toBe(true);
    await expectAccessible(page, 'the import preview with rows in error');
    await screenshot(page, 'config-partner-import-errors');

    await page.getByLabel('CSV text').fill(good.join('\n'));
    await page.getByRole('button', { name: 'Check the import' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    expect(await page.getByRole('table', { name: 'Rows in error' }).count()).toBe(0);
    await expectAccessible(page, 'the import preview');

    await page.getByRole('button', { name: 'Import 2 partners' }).click();
    await page.getByRole('heading', { name: 'What was imported' }).waitFor();
    await confirmed(page, 'Imported: 2 added, 0 updated, 1 rows not imported.');
    await expectAccessible(page, 'the import result');
    await screenshot(page, 'config-partner-import');
    const imported = await getJson<{ items: { symbol: string; protocol: string }[] }>(
      page,
      '/api/partners?q=ILL-KOHA',
    );
    expect(imported.items.map((partner) => [partner.symbol, partner.protocol])).toEqual([
      ['ILL-KOHA1', 'email'],
      ['ILL-KOHA2', 'email'],
    ]);

    // Checked again, the same file changes nothing: each partner is already as its row has it.
    await page.getByRole('button', { name: 'Check the import' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    expect(await rowsOf('Rows not imported')).toEqual([
      [
        '2',
        'ILL-KOHA1',
        'Fenwick College Library',
        'ILL-KOHA1 is already in the directory as this row has it.',
      ],
      ['3', 'ILL-KOHA2', 'Greyfriars Library', 'ILL-KOHA2 is already in the directory as this row has it.'],
      ['4', 'P-1234', 'Ada Reader', 'Its patron category is ADULT, not ILLLIBS.'],
    ]);
  });

  it('adds a custom status', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/statuses', 'Custom statuses');
    await page.getByLabel('Code').fill('awaiting_invoice');
    await page.getByRole('textbox', { name: 'Label', exact: true }).fill('Awaiting invoice');
    await page.getByLabel('OPAC label').fill('Being processed');
    await page.getByRole('button', { name: 'Add status' }).click();
    await confirmed(page, 'Status Awaiting invoice added.');
    await page.getByRole('cell', { name: 'AWAITING_INVOICE' }).waitFor();
    await page.getByRole('button', { name: 'Edit Awaiting invoice' }).click();
    await page.getByRole('dialog', { name: 'Change status Awaiting invoice' }).waitFor();
    await expectAccessible(page, 'the custom status dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete Awaiting invoice' }).click();
    await page.getByRole('dialog', { name: 'Delete status Awaiting invoice?' }).waitFor();
    await expectAccessible(page, 'the delete custom status confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expectAccessible(page, 'the custom statuses page');
    await screenshot(page, 'config-statuses');
    const statuses = await getJson<{ items: { code: string; opacLabel: string | null }[] }>(
      page,
      '/api/library/custom-statuses',
    );
    expect(statuses.items).toContainEqual({
      code: 'AWAITING_INVOICE',
      label: 'Awaiting invoice',
      opacLabel: 'Being processed',
    });
  });

  it('adds a local action and gives a colleague its permission', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/local-actions/new', 'Add a local action');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Phone the patron');
    expect(await page.getByLabel('Identifier').inputValue()).toBe('phone-the-patron');
    await page.getByRole('group', { name: 'Borrowing, with a supplier' }).getByLabel('Shipped').check();
    await page.getByLabel('User alert to the patron').fill('We tried to phone you about your request.');
    await expectAccessible(page, 'the local action form');
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByRole('heading', { level: 1, name: 'Local action Phone the patron' }).waitFor();
    await confirmed(page, 'Give staff the permission local:phone-the-patron');
    await screenshot(page, 'config-local-action');

    await page.getByRole('link', { name: 'Give staff the permission' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff users' }).waitFor();
    await expectAccessible(page, 'the staff user list');
    await page.getByRole('link', { name: DEMO.north.ill, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Staff user / }).waitFor();
    await page.getByLabel('Local action: Phone the patron').check();
    await expectAccessible(page, 'the staff user page');
    await screenshot(page, 'config-staff-user');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await confirmed(page, /Staff user .* saved\./);
    const staffId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const staff = await getJson<{ permissions: string[] }>(page, `/api/staff-users/${staffId}`);
    expect(staff.permissions).toEqual(['ill', 'local:phone-the-patron']);
  });

  it('hides an action and reorders the menu at a status, by keyboard', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/action-menu', 'Action menus');
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('request:new');
    const list = page.getByRole('group', { name: 'Actions at Borrowing request: New' });
    await list.waitFor();
    await list.getByRole('checkbox', { name: 'Delete request' }).uncheck();

    const moveUp = list.getByRole('button', { name: 'Move up Place request with partners' });
    await moveUp.focus();
    await page.keyboard.press('Enter');
    await confirmed(page, 'Place request with partners moved to position 1');
    // Focus stays with the action moved; at the top its Move up is disabled, so Move down has it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Move down Place request with partners',
    );
    await expectAccessible(page, 'the action menu editor');
    await screenshot(page, 'config-action-menu');
    await page.getByRole('button', { name: 'Save this menu' }).click();
    await confirmed(page, 'Menu at Borrowing request: New saved.');

    const menu = await getJson<{
      hidden: { action: string; status: string | null }[];
      order: { status: string; actions: string[] }[];
    }>(page, '/api/library/action-menu');
    expect(menu.hidden).toContainEqual({ action: 'delete', status: 'request:new' });
    const order = menu.order.find((entry) => entry.status === 'request:new');
    expect(order?.actions.slice(0, 2)).toEqual(['place-request-with-partners', 'confirm']);
  });

  it('edits a notice template with its live preview, and resets it to the default', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/notices', 'Notices');
    await expectAccessible(page, 'the notices page');
    await screenshot(page, 'config-notices');
    await page.getByRole('link', { name: 'Ready for pickup' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ready for pickup (en)' }).waitFor();
    const body = page.getByRole('textbox', { name: 'Text', exact: true });
    await body.fill('Dear {{patron.name}},\n\n{{request.title}} waits for you at {{pickupBranch.name}}.');
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('Dear Ada Reader,').waitFor();
    await preview.getByText('The Name of the Rose waits for you at Main Library.').waitFor();

    await body.fill('Dear {{patron.nickname}}');
    await preview.getByText(/patron\.nickname/).waitFor();
    await body.fill('Dear {{patron.name}}, your item is here.');
    await preview.getByText('Dear Ada Reader, your item is here.').waitFor();
    await page.getByRole('button', { name: 'Save the en text' }).click();
    await confirmed(page, 'Template saved.');
    await expectAccessible(page, 'the template page');
    await screenshot(page, 'config-template');

    await page.getByRole('button', { name: 'Reset to default' }).click();
    await page.getByRole('dialog', { name: 'Reset this template to its default?' }).waitFor();
    await expectAccessible(page, 'the reset template confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Reset to default' }).click();
    await confirmed(page, 'Your en text was deleted');
    expect(await page.getByRole('textbox', { name: 'Text', exact: true }).inputValue()).not.toContain(
      'your item is here',
    );
  });

  it('shows held mail with its reason, sends it again, and checks an SMTP server', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/mail', 'Mail');
    await page.getByText('No mail server is set, so new mail is held here.').waitFor();
    await expectAccessible(page, 'the mail page');
    await screenshot(page, 'config-mail');
    // The demo's mail was written without a mail server: held, with that reason.
    const held = page.getByRole('row').filter({ hasText: 'No mail server was set when it was written.' });
    expect(await held.count()).toBeGreaterThan(0);
    await held
      .first()
      .getByRole('button', { name: /^Send again/ })
      .click();
    await confirmed(page, /^Mail to .* will be sent again now\.$/);

    await page.getByLabel('Host').fill('127.0.0.1');
    await page.getByRole('spinbutton', { name: 'Port' }).fill('9');
    await page.getByRole('button', { name: 'Save mail server' }).click();
    await confirmed(page, 'Mail server saved.');
    await page.getByRole('button', { name: 'Check connection' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The mail server could not be used.' })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Forget this server' }).click();
    await page.getByRole('dialog', { name: 'Forget your library’s mail server?' }).waitFor();
    await expectAccessible(page, 'the forget SMTP confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Forget this server' }).click();
    await confirmed(page, 'Your library’s mail server was forgotten.');
  });

  it('creates an API token, shows its secret once, and revokes it', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/tokens', 'API tokens');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Discovery layer');
    await page
      .getByRole('group', { name: 'Permissions' })
      .getByLabel('ILL work (create and manage requests)')
      .check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByRole('textbox', { name: 'Token', exact: true });
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^il_/);
    await expectAccessible(page, 'the new token’s secret');
    await screenshot(page, 'config-token-created');
    const me = await fetch(`${suite.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);

    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByRole('textbox', { name: 'Token', exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    await page.getByRole('button', { name: 'Revoke Discovery layer' }).click();
    await page.getByRole('dialog', { name: 'Revoke Discovery layer?' }).waitFor();
    await expectAccessible(page, 'the revoke token confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await confirmed(page, 'Token Discovery layer revoked.');
    await page.getByRole('row', { name: /Discovery layer.*Revoked/ }).waitFor();
    const after = await fetch(`${suite.baseUrl}/api/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
  });

  it('adds a patron, who is then found by card number', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/patrons', 'Patrons');
    await expectAccessible(page, 'the patron search');
    await page.getByRole('link', { name: 'Add a patron' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a patron' }).waitFor();
    await page.getByLabel('Card number').fill('100777');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Nadia Petrova');
    await page.getByLabel('Email address').fill('nadia.petrova@northbridge.example');
    await page.getByLabel('PIN or password').fill('4321');
    await expectAccessible(page, 'the new patron form');
    await page.getByRole('button', { name: 'Add patron' }).click();
    await page.getByRole('heading', { level: 1, name: 'Patron Nadia Petrova (100777)' }).waitFor();
    await confirmed(page, 'Patron Nadia Petrova added.');
    await page.getByRole('button', { name: 'Deactivate patron' }).click();
    await page.getByRole('dialog', { name: 'Deactivate Nadia Petrova?' }).waitFor();
    await expectAccessible(page, 'the deactivate patron confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await screenshot(page, 'config-patron');

    await page.goto('/staff/config/patrons?query=100777');
    await page.getByRole('link', { name: '100777' }).waitFor();
    const found = await getJson<{ items: { name: string; active: boolean }[] }>(
      page,
      '/api/patrons?query=100777',
    );
    expect(found.items).toEqual([expect.objectContaining({ name: 'Nadia Petrova', active: true })]);
  });

  it('passes axe-core on the remaining pages and their confirmations', async () => {
    const page = await suite.newPage();
    await adminAt(page, '/staff/config/local-actions', 'Locally-defined actions');
    await expectAccessible(page, 'the local action list');
    await page.getByRole('link', { name: 'Notify the subject liaison' }).click();
    await page.getByRole('heading', { level: 1, name: 'Local action Notify the subject liaison' }).waitFor();
    await expectAccessible(page, 'a local action’s page');
    await page.getByRole('button', { name: 'Delete action' }).click();
    await page.getByRole('dialog', { name: 'Delete Notify the subject liaison?' }).waitFor();
    await expectAccessible(page, 'the delete local action confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.goto('/staff/config/partners?q=ILN-SOUTH');
    await page.getByRole('link', { name: 'ILN-SOUTH' }).click();
    await page.getByRole('heading', { level: 1, name: `Partner ${DEMO.south.name}` }).waitFor();
    await expectAccessible(page, 'a partner’s page');
    await page.getByRole('button', { name: 'Delete partner' }).click();
    await page.getByRole('dialog', { name: `Delete ${DEMO.south.name}?` }).waitFor();
    await expectAccessible(page, 'the delete partner confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.goto('/staff/config/staff-users/new');
    await page.getByRole('heading', { level: 1, name: 'Add a staff user' }).waitFor();
    await page.getByRole('group', { name: 'Permissions' }).waitFor();
    await expectAccessible(page, 'the new staff user form');
    await page.goto(`/staff/config/staff-users?query=${DEMO.north.ill}`);
    await page.getByRole('link', { name: DEMO.north.ill, exact: true }).click();
    await page.getByRole('button', { name: 'Deactivate staff user' }).click();
    await page.getByRole('dialog', { name: /^Deactivate / }).waitFor();
    await expectAccessible(page, 'the deactivate staff user confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });
});
