// A referral interrupted and finished later, in a real browser without
// JavaScript: save as draft, find it in the list, continue it with what
// was typed, submit it, and it is gone from the list.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn } from './browser.mjs';
import { startServer } from '../e2e/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer('drafts-pages');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a referral saved part-way is continued and submitted', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, srv.base, srv.logins.agency_rep);
  await page.goto(`${srv.base}/referrals/new`);
  await page.getByLabel('Given name').fill('Lowena');
  await page.getByLabel('Family name').fill('Chenoweth');
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await page.waitForURL(`${srv.base}/referrals/drafts?done=saved`);
  assert.match(await page.getByRole('status').textContent(), /Your draft is saved/);
  await page.getByRole('link', { name: 'Continue the referral for Lowena Chenoweth' }).click();
  assert.equal(await page.getByLabel('Given name').inputValue(), 'Lowena');

  // Finish it: the rest of the form, as a referrer would.
  await page.getByLabel('Date of birth').first().fill('1993-05-17');
  await page.getByLabel('Female', { exact: true }).check();
  await page.getByLabel('Postcode').fill('wm3 2pq');
  await page.getByLabel(/^Phone number/).fill('01632 960556');
  await page.getByLabel('No, not safe to call').check();
  await page.getByLabel('Your phone number').fill('01632 960000');
  await page.getByLabel('Yes, the person knows about this referral').check();
  await page.getByLabel('Not asked: it was not safe or not possible').check();
  await page.getByLabel("Necessary to protect the person's life or safety").check();
  await page.getByLabel(/^Information sharing protocol relied on/).fill('Wealdmoor Marac ISP');
  for (let i = 1; i <= 24; i++) {
    const group = page.getByRole('group', { name: new RegExp(`^${i}\\. `) });
    await group.getByLabel(i <= 14 ? 'Yes' : 'No', { exact: true }).check();
  }
  await page.getByRole('button', { name: 'Submit referral' }).click();
  await page.waitForURL(/\/referrals\/received\?ref=/);
  await page.goto(`${srv.base}/referrals/drafts`);
  assert.match(await page.locator('main').textContent(), /You have no drafts/);
  await ctx.close();
});
