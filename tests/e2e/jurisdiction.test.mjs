// Jurisdiction (safety.md): one deployment, two Maracs and two Idva
// services. Every grant from a relationship holds only inside its own
// patch: Eastvale's coordinator and chair know nothing of Wealdmoor's
// referrals or meetings, and the other way round; an Idva manager triages
// and allocates only in the areas their service covers. Each party still
// sees its own. Who staffs a Marac is changed on the command line and the
// API, and every change is audited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, inDays, referral, run, startServer } from './harness.mjs';

let srv;
const PASSWORD = 'a long synthetic passphrase';

function cli(args, input) {
  const c = run([...args.slice(0, 2), '--db', srv.db, ...args.slice(2)], input);
  assert.equal(c.status, 0, `${args.join(' ')}: ${c.stderr}`);
  return c;
}

before(async () => {
  srv = await startServer('jurisdiction');
  for (const [code, name, kind] of [
    ['eastvale-marac', 'Eastvale Marac team', 'marac'],
    ['eastvale-police', 'Eastvale Police', 'police'],
    ['eastvale-idva', 'Eastvale Idva Service', 'idva_service'],
  ]) cli(['agency', 'add', '--code', code, '--name', name, '--kind', kind]);
  cli(['marac', 'add', '--code', 'eastvale', '--name', 'Eastvale Marac', '--areas', 'EV']);
  for (const agency of ['eastvale-marac', 'eastvale-police', 'eastvale-idva']) {
    cli(['marac', 'member', '--code', 'eastvale', '--agency', agency]);
  }
  for (const [username, role, agency] of [
    ['ev_coordinator', 'marac_coordinator', 'eastvale-marac'],
    ['ev_chair', 'marac_chair', 'eastvale-police'],
    ['ev_rep', 'agency_rep', 'eastvale-police'],
    ['ev_idva_manager', 'idva_manager', 'eastvale-idva'],
    ['ev_idva', 'idva', 'eastvale-idva'],
  ]) {
    cli(['user', 'add', '--username', username, '--name', `Synthetic ${username}`, '--role', role,
      '--agency', agency, '--password-stdin'], `${PASSWORD}\n`);
    srv.logins[username] = { username, password: PASSWORD };
  }
  cli(['marac', 'member', '--code', 'eastvale', '--user', 'ev_coordinator']);
  cli(['caseload', 'rules', '--service', 'eastvale-idva', '--areas', 'EV']);
  cli(['caseload', 'profile', '--user', 'ev_idva', '--fte', '1', '--areas', 'EV']);
  // The chair is added by the administrator over the API.
  const admin = await srv.as('admin');
  const r = await admin.request('POST', '/api/v1/maracs/eastvale/staff', { json: { username: 'ev_chair' } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.data, { marac: 'eastvale', username: 'ev_chair' });
});
after(async () => { await srv.stop(); });

async function userId(username) {
  const r = await (await srv.as(username)).request('GET', '/api/v1/session');
  return r.data.user.id;
}

async function refer(username, given, postcode) {
  const r = await (await srv.as(username)).request('POST', '/api/v1/referrals', {
    json: referral({ victim: { given_name: given, family_name: 'Jurisdiction', postcode } }),
  });
  assert.equal(r.status, 201, r.text);
  return r.data.id;
}


test("another Marac's coordinator and chair find nothing of a referral: read, print, export, lists", async () => {
  const weald = await refer('agency_rep', 'Wealda', 'WM2 5HT');
  const east = await refer('ev_rep', 'Eastra', 'EV1 2AB');
  for (const who of ['ev_coordinator', 'ev_chair']) {
    const c = await srv.as(who);
    for (const path of [`/api/v1/referrals/${weald}`, `/referrals/${weald}`, `/referrals/${weald}/print`]) {
      assert.equal((await c.request('GET', path)).status, 404, `${who} ${path}`);
    }
    const list = (await c.request('GET', '/api/v1/referrals')).data.referrals.map((x) => x.id);
    assert.ok(list.includes(east), `${who} sees their own Marac's referral`);
    assert.ok(!list.includes(weald), `${who} does not list Wealdmoor's`);
    const queue = (await c.request('GET', '/api/v1/triage')).data.queue.map((x) => x.id);
    assert.ok(queue.includes(east) && !queue.includes(weald), `${who} triage`);
    const one = await c.request('GET', `/api/v1/referrals/${east}`);
    assert.equal(one.data.detail, 'full');
  }
  const evCoord = await srv.as('ev_coordinator');
  assert.equal((await evCoord.request('GET', `/api/v1/referrals/${weald}/subject-access`)).status, 404);
  assert.equal((await evCoord.request('GET', `/referrals/${weald}/subject-access.json`)).status, 404);
  assert.equal((await evCoord.request('POST', `/api/v1/referrals/${weald}/transfer`, {
    json: { marac: 'eastvale', note: 'Trying to take a case that is not ours' },
  })).status, 404);
  assert.equal((await evCoord.request('GET', `/api/v1/referrals/${east}/subject-access`)).status, 200);

  // And the other way round: Wealdmoor's staff see theirs, not Eastvale's.
  const wmCoord = await srv.as('marac_coordinator');
  assert.equal((await wmCoord.request('GET', `/api/v1/referrals/${east}`)).status, 404);
  assert.equal((await wmCoord.request('GET', `/referrals/${east}/print`)).status, 404);
  assert.equal((await wmCoord.request('GET', `/api/v1/referrals/${weald}`)).data.detail, 'full');

  // The refusals are audited.
  const auditor = await srv.as('auditor');
  const r = await auditor.request('GET', `/api/v1/audit?user=ev_coordinator&record=${weald}`);
  const seen = r.data.entries.map((e) => `${e.action}:${e.outcome}`);
  assert.ok(seen.includes('referral.read:denied') && seen.includes('referral.print:denied'), seen.join());
});

test("another Marac's meetings are absent; each Marac lists only its own cases", async () => {
  const weald = await refer('agency_rep', 'Meetwen', 'WM4 4AA');
  const east = await refer('ev_rep', 'Meeteast', 'EV2 3CD');
  const wmCoord = await srv.as('marac_coordinator');
  const evCoord = await srv.as('ev_coordinator');
  let r = await wmCoord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(40), venue: 'Council Chamber' } });
  assert.equal(r.status, 201, r.text);
  const wm = r.data.id;
  r = await evCoord.request('POST', '/api/v1/meetings', { json: { marac: 'eastvale', held_on: inDays(40), venue: 'Eastvale Hall' } });
  assert.equal(r.status, 201, r.text);
  const ev = r.data.id;

  // Scheduling for a Marac one is not staff of is refused, naming it.
  r = await evCoord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(41), venue: 'Council Chamber' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'marac');
  for (const [c, mine, theirs] of [[evCoord, ev, wm], [wmCoord, wm, ev]]) {
    const ids = (await c.request('GET', '/api/v1/meetings')).data.meetings.map((m) => m.id);
    assert.ok(ids.includes(mine) && !ids.includes(theirs));
    assert.equal((await c.request('GET', `/api/v1/meetings/${theirs}`)).status, 404);
    assert.equal((await c.request('GET', `/meetings/${theirs}`)).status, 404);
    assert.equal((await c.request('GET', `/meetings/${theirs}/run`)).status, 404);
    assert.equal((await c.request('POST', `/api/v1/meetings/${theirs}/propose`)).status, 404);
    assert.equal((await c.request('POST', `/api/v1/meetings/${theirs}/status`, { json: { status: 'released' } })).status, 404);
  }
  // Another Marac's referral cannot be put on one's own list.
  r = await evCoord.request('POST', `/api/v1/meetings/${ev}/cases`, { json: { referral: weald } });
  assert.equal(r.status, 404);
  // Metrics only for one's own Marac.
  r = await evCoord.request('GET', `/reports/marac?marac=wealdmoor&from=${inDays(-30)}&to=${inDays(0)}`);
  assert.match(r.text, /Choose a Marac of yours/);
  r = await evCoord.request('GET', '/reports/marac');
  assert.match(r.text, /Eastvale Marac/, "one's own Marac by default");

  r = await evCoord.request('POST', `/api/v1/meetings/${ev}/propose`);
  assert.equal(r.status, 200, r.text);
  r = await evCoord.request('GET', `/api/v1/meetings/${ev}`);
  const evCases = r.data.cases.map((x) => x.referral_id);
  assert.ok(evCases.includes(east) && !evCases.includes(weald));

  // Released: Eastvale's members see the list at summary and only the
  // actions their own agency owns; Wealdmoor's representative, whose
  // agency is no member of Eastvale, finds no meeting and no case.
  r = await evCoord.request('POST', `/api/v1/meetings/${ev}/status`, { json: { status: 'released' } });
  assert.equal(r.status, 204, r.text);
  const week = inDays(7);
  for (const agency of ['eastvale-police', 'eastvale-idva']) {
    r = await evCoord.request('POST', `/api/v1/meetings/${ev}/cases/${east}/actions`, {
      json: { text: `Action for ${agency}`, agency, owner: 'Duty officer', due: week },
    });
    assert.equal(r.status, 201, r.text);
  }
  const evRep = await srv.as('ev_rep');
  r = await evRep.request('GET', `/api/v1/meetings/${ev}`);
  assert.equal(r.status, 200, r.text);
  const listed = r.data.cases.find((x) => x.referral_id === east);
  assert.equal(listed.detail, 'summary');
  assert.deepEqual(listed.actions.map((a) => a.agency), ['eastvale-police']);
  r = await evCoord.request('GET', `/api/v1/meetings/${ev}`);
  assert.deepEqual(r.data.cases.find((x) => x.referral_id === east).actions.map((a) => a.agency).sort(),
    ['eastvale-idva', 'eastvale-police']);
  const wmRep = await srv.as('agency_rep');
  assert.equal((await wmRep.request('GET', `/api/v1/meetings/${ev}`)).status, 404);
  assert.equal((await wmRep.request('GET', `/api/v1/referrals/${east}`)).status, 404);
  assert.equal((await evRep.request('GET', `/api/v1/referrals/${east}`)).data.detail, 'summary');

  r = await wmCoord.request('POST', `/api/v1/meetings/${wm}/propose`);
  assert.equal(r.status, 200, r.text);
  r = await wmCoord.request('GET', `/api/v1/meetings/${wm}`);
  const wmCases = r.data.cases.map((x) => x.referral_id);
  assert.ok(wmCases.includes(weald) && !wmCases.includes(east));
});

test("an Idva manager triages and allocates only in their service's areas", async () => {
  const weald = await refer('agency_rep', 'Triwen', 'WM2 5HT');
  const east = await refer('ev_rep', 'Trieast', 'EV1 2AB');
  const evMgr = await srv.as('ev_idva_manager');
  const wmMgr = await srv.as('idva_manager');
  const evIdva = await userId('ev_idva');
  const wmIdva = await userId('idva');

  let queue = (await evMgr.request('GET', '/api/v1/triage?unallocated=true')).data.queue.map((x) => x.id);
  assert.ok(queue.includes(east), 'their own area');
  assert.ok(!queue.includes(weald), "not another service's unallocated referral");
  queue = (await wmMgr.request('GET', '/api/v1/triage?unallocated=true')).data.queue.map((x) => x.id);
  assert.ok(queue.includes(weald) && !queue.includes(east));

  // Outside their areas: as if it did not exist, and nothing is allocated.
  assert.equal((await evMgr.request('GET', `/api/v1/referrals/${weald}`)).status, 404);
  assert.equal((await evMgr.request('GET', `/api/v1/referrals/${weald}/allocation`)).status, 404);
  let r = await evMgr.request('POST', `/api/v1/referrals/${weald}/allocation`, { json: { idva: evIdva } });
  assert.equal(r.status, 404, r.text);
  assert.equal((await wmMgr.request('POST', `/api/v1/referrals/${east}/allocation`, { json: { idva: wmIdva } })).status, 404);
  const evIdvaClient = await srv.as('ev_idva');
  assert.equal((await evIdvaClient.request('GET', `/api/v1/referrals/${weald}`)).status, 404);

  // Inside them, as before: allocated, and the Idva reads it in full.
  r = await evMgr.request('POST', `/api/v1/referrals/${east}/allocation`, { json: { idva: evIdva } });
  assert.equal(r.status, 200, r.text);
  assert.equal((await evIdvaClient.request('GET', `/api/v1/referrals/${east}`)).data.detail, 'full');
  r = await wmMgr.request('POST', `/api/v1/referrals/${weald}/allocation`, { json: { idva: wmIdva } });
  assert.equal(r.status, 200, r.text);
  assert.equal((await (await srv.as('idva')).request('GET', `/api/v1/referrals/${weald}`)).data.detail, 'full');
  // Allocated elsewhere, it stays out of the other manager's sight.
  assert.equal((await evMgr.request('GET', `/api/v1/referrals/${weald}`)).status, 404);

  // The service's areas are shown with its rules.
  const c = run(['caseload', 'rules', '--db', srv.db, '--service', 'eastvale-idva']);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /eastvale-idva covers: EV/);
  const page = await evMgr.request('GET', '/caseload');
  assert.match(page.text, /Areas covered: EV/);
});

test('Marac staff changes on the command line and the API are checked and audited', async () => {
  let c = run(['marac', 'member', '--db', srv.db, '--code', 'eastvale', '--user', 'agency_rep']);
  assert.equal(c.status, 2);
  assert.match(c.stderr, /--user: agency_rep is not a coordinator or chair/);
  c = run(['marac', 'member', '--db', srv.db, '--code', 'nowhere', '--user', 'ev_chair']);
  assert.equal(c.status, 2);
  assert.match(c.stderr, /--code/);
  c = run(['marac', 'member', '--db', srv.db, '--code', 'wealdmoor', '--user', 'ev_chair', '--remove']);
  assert.equal(c.status, 2);
  assert.match(c.stderr, /--user: ev_chair is not on its staff/);

  const admin = await srv.as('admin');
  let r = await admin.request('POST', '/api/v1/maracs/eastvale/staff', { json: { username: 'agency_rep' } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'username');
  r = await admin.request('POST', '/api/v1/maracs/nowhere/staff', { json: { username: 'ev_chair' } });
  assert.equal(r.status, 404);
  assert.equal(r.data.field, 'marac');
  r = await admin.request('POST', '/api/v1/maracs/eastvale/staff', { json: { username: 'nobody_here' } });
  assert.equal(r.status, 404);
  assert.equal(r.data.field, 'username');
  r = await admin.request('POST', '/api/v1/maracs/eastvale/staff', { json: { user: 'ev_chair' } });
  assert.equal(r.status, 400);
  const coord = await srv.as('marac_coordinator');
  r = await coord.request('POST', '/api/v1/maracs/wealdmoor/staff', { json: { username: 'ev_coordinator' } });
  assert.equal(r.status, 403);

  // Taken off the staff, the chair sees none of Eastvale's cases; back on, again.
  // (Referred by the Idva service, so the chair's own agency, the police,
  // is not the referrer, which would still learn that it exists.)
  const east = await refer('ev_idva', 'Stafra', 'EV3 1AA');
  const chair = await srv.as('ev_chair');
  assert.equal((await chair.request('GET', `/api/v1/referrals/${east}`)).status, 200);
  r = await admin.request('POST', '/api/v1/maracs/eastvale/staff/ev_chair/remove');
  assert.equal(r.status, 204, r.text);
  assert.equal((await chair.request('GET', `/api/v1/referrals/${east}`)).status, 404);
  assert.equal((await admin.request('POST', '/api/v1/maracs/eastvale/staff/ev_chair/remove')).status, 404);
  c = run(['marac', 'member', '--db', srv.db, '--code', 'eastvale', '--user', 'ev_chair']);
  assert.equal(c.status, 0, c.stderr);
  assert.equal((await chair.request('GET', `/api/v1/referrals/${east}`)).status, 200);

  // The administrator's page lists each Marac's staff.
  const page = await admin.request('GET', '/admin/maracs');
  assert.equal(page.status, 200);
  assert.match(page.text, /Eastvale Marac/);
  assert.match(page.text, /ev_coordinator/);
  assert.equal((await coord.request('GET', '/admin/maracs')).status, 403);

  const auditor = await srv.as('auditor');
  r = await auditor.request('GET', '/api/v1/audit?action=marac.staff.&limit=500');
  const adminId = await userId('admin');
  const chairId = await userId('ev_chair');
  const coordId = await userId('ev_coordinator');
  const has = (pred, what) => assert.ok(r.data.entries.some(pred), what);
  has((e) => e.action === 'marac.staff.add' && e.record_id === coordId && !e.user_id && e.address.startsWith('cli:') &&
    e.fields === 'marac_staff' && e.outcome === 'ok', 'the CLI addition, as the system');
  has((e) => e.action === 'marac.staff.add' && e.record_id === chairId && e.user_id === adminId && e.outcome === 'ok',
    'the API addition, by the administrator');
  has((e) => e.action === 'marac.staff.remove' && e.record_id === chairId && e.user_id === adminId && e.outcome === 'ok',
    'the API removal');
  has((e) => e.action === 'marac.staff.remove' && e.record_id === chairId && e.outcome === 'refused', 'a refused removal');
  const wmCoordId = await userId('marac_coordinator');
  r = await auditor.request('GET', '/api/v1/audit?action=marac.staff&user=marac_coordinator');
  has((e) => e.user_id === wmCoordId && e.outcome === 'denied', "a coordinator's attempt, refused by the policy");
  r = await auditor.request('GET', '/api/v1/audit?action=caseload.areas');
  assert.ok(r.data.entries.some((e) => e.record_id === 'eastvale-idva' && e.fields === 'areas' && e.outcome === 'ok'));
});
