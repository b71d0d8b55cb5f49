/**
 * The mail pages of the staff client in a real browser, as Northbridge's ILL staff (permission `ill`
 * only): a request the National Document Supply Centre emailed is recorded from the lending list,
 * with the form's objections beside their fields, and what staff then record shows on its timeline;
 * the notice log is filtered by status, audience and days and paged; the mail outbox shows each
 * mail's sender and reply-to address, while the SMTP settings stay refused. axe-core checks every
 * page and state.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO, describeInBrowser, expectAccessible, logInAsStaff, screenshot } from '../support/browser.ts';
import { apiOfPage, apiSessionOf, eventually } from './staff-support.ts';

interface NoticeLog {
  items: { id: string; status: string; audience: string; createdAt: string }[];
  nextBefore: string | null;
}

/** The rows of the notice log's table, each as its cells' text. */
async function noticeRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole('table', { name: 'Notices, newest first' }).locator('tbody tr');
  const count = await rows.count();
  const result: string[][] = [];
  for (let index = 0; index < count; index++) {
    result.push(await rows.nth(index).locator('td').allInnerTexts());
  }
  return result;
}

describeInBrowser('the mail pages of the staff client', (suite) => {
  it('records a request a partner emailed, from the lending list, and shows what is recorded next', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await page.getByRole('link', { name: 'Lending', exact: true }).click();
    await page.getByRole('link', { name: 'Record a request a partner emailed' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record a request a partner emailed' }).waitFor();
    // Only partners that work by email or by hand are offered.
    await page
      .getByLabel('Partner library')
      .locator('option', { hasText: 'DOCSUPPLY' })
      .waitFor({ state: 'attached' });
    const partnerOptions = await page.getByLabel('Partner library').locator('option').allTextContents();
    expect(partnerOptions).toEqual([
      'Choose…',
      'Bellamy Antiquarian Books (ANTIQUARIAN)',
      'National Document Supply Centre (DOCSUPPLY)',
    ]);
    await expectAccessible(page, 'the form recording an emailed request');

    // Nothing filled in: each missing field is named in the summary, which takes focus.
    await page.getByRole('button', { name: 'Record request' }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Partner library is required.' }).waitFor();
    await summary.getByRole('link', { name: 'Their reference is required.' }).waitFor();
    await summary.getByRole('link', { name: 'Title is required.' }).waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectAccessible(page, 'the emailed-request form with its errors');

    await page
      .getByLabel('Partner library')
      .selectOption({ label: 'National Document Supply Centre (DOCSUPPLY)' });
    await page.getByLabel('Their reference').fill('NDSC-2026-4411');
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('The Voyage of the Beagle');
    await page.getByLabel('Author').fill('Charles Darwin');
    await page.getByLabel('Their note').fill('For a reader at the Centre; loan preferred.');
    await screenshot(page, 'mail-emailed-request-form');
    await page.getByRole('button', { name: 'Record request' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /The Voyage of the Beagle/ });
    await heading.waitFor();
    await page.getByText(/^Lending request ILL-\d+ recorded\.$/).waitFor();
    const requestId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const api = apiOfPage(page);
    const recorded = await api.get<{
      role: string;
      partner: { symbol: string };
      partnerRequestId: string;
      details: { author: string };
    }>(`/api/requests/${requestId}`);
    expect(recorded).toMatchObject({
      role: 'lending',
      partner: { symbol: 'DOCSUPPLY' },
      partnerRequestId: 'NDSC-2026-4411',
      details: { author: 'Charles Darwin' },
    });

    // What staff record with an action shows on the timeline, after the action.
    const colleague = await apiSessionOf(await suite.newContext(), DEMO.north.ill);
    await colleague.post(`/api/requests/${requestId}/actions`, {
      action: 'shipped',
      data: { serviceType: 'loan', dueDate: '2027-01-15', itemId: 'B-0042' },
    });
    const timelines = page.getByRole('region', { name: 'Timelines' });
    await timelines.getByText('Shipped — service: Loan, due Jan 15, 2027, item B-0042').waitFor();
    await expectAccessible(page, 'the lending request with its recorded shipment');
    await screenshot(page, 'mail-emailed-request-recorded');

    // The same reference again is refused beside its field, nothing typed lost.
    await page.goto('/staff/lending/new');
    await page
      .getByLabel('Partner library')
      .selectOption({ label: 'National Document Supply Centre (DOCSUPPLY)' });
    await page.getByLabel('Their reference').fill('NDSC-2026-4411');
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('The Voyage of the Beagle');
    await page.getByRole('button', { name: 'Record request' }).click();
    await page
      .getByRole('alert')
      .getByRole('link', { name: /NDSC-2026-4411/ })
      .waitFor();
    expect(await page.getByLabel('Their reference').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('textbox', { name: 'Title', exact: true }).inputValue()).toBe(
      'The Voyage of the Beagle',
    );
    await expectAccessible(page, 'the emailed-request form refusing a reference recorded already');
  });

  it('filters the notice log by status, audience and days, and pages through it', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    // Enough notices for a second page: a request for a patron each, each with its request-placed notice.
    const colleague = await apiSessionOf(await suite.newContext(), DEMO.north.ill);
    const patrons = await colleague.get<{ items: { id: string }[] }>('/api/patrons?query=100001');
    const patronId = patrons.items[0]?.id;
    const before = await colleague.get<NoticeLog>('/api/notices?limit=500');
    for (let index = before.items.length; index < 56; index++) {
      await colleague.post('/api/requests', {
        details: { type: 'book', serviceType: 'loan', title: `Field guide ${index}`, patronId },
        copyrightAccepted: true,
      });
    }

    await page.getByRole('link', { name: 'Mail', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mail' }).waitFor();
    await page.getByRole('link', { name: 'Notice log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notice log' }).waitFor();
    const newest = await colleague.get<NoticeLog>('/api/notices?limit=50');
    await eventually(async () => (await noticeRows(page)).length, 50);
    await expectAccessible(page, 'the notice log');
    await screenshot(page, 'mail-notice-log');

    // Older notices, then back.
    await page.getByRole('button', { name: 'Older notices' }).click();
    await page.waitForURL((url) => url.searchParams.get('before') === newest.nextBefore);
    const older = await colleague.get<NoticeLog>(`/api/notices?limit=50&before=${newest.nextBefore}`);
    await eventually(async () => (await noticeRows(page)).length, older.items.length);
    await expectAccessible(page, 'the second page of the notice log');
    await page.getByRole('button', { name: 'Back to the newest notices' }).click();
    await page.waitForURL((url) => !url.searchParams.has('before'));
    await eventually(async () => (await noticeRows(page)).length, 50);

    // Held notices to patrons: the demo has no mail server, so they are held.
    await page.getByLabel('Status').selectOption({ label: 'Held' });
    await page.getByLabel('For', { exact: true }).selectOption({ label: 'Patrons' });
    await page.getByRole('button', { name: 'Show notices' }).click();
    await page.waitForURL((url) => url.search === '?status=held&audience=patron');
    const held = await colleague.get<NoticeLog>('/api/notices?status=held&audience=patron&limit=50');
    expect(held.items.length).toBeGreaterThan(0);
    await eventually(async () => (await noticeRows(page)).length, held.items.length);
    const rows = await noticeRows(page);
    expect(rows.every((cells) => cells[4] === 'Held' && cells[1]?.includes('To the patron'))).toBe(true);
    // The filters stay in the form.
    expect(await page.getByLabel('Status').inputValue()).toBe('held');

    // Days: today holds them all; none were written tomorrow; the days must be in order.
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Written from').fill(tomorrow);
    await page.getByRole('button', { name: 'Show notices' }).click();
    await page.getByText('No notice matches these filters.').waitFor();
    await expectAccessible(page, 'the notice log with nothing to show');
    await page.getByLabel('Written from').fill(tomorrow);
    await page.getByLabel('Written until').fill(today);
    await page.getByRole('button', { name: 'Show notices' }).click();
    await page
      .getByRole('alert')
      .getByRole('link', { name: 'The first day must not be after the last.' })
      .waitFor();
    await expectAccessible(page, 'the notice log refusing days out of order');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
    await eventually(async () => (await noticeRows(page)).length, 50);
  });

  it('shows ILL staff the mail outbox with each mail’s sender and reply-to, and keeps the SMTP settings from them', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await page.goto('/staff/config/mail');
    await page.getByRole('heading', { level: 1, name: 'You do not have permission' }).waitFor();

    await page.getByRole('link', { name: 'Mail', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mail' }).waitFor();
    await page.getByText('No mail server is set, so new mail is held here.').waitFor();
    expect(await page.getByLabel('Host').count()).toBe(0);
    const table = page.getByRole('table', { name: 'Mail outbox' });
    const headers = await table.getByRole('columnheader').allInnerTexts();
    expect(headers.slice(0, 4)).toEqual(['Written', 'From', 'To', 'Reply to']);
    const row = table.locator('tbody tr').first();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[1]).toBe('Northbridge University Library <ill@northbridge-university.example>');
    expect(cells[3]).toBe('ill@northbridge-university.example');
    await expectAccessible(page, 'the mail outbox of ILL work');
    await screenshot(page, 'mail-outbox');

    // ILL staff send held mail again, as the API lets them.
    await row.getByRole('button', { name: /^Send again/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Mail to .* will be sent again now\.$/ })
      .waitFor();
  });
});
