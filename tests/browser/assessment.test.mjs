// Assessing a person again in a real browser, without JavaScript: the
// checklist with a comment under an answer and the person's fear in their
// words, a mistake shown and corrected, then the history with its trend.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn } from './browser.mjs';
import { Client, referral, startServer } from '../e2e/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer('assessment-pages');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('an Idva records a new assessment and sees the trend', async () => {
  const rep = new Client(srv.base);
  await rep.signIn(srv.logins.agency_rep);
  const answers = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), i < 6 ? 'yes' : 'no']));
  let r = await rep.request('POST', '/api/v1/referrals', {
    json: referral({ victim: { given_name: 'Kerensa', family_name: 'Polwhele' }, assessment: { answers } }),
  });
  assert.equal(r.status, 201, r.text);
  const id = r.data.id;
  const idva = new Client(srv.base);
  await idva.signIn(srv.logins.idva);
  r = await idva.request('POST', `/api/v1/referrals/${id}/break-glass`, {
    json: { reason: 'Duty Idva: she called after a new incident tonight' },
  });
  assert.equal(r.status, 201, r.text);

  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, srv.base, srv.logins.idva);
  await page.goto(`${srv.base}/referrals/${id}`);
  await page.getByRole('link', { name: 'All assessments of this person, with the trend' }).click();
  await page.getByRole('link', { name: 'Record a new assessment' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Assess the risk again');

  for (let i = 1; i <= 24; i++) {
    const group = page.getByRole('group', { name: new RegExp(`^${i}\\. `) });
    await group.getByLabel(i <= 15 ? 'Yes' : 'No', { exact: true }).check();
  }
  await page.getByText('Comment on question 2 or its source').click();
  await page.getByLabel('Comment on question 2 (optional)', { exact: true }).fill('Shaking when she spoke about the court date');
  await page.getByLabel('What the person fears, in their own words').fill('That he will come back when the bail ends');
  // Judged high without saying why: refused, with the problem named.
  await page.getByRole('group', { name: /professional judgement/ }).getByLabel('Yes', { exact: true }).check();
  await page.getByRole('button', { name: 'Save assessment' }).click();
  const alert = page.getByRole('alert');
  assert.match(await alert.textContent(), /Why you judge the risk high is required/);
  // What was typed is still there.
  assert.equal(await page.getByLabel('What the person fears, in their own words').inputValue(),
    'That he will come back when the bail ends');
  await page.getByLabel('Why you judge the risk high').fill('Threats to kill were believed; bail ends Friday');
  await page.getByRole('button', { name: 'Save assessment' }).click();

  await page.waitForURL(`${srv.base}/referrals/${id}/assessments?done=added`);
  assert.match(await page.getByRole('status').textContent(), /The assessment is saved/);
  assert.match(await page.locator('.trend-summary').textContent(), /High risk, score 15.*Higher than before/);
  const rows = page.getByRole('table').getByRole('row');
  assert.equal(await rows.count(), 3); // header and two assessments
  await page.goto(`${srv.base}/referrals/${id}`);
  assert.match(await page.locator('main').textContent(), /That he will come back when the bail ends/);
  await ctx.close();
});
