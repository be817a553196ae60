// The triage queue over the API and the page: risk order, filters by
// referring agency and by where the person lives, and refusals that name
// the filter at fault.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, referral, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('triage-api'); });
after(async () => { await srv.stop(); });

test('the queue is in risk order and filters by agency and postcode area', async () => {
  const coord = new Client(srv.base);
  await coord.signIn(srv.logins.marac_coordinator);
  let r = await coord.request('GET', '/api/v1/triage');
  assert.equal(r.status, 200);
  const all = r.data.queue;
  assert.ok(all.length >= 5);
  // Marac-eligible first, then by score.
  for (let i = 1; i < all.length; i++) {
    const a = all[i - 1].assessment, b = all[i].assessment;
    assert.ok(a.marac_eligible >= b.marac_eligible);
    if (a.marac_eligible === b.marac_eligible) assert.ok(a.score >= b.score);
  }
  r = await coord.request('GET', '/api/v1/triage?area=wm2');
  assert.ok(r.data.queue.length >= 1);
  assert.ok(r.data.queue.every((x) => x.victim.postcode.startsWith('WM2 ')));
  r = await coord.request('GET', '/api/v1/triage?area=WM');
  assert.equal(r.data.queue.length, all.length);
  r = await coord.request('GET', '/api/v1/triage?area=ZZ9');
  assert.deepEqual(r.data.queue, []);
  r = await coord.request('GET', '/api/v1/triage?agency=wealdmoor-police&area=WM2');
  assert.ok(r.data.queue.every((x) => x.agency === 'wealdmoor-police'));
  for (const bad of ['WM3 2PQ', '3', 'W-1']) {
    r = await coord.request('GET', `/api/v1/triage?area=${encodeURIComponent(bad)}`);
    assert.equal(r.status, 400, bad);
    assert.equal(r.data.field, 'area');
  }
  r = await coord.request('GET', '/triage?area=W-1');
  assert.equal(r.status, 400);
  assert.match(r.text, /Enter a postcode area or district/);
  assert.match(r.text, /aria-invalid="true"/);
  r = await coord.request('GET', '/triage?area=wm2');
  assert.equal(r.status, 200);
  assert.match(r.text, /value="WM2"/);
});

test('one person causing harm to different people is flagged; the same person twice is not', async () => {
  const rep = new Client(srv.base);
  await rep.signIn(srv.logins.agency_rep);
  const post = async (victim, harm) => {
    const r = await rep.request('POST', '/api/v1/referrals', {
      json: { ...referral({ victim }), perpetrators: [{ name: harm, dob: '1977-04-09' }] },
    });
    assert.equal(r.status, 201, r.text);
    return r.data.id;
  };
  const a = await post({ given_name: 'Elowen', family_name: 'Trevaskis', dob: '1990-05-05' }, 'Gorran Vellanoweth');
  const b = await post({ given_name: 'Tamsyn', family_name: 'Rescorla', dob: '1994-08-12' }, 'Goran Vellanoweth');
  const c = await post({ given_name: 'Lowdy', family_name: 'Hocking', dob: '1988-01-21' }, 'Pasco Nancarrow');
  const d1 = await post({ given_name: 'Jenna', family_name: 'Bolitho', dob: '1985-03-03' }, 'Cador Penrose');
  const d2 = await post({ given_name: 'Jenna', family_name: 'Bolitho', dob: '1985-03-03' }, 'Cador Penrose');
  const coord = new Client(srv.base);
  await coord.signIn(srv.logins.marac_coordinator);
  const q = (await coord.request('GET', '/api/v1/triage')).data.queue;
  const flag = (id) => q.find((x) => x.id === id).serial_perpetrator;
  assert.equal(flag(a), true);
  assert.equal(flag(b), true);
  assert.equal(flag(c), false);
  assert.equal(flag(d1), false, 'the same victim referred twice is not a serial pattern');
  assert.equal(flag(d2), false);
  const page = await coord.request('GET', '/triage');
  assert.match(page.text, /Person causing harm also on another person&#39;s referral|Person causing harm also on another person's referral/);
});
