/**
 * A whole interlibrary loan between two libraries of the demo consortium, done entirely in the
 * browser: a patron of Northbridge asks for a book in the OPAC; Northbridge's ILL desk confirms it and
 * it goes along the rota to the first supplier; the supplier answers conditionally; Northbridge
 * accepts; the supplier ships; Northbridge receives it and the patron is told; Northbridge asks to
 * renew and the supplier agrees; Northbridge returns it; the supplier checks it in; both complete.
 * Each party sees the other's moves arrive without reloading (ISO 18626 between the two libraries,
 * through the same path as a remote partner). Screenshots of every step are saved.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO, describeInBrowser, expectAccessible, logInAsStaff, screenshot } from '../support/browser.ts';

type DemoLibrary = (typeof DEMO)['north' | 'south' | 'east' | 'west'];
const LIBRARIES: readonly DemoLibrary[] = [DEMO.north, DEMO.south, DEMO.east, DEMO.west];

const TITLE = 'The Lifecycle of a Loan';

const actions = (page: Page) => page.getByRole('region', { name: 'Actions' });
const dialog = (page: Page) => page.getByRole('dialog');
const rota = (page: Page) => page.getByRole('region', { name: 'Rota' });

/** Takes an action from the request page through its form, and waits until it is done. */
async function act(
  page: Page,
  label: string,
  fill: (form: ReturnType<typeof dialog>) => Promise<void> = async () => {},
) {
  await actions(page).getByRole('button', { name: label, exact: true }).click();
  const form = dialog(page);
  await form.getByRole('heading', { name: label, exact: true }).waitFor();
  await fill(form);
  await form.getByRole('button', { name: label, exact: true }).click();
  try {
    await page.getByText(`${label}: done.`).waitFor();
  } catch (error) {
    // Say what the page said instead (a refusal, a field error), with a picture of it.
    await screenshot(page, `lifecycle-failed-${label}`);
    const said = await page.getByRole('alert').allTextContents();
    throw new Error(`${label} did not complete; the page says: ${JSON.stringify(said)}`, { cause: error });
  }
}

/** Waits until the request page offers an action, as it does once the partner's message arrived. */
async function offered(page: Page, label: string): Promise<void> {
  await actions(page).getByRole('button', { name: label, exact: true }).waitFor({ timeout: 30_000 });
}

describeInBrowser(
  'a loan between two libraries, from the patron’s request to both parties completing',
  (suite) => {
    it('goes through every step in the browser, each party seeing the other’s moves live', async () => {
      // The patron asks at Northbridge.
      const patron = await suite.newPage();
      await patron.goto(`/opac/${DEMO.north.symbol}`);
      await patron.getByLabel('Library card number').fill('100003');
      await patron.getByLabel('PIN or password').fill(DEMO.patronPin);
      await patron.getByRole('button', { name: 'Log in' }).click();
      await patron.getByText('You are logged in as').waitFor();
      await patron.getByRole('link', { name: 'Ask for an item' }).first().click();
      await patron.getByLabel('Title').fill(TITLE);
      await patron.getByLabel('Author or editor').fill('Iris Lending');
      await patron.getByLabel('Collect it at').selectOption({ label: 'Science Library' });
      await patron.getByLabel('I accept this declaration').check();
      await patron.getByRole('button', { name: 'Continue' }).click();
      await patron.getByRole('button', { name: 'Confirm request' }).click();
      await patron.getByRole('heading', { level: 1, name: 'Request sent' }).waitFor();
      const referenceText = (await patron.locator('.opac-reference').textContent()) ?? '';
      const reference = /ILL-\d+/.exec(referenceText)?.[0];
      expect(reference).toBeDefined();
      await screenshot(patron, 'lifecycle-01-patron-request-sent');
      await patron.getByRole('link', { name: 'See this request' }).click();
      await patron.getByRole('heading', { level: 1, name: TITLE }).waitFor();

      // Northbridge's ILL desk finds it among the new requests and confirms it.
      const borrower = await suite.newPage();
      await logInAsStaff(borrower, DEMO.north.ill);
      await borrower.goto('/staff/requests?queue=borrowing.new');
      await borrower.getByRole('link', { name: reference as string, exact: true }).click();
      await borrower.getByRole('heading', { level: 1, name: new RegExp(`^${reference} `) }).waitFor();
      await screenshot(borrower, 'lifecycle-02-borrower-new-request');
      await act(borrower, 'Confirm request');

      // The first supplier on the rota gets it: whichever demo library that is.
      const firstRow = rota(borrower).getByRole('row', { name: /^1\. / });
      await firstRow.getByText('Pending', { exact: true }).waitFor();
      const firstRowName = (await firstRow.textContent()) ?? '';
      const lender = LIBRARIES.find((library) => firstRowName.includes(`(${library.symbol})`));
      if (lender === undefined) throw new Error(`The first supplier is not a demo library: ${firstRowName}`);
      expect(lender.symbol).not.toBe(DEMO.north.symbol);
      await screenshot(borrower, 'lifecycle-03-borrower-confirmed');

      // The lender finds it among its new lending requests.
      const supplier = await suite.newPage();
      await logInAsStaff(supplier, lender.ill);
      await supplier.goto('/staff/requests?queue=lending.new');
      await supplier.getByRole('search').getByLabel('Search requests').fill(TITLE);
      await supplier.getByRole('search').getByRole('button', { name: 'Search' }).click();
      await supplier
        .getByRole('link', { name: new RegExp(`^ILL-\\d+$`) })
        .first()
        .click();
      await supplier.getByRole('heading', { level: 1, name: new RegExp(`${TITLE}`) }).waitFor();
      await supplier
        .getByRole('region', { name: 'Borrowing library' })
        .getByText(DEMO.north.name)
        .first()
        .waitFor();
      await expectAccessible(supplier, 'the lender’s request page');
      await screenshot(supplier, 'lifecycle-04-lender-new');

      // The lender answers conditionally; the borrower sees it arrive and accepts.
      await act(supplier, 'Answer Conditional', async (form) => {
        await form.getByRole('textbox', { name: 'Conditions' }).fill('Library use only: no photocopying.');
      });
      await offered(borrower, 'Accept conditions');
      await firstRow.getByText('Conditional', { exact: true }).waitFor();
      await borrower.getByText('Library use only: no photocopying.').first().waitFor();
      await screenshot(borrower, 'lifecycle-05-borrower-conditions');
      await act(borrower, 'Accept conditions');

      // The lender ships a loan with a due date; the borrower sees it shipped and receives it.
      await offered(supplier, 'Shipped');
      await act(supplier, 'Shipped', async (form) => {
        await form.getByLabel('Due date').fill('2027-02-15');
      });
      await screenshot(supplier, 'lifecycle-06-lender-shipped');
      await offered(borrower, 'Received');
      await firstRow.getByText('Shipped', { exact: true }).waitFor();
      await act(borrower, 'Received');
      await firstRow.getByText('Received', { exact: true }).waitFor();
      await screenshot(borrower, 'lifecycle-07-borrower-received');

      // The patron is told: their page says it is ready, and the pickup-ready notice is written.
      await patron.getByText(/Ready for you to collect at Science Library/).waitFor({ timeout: 30_000 });
      await screenshot(patron, 'lifecycle-08-patron-ready');
      const requestId = new URL(borrower.url()).pathname.split('/').at(-1) as string;
      const notices = (await (await borrower.request.get(`/api/requests/${requestId}/notices`)).json()) as {
        notices: { notice: string }[];
      };
      expect(notices.notices.map((notice) => notice.notice)).toContain('pickup-ready');

      // The borrower asks to renew; the lender agrees with a new due date.
      await act(borrower, 'Renew', async (form) => {
        await form.getByLabel('Desired due date').fill('2027-03-15');
      });
      await firstRow.getByText('Renew Pending', { exact: true }).waitFor();
      await offered(supplier, 'Agree to renew');
      await screenshot(supplier, 'lifecycle-09-lender-renewal-asked');
      await act(supplier, 'Agree to renew', async (form) => {
        await form.getByLabel('Due date').fill('2027-03-15');
      });
      await firstRow.getByText('Received', { exact: true }).waitFor({ timeout: 30_000 });
      await borrower
        .getByText(/Mar 15, 2027|15 Mar 2027/)
        .first()
        .waitFor();

      // The borrower returns it; the lender checks it in.
      await act(borrower, 'Returned');
      await firstRow.getByText('Returned', { exact: true }).waitFor();
      // The lender waits for the borrower's Returned to arrive before checking the item in.
      await supplier
        .getByRole('region', { name: 'Timelines' })
        .getByText('Partner message: Returned')
        .first()
        .waitFor({ timeout: 30_000 });
      await offered(supplier, 'Checked In');
      await act(supplier, 'Checked In');
      await firstRow.getByText('Checked In', { exact: true }).waitFor({ timeout: 30_000 });
      await screenshot(borrower, 'lifecycle-10-borrower-checked-in');

      // Both complete.
      await act(supplier, 'Complete');
      await act(borrower, 'Complete');
      const finished = (await (await borrower.request.get(`/api/requests/${requestId}`)).json()) as {
        status: string;
        completedAt: string | null;
        rota: { transaction: { state: string } | null }[];
      };
      expect(finished.status).toBe('completed');
      expect(finished.completedAt).not.toBeNull();
      expect(finished.rota[0]?.transaction?.state).toBe('checked_in');
      await expectAccessible(borrower, 'the completed request page');
      await screenshot(borrower, 'lifecycle-11-borrower-completed');
      await screenshot(supplier, 'lifecycle-12-lender-completed');
    }, 300_000);
  },
);
