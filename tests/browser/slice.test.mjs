// The foundation slice in a real browser (Debian's Chromium driven by
// playwright-core): an agency representative records a referral through
// the form, with a mistake first; the Marac coordinator finds it on the
// list. Also: the pages work with JavaScript off, and a one-time password
// sends its user to choose a new one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { startServer } from '../e2e/harness.mjs';

const TMP = process.env.RT_TEST_TMP || '/tmp';
let srv;
let browser;

before(async () => {
  srv = await startServer('browser');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function signIn(page, role) {
  await page.goto(`${srv.base}/`);
  assert.match(page.url(), /\/login$/);
  await page.getByLabel('Username').fill(srv.logins[role].username);
  await page.getByLabel('Password').fill(srv.logins[role].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${srv.base}/`);
}

test('an agency records a referral and the coordinator sees it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'agency_rep');
  assert.equal(await page.getByRole('link', { name: 'Referrals', exact: true }).count(), 0,
    'agency representatives do not browse referrals');
  await page.getByRole('link', { name: 'Record a referral' }).first().click();
  await page.waitForURL(/\/referrals\/new$/);

  await page.getByLabel('Given name').fill('Marisol');
  await page.getByLabel('Date of birth').first().fill('1989-08-17');
  await page.getByLabel('Female', { exact: true }).check();
  await page.getByLabel('Postcode').fill('wm3 2pq');
  await page.getByLabel(/^Phone number/).fill('01632 960555');
  await page.getByLabel('No, not safe to call').check();
  await page.getByLabel('Your phone number').fill('01632 960000');
  await page.getByLabel('Yes, the person knows about this referral').check();
  await page.getByLabel('Not asked: it was not safe or not possible').check();
  await page.getByLabel("Necessary to protect the person's life or safety").check();
  await page.getByLabel(/^Information sharing protocol relied on/).fill('Wealdmoor Marac ISP');
  // The Dash: each question is a group of radios named by its item id.
  for (let i = 1; i <= 24; i++) {
    const group = page.getByRole('group', { name: new RegExp(`^${i}\\. `) });
    await group.getByLabel(i <= 15 ? 'Yes' : 'No', { exact: true }).check();
  }
  await page.getByLabel(/^Domestic abuse incidents reported to the police/).fill('1');
  const harm = page.getByRole('group', { name: 'Person causing harm 1' });
  await harm.getByLabel(/^Name/).fill('Jago Trevenna');
  await harm.getByLabel(/^Relationship to the person at risk/).fill('ex-partner');
  const child = page.getByRole('group', { name: 'Child 1' });
  await child.getByLabel(/^Name/).fill('Wenna Penhaligon');
  await child.getByLabel(/^Date of birth/).fill('2019-04-02');
  await page.screenshot({ path: join(TMP, 'referral-form.png'), fullPage: true });

  // Family name left empty: the server says so, keeps what was typed.
  await page.getByRole('button', { name: 'Submit referral' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Family name is required/);
  assert.equal(await page.getByLabel('Given name').inputValue(), 'Marisol');
  assert.equal(await page.getByLabel('Family name').getAttribute('aria-invalid'), 'true');
  await alert.getByRole('link', { name: /Family name/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-victim-family_name');
  await page.screenshot({ path: join(TMP, 'referral-form-error.png'), fullPage: true });

  await page.getByLabel('Family name').fill('Penhaligon');
  await page.getByRole('button', { name: 'Submit referral' }).click();
  await page.getByRole('heading', { name: 'Referral received' }).waitFor();
  const ref = (await page.locator('.ref').innerText()).trim();
  assert.match(ref, /^[0-9a-f]{32}$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login$/);

  await signIn(page, 'marac_coordinator');
  await page.getByRole('link', { name: 'Referrals', exact: true }).first().click();
  const row = page.getByRole('row', { name: /Penhaligon, Marisol/ });
  await row.waitFor();
  assert.match(await row.innerText(), /1989-08-17/);
  assert.match(await row.innerText(), /wealdmoor-housing/);
  await row.getByRole('link').click();
  await page.getByRole('heading', { name: 'Marisol Penhaligon' }).waitFor();
  const details = await page.locator('dl').first().innerText();
  assert.match(await page.locator('main').innerText(), /high risk, score 15/i);
  assert.match(details, /WM3 2PQ/);
  assert.match(details, /No, not safe to call/);
  assert.ok(page.url().endsWith(ref));
  await page.screenshot({ path: join(TMP, 'referral-view.png'), fullPage: true });
  await context.close();
});

test('the pages work with JavaScript off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'marac_coordinator');
  await page.getByRole('link', { name: 'Referrals', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Referrals' }).waitFor();
  assert.ok(await page.getByRole('row').count() > 1, 'the list has rows');
  await page.goto(`${srv.base}/referrals/new`);
  await page.getByRole('button', { name: 'Submit referral' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Given name is required/);
  await context.close();
});

test('a wrong password is refused on the page, without saying which part was wrong', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${srv.base}/login`);
  await page.getByLabel('Username').fill('idva');
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  assert.match(await page.getByRole('alert').innerText(), /username or password is not right/);
  assert.equal(await page.getByLabel('Username').inputValue(), 'idva');
  await context.close();
});

test('keyboard only: skip link first, every control reachable and labelled', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'agency_rep');
  await page.goto(`${srv.base}/referrals/new`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), textarea')]
    .filter((el) => !(el.labels && el.labels.length)).map((el) => el.name));
  assert.deepEqual(unlabelled, []);
  await context.close();
});
