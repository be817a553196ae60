// The Marac meeting cycle over the API: scheduling, the proposed list in
// agenda order, release to member agencies, research visibility (summary,
// not notes; research the agency's own), attendance with confidentiality,
// what was said, actions and their status rules, minutes approved by the
// chair and released only to agencies present, and the Idva's plan.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inDays, readBytes, referral, run, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('marac'); });
after(async () => { await srv.stop(); });

const week = inDays(7);

test('a meeting from scheduling to approved minutes, with research and actions', async () => {
  const coord = await srv.as('marac_coordinator');
  const chair = await srv.as('marac_chair');
  const rep = await srv.as('agency_rep');       // Wealdmoor Homes, a member
  const idva = await srv.as('idva');            // the Idva service, a member

  // Two new referrals: one with children, one without, in the Marac's area.
  const make = async (given, family, children, postcode = 'WM2 5HT') => {
    const r = await rep.request('POST', '/api/v1/referrals', {
      json: referral({ victim: { given_name: given, family_name: family, postcode },
        ...(children ? { children: [{ name: 'Pip Penrose', dob: '2019-02-03' }] } : {}) }),
    });
    assert.equal(r.status, 201, r.text);
    return r.data.id;
  };
  const adult = await make('Senara', 'Quintrell', false);
  const family = await make('Morvoren', 'Penrose', true);
  const elsewhere = await make('Ebrel', 'Outlander', false, 'TR1 1AA');

  let r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(-1), venue: 'Council Chamber' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'held_on');
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'elsewhere', held_on: inDays(40), venue: 'Council Chamber' } });
  assert.equal(r.data.field, 'marac');
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(40), venue: 'Council Chamber' } });
  assert.equal(r.status, 201, r.text);
  const id = r.data.id;
  assert.equal(r.data.status, 'scheduled');

  // Members other than the Marac's staff do not see it until released.
  assert.equal((await rep.request('GET', `/api/v1/meetings/${id}`)).status, 404);
  assert.equal((await rep.request('POST', `/api/v1/meetings/${id}/propose`)).status, 403);

  r = await coord.request('POST', `/api/v1/meetings/${id}/propose`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.data.added >= 3);
  r = await coord.request('GET', `/api/v1/meetings/${id}`);
  const ids = r.data.cases.map((c) => c.referral_id);
  assert.ok(ids.includes(adult) && ids.includes(family));
  assert.ok(!ids.includes(elsewhere), 'a referral outside the Marac area is not listed');
  assert.equal(r.data.cases.find((c) => c.referral_id === family).listing, 'new');
  // Children first: every case with children comes before any without.
  const sections = r.data.cases.map((c) => c.children > 0);
  assert.equal(sections.indexOf(false) === -1 || sections.lastIndexOf(true) < sections.indexOf(false), true);
  assert.ok(ids.indexOf(family) < ids.indexOf(adult));
  // The coordinator keeps the list short for this test.
  for (const other of ids.filter((x) => x !== adult && x !== family)) {
    r = await coord.request('DELETE', `/api/v1/meetings/${id}/cases/${other}`);
    assert.equal(r.status, 204, r.text);
  }
  r = await coord.request('POST', `/api/v1/meetings/${id}/status`, { json: { status: 'held' } });
  assert.equal(r.status, 422);
  r = await coord.request('POST', `/api/v1/meetings/${id}/status`, { json: { status: 'released' } });
  assert.equal(r.status, 204, r.text);
  r = await coord.request('POST', `/api/v1/meetings/${id}/cases`, { json: { referral: elsewhere } });
  assert.equal(r.status, 409);

  // Research: the representative sees what research needs, at summary.
  r = await rep.request('GET', `/api/v1/meetings/${id}`);
  assert.equal(r.status, 200, r.text);
  const listed = r.data.cases.find((c) => c.referral_id === family);
  assert.equal(listed.detail, 'summary');
  assert.equal(listed.victim.given_name, 'Morvoren');
  assert.equal(listed.hearing, null);
  r = await rep.request('GET', `/api/v1/referrals/${family}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.victim.given_name, 'Morvoren');
  assert.deepEqual(r.data.assessment?.answers ?? {}, {}, 'no Dash answers at summary');
  r = await rep.request('PUT', `/api/v1/meetings/${id}/cases/${family}/research`, {
    json: { facts: 'Two reports of damage at the flat in May', withheld: 'Rent arrears', flagged: 'yes' },
  });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'withheld_reason');
  r = await rep.request('PUT', `/api/v1/meetings/${id}/cases/${family}/research`, {
    json: { facts: 'Two reports of damage at the flat in May', opinion: 'Escalating', withheld: 'Rent arrears', withheld_reason: 'Not relevant to the risk', flagged: 'yes' },
  });
  assert.equal(r.status, 204, r.text);
  r = await rep.request('GET', `/api/v1/meetings/${id}`);
  assert.equal(r.data.cases.find((c) => c.referral_id === family).research.facts, 'Two reports of damage at the flat in May');
  // The Idva service researches too, at the same summary detail.
  r = await idva.request('GET', `/api/v1/meetings/${id}`);
  assert.equal(r.data.cases.find((c) => c.referral_id === family).detail, 'summary');
  r = await idva.request('PUT', `/api/v1/meetings/${id}/cases/${family}/research`, {
    json: { facts: 'Not known to the Idva service', flagged: 'yes' },
  });
  assert.equal(r.status, 204, r.text);
  r = await coord.request('GET', `/api/v1/meetings/${id}`);
  const seen = r.data.cases.find((c) => c.referral_id === family);
  assert.equal(seen.research, null, 'research stays with the agency that wrote it');
  assert.equal(seen.agencies_researched, 2);
  assert.equal(seen.agencies_flagged, 2);

  // The meeting: attendance, what was said, actions.
  r = await coord.request('POST', `/api/v1/meetings/${id}/attendance`, { json: { agency: 'wealdmoor-housing', name: 'Senna Polwarth', confidentiality: false } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'confidentiality');
  for (const [agency, name] of [['wealdmoor-housing', 'Senna Polwarth'], ['wealdmoor-police', 'DI Ruan Hollis'], ['wealdmoor-marac', 'Elowen Brackwater']]) {
    r = await coord.request('POST', `/api/v1/meetings/${id}/attendance`, { json: { agency, name, confidentiality: true } });
    assert.equal(r.status, 204, r.text);
  }
  r = await coord.request('POST', `/api/v1/meetings/${id}/attendance`, { json: { name: 'Student social worker', observer: true, confidentiality: true } });
  assert.equal(r.status, 204, r.text);
  r = await coord.request('PUT', `/api/v1/meetings/${id}/cases/${family}/hearing`, {
    json: { views: 'Wants to stay in the flat with new locks', shared: 'Police: two call-outs', children_risk: 'Pip witnessed the last incident', crimes: 'Criminal damage, 14 May' },
  });
  assert.equal(r.status, 204, r.text);
  const action = async (referralId, text, agency, due) => {
    const a = await coord.request('POST', `/api/v1/meetings/${id}/cases/${referralId}/actions`, { json: { text, agency, owner: 'Duty officer', due } });
    assert.equal(a.status, 201, a.text);
    return a.data.id;
  };
  r = await coord.request('POST', `/api/v1/meetings/${id}/cases/${family}/actions`, { json: { text: 'x', agency: 'administration', owner: 'y', due: week } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'agency');
  const locks = await action(family, 'Fit new locks at the flat within 7 days', 'wealdmoor-housing', week);
  const marker = await action(family, 'Put a marker on the address', 'wealdmoor-police', week);
  const visit = await action(adult, 'Arrange a home visit', 'wealdmoor-housing', week);

  r = await coord.request('POST', `/api/v1/meetings/${id}/status`, { json: { status: 'held' } });
  assert.equal(r.status, 204, r.text);
  r = await coord.request('POST', `/api/v1/meetings/${id}/status`, { json: { status: 'approved' } });
  assert.equal(r.status, 403, 'only the chair approves minutes');
  r = await rep.request('GET', `/api/v1/meetings/${id}`);
  assert.equal(r.data.minutes, false);
  r = await chair.request('POST', `/api/v1/meetings/${id}/status`, { json: { status: 'approved' } });
  assert.equal(r.status, 204, r.text);

  // Minutes go only to agencies present: housing was, the Idva service was not.
  r = await rep.request('GET', `/api/v1/meetings/${id}`);
  assert.equal(r.data.minutes, true);
  assert.equal(r.data.cases.find((c) => c.referral_id === family).hearing.views, 'Wants to stay in the flat with new locks');
  r = await idva.request('GET', `/api/v1/meetings/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.minutes, false);
  assert.equal(r.data.cases.find((c) => c.referral_id === family).hearing, null);
  const page = await idva.request('GET', `/meetings/${id}/minutes`);
  assert.equal(page.status, 404);
  const notes = await rep.request('GET', '/');
  assert.match(notes.text, /Minutes have been released/);
  assert.doesNotMatch(notes.text, /Morvoren/);

  // Actions: the owning agency records progress; rules hold.
  r = await rep.request('POST', `/api/v1/actions/${marker}/status`, { json: { status: 'done' } });
  assert.equal(r.status, 404, 'not their agency');
  r = await rep.request('POST', `/api/v1/actions/${locks}/status`, { json: { status: 'not_done' } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'reason');
  r = await rep.request('POST', `/api/v1/actions/${locks}/status`, { json: { status: 'done' } });
  assert.equal(r.status, 204, r.text);
  r = await rep.request('POST', `/api/v1/actions/${locks}/status`, { json: { status: 'not_done', reason: 'Changed our minds about it' } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'status');
  r = await rep.request('POST', `/api/v1/actions/${visit}/status`, { json: { status: 'not_possible', reason: 'She has moved out of the area' } });
  assert.equal(r.status, 204, r.text);
  r = await rep.request('GET', '/api/v1/actions');
  assert.deepEqual(r.data.actions.map((a) => a.agency).filter((x) => x !== 'wealdmoor-housing'), []);
  assert.equal(r.data.actions.find((a) => a.id === locks).status, 'done');
  r = await coord.request('GET', '/api/v1/actions?agency=wealdmoor-police');
  assert.deepEqual(r.data.actions.map((a) => a.id), [marker]);

  // The next meeting reviews the incomplete ones, not possible apart from not done.
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(70), venue: 'Council Chamber' } });
  const next = r.data.id;
  r = await coord.request('GET', `/api/v1/meetings/${next}`);
  const review = Object.fromEntries(r.data.incomplete_actions.map((a) => [a.id, a.status]));
  assert.deepEqual(review, { [marker]: 'open', [visit]: 'not_possible' });

  // Metrics: counts for the Marac's staff and analysts, as CSV too.
  const span = `marac=wealdmoor&from=${inDays(0)}&to=${inDays(45)}`;
  r = await chair.request('GET', `/reports/marac.csv?${span}`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.text, /^measure,value,out_of\r\nmeetings,1,\r\ncases,2,\r\nrepeats,0,2\r\n/);
  assert.match(r.text, /\r\ncases_with_children,1,2\r\n/);
  assert.match(r.text, /\r\nattendance:wealdmoor-housing,1,1\r\n/);
  assert.match(r.text, /\r\nattendance:wealdmoor-csc,0,1\r\n/);
  assert.match(r.text, /\r\ncases_per_10000_women_a_year,[0-9.]+,40\r\n/);
  const analyst = await srv.as('analyst');
  assert.equal((await analyst.request('GET', `/reports/marac?${span}`)).status, 200);
  assert.equal((await rep.request('GET', `/reports/marac?${span}`)).status, 403);
  r = await chair.request('GET', `/reports/marac?marac=wealdmoor&from=${inDays(5)}&to=${inDays(1)}`);
  assert.equal(r.status, 400);

  // What was said and researched is sealed in the file.
  for (const f of ['rt.db', 'rt.db-wal']) {
    const bytes = readBytes(join(srv.dir, f));
    for (const secret of ['Wants to stay in the flat', 'Two reports of damage', 'Rent arrears', 'Fit new locks', 'She has moved out']) {
      assert.equal(bytes.indexOf(secret), -1, `${secret} in ${f}`);
    }
  }
});

test('the Idva sees the Marac actions in the same safety plan', async () => {
  const coord = await srv.as('marac_coordinator');
  const mgr = await srv.as('idva_manager');
  const rep = await srv.as('agency_rep');
  let r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: { given_name: 'Wenna', family_name: 'Carbis', postcode: 'WM1 1AA' } }) });
  const rid = r.data.id;
  const me = await (await srv.as('idva')).request('GET', '/api/v1/session');
  r = await mgr.request('POST', `/api/v1/referrals/${rid}/allocation`, { json: { idva: me.data.user.id } });
  const caseId = r.data.case.id;
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(100), venue: 'Council Chamber' } });
  const mid = r.data.id;
  r = await coord.request('POST', `/api/v1/meetings/${mid}/cases`, { json: { referral: rid } });
  assert.equal(r.status, 204, r.text);
  await coord.request('POST', `/api/v1/meetings/${mid}/status`, { json: { status: 'released' } });
  r = await coord.request('POST', `/api/v1/meetings/${mid}/cases/${rid}/actions`, {
    json: { text: 'Sanctuary scheme referral', agency: 'wealdmoor-housing', owner: 'Senna Polwarth', due: inDays(110) },
  });
  assert.equal(r.status, 201, r.text);
  const idva = await srv.as('idva');
  r = await idva.request('GET', `/api/v1/cases/${caseId}`);
  assert.equal(r.data.marac_actions.length, 1);
  assert.equal(r.data.marac_actions[0].text, 'Sanctuary scheme referral');
  let page = await idva.request('GET', `/cases/${caseId}`);
  assert.match(page.text, /Marac actions[\s\S]*Sanctuary scheme referral/);
  assert.doesNotMatch(page.text, /The Marac heard this case/);
  r = await coord.request('PUT', `/api/v1/meetings/${mid}/cases/${rid}/hearing`, { json: { views: 'Wants the scheme' } });
  assert.equal(r.status, 204, r.text);
  r = await coord.request('POST', `/api/v1/meetings/${mid}/status`, { json: { status: 'held' } });
  assert.equal(r.status, 204, r.text);
  page = await idva.request('GET', `/cases/${caseId}`);
  assert.match(page.text, /The Marac heard this case on [0-9-]{10}\. Tell the person what was agreed by [0-9-]{10}/);
  const minutes = await coord.request('GET', `/meetings/${mid}/minutes`);
  assert.match(minutes.text, /Due to the agencies by<\/dt><dd>[0-9-]{10}/);
});

test('a case transferred to another Marac goes with its open actions', async () => {
  // A second Marac, whose team is the same coordinator's agency, and
  // whose staff includes the same coordinator.
  let c = run(['marac', 'add', '--db', srv.db, '--code', 'northmoor', '--name', 'Northmoor Marac', '--areas', 'NM']);
  assert.equal(c.status, 0, c.stderr);
  for (const agency of ['wealdmoor-marac', 'wealdmoor-housing']) {
    c = run(['marac', 'member', '--db', srv.db, '--code', 'northmoor', '--agency', agency]);
    assert.equal(c.status, 0, c.stderr);
  }
  c = run(['marac', 'member', '--db', srv.db, '--code', 'northmoor', '--user', 'marac_coordinator']);
  assert.equal(c.status, 0, c.stderr);
  const coord = await srv.as('marac_coordinator');
  const rep = await srv.as('agency_rep');
  let r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: { given_name: 'Gwenno', family_name: 'Pascoe', postcode: 'WM4 4AA' } }) });
  const rid = r.data.id;
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(120), venue: 'Council Chamber' } });
  const mid = r.data.id;
  await coord.request('POST', `/api/v1/meetings/${mid}/cases`, { json: { referral: rid } });
  await coord.request('POST', `/api/v1/meetings/${mid}/status`, { json: { status: 'released' } });
  r = await coord.request('POST', `/api/v1/meetings/${mid}/cases/${rid}/actions`, {
    json: { text: 'Refer to a refuge in Northmoor', agency: 'wealdmoor-housing', owner: 'Housing officer', due: inDays(125) },
  });
  const open = r.data.id;

  r = await coord.request('POST', `/api/v1/referrals/${rid}/transfer`, { json: { marac: 'wealdmoor', note: 'She has moved to Northmoor' } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'marac');
  r = await coord.request('POST', `/api/v1/referrals/${rid}/transfer`, { json: { marac: 'northmoor', note: 'moved' } });
  assert.equal(r.data.field, 'note');
  assert.equal((await rep.request('POST', `/api/v1/referrals/${rid}/transfer`, { json: { marac: 'northmoor', note: 'She has moved to Northmoor' } })).status, 403);
  r = await coord.request('POST', `/api/v1/referrals/${rid}/transfer`, { json: { marac: 'northmoor', note: 'She has moved to Northmoor' } });
  assert.equal(r.status, 204, r.text);

  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'northmoor', held_on: inDays(130), venue: 'Northmoor Hall' } });
  const north = r.data.id;
  r = await coord.request('POST', `/api/v1/meetings/${north}/propose`);
  assert.equal(r.status, 200, r.text);
  r = await coord.request('GET', `/api/v1/meetings/${north}`);
  assert.deepEqual(r.data.cases.map((x) => x.referral_id), [rid], 'listed there whatever the postcode');
  assert.deepEqual(r.data.incomplete_actions.map((a) => a.id), [open]);
  for (const f of ['rt.db', 'rt.db-wal']) {
    assert.equal(readBytes(join(srv.dir, f)).indexOf('She has moved to Northmoor'), -1);
  }
});

test('meetings are scheduled in a series; a Marac shows its protocols and representatives', async () => {
  const coord = await srv.as('marac_coordinator');
  let r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(200), venue: 'Council Chamber', every: 'monthly', count: 13 } });
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'count');
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(200), venue: 'Council Chamber', every: 'weekly', count: 2 } });
  assert.equal(r.data.field, 'every');
  const before = (await coord.request('GET', '/api/v1/meetings')).data.meetings.length;
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: '2027-01-31', venue: 'Council Chamber', every: 'monthly', count: 3 } });
  assert.equal(r.status, 201, r.text);
  const all = (await coord.request('GET', '/api/v1/meetings')).data.meetings;
  assert.equal(all.length, before + 3);
  const dates = all.map((m) => m.held_on);
  for (const d of ['2027-01-31', '2027-02-28', '2027-03-31']) assert.ok(dates.includes(d), d);
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: '2027-01-05', venue: 'Council Chamber', every: 'fortnightly', count: 2 } });
  assert.ok((await coord.request('GET', '/api/v1/meetings')).data.meetings.some((m) => m.held_on === '2027-01-19'));
  // A meeting a week away: its list (8 working days before) is overdue.
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(7), venue: 'Council Chamber' } });
  const soon = await coord.request('GET', `/meetings/${r.data.id}`);
  assert.match(soon.text, /The list is due out \(it was due on/);
  const page = await coord.request('GET', '/meetings');
  assert.match(page.text, /Information Sharing Protocol, v3/);
  assert.match(page.text, /Senna Polwarth \(wealdmoor-housing\)/);
});

test('the Marac list flags a person causing harm named on another person\'s referral', async () => {
  const coord = await srv.as('marac_coordinator');
  const rep = await srv.as('agency_rep');
  const harm = [{ name: 'Orvald Trethewey', dob: '1980-02-02' }];
  let r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: { given_name: 'Elowen', family_name: 'Carne', dob: '1990-01-01', postcode: 'TR9 9ZZ' }, perpetrators: harm }) });
  assert.equal(r.status, 201, r.text);
  r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: { given_name: 'Tamsin', family_name: 'Rowse', dob: '1993-03-03', postcode: 'WM5 5AA' }, perpetrators: harm }) });
  const listed = r.data.id;
  r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: { given_name: 'Lowdy', family_name: 'Hendra', dob: '1988-08-08', postcode: 'WM5 5AB' }, perpetrators: [{ name: 'Someone Else', dob: '1970-01-01' }] }) });
  const other = r.data.id;
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(150), venue: 'Council Chamber' } });
  const mid = r.data.id;
  for (const id of [listed, other]) await coord.request('POST', `/api/v1/meetings/${mid}/cases`, { json: { referral: id } });
  r = await coord.request('GET', `/api/v1/meetings/${mid}`);
  const flag = Object.fromEntries(r.data.cases.map((c) => [c.referral_id, c.serial_perpetrator]));
  assert.deepEqual(flag, { [listed]: true, [other]: false }, 'the other referral is not on this list');
});
