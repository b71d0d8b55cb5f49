/**
 * The request page in a real browser, as Northbridge's ILL desk: the rota with each supplier's state,
 * both parties' timelines, notes and the message log; actions taken through their forms (a note, a
 * borrower's answer to conditions, a lender's Answer Conditional and Shipped), a colleague's change
 * appearing without a reload and without losing a half-filled form, editing the details, deleting
 * with a confirmation step, and creating a request for a patron. axe-core checks each page and
 * each dialog opened.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO, describeInBrowser, expectAccessible, logInAsStaff, screenshot } from '../support/browser.ts';
import { apiOfPage, apiSessionOf, eventually, liveUpdatesOn, type ListPage } from './staff-support.ts';

interface Detail {
  id: string;
  reference: string;
  version: number;
  status: string | null;
  rota: {
    position: number;
    partner: { symbol: string; name: string };
    transaction: { state: string; undeliveredMessages: number } | null;
  }[];
  notes: { text: string; visibility: string }[];
  details: Record<string, unknown>;
  actions: { id: string; rotaPosition: number | null }[];
}

/** Opens the page of the first request of a queue, and returns its detail from the API. */
async function openFirstOf(page: Page, queue: string): Promise<Detail> {
  const api = apiOfPage(page);
  const list = await api.get<ListPage>(`/api/requests?queue=${queue}`);
  const first = list.items[0];
  if (first === undefined) throw new Error(`The demo data has no request in ${queue}`);
  const detail = await api.get<Detail>(`/api/requests/${first.id}`);
  await page.goto(`/staff/requests/${first.id}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${detail.reference} `) }).waitFor();
  return detail;
}

const actions = (page: Page) => page.getByRole('region', { name: 'Actions' });
const dialog = (page: Page) => page.getByRole('dialog');

describeInBrowser('the staff request page', (suite) => {
  it('shows the rota with each supplier’s state, both timelines, notes and the message log', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const detail = await openFirstOf(page, 'borrowing.conditional');
    const supplier = detail.rota[0];
    if (supplier === undefined) throw new Error('no supplier');

    const rota = page.getByRole('region', { name: 'Rota' });
    const row = rota.getByRole('row', {
      name: new RegExp(`^1\\. ${supplier.partner.name} \\(${supplier.partner.symbol}\\)`),
    });
    await row.getByText('Conditional', { exact: true }).waitFor();
    await row.getByText('All delivered').waitFor();
    for (const entry of detail.rota.slice(1)) {
      await rota
        .getByRole('row', { name: new RegExp(`^${entry.position + 1}\\. ${entry.partner.name}`) })
        .getByText('Not asked yet')
        .waitFor();
    }

    const timelines = page.getByRole('region', { name: 'Timelines' });
    await timelines.getByRole('heading', { name: 'The request' }).waitFor();
    const theirs = timelines.getByRole('heading', {
      name: `Supplier 1: ${supplier.partner.name} (${supplier.partner.symbol})`,
    });
    await theirs.waitFor();
    await timelines.getByText('Partner message: Answer: conditional').waitFor();
    await timelines.getByText(`From the partner: ${supplier.partner.name}`).waitFor();

    const messages = page.getByRole('region', { name: 'Messages to partners' });
    await messages
      .getByRole('row', { name: new RegExp(`^Request ${supplier.partner.symbol}`) })
      .getByText('Delivered', { exact: true })
      .waitFor();
    await page.getByRole('region', { name: 'Notices and emails' }).getByText('Held').first().waitFor();
    await page.getByRole('region', { name: 'Patron' }).getByText('Card number').waitFor();
    await page.getByRole('region', { name: 'Copyright declaration' }).getByText('Accepted').waitFor();

    // The actions are exactly the server's, in its order.
    const labels = await actions(page).getByRole('listitem').allTextContents();
    expect(labels.length).toBe(detail.actions.length + 1);
    expect(labels).toContain('Accept conditions');
    expect(labels.at(-1)).toBe('Add locations to the rota');
    await expectAccessible(page, 'the request page');
    await screenshot(page, 'staff-request-page');
  });

  it('takes actions through their forms: a private note, then accepting the conditions', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const detail = await openFirstOf(page, 'borrowing.conditional');

    await actions(page).getByRole('button', { name: 'Add Private Note' }).click();
    await dialog(page).getByRole('heading', { name: 'Add Private Note' }).waitFor();
    await expectAccessible(page, 'the Add Private Note dialog');
    // Sending it empty says what is missing, and focus goes to the summary.
    await dialog(page).getByRole('button', { name: 'Add Private Note' }).click();
    await dialog(page).getByRole('alert').getByText('Note is required.').waitFor();
    await expectAccessible(page, 'the Add Private Note dialog with an error');
    await dialog(page).getByRole('textbox', { name: 'Note' }).fill('Patron is happy with reading-room use.');
    await dialog(page).getByRole('button', { name: 'Add Private Note' }).click();
    await page.getByText('Add Private Note: done.').waitFor();
    expect(await dialog(page).count()).toBe(0);
    const notes = page.getByRole('region', { name: 'Notes' });
    await notes.getByText('Patron is happy with reading-room use.').waitFor();
    await notes.getByText('Private', { exact: true }).waitFor();

    await actions(page).getByRole('button', { name: 'Accept conditions' }).click();
    await dialog(page).getByRole('textbox', { name: 'Note' }).fill('Reading room is fine.');
    await dialog(page).getByRole('button', { name: 'Accept conditions' }).click();
    await page.getByText('Accept conditions: done.').waitFor();
    const rota = page.getByRole('region', { name: 'Rota' });
    await rota.getByRole('row', { name: /^1\./ }).getByText('Pending', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Timelines' }).getByText('Accept conditions').waitFor();
    expect(await actions(page).getByRole('button', { name: 'Accept conditions' }).count()).toBe(0);
    const after = await apiOfPage(page).get<Detail>(`/api/requests/${detail.id}`);
    expect(after.rota[0]?.transaction?.state).toBe('pending');
    expect(after.version).toBeGreaterThan(detail.version);
  });

  it('lets the lender answer conditionally and ship, with the fields each action has', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const fresh = await openFirstOf(page, 'lending.new');
    await page.getByRole('region', { name: 'Borrowing library', exact: true }).waitFor();

    await actions(page).getByRole('button', { name: 'Answer Conditional' }).click();
    const form = dialog(page);
    await form.getByRole('textbox', { name: 'Conditions' }).waitFor();
    await form.getByRole('textbox', { name: 'Reply by' }).waitFor();
    await form.getByRole('group', { name: 'Cost' }).getByRole('textbox', { name: 'Amount' }).fill('ten');
    await form.getByRole('button', { name: 'Answer Conditional' }).click();
    await form.getByRole('alert').getByText('Conditions is required.').waitFor();
    await form.getByRole('alert').getByText('Cost: the amount must be a number such as 12.50.').waitFor();
    await expectAccessible(page, 'the Answer Conditional dialog with errors');
    await form.getByRole('textbox', { name: 'Conditions' }).fill('Library use only.');
    await form.getByRole('group', { name: 'Cost' }).getByRole('textbox', { name: 'Amount' }).fill('4.50');
    await form.getByRole('group', { name: 'Cost' }).getByRole('textbox', { name: 'Currency' }).fill('EUR');
    await form.getByRole('button', { name: 'Answer Conditional' }).click();
    await page.getByText('Answer Conditional: done.').waitFor();
    await page
      .getByRole('region', { name: 'Borrowing library and our loan' })
      .getByText('Conditional', { exact: true })
      .first()
      .waitFor();
    const answered = await apiOfPage(page).get<Detail>(`/api/requests/${fresh.id}`);
    expect(answered.rota[0]?.transaction?.state).toBe('conditional');

    // A lender that will supply ships a loan: the due date is required for a loan.
    await openFirstOf(page, 'lending.will-supply');
    await actions(page).getByRole('button', { name: 'Shipped', exact: true }).click();
    await dialog(page).getByRole('button', { name: 'Shipped', exact: true }).click();
    await dialog(page).getByRole('alert').getByText('Due date is required.').waitFor();
    await dialog(page).getByLabel('Due date').fill('2027-01-31');
    await dialog(page).getByLabel('Item identifier').fill('BC-0042');
    await dialog(page).getByRole('button', { name: 'Shipped', exact: true }).click();
    await page.getByText('Shipped: done.').waitFor();
    const loan = page.getByRole('region', { name: 'Borrowing library and our loan' });
    await loan.getByText('Shipped', { exact: true }).first().waitFor();
    await loan.getByText('Jan 31, 2027').waitFor();
  });

  it('shows a colleague’s change without a reload, keeping a half-filled form', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const detail = await openFirstOf(page, 'borrowing.received');
    const colleague = await apiSessionOf(await suite.newContext(), DEMO.north.admin);
    await liveUpdatesOn(page);

    await actions(page).getByRole('button', { name: 'Add Private Note' }).click();
    await dialog(page).getByRole('textbox', { name: 'Note' }).fill('Half written when the colleague');

    await colleague.post(`/api/requests/${detail.id}/actions`, {
      action: 'add-private-note',
      data: { note: 'Phoned the patron about collection.' },
    });
    await dialog(page).getByText('The request changed while this form was open.').waitFor();
    expect(await dialog(page).getByRole('textbox', { name: 'Note' }).inputValue()).toBe(
      'Half written when the colleague',
    );
    await page
      .getByRole('region', { name: 'Notes' })
      .getByText('Phoned the patron about collection.')
      .waitFor();
    await expectAccessible(page, 'an action dialog after a change elsewhere');
    await dialog(page).getByRole('textbox', { name: 'Note' }).fill('Written after the colleague’s note.');
    await dialog(page).getByRole('button', { name: 'Add Private Note' }).click();
    await page.getByText('Add Private Note: done.').waitFor();
    await page
      .getByRole('region', { name: 'Notes' })
      .getByText('Written after the colleague’s note.')
      .waitFor();

    // The polite announcement says the page changed because of someone else.
    await colleague.post(`/api/requests/${detail.id}/actions`, {
      action: 'add-private-note',
      data: { note: 'Second call.' },
    });
    await page.getByRole('status').filter({ hasText: 'by a change made elsewhere' }).waitFor();
    await page.getByRole('region', { name: 'Notes' }).getByText('Second call.').waitFor();
  });

  it('refuses an action on a stale version plainly, and shows the request as it now is', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const detail = await openFirstOf(page, 'borrowing.renew-pending');
    // Cut the live updates, so that the page does not learn of the colleague's change by itself.
    await page.route('**/api/events', (route) => route.abort());
    await page.reload();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${detail.reference} `) }).waitFor();
    const colleague = await apiSessionOf(await suite.newContext(), DEMO.north.admin);
    await colleague.post(`/api/requests/${detail.id}/actions`, {
      action: 'add-private-note',
      data: { note: 'Changed behind your back.' },
    });
    await actions(page).getByRole('button', { name: 'Add Private Note' }).click();
    await dialog(page).getByRole('textbox', { name: 'Note' }).fill('Stale note');
    await dialog(page).getByRole('button', { name: 'Add Private Note' }).click();
    await dialog(page).getByRole('alert').getByText('Someone else changed this meanwhile').waitFor();
    await page.getByRole('region', { name: 'Notes' }).getByText('Changed behind your back.').waitFor();
    // Sent again, it applies to the request as it now is.
    await dialog(page).getByRole('button', { name: 'Add Private Note' }).click();
    await page.getByText('Add Private Note: done.').waitFor();
    await page.getByRole('region', { name: 'Notes' }).getByText('Stale note').waitFor();
  });

  it('edits the request’s details', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await openFirstOf(page, 'borrowing.pending');
    await actions(page).getByRole('button', { name: 'Edit request details' }).click();
    await dialog(page).getByLabel('Edition').waitFor();
    await expectAccessible(page, 'the Edit request details dialog');
    await dialog(page).getByLabel('Edition').fill('2nd edition');
    await dialog(page).getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Edit request details: done.').waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByText('2nd edition').waitFor();
  });

  it('deletes a new request only after a confirmation step', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const detail = await openFirstOf(page, 'borrowing.new');
    await actions(page).getByRole('button', { name: 'Delete request' }).click();
    await dialog(page).getByText(`Delete ${detail.reference}? Nothing of it is kept`).waitFor();
    await expectAccessible(page, 'the delete confirmation');
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog(page).count()).toBe(0);
    await apiOfPage(page).get<Detail>(`/api/requests/${detail.id}`);

    await actions(page).getByRole('button', { name: 'Delete request' }).click();
    await dialog(page).getByRole('button', { name: 'Yes, Delete request' }).click();
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    await page.getByText(`Request ${detail.reference} was deleted.`).waitFor();
    const gone = await page.request.get(`/api/requests/${detail.id}`);
    expect(gone.status()).toBe(404);
  });

  it('creates a request for a patron, through the chosen backend and rota, and opens it', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await page.getByRole('link', { name: 'New request', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor();
    await page.getByLabel('Find a patron').waitFor();
    await expectAccessible(page, 'the new request page');

    // Sent empty: the patron and the title are missing.
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('alert').getByText('Title is required.').waitFor();
    await page.getByRole('alert').getByText('Choose the patron').waitFor();
    await page.getByRole('alert').getByText('Your library asks for this declaration').waitFor();

    await page.getByLabel('Find a patron').fill('Okafor');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const found = page.getByRole('list', { name: 'Patrons found' });
    await found.getByRole('button', { name: 'Choose Amara Okafor' }).waitFor();
    await expectAccessible(page, 'the new request page with patrons found');
    await found.getByRole('button', { name: 'Choose Amara Okafor' }).click();
    await page.getByText('For Amara Okafor (card 100001)').waitFor();

    await page.getByLabel('Type').selectOption('article');
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Journal of Coastal Research');
    await page.getByLabel('Article or chapter title').fill('Sediment transport in estuaries');
    await page.getByLabel('Year').fill('2019');
    await page.getByRole('group', { name: 'Maximum cost' }).getByLabel('Amount').fill('15');
    await page.getByRole('group', { name: 'Maximum cost' }).getByLabel('Currency').fill('EUR');

    // The rota: the ISO 18626 partners, reordered so that Westmere is asked first.
    const rota = page.getByRole('group', { name: 'Rota' });
    await rota.getByRole('button', { name: 'Move up Westmere Public Library (ILN-WEST)' }).click();
    await rota.getByRole('button', { name: 'Move up Westmere Public Library (ILN-WEST)' }).click();
    expect((await rota.getByRole('listitem').allTextContents())[0]).toContain('1. Westmere Public Library');
    await page.getByLabel('The patron accepted this declaration').check();
    await page.getByRole('button', { name: 'Create request' }).click();

    await page.getByRole('heading', { level: 1, name: /Journal of Coastal Research/ }).waitFor();
    await page.getByText(/Request ILL-\d+ was created\./).waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const created = await apiOfPage(page).get<Detail & { patron: { name: string } }>(`/api/requests/${id}`);
    expect(created.status).toBe('new');
    expect(created.patron.name).toBe('Amara Okafor');
    expect(created.details).toMatchObject({
      type: 'article',
      articleTitle: 'Sediment transport in estuaries',
      maxCost: { amount: '15', currency: 'EUR' },
    });
    expect(created.rota.map((entry) => entry.partner.symbol)[0]).toBe('ILN-WEST');
    await page
      .getByRole('region', { name: 'Rota' })
      .getByRole('row', { name: /^1\. Westmere/ })
      .waitFor();

    // Confirm sends it to the first supplier, who is Westmere.
    await actions(page).getByRole('button', { name: 'Confirm request' }).click();
    await dialog(page).getByRole('button', { name: 'Confirm request' }).click();
    await page.getByText('Confirm request: done.').waitFor();
    await eventually(
      async () =>
        (await apiOfPage(page).get<Detail>(`/api/requests/${id}`)).rota[0]?.transaction?.state ?? 'none',
      'pending',
    );
    await screenshot(page, 'staff-request-created');
  });
});
