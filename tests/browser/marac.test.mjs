// A small Marac in a real browser, without JavaScript: the coordinator
// schedules a meeting, lists two cases and releases the list, runs the
// meeting (attendance, what was said, three actions); the chair approves
// the minutes; an agency representative reads them, marks their action
// done, and the tracker shows it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn } from './browser.mjs';
import { Client, referral, startServer } from '../e2e/harness.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer('marac-pages');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

test('a small meeting, its minutes, and an action marked done', async () => {
  const rep = new Client(srv.base);
  await rep.signIn(srv.logins.agency_rep);
  const ids = [];
  for (const [given, family, children] of [['Kerra', 'Tregenza', true], ['Jenna', 'Bolitho', false]]) {
    const r = await rep.request('POST', '/api/v1/referrals', {
      json: referral({ victim: { given_name: given, family_name: family, postcode: 'WM3 1AB' },
        ...(children ? { children: [{ name: 'Tam Tregenza', dob: '2020-05-06' }] } : {}) }),
    });
    assert.equal(r.status, 201, r.text);
    ids.push(r.data.id);
  }

  const cctx = await browser.newContext({ javaScriptEnabled: false });
  const coord = await cctx.newPage();
  await signIn(coord, srv.base, srv.logins.marac_coordinator);
  await coord.getByRole('link', { name: 'Meetings' }).first().click();
  await coord.getByLabel('Date').fill(inDays(30));
  await coord.getByLabel('Venue').fill('Wealdmoor Town Hall');
  await coord.getByRole('button', { name: 'Schedule' }).click();
  assert.match(await coord.getByRole('heading', { level: 1 }).textContent(), /Wealdmoor Marac/);
  for (const id of ids) {
    await coord.getByLabel('Add a referral by its reference').fill(id);
    await coord.getByRole('button', { name: 'Add to the list' }).click();
    assert.match(await coord.getByRole('status').textContent(), /Saved/);
  }
  const rows = coord.locator('table tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).textContent(), /Kerra Tregenza/, 'cases with children first');
  await coord.getByRole('link', { name: 'Agenda' }).click();
  assert.match(await coord.locator('ol.agenda').textContent(),
    /confidentiality statement[\s\S]*Incomplete actions[\s\S]*with children[\s\S]*Kerra Tregenza[\s\S]*without children[\s\S]*Jenna Bolitho[\s\S]*12 months[\s\S]*Any other business/);
  await coord.goBack();
  await coord.getByRole('button', { name: 'Release the list' }).click();
  assert.match(await coord.locator('dl.summary').textContent(), /List released for research/);

  await coord.getByRole('link', { name: 'Run the meeting' }).click();
  for (const [name, agency] of [['Senna Polwarth', 'Wealdmoor Homes'], ['DI Ruan Hollis', 'Wealdmoor Constabulary']]) {
    await coord.getByLabel('Name', { exact: true }).fill(name);
    await coord.getByLabel('Agency', { exact: true }).selectOption({ label: agency });
    await coord.getByLabel('Has confirmed the confidentiality statement').check();
    await coord.getByRole('button', { name: 'Add', exact: true }).click();
  }
  assert.match(await coord.locator('#h-attendance + ul').textContent(), /Senna Polwarth[\s\S]*DI Ruan Hollis/);

  const first = coord.locator('section.case').filter({ hasText: 'Kerra Tregenza' });
  await first.getByLabel("The person's views and wishes").fill('Wants to stay; fears the ex-partner will return');
  await first.getByLabel('Risk to children').fill('Tam was present at the last incident');
  await first.getByRole('button', { name: 'Save what was said' }).click();
  const actions = [
    ['Kerra Tregenza', 'Fit new locks within 7 days', 'Wealdmoor Homes', 'Housing officer'],
    ['Kerra Tregenza', 'Flag the address for an urgent response', 'Wealdmoor Constabulary', 'PC on duty'],
    ['Jenna Bolitho', 'Offer a housing options interview', 'Wealdmoor Homes', 'Housing officer'],
  ];
  for (const [person, text, agency, owner] of actions) {
    const block = coord.locator('section.case').filter({ hasText: person });
    await block.getByLabel('Action', { exact: true }).fill(text);
    await block.getByLabel('Owning agency').selectOption({ label: agency });
    await block.getByLabel('Person responsible').fill(owner);
    await block.getByLabel('Due').fill(inDays(37));
    await block.getByRole('button', { name: 'Add the action' }).click();
    assert.match(await coord.locator('section.case').filter({ hasText: person }).locator('ul.actions').textContent(),
      new RegExp(text));
  }
  await coord.getByRole('button', { name: 'The meeting is over: draft the minutes' }).click();
  await coord.getByRole('link', { name: 'Minutes' }).click();
  assert.match(await coord.locator('main').textContent(), /Draft, awaiting the chair's approval/);
  assert.equal(await coord.getByRole('button', { name: /Approve/ }).count(), 0, 'only the chair approves');
  const minutesUrl = coord.url();

  const chctx = await browser.newContext({ javaScriptEnabled: false });
  const chair = await chctx.newPage();
  await signIn(chair, srv.base, srv.logins.marac_chair);
  await chair.goto(minutesUrl);
  await chair.getByRole('button', { name: 'Approve and release to the agencies present' }).click();
  assert.match(await chair.getByRole('status').textContent(), /approved and released/);

  const rctx = await browser.newContext({ javaScriptEnabled: false });
  const repPage = await rctx.newPage();
  await signIn(repPage, srv.base, srv.logins.agency_rep);
  await repPage.getByRole('link', { name: 'Read them' }).click();
  assert.match(await repPage.locator('main').textContent(), /RESTRICTED[\s\S]*Wants to stay; fears the ex-partner will return/);
  await repPage.getByRole('link', { name: 'Actions', exact: true }).first().click();
  const mine = repPage.locator('article.entry');
  assert.equal(await mine.count(), 2, 'only their agency\'s actions');
  const locks = mine.filter({ hasText: 'Fit new locks within 7 days' });
  await locks.getByLabel('Progress').selectOption('done');
  await locks.getByRole('button', { name: 'Record' }).click();
  assert.match(await repPage.getByRole('status').textContent(), /Progress recorded/);
  assert.match(await repPage.locator('article.entry').filter({ hasText: 'Fit new locks' }).textContent(), /Status\s*Done/);

  await coord.goto(`${srv.base}/actions`);
  assert.match(await coord.locator('article.entry').filter({ hasText: 'Fit new locks' }).textContent(), /Status\s*Done/);
  assert.match(await coord.locator('article.entry').filter({ hasText: 'Flag the address' }).textContent(), /Status\s*Open/);
  await rctx.close();
  await chctx.close();
  await cctx.close();
});
