// Excluding someone from a case and lifting it, in a real browser without
// JavaScript: the coordinator finds the case's exclusions from the
// referral, is told what is wrong with a short reason, excludes the
// representative, who then finds the case gone, and lifts it again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn } from './browser.mjs';
import { Client, referral, startServer } from '../e2e/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer('exclusions-pages');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the coordinator excludes a representative from a case and lifts it', async () => {
  const rep = new Client(srv.base);
  await rep.signIn(srv.logins.agency_rep);
  const r = await rep.request('POST', '/api/v1/referrals', {
    json: referral({ victim: { given_name: 'Ysella', family_name: 'Chenoweth', postcode: 'WM2 1AA' } }),
  });
  assert.equal(r.status, 201, r.text);
  const id = r.data.id;

  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, srv.base, srv.logins.marac_coordinator);
  await page.goto(`${srv.base}/referrals/${id}`);
  await page.getByRole('link', { name: 'Exclusions from this case' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Exclusions from this case');
  assert.match(await page.locator('main').textContent(), /Nobody is excluded from this case/);

  // A reason too short is refused, naming what is wrong; nothing is set.
  await page.getByLabel('Username').fill('agency_rep');
  await page.getByLabel('Why', { exact: true }).fill('Knows her');
  await page.getByRole('button', { name: 'Exclude' }).click();
  assert.match(await page.getByRole('alert').textContent(), /Say why, in at least 20 characters/);
  assert.match(await page.locator('main').textContent(), /Nobody is excluded from this case/);

  await page.getByLabel('Username').fill('agency_rep');
  await page.getByLabel('Why', { exact: true }).fill('Knows the person causing harm from school');
  await page.getByRole('button', { name: 'Exclude' }).click();
  assert.match(await page.getByRole('status').textContent(), /The user is excluded from this case/);
  const row = page.locator('section.exclusion').filter({ hasText: 'agency_rep' });
  assert.equal(await row.count(), 1);
  assert.doesNotMatch(await page.content(), /from school/, 'the reason is the auditor\'s');
  assert.equal((await rep.request('GET', `/referrals/${id}`)).status, 404);

  await row.getByLabel('Why lift it').fill('Checked: they were at different schools');
  await row.getByRole('button', { name: 'Lift the exclusion' }).click();
  assert.match(await page.getByRole('status').textContent(), /The exclusion is lifted/);
  assert.match(await page.locator('section.exclusion').textContent(), /agency_rep \(lifted\)/);
  assert.equal((await rep.request('GET', `/api/v1/referrals/${id}`)).status, 200);
  await ctx.close();
});
