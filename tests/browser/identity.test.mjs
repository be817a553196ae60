// Confirming a match in a real browser, without JavaScript: the
// coordinator opens a new referral, sees the earlier referral of the same
// person with why, records that it is the same person, and undoes it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn } from './browser.mjs';
import { Client, referral, startServer } from '../e2e/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer('identity-pages');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the coordinator confirms that two referrals are one person, then undoes it', async () => {
  const rep = new Client(srv.base);
  await rep.signIn(srv.logins.agency_rep);
  const r = await rep.request('POST', '/api/v1/referrals', {
    json: referral({ victim: { given_name: 'Morwena', family_name: 'Tregarth', dob: '1991-07-14', postcode: 'WM1 4QT' } }),
  });
  assert.equal(r.status, 201, r.text);

  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, srv.base, srv.logins.marac_coordinator);
  await page.goto(`${srv.base}/referrals/${r.data.id}`);
  await page.getByRole('link', { name: 'Other referrals of this person' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Other referrals of this person');
  const match = page.locator('section.match').filter({ hasText: 'Morwenna Tregarth' });
  assert.equal(await match.count(), 1);
  await match.getByText('Why', { exact: true }).click();
  assert.match(await match.locator('table.why').textContent(), /dob\s*exact/);

  // Without a reason the decision is refused, and nothing is recorded.
  await match.getByLabel('Yes, the same person').check();
  await match.getByRole('button', { name: 'Record the decision' }).click();
  assert.match(await page.getByRole('alert').textContent(), /Say why/);
  const again = page.locator('section.match').filter({ hasText: 'Morwenna Tregarth' });
  await again.getByLabel('Yes, the same person').check();
  await again.getByLabel('Why (what you checked)').fill('Same date of birth and postcode; the given name is misspelt');
  await again.getByRole('button', { name: 'Record the decision' }).click();
  assert.match(await page.getByRole('status').textContent(), /The decision is recorded/);
  const decided = page.locator('section.match').filter({ hasText: 'Morwenna Tregarth' });
  assert.match(await decided.textContent(), /Decided: the same person\./);
  await decided.getByRole('button', { name: 'Undo the decision' }).click();
  assert.match(await page.getByRole('status').textContent(), /The decision is undone/);
  assert.match(await page.locator('section.match').filter({ hasText: 'Morwenna Tregarth' }).textContent(),
    /Is this the same person\?/);
  await ctx.close();
});
