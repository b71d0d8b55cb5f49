/// <reference lib="dom" />
/**
 * The OPAC in a real browser, against a real server with the demo consortium: a patron of ILN-NORTH
 * logs in, asks for a book and an article (accepting the copyright declaration), sees errors beside
 * their fields, checks the summary and confirms once however often they click, follows the request
 * in "my requests" in plain words, asks to cancel, and sees staff's changes arrive without
 * reloading; OpenURL 1.0 and 0.1 links fill the form; someone without a card asks at ILN-SOUTH.
 * axe-core checks every page, and each page is photographed.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { DEMO, describeInBrowser, expectAccessible, screenshot } from '../support/browser.ts';
import { createPatron } from '../support/factories.ts';

const NORTH = `/opac/${DEMO.north.symbol}`;
const SOUTH = `/opac/${DEMO.south.symbol}`;

/** Logs a demo patron in on the library's landing page. */
async function logIn(page: Page, opac: string, card: string, pin: string = DEMO.patronPin): Promise<void> {
  await page.goto(opac);
  await page.getByLabel('Library card number').fill(card);
  await page.getByLabel('PIN or password').fill(pin);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText('You are logged in as').waitFor();
}

/** The patron's requests, read through the API with the page's own session. */
async function myRequests(page: Page): Promise<{ id: string; title: string; articleTitle: string | null }[]> {
  const response = await page.request.get('/api/patron/requests');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: { id: string; title: string; articleTitle: string | null }[] })
    .items;
}

/** Places a request through the API with the page's session, as the form would. */
async function placeThroughApi(page: Page, title: string): Promise<string> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const response = await page.request.post('/api/patron/requests', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { details: { type: 'book', serviceType: 'loan', title }, copyrightAccepted: true },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The text of the request page's status panel. */
async function statusText(page: Page): Promise<string> {
  return (await page.locator('.opac-status-line').textContent()) ?? '';
}

describeInBrowser('the OPAC', (suite) => {
  it('welcomes patrons to a library, logs them in with card and PIN, and refuses a wrong PIN', async () => {
    const page = await suite.newPage();
    await page.goto(NORTH);
    await page.getByRole('heading', { level: 1, name: `${DEMO.north.name}: interlibrary loan` }).waitFor();
    await expectAccessible(page, 'the OPAC landing page');
    await screenshot(page, 'opac-landing');

    await page.goto(`${NORTH}/login`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Enter your library card number.' }).waitFor();
    await page.getByLabel('Library card number').fill('100001');
    await page.getByLabel('PIN or password').fill('9999');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    await expectAccessible(page, 'the OPAC login page with an error');
    await screenshot(page, 'opac-login');

    await page.getByLabel('PIN or password').fill(DEMO.patronPin);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('You are logged in as Amara Okafor.').waitFor();
    await page.getByRole('link', { name: 'See my requests' }).waitFor();

    // Another library's OPAC asks them to log in there with that library's card.
    await page.goto(SOUTH);
    await page
      .getByText(
        `You are logged in at ${DEMO.north.name}. To use interlibrary loan here, log in with your card of this library.`,
      )
      .waitFor();
    await page.getByLabel('Library card number').waitFor();
    expect(await page.getByRole('link', { name: 'My requests' }).count()).toBe(0);
  });

  it('asks for a Book: errors beside their fields, the copyright declaration, the summary, one request however often Confirm is clicked', async () => {
    const page = await suite.newPage();
    await logIn(page, NORTH, '100002');
    const before = (await myRequests(page)).length;
    await page.getByRole('link', { name: 'Ask for an item' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Ask for an item' }).waitFor();
    await expectAccessible(page, 'the request form (Book)');
    await screenshot(page, 'opac-form-book');

    // Nothing filled in: the summary at the top lists each problem, and each is beside its field.
    await page.getByLabel('ISBN').fill('12345');
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allTextContents()).toEqual([
      'Fill in “Title”.',
      'An ISBN has 10 or 13 digits, for example 978-0-14-143954-9.',
      'Choose where you will collect it.',
      'Accept the copyright declaration to continue.',
    ]);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    const title = page.getByLabel('Title');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await title.getAttribute('aria-describedby')}`).textContent()).toBe(
      'Fill in “Title”.',
    );
    await expectAccessible(page, 'the request form with errors');
    await screenshot(page, 'opac-form-errors');
    // The summary's links take keyboard users to the field.
    await summary.getByRole('link', { name: 'Fill in “Title”.' }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');

    await title.fill('The Left Hand of Darkness');
    await page.getByLabel('Author or editor').fill('Ursula K. Le Guin');
    await page.getByLabel('ISBN').fill('978-0-441-47812-5');
    await page.getByLabel('Collect it at').selectOption({ label: 'Science Library' });
    await page.getByRole('button', { name: 'Add a detail' }).click();
    // The new detail's name takes focus.
    expect(
      await page.evaluate(
        () => document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent,
      ),
    ).toBe('Detail 1');
    await page.keyboard.type('Edition wanted');
    await page.getByLabel('Value').fill('Any hardback');
    await page.getByText(`${DEMO.north.name} asks you to accept this declaration:`).waitFor();
    await page.getByLabel('I accept this declaration').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { level: 1, name: 'Check your request' }).waitFor();
    const rows = await page.locator('.opac-summary dt').allTextContents();
    expect(rows).toEqual([
      'What do you need?',
      'Title',
      'Author or editor',
      'ISBN',
      'Do you want to borrow it, or a copy?',
      'Collect it at',
      'Edition wanted',
    ]);
    await page.getByText('You accepted the copyright declaration.').waitFor();
    await expectAccessible(page, 'the request summary');
    await screenshot(page, 'opac-summary');

    // Change goes back with everything kept.
    await page.getByRole('link', { name: 'Change' }).click();
    expect(await page.getByLabel('Title').inputValue()).toBe('The Left Hand of Darkness');
    expect(await page.getByLabel('I accept this declaration').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('button', { name: 'Confirm request' }).dblclick();
    await page.getByRole('heading', { level: 1, name: 'Request sent' }).waitFor();
    const reference = await page.locator('.opac-reference').textContent();
    expect(reference).toMatch(/^Your request reference is ILL-\d+\.$/);
    await expectAccessible(page, 'the confirmation page');
    await screenshot(page, 'opac-confirmation');

    const after = await myRequests(page);
    expect(after.length).toBe(before + 1);
    // Patron 100002 had no request of this title before: one click or two, it is there once.
    expect(after.filter((request) => request.title === 'The Left Hand of Darkness')).toHaveLength(1);

    await page.getByRole('link', { name: 'See this request' }).click();
    await page.getByRole('heading', { level: 1, name: 'The Left Hand of Darkness' }).waitFor();
    expect(await statusText(page)).toBe('We have your request and will look at it soon');
    await page.getByText('You asked for it').waitFor();
    await page.getByText('Any hardback').waitFor();
  });

  it('shows the server’s objections beside their fields, back in the form with nothing lost', async () => {
    const page = await suite.newPage();
    await logIn(page, NORTH, '100001');
    await page.goto(`${NORTH}/request`);
    await page.getByLabel('Title').fill('Invisible Cities');
    await page.getByLabel('ISBN').fill('978-0-15-645380-6');
    await page.getByLabel('Collect it at').selectOption({ label: 'Main Library' });
    await page.getByLabel('I accept this declaration').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your request' }).waitFor();

    // The server refuses once: a rule the catalogue words itself (too long), and one of its own that
    // the catalogue does not know, whose words come as a detail.
    await page.route('**/api/patron/requests', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'validation_failed',
            message: 'The request has invalid fields.',
            details: {
              issues: [
                { field: 'body.details.isbn', rule: 'checksum', message: 'This ISBN does not exist.' },
                {
                  field: 'body.details.title',
                  rule: 'maxLength',
                  message: 'body.details.title must NOT have more than 500 characters',
                },
              ],
            },
          },
        }),
      }),
    );
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ask for an item' }).waitFor();
    const summary = page.locator('.error-summary');
    await summary.getByText('The library could not accept the request as it is.').waitFor();
    const isbnError = 'ISBN is not accepted. (The server said: This ISBN does not exist.)';
    expect((await summary.locator('li').allTextContents()).sort()).toEqual([isbnError, 'Title is too long.']);
    const isbn = page.getByLabel('ISBN');
    expect(await isbn.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#opac-details-isbn-error').textContent()).toBe(isbnError);
    expect(await page.getByLabel('Title').inputValue()).toBe('Invisible Cities');
    expect(await isbn.inputValue()).toBe('978-0-15-645380-6');
    expect(await page.getByLabel('I accept this declaration').isChecked()).toBe(true);
    await expectAccessible(page, 'the request form with the server’s objections');

    await page.unroute('**/api/patron/requests');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await page.getByRole('heading', { level: 1, name: 'Request sent' }).waitFor();
  });

  it('asks for an Article, shows each type’s own fields, and lists it in my requests in plain words', async () => {
    const page = await suite.newPage();
    await logIn(page, NORTH, '100003');
    await page.goto(`${NORTH}/request`);
    const types = [
      ['Journal', ['Journal title', 'Volume', 'Issue', 'ISSN']],
      ['Chapter', ['Chapter title', 'Author of the chapter', 'Book title', 'Part', 'Pages']],
      ['Thesis', ['Title of the thesis', 'University or institution']],
      ['Other', ['Title', 'Part']],
      ['Article', ['Article title', 'Author of the article', 'Journal title', 'Pages', 'DOI']],
    ] as const;
    for (const [type, labels] of types) {
      await page.getByRole('radio', { name: type }).check();
      for (const label of labels) await page.getByRole('textbox', { name: label, exact: true }).waitFor();
      await expectAccessible(page, `the request form (${type})`);
      await screenshot(page, `opac-form-${type.toLowerCase()}`);
    }
    // An article is wanted as a copy unless the patron says otherwise.
    expect(
      await page.getByRole('radio', { name: 'A copy (for example a scan of the pages)' }).isChecked(),
    ).toBe(true);
    await page.getByLabel('Article title').fill('Molecular Structure of Nucleic Acids');
    await page.getByLabel('Author of the article').fill('Watson, J. D.; Crick, F. H. C.');
    await page.getByLabel('Journal title').fill('Nature');
    await page.getByLabel('Volume').fill('171');
    await page.getByRole('textbox', { name: 'Pages' }).fill('737-738');
    await page.getByLabel('Collect it at').selectOption({ label: 'Main Library' });
    await page.getByLabel('I accept this declaration').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await page.getByRole('heading', { level: 1, name: 'Request sent' }).waitFor();

    await page.getByRole('link', { name: 'My requests' }).click();
    await page.getByRole('heading', { level: 1, name: 'My requests' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Molecular Structure of Nucleic Acids' });
    await row.waitFor();
    expect(await row.textContent()).toContain('We have your request and will look at it soon');
    // The demo patron's other requests are told in words too, never in the workflow's.
    const statuses = await page.locator('.opac-status__text').allTextContents();
    expect(statuses.length).toBeGreaterThan(1);
    for (const status of statuses)
      expect(status).not.toMatch(/pending|shipped|rota|conditional|idle|requester/i);
    await expectAccessible(page, 'my requests');
    await screenshot(page, 'opac-my-requests');
  });

  it('shows more than one page of my requests, a page more at each “Show more requests”, keeping them all when the list updates', async () => {
    // A patron of their own, so that the count is exactly the requests placed here.
    const db = createDatabase(suite.databaseUrl);
    const patron = await db
      .selectFrom('library')
      .select('id')
      .where('symbol', '=', DEMO.north.symbol)
      .executeTakeFirstOrThrow()
      .then((library) =>
        createPatron(db, { libraryId: library.id, name: 'Pat Many', secret: DEMO.patronPin }),
      )
      .finally(() => db.destroy());
    const page = await suite.newPage();
    await logIn(page, NORTH, patron.cardNumber);
    // One more than the API's page of 50, and two over: placed in order, so the first is the oldest.
    const titles = Array.from(
      { length: 53 },
      (_, index) => `Paged request ${String(index + 1).padStart(2, '0')}`,
    );
    for (const title of titles) await placeThroughApi(page, title);

    await page.goto(`${NORTH}/requests`);
    const current = page.getByRole('table', { name: 'Current requests' });
    const link = (title: string) => current.getByRole('link', { name: title, exact: true });
    await link('Paged request 53').waitFor();
    expect(await current.locator('tbody tr').count()).toBe(50);
    expect(await link('Paged request 04').count()).toBe(1);
    expect(await link('Paged request 03').count()).toBe(0);
    await page.getByText('Showing your 50 most recent requests.').waitFor();
    // The finished table cannot say there are none while pages are still to come.
    await page.getByText('None among the requests shown so far.').waitFor();
    await expectAccessible(page, 'my requests with more to show');

    const more = page.getByRole('button', { name: 'Show more requests' });
    await more.focus();
    await page.keyboard.press('Enter');
    await link('Paged request 01').waitFor();
    expect(await current.locator('tbody tr').count()).toBe(53);
    // Said politely, and focus goes to the sentence that replaces the button, not to the page's top.
    await page.getByRole('status').filter({ hasText: '3 more requests shown.' }).waitFor();
    expect(await more.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'All 53 of your requests are shown.',
    );
    expect(await page.getByText('No finished requests yet.').count()).toBe(1);
    await expectAccessible(page, 'my requests, all shown');
    await screenshot(page, 'opac-my-requests-paged');

    // A request placed elsewhere reaches the list live: the list reads all it showed again.
    await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();
    await placeThroughApi(page, 'Paged request 54');
    await link('Paged request 54').waitFor();
    await page.getByRole('status').filter({ hasText: 'Your requests were updated.' }).waitFor();
    expect(await current.locator('tbody tr').count()).toBe(54);
    await link('Paged request 01').waitFor();
  });

  it('fills the form from an OpenURL 1.0 link, after logging in, and from an OpenURL 0.1 link', async () => {
    const page = await suite.newPage();
    const link =
      `${NORTH}/request?url_ver=Z39.88-2004&url_ctx_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Actx` +
      '&rfr_id=info%3Asid%2Fprimo.exlibrisgroup.com&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook' +
      '&rft.genre=bookitem&rft.btitle=The+Oxford+Handbook+of+Medieval+Latin+Literature&rft.atitle=Latin+Epic' +
      '&rft.aulast=Hexter&rft.aufirst=Ralph&rft.date=2012&rft.spage=214&rft.epage=240&rft.isbn=9780195394016';
    await page.goto(link);
    // Not logged in at a library that needs it: log in, then back to the link, filled in.
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await page.getByText('Please log in to continue.').waitFor();
    await page.getByLabel('Library card number').fill('100001');
    await page.getByLabel('PIN or password').fill(DEMO.patronPin);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ask for an item' }).waitFor();
    await page.getByText('We have filled in the form from the link you followed.').waitFor();
    expect(await page.getByRole('radio', { name: 'Chapter' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Book title').inputValue()).toBe(
      'The Oxford Handbook of Medieval Latin Literature',
    );
    expect(await page.getByLabel('Chapter title').inputValue()).toBe('Latin Epic');
    expect(await page.getByLabel('Author of the chapter').inputValue()).toBe('Hexter, Ralph');
    expect(await page.getByRole('textbox', { name: 'Pages' }).inputValue()).toBe('214-240');
    expect(await page.getByLabel('Year').inputValue()).toBe('2012');
    expect(await page.getByLabel('ISBN').inputValue()).toBe('9780195394016');
    expect(await page.getByLabel('Value').inputValue()).toBe('primo.exlibrisgroup.com');
    await expectAccessible(page, 'the request form filled from an OpenURL');
    await screenshot(page, 'opac-openurl-prefilled');

    await page.goto(
      `${NORTH}/request?sid=Entrez:PubMed&genre=article&issn=0028-0836&atitle=Molecular+Structure+of+Nucleic+Acids` +
        '&title=Nature&volume=171&issue=4356&spage=737&epage=738&date=1953&aulast=Watson&aufirst=J.+D.&id=doi:10.1038/171737a0',
    );
    await page.getByText('We have filled in the form from the link you followed.').waitFor();
    expect(await page.getByRole('radio', { name: 'Article' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Journal title').inputValue()).toBe('Nature');
    expect(await page.getByLabel('Article title').inputValue()).toBe('Molecular Structure of Nucleic Acids');
    expect(await page.getByLabel('Author of the article').inputValue()).toBe('Watson, J. D.');
    expect(await page.getByLabel('Issue').inputValue()).toBe('4356');
    expect(await page.getByLabel('ISSN').inputValue()).toBe('0028-0836');
    expect(await page.getByLabel('DOI').inputValue()).toBe('10.1038/171737a0');
    expect(await page.getByLabel('Value').inputValue()).toBe('Entrez:PubMed');
  });

  it('asks to cancel after confirming in a dialog, where the server still allows it', async () => {
    const page = await suite.newPage();
    await logIn(page, NORTH, '100002');
    const id = await placeThroughApi(page, 'A Pattern Language');
    await page.goto(`${NORTH}/requests/${id}`);
    await page.getByRole('heading', { level: 1, name: 'A Pattern Language' }).waitFor();
    await expectAccessible(page, 'a request page');
    await screenshot(page, 'opac-request');

    await page.getByRole('button', { name: 'Ask to cancel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ask to cancel this request?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the ask-to-cancel dialog');
    await screenshot(page, 'opac-cancel-dialog');
    // "No" changes nothing and gives focus back to the button.
    await dialog.getByRole('button', { name: 'No, keep my request' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ask to cancel');

    await page.getByRole('button', { name: 'Ask to cancel' }).click();
    await dialog.getByLabel('Why do you want to cancel? (optional)').fill('Found a copy at my department.');
    await dialog.getByRole('button', { name: 'Yes, ask to cancel' }).click();
    await page.getByText('We have told the library that you want to cancel this request.').waitFor();
    await page.getByText('You asked us to cancel it; we will let you know').waitFor();
    await page.getByText('Found a copy at my department.').waitFor();
    expect(await page.getByRole('button', { name: 'Ask to cancel' }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Where it is now');
  });

  it('shows staff’s changes to a request as they happen, without reloading the page', async () => {
    const page = await suite.newPage();
    await logIn(page, NORTH, '100003');
    const id = await placeThroughApi(page, 'Silent Spring');
    await page.goto(`${NORTH}/requests/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Silent Spring' }).waitFor();
    expect(await statusText(page)).toBe('We have your request and will look at it soon');
    // The page says when it follows changes; only then can it hear of staff's.
    await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    // My requests, open in another tab, follows too.
    const list = await page.context().newPage();
    await list.goto(`${NORTH}/requests`);
    const mine = list.getByRole('row').filter({ hasText: 'Silent Spring' });
    await mine.filter({ hasText: 'We have your request and will look at it soon' }).waitFor();
    await list.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();

    // A member of staff confirms the request from the staff side, through the API.
    const login = await fetch(`${suite.baseUrl}/api/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEMO.north.ill, password: DEMO.staffPassword }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const confirmed = await fetch(`${suite.baseUrl}/api/requests/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ action: 'confirm' }),
    });
    expect(confirmed.status).toBe(200);

    await page.getByText('We have asked another library for it').waitFor();
    await page.getByText('We started working on your request').waitFor();
    await page.getByRole('status').filter({ hasText: 'This page was updated.' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await screenshot(page, 'opac-request-live-update');
    await mine.filter({ hasText: 'We have asked another library for it' }).waitFor();
    await list.getByRole('status').filter({ hasText: 'Your requests were updated.' }).waitFor();
  });

  it('takes a request without login at ILN-SOUTH, with the requester’s name and email', async () => {
    const page = await suite.newPage();
    await page.goto(SOUTH);
    await page.getByText('You can also ask without logging in').waitFor();
    await page.getByRole('link', { name: 'Ask for an item' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Ask for an item' }).waitFor();
    await page.getByRole('group', { name: 'How can we reach you?' }).waitFor();
    // No copyright declaration at this library.
    expect(await page.getByText('Copyright declaration').count()).toBe(0);

    // Keyboard only: the type by arrow keys, fields by Tab.
    await page.getByRole('radio', { name: 'Book' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'Article' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('radio', { name: 'Book' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Tidal Patterns in the Southport Estuary');
    expect(await page.getByLabel('Title').inputValue()).toBe('Tidal Patterns in the Southport Estuary');

    await page.getByLabel('Collect it at').selectOption({ label: 'Docklands Branch' });
    await page.getByLabel('Your name').fill('Visiting Scholar');
    await page.getByLabel('Your email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .locator('.error-summary')
      .getByText('Enter your email address, for example name@example.com.')
      .waitFor();
    await expectAccessible(page, 'the request form without login, with an error');
    await screenshot(page, 'opac-anonymous-form');
    await page.getByLabel('Your email address').fill('scholar@uni.example');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your request' }).waitFor();
    expect(await page.locator('.opac-summary').textContent()).toContain('scholar@uni.example');
    await page.getByRole('button', { name: 'Confirm request' }).click();
    await page.getByRole('heading', { level: 1, name: 'Request sent' }).waitFor();
    await page.getByText('We will tell you by email at scholar@uni.example how it goes.').waitFor();
    expect(await page.getByRole('link', { name: 'See this request' }).count()).toBe(0);
    await expectAccessible(page, 'the confirmation without login');
    await screenshot(page, 'opac-anonymous-confirmation');
  });
});
