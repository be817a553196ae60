// The triage queue in a real browser: a newer high-risk referral is listed
// above an older lower-risk one (help goes by risk, not by arrival).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, signIn } from './browser.mjs';
import { Client, referral, startServer } from '../e2e/harness.mjs';

const TMP = process.env.RT_TEST_TMP || '/tmp';
let srv;
let browser;

before(async () => {
  srv = await startServer('triage');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const answers = (yes) => Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), i < yes ? 'yes' : 'no']));

test('a higher-risk referral is listed above an older lower-risk one', async () => {
  const rep = new Client(srv.base);
  await rep.signIn(srv.logins.agency_rep);
  let r = await rep.request('POST', '/api/v1/referrals', {
    json: referral({ victim: { given_name: 'Elestren', family_name: 'Older-Lower' }, assessment: { answers: answers(3) } }),
  });
  assert.equal(r.status, 201, r.text);
  await new Promise((res) => setTimeout(res, 1100)); // a different second, so "older" is real
  r = await rep.request('POST', '/api/v1/referrals', {
    json: referral({ victim: { given_name: 'Jenifer', family_name: 'Newer-Higher' }, assessment: { answers: answers(17) } }),
  });
  assert.equal(r.status, 201, r.text);

  const page = await (await browser.newContext()).newPage();
  await signIn(page, srv.base, srv.logins.marac_coordinator);
  await page.getByRole('link', { name: 'Triage' }).first().click();
  await page.getByRole('heading', { name: 'Triage' }).waitFor();
  const names = await page.locator('table.triage tbody th').allInnerTexts();
  const high = names.indexOf('Newer-Higher, Jenifer');
  const low = names.indexOf('Older-Lower, Elestren');
  assert.ok(high >= 0 && low >= 0, names.join(' | '));
  assert.ok(high < low, `higher risk first: ${names.join(' | ')}`);
  const highRow = page.getByRole('row', { name: /Newer-Higher/ });
  assert.match(await highRow.innerText(), /high \(score 17\)/i);
  assert.match(await highRow.innerText(), /Visible high risk/);
  assert.match(await page.getByRole('row', { name: /Older-Lower/ }).innerText(), /Not eligible/);
  await page.screenshot({ path: join(TMP, 'triage.png'), fullPage: true });

  // Filter by agency: only the housing referrals remain.
  await page.getByLabel('Referring agency').selectOption('wealdmoor-housing');
  await page.getByRole('button', { name: 'Filter' }).click();
  const filtered = await page.locator('table.triage tbody tr').allInnerTexts();
  assert.ok(filtered.length >= 2);
  for (const row of filtered) assert.match(row, /wealdmoor-housing/);
});
