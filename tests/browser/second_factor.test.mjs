// Setting up and giving the second factor in a real browser, with
// JavaScript off: the QR code and the typed key, a wrong code, the right
// one, and the code asked for at the next sign-in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';
import { run, startServer, totp } from '../e2e/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer('second-factor-pages');
  const r = run(['security', 'second-factor', '--db', srv.db, '--roles', 'idva']);
  assert.equal(r.status, 0, r.stderr);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function passwordSignIn(page, login) {
  await page.goto(`${srv.base}/login`);
  await page.getByLabel('Username').fill(login.username);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an Idva sets up an authenticator at first sign-in and gives a code at the next', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await passwordSignIn(page, srv.logins.idva);
  await page.waitForURL(`${srv.base}/account/second-factor`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Set up your second factor');
  // Nowhere else to go yet: no navigation, and other pages send you back.
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').count(), 0);
  const qr = page.getByRole('img', { name: 'QR code holding your Roundtable key' });
  assert.equal(await qr.count(), 1);
  const secret = (await page.locator('#secret').textContent()).replaceAll(' ', '');
  assert.match(secret, /^[A-Z2-7]{32}$/);

  const code = page.getByLabel('Code from your authenticator app');
  await code.fill('000000' === totp(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  assert.match(await page.getByRole('alert').textContent(), /not right/);
  assert.equal(await code.getAttribute('aria-invalid'), 'true');
  // The same key is shown after a mistake: the app holds it already.
  assert.equal((await page.locator('#secret').textContent()).replaceAll(' ', ''), secret);

  const now = Date.now() / 1000;
  await code.fill(totp(secret, now));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.waitForURL(`${srv.base}/`);
  await page.goto(`${srv.base}/account`);
  assert.match(await page.locator('main').textContent(), /Authenticator app \(set up\)/);

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await passwordSignIn(page, srv.logins.idva);
  await page.waitForURL(`${srv.base}/account/second-factor`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Enter your code');
  assert.equal(await page.locator('#secret').count(), 0);
  await page.goto(`${srv.base}/referrals/new`);
  assert.equal(page.url(), `${srv.base}/account/second-factor`);
  await page.getByLabel('Code from your authenticator app').fill(totp(secret, now + 30));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${srv.base}/`);
  await ctx.close();
});
