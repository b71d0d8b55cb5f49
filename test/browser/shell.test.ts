/**
 * The web client's shell in a real browser: the start page lists the libraries, staff log in and
 * out, unknown pages say so, keyboard users can skip to the content, and axe-core finds no
 * accessibility problem on any of these pages.
 */
import { expect, it } from 'vitest';
import {
  DEMO,
  axeViolations,
  describeInBrowser,
  expectAccessible,
  logInAsStaff,
  screenshot,
} from '../support/browser.ts';

describeInBrowser('the web client shell', (suite) => {
  it('lists the demo libraries on the start page, each linking to its OPAC', async () => {
    const page = await suite.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Interlend' }).waitFor();
    const link = page.getByRole('link', { name: DEMO.north.name });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/opac/${DEMO.north.symbol}`);
    expect(await page.getByRole('link', { name: DEMO.south.name }).count()).toBe(1);
    await expectAccessible(page, 'the start page');
    await screenshot(page, 'shell-start-page');
  });

  it('lets staff log in with their password, refuses a wrong one, and logs them out', async () => {
    const page = await suite.newPage();
    await page.goto('/staff');
    await page.getByLabel('Username').waitFor();
    await expectAccessible(page, 'the staff login page');

    await page.getByLabel('Username').fill(DEMO.north.ill);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();

    await logInAsStaff(page, DEMO.north.ill);
    expect(await page.getByText(DEMO.north.name).first().textContent()).toContain(DEMO.north.name);
    await screenshot(page, 'shell-staff-logged-in');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Username').waitFor();
  });

  it('offers keyboard users a link that skips to the main content', async () => {
    const page = await suite.newPage();
    await logInAsStaff(page, DEMO.north.ill);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Skip to main content');
  });

  it('has an accessibility check that does catch a problem (an input without a label)', async () => {
    const page = await suite.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Interlend' }).waitFor();
    await page.evaluate(() => document.querySelector('main')?.append(document.createElement('input')));
    const violations = await axeViolations(page);
    expect(violations.map((violation) => violation.id)).toContain('label');
  });

  it('says so when there is no page at an address', async () => {
    const page = await suite.newPage();
    await page.goto(`/opac/${DEMO.north.symbol}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expectAccessible(page, 'the not-found page');
  });
});
