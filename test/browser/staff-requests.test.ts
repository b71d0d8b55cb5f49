/**
 * The staff dashboard and request lists in a real browser, as Northbridge's ILL desk: the dashboard's
 * counts are the API's and follow a colleague's change without a reload; the request list's filters,
 * keyword, sorting and keyset pages show what the API returns, live in the URL and survive back and
 * forward; the filters are saved as a queue the dashboard then shows; the list follows a colleague's
 * change live; the lending list is the lending queue. axe-core checks every page and dialog.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO, describeInBrowser, expectAccessible, logInAsStaff, screenshot } from '../support/browser.ts';
import {
  apiOfPage,
  apiSessionOf,
  eventually,
  listedReferences,
  liveUpdatesOn,
  type ListPage,
} from './staff-support.ts';

interface Queues {
  borrowing: { id: string; count: { value: number } }[];
  lending: { id: string; count: { value: number } }[];
  saved: { id: string; name: string; count: { value: number } | null }[];
}

/** The count shown on the dashboard's card of a queue. */
async function cardCount(page: Page, queueId: string): Promise<string> {
  const base = queueId.startsWith('lending.') ? '/staff/lending' : '/staff/requests';
  const card = page.locator(`a.card[href="${base}?queue=${queueId}"] .card__count`);
  return (await card.textContent()) ?? '';
}

async function waitForRows(page: Page): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /Showing|No requests match/ })
    .first()
    .waitFor();
}

describeInBrowser('the staff dashboard and request lists', (suite) => {
  it('shows every work queue with the count the API gives, and follows a colleague’s change live', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByRole('heading', { name: 'Borrowing queues' }).waitFor();
    const queues = await apiOfPage(page).get<Queues>('/api/queues');
    for (const queue of [...queues.borrowing, ...queues.lending]) {
      expect(await cardCount(page, queue.id), queue.id).toBe(String(queue.count.value));
    }
    // What needs attention is at the top, with its reasons.
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await attention.getByRole('heading', { name: 'Rotas that ran out' }).waitFor();
    const endOfRota = await apiOfPage(page).get<ListPage>('/api/requests?queue=borrowing.end-of-rota');
    for (const item of endOfRota.items) {
      await attention.getByRole('link', { name: item.reference }).waitFor();
    }
    await attention.getByText('No SMTP server is configured').first().waitFor();
    await expectAccessible(page, 'the dashboard');
    await screenshot(page, 'staff-dashboard');

    // A colleague creates a request: the New queue's count goes up without a reload.
    const before = queues.borrowing.find((queue) => queue.id === 'borrowing.new')?.count.value ?? 0;
    const colleague = await apiSessionOf(await suite.newContext(), DEMO.north.admin);
    await liveUpdatesOn(page);
    await colleague.post('/api/requests', {
      details: { type: 'book', serviceType: 'loan', title: 'The Dispossessed' },
      copyrightAccepted: true,
    });
    await eventually(() => cardCount(page, 'borrowing.new'), String(before + 1));

    // A card opens its queue's list.
    await page.locator('a.card[href="/staff/requests?queue=borrowing.new"]').click();
    await page.getByRole('heading', { level: 1, name: 'Queue: New' }).waitFor();
    await waitForRows(page);
    const queued = await apiOfPage(page).get<ListPage>('/api/requests?queue=borrowing.new');
    expect(await listedReferences(page)).toEqual(queued.items.map((item) => item.reference));
  });

  it('pages through the list by keyset, forwards and back, as the API does', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const api = apiOfPage(page);
    await page.goto('/staff/requests?limit=5');
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    await waitForRows(page);
    const first = await api.get<ListPage>('/api/requests?limit=5&count=exact');
    expect(await listedReferences(page)).toEqual(first.items.map((item) => item.reference));
    await page
      .getByRole('status')
      .filter({ hasText: `Showing 1–5 of ${first.total?.value}` })
      .waitFor();
    await expectAccessible(page, 'the request list');
    await screenshot(page, 'staff-request-list');

    const pages = page.getByRole('navigation', { name: 'Pages' });
    expect(await pages.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing 6–10' }).waitFor();
    const second = await api.get<ListPage>(
      `/api/requests?limit=5&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
    );
    expect(await listedReferences(page)).toEqual(second.items.map((item) => item.reference));
    expect(new URL(page.url()).searchParams.get('cursor')).toBe(first.nextCursor);

    await pages.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing 11–15' }).waitFor();
    await pages.getByRole('button', { name: 'Previous page' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing 6–10' }).waitFor();
    expect(await listedReferences(page)).toEqual(second.items.map((item) => item.reference));
    await page.goBack();
    await page.getByRole('status').filter({ hasText: 'Showing 11–15' }).waitFor();
    await page.goBack();
    await page.goBack();
    await page.getByRole('status').filter({ hasText: 'Showing 1–5' }).waitFor();
    expect(await listedReferences(page)).toEqual(first.items.map((item) => item.reference));
  });

  it('sorts by a column from its header, and says which way', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const api = apiOfPage(page);
    await page.goto('/staff/requests');
    await waitForRows(page);
    const title = page.getByRole('columnheader', { name: /^Title/ });
    expect(await title.getAttribute('aria-sort')).toBeNull();
    expect(await page.getByRole('columnheader', { name: /^Changed/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );

    await title.getByRole('button').click();
    await page.waitForURL(/sort=title&order=asc/);
    await eventually(() => title.getAttribute('aria-sort'), 'ascending');
    const ascending = await api.get<ListPage>('/api/requests?sort=title&order=asc');
    await eventually(
      () => listedReferences(page),
      ascending.items.map((item) => item.reference),
    );

    await title.getByRole('button').click();
    await page.waitForURL(/sort=title&order=desc/);
    await eventually(() => title.getAttribute('aria-sort'), 'descending');
    const descending = await api.get<ListPage>('/api/requests?sort=title&order=desc');
    await eventually(
      () => listedReferences(page),
      descending.items.map((item) => item.reference),
    );
    expect(descending.items.map((item) => item.reference)).not.toEqual(
      ascending.items.map((item) => item.reference),
    );

    // The state column sorts too, and keyboard users reach its button.
    const state = page.getByRole('columnheader', { name: /^Current state/ }).getByRole('button');
    await state.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=state&order=asc/);
    const byState = await api.get<ListPage>('/api/requests?sort=state&order=asc');
    await eventually(
      () => listedReferences(page),
      byState.items.map((item) => item.reference),
    );
  });

  it('filters by state, type and attention, searches by keyword, and keeps it all in the URL', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    const api = apiOfPage(page);
    await page.goto('/staff/requests');
    await waitForRows(page);

    const filters = page.getByRole('complementary', { name: 'Filters' });
    await filters.locator('summary', { hasText: /^Current state/ }).click();
    await filters.getByLabel('Shipped', { exact: true }).check();
    await filters.getByLabel('Received', { exact: true }).check();
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/state=shipped&state=received/);
    const shippedOrReceived = await api.get<ListPage>('/api/requests?state=shipped&state=received');
    expect(shippedOrReceived.items.length).toBeGreaterThan(1);
    await eventually(
      () => listedReferences(page),
      shippedOrReceived.items.map((item) => item.reference),
    );
    await filters.getByRole('heading', { name: 'Filters (1)' }).waitFor();

    await filters.locator('summary', { hasText: /^Type/ }).click();
    await filters.getByLabel('Article', { exact: true }).check();
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/type=article/);
    const articles = await api.get<ListPage>('/api/requests?state=shipped&state=received&type=article');
    await eventually(
      () => listedReferences(page),
      articles.items.map((item) => item.reference),
    );
    expect(articles.items.length).toBeLessThan(shippedOrReceived.items.length);
    await expectAccessible(page, 'the request list with filters');

    // Back: the previous filters, in the form and in the rows.
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('type=article'));
    await eventually(
      () => listedReferences(page),
      shippedOrReceived.items.map((item) => item.reference),
    );
    expect(await filters.getByLabel('Article', { exact: true }).isChecked()).toBe(false);
    await page.goForward();
    await eventually(
      () => listedReferences(page),
      articles.items.map((item) => item.reference),
    );

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');

    // Keyword search: a title word, then an ISBN with hyphens, then a request number.
    const search = page.getByRole('search');
    await search.getByLabel('Search requests').fill('Silent Spring');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=Silent\+Spring/);
    const silent = await api.get<ListPage>('/api/requests?q=Silent%20Spring');
    expect(silent.items.length).toBeGreaterThan(0);
    await eventually(
      () => listedReferences(page),
      silent.items.map((item) => item.reference),
    );

    const target = silent.items[0];
    await search.getByLabel('Search requests').fill(target?.reference ?? '');
    await search.getByRole('button', { name: 'Search' }).click();
    await eventually(() => listedReferences(page), [target?.reference]);

    // Needs attention, from the filter form's own select.
    await page.goto('/staff/requests?attention=false&undelivered=false');
    await waitForRows(page);
    expect(await filters.getByLabel('Needs attention').inputValue()).toBe('false');
    const calm = await api.get<ListPage>('/api/requests?attention=false&undelivered=false');
    await eventually(
      () => listedReferences(page),
      calm.items.map((item) => item.reference),
    );
  });

  it('shows the lending queues on the lending list, with the borrowing library', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await page.getByRole('link', { name: 'Lending', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Lending requests' }).waitFor();
    await waitForRows(page);
    const api = apiOfPage(page);
    const lending = await api.get<ListPage>('/api/requests?role=lending');
    expect(await listedReferences(page)).toEqual(lending.items.map((item) => item.reference));
    await page.getByRole('columnheader', { name: /^Borrowing library/ }).waitFor();
    expect(await page.getByRole('columnheader', { name: /^Patron/ }).count()).toBe(0);

    await page.getByLabel('Work queue').selectOption('lending.new');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lending queue: New requests' }).waitFor();
    const fresh = await api.get<ListPage>('/api/requests?queue=lending.new');
    await eventually(
      () => listedReferences(page),
      fresh.items.map((item) => item.reference),
    );
    expect(new URL(page.url()).pathname).toBe('/staff/lending');
    await expectAccessible(page, 'the lending list');
    await screenshot(page, 'staff-lending-list');
  });

  it('saves the list’s filters as a queue, which the dashboard then shows with its count', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await page.goto('/staff/requests?state=shipped&state=received');
    await waitForRows(page);
    const filters = page.getByRole('complementary', { name: 'Filters' });
    await filters.getByRole('button', { name: 'Save as a queue…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as a queue' });
    await dialog.getByRole('textbox', { name: 'Queue name' }).waitFor();
    await expectAccessible(page, 'the Save as a queue dialog');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByRole('alert').getByText('Queue name is required.').waitFor();
    await expectAccessible(page, 'the Save as a queue dialog with an error');
    await dialog.getByRole('textbox', { name: 'Queue name' }).fill('On loan or on the way');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByRole('status').getByText('Saved as the queue “On loan or on the way”.').waitFor();
    await expectAccessible(page, 'the Save as a queue dialog once saved');
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();

    // The same name again is refused beside the field, in the catalogue's words.
    await filters.getByRole('button', { name: 'Save as a queue…' }).click();
    await dialog.getByRole('textbox', { name: 'Queue name' }).fill('On loan or on the way');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText('Queue name is already used: each must be different.')
      .waitFor();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();

    const queues = await apiOfPage(page).get<Queues>('/api/queues');
    const saved = queues.saved.find((queue) => queue.name === 'On loan or on the way');
    const expected = await apiOfPage(page).get<ListPage>(
      '/api/requests?state=shipped&state=received&count=exact',
    );
    expect(saved?.count?.value).toBe(expected.total?.value);
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page
      .getByRole('region', { name: 'Saved queues' })
      .getByRole('link', { name: new RegExp(`^On loan or on the way ${saved?.count?.value}`) })
      .waitFor();
  });

  it('follows a colleague’s change to a request live, without a reload', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await page.goto('/staff/requests');
    await waitForRows(page);
    const api = apiOfPage(page);
    const listed = await api.get<ListPage>('/api/requests');
    const fresh = (await api.get<ListPage>('/api/requests?queue=borrowing.new')).items.find((item) =>
      listed.items.slice(1).some((shown) => shown.id === item.id),
    );
    if (fresh === undefined) throw new Error('The demo data has no new request below the top of the list');
    const row = page
      .locator('table.staff-table tbody tr')
      .filter({ has: page.getByRole('link', { name: fresh.reference, exact: true }) });
    // Not sent to a supplier yet (its status may be a custom one the library set, so the state tells).
    await row.getByText('Not sent yet', { exact: true }).waitFor();
    // Nothing re-reads the list but the live updates: the page is never reloaded below.
    let loads = 0;
    page.on('framenavigated', () => loads++);
    const colleague = await apiSessionOf(await suite.newContext(), DEMO.north.admin);
    await liveUpdatesOn(page);
    await colleague.post(`/api/requests/${fresh.id}/actions`, { action: 'confirm' });

    // Changed last, it comes to the top of the list (most recently changed first), sent to its supplier.
    await eventually(async () => (await listedReferences(page))[0], fresh.reference);
    await row.getByText('Pending', { exact: true }).waitFor();
    expect(loads).toBe(0);
    expect((await api.get<{ status: string }>(`/api/requests/${fresh.id}`)).status).toBe('requested');
    await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();
  });
});
