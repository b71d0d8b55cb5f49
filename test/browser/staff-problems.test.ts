/**
 * What is stuck, visible at a glance with the reason, in a real browser as Northbridge's ILL desk: a
 * message to a partner nothing answers for (failing, retried), one a partner's endpoint refuses
 * (given up, and the request flagged), on the dashboard, in the request list and on the request page;
 * the flag marked as dealt with; a rota that ran out, extended from its page. axe-core checks each
 * page and dialog.
 */
import { expect, it } from 'vitest';
import { DEMO, describeInBrowser, expectAccessible, logInAsStaff, screenshot } from '../support/browser.ts';
import { apiOfPage, apiSessionOf, eventually, type ListPage, type StaffApi } from './staff-support.ts';

interface Created {
  id: string;
  reference: string;
}
interface Detail extends Created {
  status: string | null;
  attention: string | null;
  rota: { partner: { symbol: string }; transaction: { undeliveredMessages: number } | null }[];
}
interface ListedItem {
  id: string;
  reference: string;
  undeliveredMessages: number;
}

/** A borrowing request for the library, with one partner on its rota, confirmed: its Request goes out. */
async function sendTo(api: StaffApi, partnerId: string, title: string): Promise<Created> {
  const created = await api.post<Created>('/api/requests', {
    details: { type: 'book', serviceType: 'loan', title },
    backend: 'iso18626',
    rota: [partnerId],
    copyrightAccepted: true,
  });
  await api.post(`/api/requests/${created.id}/actions`, { action: 'confirm' });
  return created;
}

describeInBrowser('undelivered messages and stalled rotas at a glance', (suite) => {
  it('shows why messages were not delivered on the dashboard, in the list and on the request page', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const admin = await apiSessionOf(await suite.newContext(), DEMO.north.admin);
    // Nothing listens at the first partner's endpoint (retried); the second's answers 404 (given up).
    const faraway = await admin.post<{ id: string }>('/api/partners', {
      symbol: 'ILN-FARAWAY',
      name: 'Faraway Library',
      protocol: 'iso18626',
      endpointUrl: 'http://127.0.0.1:9/iso18626',
    });
    const nowhere = await admin.post<{ id: string }>('/api/partners', {
      symbol: 'ILN-NOWHERE',
      name: 'Nowhere Library',
      protocol: 'iso18626',
      endpointUrl: `${suite.baseUrl}/api/no-such-iso18626-endpoint`,
    });
    const failing = await sendTo(admin, faraway.id, 'Far Away and Long Ago');
    const refused = await sendTo(admin, nowhere.id, 'The Unreachable Shore');
    const api = apiOfPage(page);
    await eventually(
      async () => (await api.get<Detail>(`/api/requests/${refused.id}`)).attention !== null,
      true,
    );
    await eventually(async () => {
      const log = await api.get<{ items: { status: string }[] }>(`/api/requests/${failing.id}/messages`);
      return log.items.map((entry) => entry.status);
    }, ['failed']);

    // The dashboard: each request under what was not delivered, with its reason.
    await page.goto('/staff');
    const attention = page.getByRole('region', { name: 'Needs attention' });
    const undelivered = attention
      .getByRole('heading', { name: 'Messages partners have not received' })
      .locator('xpath=..');
    const failingItem = undelivered.getByRole('listitem').filter({ hasText: failing.reference });
    await failingItem.getByText('Request to ILN-FARAWAY:').waitFor();
    await failingItem.getByText(/Failing: “http:\/\/127\.0\.0\.1:9\/iso18626 could not be reached/).waitFor();
    await failingItem.getByText(/Next attempt/).waitFor();
    const refusedItem = undelivered.getByRole('listitem').filter({ hasText: refused.reference });
    await refusedItem.getByText(/Given up: “.*no-such-iso18626-endpoint answered HTTP 4\d\d”/).waitFor();
    // The refusal flagged the request, which is listed with the reason among those needing attention.
    const flagged = attention
      .getByRole('heading', { name: 'Why requests need attention' })
      .locator('xpath=..')
      .getByRole('listitem')
      .filter({ hasText: refused.reference });
    await flagged.getByText(/was refused/).waitFor();
    await expectAccessible(page, 'the dashboard with undelivered messages');
    await screenshot(page, 'staff-dashboard-undelivered');

    // The list marks the rows with undelivered messages, as the API counts them.
    await page.goto('/staff/requests?limit=100');
    await page.getByRole('status').filter({ hasText: 'Showing' }).first().waitFor();
    const listed = await api.get<{ items: ListedItem[] }>('/api/requests?limit=100');
    const marked = listed.items.filter((item) => item.undeliveredMessages > 0).map((item) => item.reference);
    expect(marked).toEqual(expect.arrayContaining([failing.reference, refused.reference]));
    const rows = page.locator('table.staff-table tbody tr');
    const markedRows = await rows
      .filter({ hasText: /\d+ messages? not delivered/ })
      .locator('td:first-child a')
      .allTextContents();
    expect(markedRows).toEqual(marked);
    await rows
      .filter({ has: page.getByRole('link', { name: failing.reference, exact: true }) })
      .getByText('1 message not delivered', { exact: true })
      .waitFor();
    await expectAccessible(page, 'the request list with undelivered messages marked');

    // The request page says which message did not go, to whom, and why.
    await page.goto(`/staff/requests/${failing.id}`);
    const problem = page.getByRole('status').filter({ hasText: 'Messages not delivered' });
    await problem.getByText('Request to ILN-FARAWAY:').waitFor();
    await problem.getByText(/could not be reached/).waitFor();
    await expectAccessible(page, 'a request page with a message not delivered');
    await screenshot(page, 'staff-request-undelivered');

    // The refused one: flagged with the reason, and the flag marked as dealt with, with a note.
    await page.goto(`/staff/requests/${refused.id}`);
    const flag = page.getByRole('status').filter({ hasText: 'This request needs attention' });
    await flag.getByText(/was refused/).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'Messages not delivered' })
      .getByText(/Given up: “.*answered HTTP 4\d\d”/)
      .waitFor();
    await flag.getByRole('button', { name: 'Mark as dealt with' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark as dealt with' });
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Phoned Nowhere: their server moved.');
    await expectAccessible(page, 'the Mark as dealt with dialog');
    await dialog.getByRole('button', { name: 'Mark as dealt with' }).click();
    await page.getByText('Marked as dealt with.').waitFor();
    expect(await page.getByText('This request needs attention').count()).toBe(0);
    expect((await api.get<Detail>(`/api/requests/${refused.id}`)).attention).toBeNull();
    // The message itself is still not delivered, and still said so.
    await page.getByRole('status').filter({ hasText: 'Messages not delivered' }).waitFor();
  });

  it('says on its page that a rota ran out, and adds locations to it there', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const api = apiOfPage(page);
    const ranOut = (await api.get<ListPage>('/api/requests?queue=borrowing.end-of-rota')).items[0];
    if (ranOut === undefined) throw new Error('The demo data has no request at the end of its rota');
    const before = await api.get<Detail>(`/api/requests/${ranOut.id}`);
    await page.goto(`/staff/requests/${ranOut.id}`);
    await page
      .getByRole('status')
      .filter({ hasText: 'End of Rota' })
      .getByText('Every location on the rota has been asked without success.')
      .waitFor();

    await page
      .getByRole('region', { name: 'Actions' })
      .getByRole('button', { name: 'Add locations to the rota' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add locations to the rota' });
    const candidates = dialog.getByRole('group', { name: 'Partners to add' }).getByRole('checkbox');
    await candidates.first().waitFor();
    await expectAccessible(page, 'the Add locations to the rota dialog');
    await dialog.getByRole('button', { name: 'Add to the rota' }).click();
    await dialog.getByRole('alert').waitFor();
    await expectAccessible(page, 'the Add locations to the rota dialog with an error');
    const added = (await candidates.first().getAttribute('id')) ?? '';
    const label = (await dialog.locator(`label[for="${added}"]`).textContent()) ?? '';
    await candidates.first().check();
    await dialog.getByRole('button', { name: 'Add to the rota' }).click();
    await page.getByText('The rota was extended.').waitFor();
    const symbol = /\(([^)]+)\)$/.exec(label)?.[1];
    const after = await api.get<Detail>(`/api/requests/${ranOut.id}`);
    expect(after.rota.map((entry) => entry.partner.symbol)).toEqual([
      ...before.rota.map((entry) => entry.partner.symbol),
      symbol,
    ]);
    await page
      .getByRole('region', { name: 'Rota' })
      .getByRole('row', { name: new RegExp(`^${after.rota.length}\\. .*\\(${symbol}\\)`) })
      .getByText('Not asked yet')
      .waitFor();
  });
});
