/**
 * The request page in a real browser, as Northbridge's ILL desk: the rota with each supplier's state,
 * both parties' timelines, notes and the message log; actions taken through their forms (a note, a
 * borrower's answer to conditions, a lender's Answer Conditional and Shipped), a colleague's change
 * appearing without a reload and without losing a half-filled form, editing the details, a Cost
 * Adjustment, the confirmation step of each action that cannot be undone (delete, revert, cancel,
 * terminate, lost), creating a request for a patron through the Email backend, and placing a request
 * with email partners then reverting it. axe-core checks each page and each dialog opened.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO, describeInBrowser, expectAccessible, logInAsStaff, screenshot } from '../support/browser.ts';
import { apiOfPage, apiSessionOf, eventually, liveUpdatesOn, type ListPage } from './staff-support.ts';

interface Detail {
  id: string;
  reference: string;
  version: number;
  backend: string;
  status: string | null;
  rota: {
    position: number;
    partner: { symbol: string; name: string };
    transaction: {
      state: string;
      undeliveredMessages: number;
      cost: { amount: string; currency: string } | null;
    } | null;
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

/** The partner emails of a request's notice log, as `GET /api/requests/:id/notices` gives them. */
async function partnerEmailsOf(page: Page, id: string): Promise<string[]> {
  const sent = await apiOfPage(page).get<{ partnerEmails: { to: string }[] }>(`/api/requests/${id}/notices`);
  return sent.partnerEmails.map((mail) => mail.to);
}

describeInBrowser('the staff request page', (suite) => {
  it('shows the rota with each supplier’s state, both timelines, notes and the message log', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const detail = await openFirstOf(page, 'borrowing.conditional');
    const supplier = detail.rota[0];
    if (supplier === undefined) throw new Error('no supplier');
    // The mail worker writes the demo's notices after the server starts: once it has, the page shows them.
    await eventually(async () => {
      const sent = await apiOfPage(page).get<{ notices: { status: string }[] }>(
        `/api/requests/${detail.id}/notices`,
      );
      return sent.notices.some((notice) => notice.status === 'held');
    }, true);
    await page.reload();

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

  it('adjusts the cost of a loan through the Cost Adjustment form', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const detail = await openFirstOf(page, 'borrowing.shipped');
    await actions(page).getByRole('button', { name: 'Cost Adjustment' }).click();
    const cost = dialog(page).getByRole('group', { name: 'Cost' });
    await cost.getByRole('textbox', { name: 'Amount' }).waitFor();
    await expectAccessible(page, 'the Cost Adjustment dialog');
    // The cost is required, and must be an amount.
    await dialog(page).getByRole('button', { name: 'Cost Adjustment' }).click();
    await dialog(page).getByRole('alert').getByText('Cost is required.').waitFor();
    await cost.getByRole('textbox', { name: 'Amount' }).fill('7,25');
    await cost.getByRole('textbox', { name: 'Currency' }).fill('gbp');
    await dialog(page).getByRole('textbox', { name: 'Note' }).fill('Lender added postage.');
    await dialog(page).getByRole('button', { name: 'Cost Adjustment' }).click();
    await page.getByText('Cost Adjustment: done.').waitFor();

    const after = await apiOfPage(page).get<Detail>(`/api/requests/${detail.id}`);
    const supplier = after.rota.find((entry) => entry.transaction?.state === 'shipped');
    expect(supplier?.transaction?.cost).toEqual({ amount: '7.25', currency: 'GBP' });
    await page
      .getByRole('region', { name: 'Rota' })
      .getByRole('row', { name: new RegExp(`${supplier?.partner.symbol}`) })
      .getByText('£7.25')
      .waitFor();
    await page.getByRole('region', { name: 'Timelines' }).getByText('Cost Adjustment').first().waitFor();
  });

  it('asks before cancelling, terminating or reporting lost, and takes nothing until answered', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const steps = [
      { queue: 'borrowing.pending', action: 'Cancel', question: 'with the current supplier?' },
      {
        queue: 'borrowing.pending',
        action: 'Terminate Request',
        question: 'no further location on the rota',
      },
      { queue: 'borrowing.shipped', action: 'Lost', question: 'Both libraries record the item as lost.' },
    ];
    for (const step of steps) {
      const detail = await openFirstOf(page, step.queue);
      await actions(page).getByRole('button', { name: step.action, exact: true }).click();
      await dialog(page).getByRole('button', { name: step.action, exact: true }).click();
      const question = dialog(page).getByText(
        `${step.action === 'Lost' ? 'Report' : step.action.split(' ')[0]} ${detail.reference}`,
      );
      await question.filter({ hasText: step.question }).waitFor();
      await expectAccessible(page, `the ${step.action} confirmation step`);
      await screenshot(page, `staff-confirm-${step.action.toLowerCase().replace(/\s+/g, '-')}`);
      // Back to the form, then away: the request is as it was.
      await dialog(page).getByRole('button', { name: 'Back' }).click();
      await dialog(page).getByRole('button', { name: step.action, exact: true }).waitFor();
      await dialog(page).getByRole('button', { name: 'Close', exact: true }).click();
      expect(await dialog(page).count()).toBe(0);
      const after = await apiOfPage(page).get<Detail>(`/api/requests/${detail.id}`);
      expect(after.version).toBe(detail.version);
    }
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

  it('creates a request for a patron through the Email backend and the rota chosen, and opens it', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    // A second email partner, so that the rota has an order to choose.
    const admin = await apiSessionOf(await suite.newContext(), DEMO.north.admin);
    await admin.post('/api/partners', {
      symbol: 'ZETLAND',
      name: 'Zetland Isles Library',
      protocol: 'email',
      email: 'ill@zetland-isles.example',
    });
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

    // Not the default backend: Email, whose rota holds the email partners, Zetland moved first.
    const rota = page.getByRole('group', { name: 'Rota' });
    await rota.getByRole('listitem').filter({ hasText: 'Westmere Public Library' }).waitFor();
    await page.getByRole('radio', { name: 'Email', exact: true }).check();
    await rota.getByRole('listitem').filter({ hasText: 'National Document Supply Centre' }).waitFor();
    expect(await rota.getByRole('listitem').filter({ hasText: 'Westmere Public Library' }).count()).toBe(0);
    await rota.getByRole('button', { name: 'Move up Zetland Isles Library (ZETLAND)' }).click();
    expect((await rota.getByRole('listitem').allTextContents())[0]).toContain('1. Zetland Isles Library');
    await expectAccessible(page, 'the new request page with the Email backend chosen');
    await page.getByLabel('The patron accepted this declaration').check();
    await page.getByRole('button', { name: 'Create request' }).click();

    await page.getByRole('heading', { level: 1, name: /Journal of Coastal Research/ }).waitFor();
    await page.getByText(/Request ILL-\d+ was created\./).waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const created = await apiOfPage(page).get<Detail & { patron: { name: string } }>(`/api/requests/${id}`);
    expect(created.status).toBe('new');
    expect(created.backend).toBe('email');
    expect(created.patron.name).toBe('Amara Okafor');
    expect(created.details).toMatchObject({
      type: 'article',
      articleTitle: 'Sediment transport in estuaries',
      maxCost: { amount: '15', currency: 'EUR' },
    });
    expect(created.rota.map((entry) => entry.partner.symbol)).toEqual(['ZETLAND', 'DOCSUPPLY']);
    await page
      .getByRole('region', { name: 'Rota' })
      .getByRole('row', { name: /^1\. Zetland Isles Library/ })
      .waitFor();

    // Confirm emails it to the first location of the rota, Zetland.
    await actions(page).getByRole('button', { name: 'Confirm request' }).click();
    await dialog(page).getByRole('button', { name: 'Confirm request' }).click();
    await page.getByText('Confirm request: done.').waitFor();
    await eventually(
      async () =>
        (await apiOfPage(page).get<Detail>(`/api/requests/${id}`)).rota[0]?.transaction?.state ?? 'none',
      'pending',
    );
    await eventually(() => partnerEmailsOf(page, id), ['ill@zetland-isles.example']);
    await page
      .getByRole('region', { name: 'Notices and emails' })
      .getByRole('row', { name: /ill@zetland-isles\.example/ })
      .waitFor();
    await screenshot(page, 'staff-request-created');
  });

  it('places a new request with email partners chosen from a checklist, then reverts it after confirming', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const colleague = await apiSessionOf(await suite.newContext(), DEMO.north.admin);
    const fresh = await colleague.post<{ id: string; reference: string }>('/api/requests', {
      details: {
        type: 'book',
        serviceType: 'loan',
        title: 'A Pattern Language',
        author: 'Christopher Alexander',
      },
      backend: 'email',
      copyrightAccepted: true,
    });
    await page.goto(`/staff/requests/${fresh.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${fresh.reference} `) }).waitFor();

    await actions(page).getByRole('button', { name: 'Place request with partners' }).click();
    const partners = dialog(page).getByRole('group', { name: 'Partners' });
    await partners.getByRole('checkbox', { name: 'National Document Supply Centre (DOCSUPPLY)' }).waitFor();
    await expectAccessible(page, 'the place-with-partners checklist');
    await screenshot(page, 'staff-place-with-partners');
    // None chosen: refused beside the checklist.
    await dialog(page).getByRole('button', { name: 'Place request with partners' }).click();
    await dialog(page).getByRole('alert').getByText('Partners is required.').waitFor();
    await expectAccessible(page, 'the place-with-partners checklist with an error');
    await partners.getByRole('checkbox', { name: 'National Document Supply Centre (DOCSUPPLY)' }).check();
    await dialog(page).getByRole('button', { name: 'Place request with partners' }).click();
    await page.getByText('Place request with partners: done.').waitFor();

    await page.locator('.staff-summary').getByText('Requested from partners', { exact: true }).waitFor();
    const placed = await apiOfPage(page).get<Detail>(`/api/requests/${fresh.id}`);
    expect(placed.status).toBe('requested_from_partners');
    expect(placed.rota.map((entry) => entry.partner.symbol)).toContain('DOCSUPPLY');
    // The partner's email is in the notice log, on the page and through the API.
    await eventually(() => partnerEmailsOf(page, fresh.id), ['requests@document-supply.example']);
    await page
      .getByRole('region', { name: 'Notices and emails' })
      .getByRole('row', { name: /requests@document-supply\.example/ })
      .waitFor();

    // Revert asks first; Back leaves it placed, Yes reverts it.
    await actions(page).getByRole('button', { name: 'Revert request' }).click();
    await dialog(page).getByRole('button', { name: 'Revert request' }).click();
    await dialog(page).getByText(`Revert ${fresh.reference}? It is withdrawn from the partners`).waitFor();
    await expectAccessible(page, 'the Revert confirmation step');
    await dialog(page).getByRole('button', { name: 'Back' }).click();
    expect((await apiOfPage(page).get<Detail>(`/api/requests/${fresh.id}`)).status).toBe(
      'requested_from_partners',
    );
    await dialog(page).getByRole('button', { name: 'Revert request' }).click();
    await dialog(page).getByRole('button', { name: 'Yes, Revert request' }).click();
    await page.getByText('Revert request: done.').waitFor();
    await page.locator('.staff-summary').getByText('Reverted', { exact: true }).waitFor();
    expect((await apiOfPage(page).get<Detail>(`/api/requests/${fresh.id}`)).status).toBe('reverted');
  });
});
