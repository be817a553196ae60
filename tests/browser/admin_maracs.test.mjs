// The administrator names a Marac's staff in a real browser, without
// JavaScript: the chair is taken off the Wealdmoor Marac's staff and put
// back, and someone who is neither coordinator nor chair is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn } from './browser.mjs';
import { startServer } from '../e2e/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer('admin-maracs');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test("the administrator takes a chair off a Marac's staff and puts them back", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, srv.base, srv.logins.admin);
  await page.getByRole('link', { name: 'Marac staff' }).first().click();
  assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /Marac staff/);
  const staff = page.locator('ul.staff');
  // By name: DI Ruan Hollis, then Elowen Brackwater.
  assert.match(await staff.textContent(), /marac_chair[\s\S]*marac_coordinator/);

  await page.getByRole('button', { name: 'Remove marac_chair' }).click();
  assert.match(await page.getByRole('status').textContent(), /Removed/);
  assert.doesNotMatch(await staff.textContent(), /marac_chair/);

  await page.getByLabel('Username of a coordinator or chair').fill('agency_rep');
  await page.getByRole('button', { name: 'Add to Wealdmoor Marac' }).click();
  assert.match(await page.getByRole('alert').textContent(), /Only a coordinator or a chair/);

  await page.getByLabel('Username of a coordinator or chair').fill('marac_chair');
  await page.getByRole('button', { name: 'Add to Wealdmoor Marac' }).click();
  assert.match(await page.getByRole('status').textContent(), /Added/);
  assert.match(await staff.textContent(), /marac_chair/);
  await ctx.close();
});
