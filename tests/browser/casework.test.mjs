// An Idva's case in a real browser, without JavaScript: the manager
// allocates from triage; the Idva records safe contact, is refused a
// call the person cannot take, makes first contact by text, starts
// support, adds a safety plan item, records outcomes and closes the case;
// the manager's caseload page follows each step.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn } from './browser.mjs';
import { Client, referral, startServer } from '../e2e/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer('casework-pages');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** Tamsin Oakridge's open cases on the caseload page. */
async function tamsinOpen(page) {
  await page.goto(`${srv.base}/caseload`);
  const row = page.getByRole('row').filter({ hasText: 'Tamsin Oakridge' });
  return Number(await row.locator('td').nth(1).textContent());
}

test('allocation, first contact, a safety plan item and closure with outcomes', async () => {
  const rep = new Client(srv.base);
  await rep.signIn(srv.logins.agency_rep);
  const r = await rep.request('POST', '/api/v1/referrals', {
    json: referral({ victim: { given_name: 'Loveday', family_name: 'Trevaskis', postcode: 'WM1 2AB', safe_to_call: 'no' } }),
  });
  assert.equal(r.status, 201, r.text);

  const mctx = await browser.newContext({ javaScriptEnabled: false });
  const mgr = await mctx.newPage();
  await signIn(mgr, srv.base, srv.logins.idva_manager);
  const before = await tamsinOpen(mgr);
  await mgr.goto(`${srv.base}/triage`);
  await mgr.getByRole('row').filter({ hasText: 'Trevaskis, Loveday' }).getByRole('link', { name: 'Allocate' }).click();
  assert.equal(await mgr.getByRole('heading', { level: 1 }).textContent(), 'Allocate to an Idva');
  await mgr.getByLabel(/Tamsin Oakridge/).check();
  await mgr.getByRole('button', { name: 'Allocate' }).click();
  assert.match(await mgr.getByRole('status').textContent(), /The case is allocated/);
  assert.equal(await tamsinOpen(mgr), before + 1);

  const ictx = await browser.newContext({ javaScriptEnabled: false });
  const idva = await ictx.newPage();
  await signIn(idva, srv.base, srv.logins.idva);
  await idva.getByRole('link', { name: 'Cases' }).click();
  await idva.getByRole('link', { name: 'Loveday Trevaskis' }).click();
  assert.match(await idva.getByRole('heading', { level: 1 }).textContent(), /Case of Loveday Trevaskis/);
  assert.match(await idva.locator('aside.safe-contact').textContent(), /Nothing is recorded yet/);

  // Safe contact starts from the referral's answers: not safe to call.
  await idva.getByRole('link', { name: 'Record safe contact' }).click();
  assert.equal(await idva.getByRole('group', { name: 'Safe to call' }).getByLabel('Not safe', { exact: true }).isChecked(), true);
  await idva.getByRole('group', { name: 'Safe to text' }).getByLabel('Safe', { exact: true }).check();
  await idva.getByRole('group', { name: 'Safe to leave a voicemail' }).getByLabel('Not safe', { exact: true }).check();
  await idva.getByRole('group', { name: 'Safe to write to' }).getByLabel('Not safe', { exact: true }).check();
  await idva.getByRole('group', { name: 'Safe to e-mail' }).getByLabel('Not safe', { exact: true }).check();
  await idva.getByLabel('Code word').fill('Kittiwake');
  await idva.getByRole('button', { name: 'Save' }).click();
  assert.match(await idva.getByRole('status').textContent(), /Saved/);
  assert.match(await idva.locator('aside.safe-contact').textContent(), /Text message: safe/);

  // A call is refused with the reason, beside the safe-contact panel.
  await idva.getByRole('link', { name: 'Record a contact' }).first().click();
  assert.match(await idva.locator('aside.safe-contact').textContent(), /Phone call: not safe/);
  await idva.getByRole('group', { name: 'How' }).getByLabel('Phone call').check();
  await idva.getByRole('group', { name: 'Outcome' }).getByLabel('Spoke with the person').check();
  await idva.getByRole('group', { name: /Was it safe to talk now/ }).getByLabel('Yes').check();
  await idva.getByRole('button', { name: 'Save' }).click();
  assert.match(await idva.getByRole('alert').textContent(), /not marked safe to call/);
  await idva.getByRole('group', { name: 'How' }).getByLabel('Text message').check();
  await idva.getByRole('button', { name: 'Save' }).click();
  assert.match(await idva.locator('dl.summary').textContent(), /First contact made/);

  await idva.getByRole('button', { name: 'Start active support' }).click();
  assert.match(await idva.locator('dl.summary').textContent(), /Active support/);

  await idva.getByRole('link', { name: 'Add a safety plan item' }).click();
  await idva.getByRole('group', { name: 'Area' }).getByLabel('Housing, sanctuary and locks').check();
  await idva.getByLabel('What will be done').fill('Sanctuary scheme: door and window locks');
  await idva.getByLabel('Who will do it').fill('Wealdmoor Homes');
  await idva.getByRole('group', { name: 'Status' }).getByLabel('In progress').check();
  await idva.getByRole('button', { name: 'Save' }).click();
  const plan = idva.locator('section', { has: idva.getByRole('heading', { name: 'Safety plan' }) });
  assert.match(await plan.textContent(), /Housing, sanctuary and locks[\s\S]*Sanctuary scheme: door and window locks/);

  await idva.getByRole('link', { name: 'Record the intake measures' }).click();
  for (const [group, answer] of [['Physical abuse', 'Yes'], ['Sexual abuse', 'No'],
    ['Harassment and stalking', 'Yes'], ['Jealous and controlling behaviour', 'No'],
    ['Economic abuse', 'No'], ['Online abuse', 'No']]) {
    await idva.getByRole('group', { name: group }).getByLabel(answer, { exact: true }).check();
  }
  await idva.getByRole('button', { name: 'Save' }).click();

  // Closing without exit measures is refused; record them, then close.
  await idva.getByRole('link', { name: 'Close the case' }).click();
  await idva.getByRole('group', { name: 'Why the case is closing' }).getByLabel('Safety achieved').check();
  await idva.getByRole('button', { name: 'Close the case' }).click();
  assert.match(await idva.getByRole('alert').textContent(), /exit measures/);
  await idva.getByRole('link', { name: 'Record them first' }).click();
  await idva.getByRole('group', { name: 'Physical abuse' }).getByLabel('Stopped').check();
  await idva.getByRole('group', { name: 'Harassment and stalking' }).getByLabel('Reduced').check();
  await idva.getByLabel('Dash score').fill('4');
  await idva.getByRole('group', { name: 'Feels safer' }).getByLabel('Yes').check();
  await idva.getByRole('group', { name: 'Quality of life better' }).getByLabel('Yes').check();
  await idva.getByRole('group', { name: 'Support accepted' }).getByLabel('Yes').check();
  await idva.getByRole('button', { name: 'Save' }).click();
  await idva.getByRole('link', { name: 'Close the case' }).click();
  await idva.getByRole('group', { name: 'Why the case is closing' }).getByLabel('Safety achieved').check();
  await idva.getByRole('button', { name: 'Close the case' }).click();
  assert.match(await idva.locator('dl.summary').textContent(), /Closed \(Safety achieved\)/);
  assert.match(await idva.locator('ol.history').textContent(), /Allocated[\s\S]*First contact[\s\S]*Active support began[\s\S]*Closed/);

  assert.equal(await tamsinOpen(mgr), before);
  await mgr.goto(`${srv.base}/reports/outcomes`);
  assert.match(await mgr.getByRole('row').filter({ hasText: 'Physical abuse stopped' }).textContent(), /100%\s*1\s*1/);
  assert.match(await mgr.getByRole('row').filter({ hasText: 'All abuse stopped' }).textContent(), /0%\s*0\s*1/);
  await ictx.close();
  await mctx.close();
});
