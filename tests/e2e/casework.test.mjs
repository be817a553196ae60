// Idva casework over the API: allocation with suggestions and caseload
// warnings, the lifecycle (invalid moves refused), safe contact refusing
// an unsafe channel, closure needing outcomes, need to know, and the
// outcomes report on a fixture with known answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readBytes, referral, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('casework'); });
after(async () => { await srv.stop(); });

async function newReferral(overrides) {
  const rep = await srv.as('agency_rep');
  const r = await rep.request('POST', '/api/v1/referrals', { json: referral(overrides) });
  assert.equal(r.status, 201, r.text);
  return r.data.id;
}

async function userId(username) {
  const c = await srv.as(username);
  const r = await c.request('GET', '/api/v1/session');
  return r.data.user.id;
}

async function allocate(mgr, referralId, idva) {
  const r = await mgr.request('POST', `/api/v1/referrals/${referralId}/allocation`, { json: { idva } });
  assert.equal(r.status, 200, r.text);
  return r.data;
}

const today = new Date().toISOString().slice(0, 10);
const intake = (types) => ({
  physical: 'no', sexual: 'no', stalking: 'no', controlling: 'no', economic: 'no', online: 'no',
  ...Object.fromEntries(types.map((t) => [t, 'yes'])), date: today, risk_score: '15',
});

test('suggestions weigh needs and load; a warning never refuses', async () => {
  const mgr = await srv.as('idva_manager');
  const hospital = await userId('idva_hospital');
  const tamsin = await userId('idva');
  // A man, in WM3: the part-time hospital Idva covers WM3 but not men.
  const id = await newReferral({ victim: { given_name: 'Jowan', family_name: 'Kestle', gender: 'male', postcode: 'WM3 1AA' } });
  let r = await mgr.request('GET', `/api/v1/referrals/${id}/allocation`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.needs, 'male_victims');
  assert.deepEqual(r.data.suggestions.map((s) => s.idva_id), [hospital, tamsin]);
  assert.equal(r.data.suggestions[0].area_match, true);
  assert.equal(r.data.suggestions[0].capacity, 15); // 25 x 0.6
  // Part-time to a tenth: 3 open at most, and the fourth is over the unsafe mark.
  r = await mgr.request('PUT', `/api/v1/idvas/${hospital}/profile`, {
    json: { fte: 0.1, specialisms: 'hospital', areas: 'WM3,WM4', languages: 'Cornish' },
  });
  assert.equal(r.status, 200, r.text);
  const warnings = [];
  for (let i = 0; i < 4; i++) {
    const rid = await newReferral({ victim: { given_name: `Load${'abcd'[i]}`, family_name: 'Pengelly' } });
    warnings.push((await allocate(mgr, rid, hospital)).warning);
  }
  assert.deepEqual(warnings.slice(0, 3), [null, null, null]);
  assert.match(warnings[3], /would have 4 open cases; over 3 is not safe for 0\.1 FTE/);
  r = await mgr.request('GET', `/api/v1/referrals/${id}/allocation?language=cornish`);
  assert.equal(r.data.suggestions[0].idva_id, tamsin); // the overloaded Idva goes last
  assert.equal(r.data.suggestions[1].language_match, true);
  assert.equal(r.data.suggestions[1].warning, 'unsafe');
  // Not an Idva of the service: refused, naming the field.
  r = await mgr.request('POST', `/api/v1/referrals/${id}/allocation`, { json: { idva: await userId('agency_rep') } });
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'idva');
  // Only managers allocate.
  const idva = await srv.as('idva');
  r = await idva.request('GET', `/api/v1/referrals/${id}/allocation`);
  assert.equal(r.status, 403);
  r = await mgr.request('PUT', `/api/v1/idvas/${hospital}/profile`, { json: { fte: 0.6, areas: 'not an area' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'areas');
});

test('the lifecycle, safe contact and closure with outcomes', async () => {
  const mgr = await srv.as('idva_manager');
  const idva = await srv.as('idva');
  const tamsin = await userId('idva');
  // safe_to_call is no on the referral.
  const rid = await newReferral({ victim: { given_name: 'Demelza', family_name: 'Chenoweth' } });
  const { case: c } = await allocate(mgr, rid, tamsin);
  assert.equal(c.status, 'allocated');
  const base = `/api/v1/cases/${c.id}`;

  let r = await idva.request('POST', `${base}/status`, { json: { status: 'active' } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'status');

  // No safe-contact record: only in person. Then record one: text only.
  const call = { date: today, channel: 'call', outcome: 'made', safe_to_talk: 'yes' };
  r = await idva.request('POST', `${base}/items/contact`, { json: call });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.data.field, 'channel');
  r = await idva.request('POST', `${base}/items/safe_contact`, {
    json: { phone: '07700 900418', phone_safe: 'no', voicemail_safe: 'no', text_safe: 'yes',
      post_safe: 'no', email_safe: 'no', code_word: 'Heron' },
  });
  assert.equal(r.status, 201, r.text);
  r = await idva.request('POST', `${base}/items/contact`, { json: call });
  assert.equal(r.status, 422);
  assert.match(r.data.error, /not marked safe to call/);
  // A failed attempt needs a reason; it is recorded and the case stays allocated.
  r = await idva.request('POST', `${base}/items/contact`, { json: { date: today, channel: 'text', outcome: 'failed' } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'failure');
  r = await idva.request('POST', `${base}/items/contact`, { json: { date: today, channel: 'text', outcome: 'failed', failure: 'no_answer' } });
  assert.equal(r.status, 201, r.text);
  r = await idva.request('GET', base);
  assert.equal(r.data.case.status, 'allocated');
  r = await idva.request('POST', `${base}/items/contact`, { json: { date: today, channel: 'text', outcome: 'made', note: 'Replied from the library' } });
  assert.equal(r.status, 201, r.text);
  r = await idva.request('GET', base);
  assert.equal(r.data.case.status, 'first_contact');
  assert.ok(r.data.case.first_contact_at);
  assert.equal(r.data.first_contact.late, false);

  r = await idva.request('POST', `${base}/status`, { json: { status: 'active' } });
  assert.equal(r.status, 200, r.text);
  r = await idva.request('POST', `${base}/items/plan`, {
    json: { area: 'housing', action: 'Sanctuary scheme: new locks', owner: 'Wealdmoor Homes', status: 'in_progress', due: today },
  });
  assert.equal(r.status, 201, r.text);
  const plan = r.data.id;
  r = await idva.request('PUT', `${base}/items/plan/${plan}`, {
    json: { area: 'housing', action: 'Sanctuary scheme: new locks', owner: 'Wealdmoor Homes', status: 'done', due: today, done_on: today },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data, { id: plan, kind: 'plan' });
  r = await idva.request('POST', `${base}/items/plan`, { json: { area: 'housing', action: 'Move', owner: 'Idva', status: 'not_possible' } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'reason');
  r = await idva.request('POST', `${base}/items/child`, {
    json: { name: 'Pip Chenoweth', dob: '2019-04-02', to_victim: 'child', to_perpetrator: 'child', known_csc: 'yes', csc_referral: 'no', views: 'Wants to keep the dog' },
  });
  assert.equal(r.status, 201, r.text);
  r = await idva.request('POST', `${base}/items/note`, { json: { text: 'Talked through the Clare\'s Law disclosure at the library' } });
  assert.equal(r.status, 201, r.text);
  r = await idva.request('POST', `${base}/items/task`, { json: { title: 'Chase the locksmith', due: today, status: 'open', extra: 'x' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'extra');

  // Closing needs the exit measures or why they could not be taken.
  r = await idva.request('POST', `${base}/status`, { json: { status: 'closed', closure: { reason: 'safety_achieved' } } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'exit_not_taken');
  r = await idva.request('POST', `${base}/items/intake`, { json: intake(['physical', 'controlling']) });
  assert.equal(r.status, 201, r.text);
  r = await idva.request('POST', `${base}/items/exit`, {
    json: { physical: 'stopped', date: today, risk_score: '3', feels_safer: 'yes', life_better: 'yes', support_accepted: 'yes' },
  });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'controlling');
  r = await idva.request('POST', `${base}/items/exit`, {
    json: { physical: 'stopped', controlling: 'reduced', date: today, risk_score: '3', feels_safer: 'yes', life_better: 'yes', support_accepted: 'yes' },
  });
  assert.equal(r.status, 201, r.text);
  r = await idva.request('POST', `${base}/status`, { json: { status: 'closed', closure: { reason: 'safety_achieved' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.case.status, 'closed');
  assert.equal(r.data.case.closure_reason, 'safety_achieved');
  r = await idva.request('POST', `${base}/items/note`, { json: { text: 'After closing' } });
  assert.equal(r.status, 409);
  r = await idva.request('POST', `${base}/status`, { json: { status: 'first_contact' } });
  assert.equal(r.status, 422);
  r = await idva.request('POST', `${base}/status`, { json: { status: 'active', reason: 'again' } });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'reason');
  r = await idva.request('POST', `${base}/status`, { json: { status: 'active', reason: 'The abuse began again in March' } });
  assert.equal(r.status, 200, r.text);
  r = await idva.request('GET', base);
  assert.deepEqual(r.data.events.map((e) => e.what), ['allocated', 'first_contact', 'active', 'closed', 'reopened']);
  assert.equal(r.data.events[4].detail, 'The abuse began again in March');

  // Nothing the Idva wrote reaches the file in the clear.
  for (const f of ['rt.db', 'rt.db-wal']) {
    const bytes = readBytes(join(srv.dir, f));
    for (const secret of ['Heron', 'Replied from the library', 'Sanctuary scheme', 'Pip Chenoweth', 'Clare\'s Law', 'began again']) {
      assert.equal(bytes.indexOf(secret), -1, `${secret} in ${f}`);
    }
  }
});

test('need to know: another agency is refused, the Marac sees the summary, notes stay with the Idva', async () => {
  const mgr = await srv.as('idva_manager');
  const rid = await newReferral({ victim: { given_name: 'Elestren', family_name: 'Polglase' } });
  const { case: c } = await allocate(mgr, rid, await userId('idva'));
  const idva = await srv.as('idva');
  let r = await idva.request('POST', `/api/v1/cases/${c.id}/items/note`, { json: { text: 'Only for the Idva and manager' } });
  assert.equal(r.status, 201, r.text);

  const rep = await srv.as('agency_rep');
  r = await rep.request('GET', `/api/v1/cases/${c.id}`);
  assert.equal(r.status, 403);
  r = await rep.request('POST', `/api/v1/cases/${c.id}/items/note`, { json: { text: 'x' } });
  assert.equal(r.status, 403);
  r = await rep.request('GET', `/cases/${c.id}`);
  assert.equal(r.status, 403);
  assert.doesNotMatch(r.text, /Elestren|Only for the Idva/);

  const other = await srv.as('idva_hospital');
  r = await other.request('GET', `/api/v1/cases/${c.id}`);
  assert.equal(r.status, 404); // another Idva: not theirs, not even that it exists
  r = await other.request('POST', `/api/v1/cases/${c.id}/items/contact`, { json: { date: today, channel: 'in_person', outcome: 'made', safe_to_talk: 'yes' } });
  assert.equal(r.status, 404);

  const coord = await srv.as('marac_coordinator');
  r = await coord.request('GET', `/api/v1/cases/${c.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.detail, 'summary');
  assert.equal(r.data.items, undefined);
  r = await coord.request('GET', `/cases/${c.id}`);
  assert.doesNotMatch(r.text, /Only for the Idva/);

  r = await mgr.request('GET', `/api/v1/cases/${c.id}`);
  assert.equal(r.data.detail, 'full');
  assert.ok(r.data.items.some((i) => i.kind === 'note' && i.values.text === 'Only for the Idva and manager'));

  // Each read is in the audit log.
  const aud = await srv.as('auditor');
  r = await aud.request('GET', `/api/v1/audit?record=${c.id}&action=case.`);
  const actions = r.data.entries.map((e) => `${e.action}:${e.outcome}`);
  assert.ok(actions.includes('case.read:ok'));
  assert.ok(actions.includes('case.read:denied'));
});

test('outcomes over a fixture with known answers, as JSON and CSV', async () => {
  const mgr = await srv.as('idva_manager');
  const idva = await srv.as('idva');
  const tamsin = await userId('idva');
  // Before this test one case (physical stopped, controlling reduced; safer,
  // better) was closed and reopened: it is not closed now, so not counted.
  const fixture = [
    { types: ['physical', 'stalking'], exit: { physical: 'stopped', stalking: 'stopped' }, safer: 'yes', life: 'yes' },
    { types: ['physical'], exit: { physical: 'worse' }, safer: 'no', life: 'yes' },
    { types: ['sexual'], exit: { sexual: 'stopped' }, safer: 'yes', life: 'no' },
    { types: [], exit: {}, safer: 'not_asked', life: 'not_asked' },
  ];
  for (const [i, f] of fixture.entries()) {
    const rid = await newReferral({ victim: { given_name: `Fixture${'abcd'[i]}`, family_name: 'Nancarrow' } });
    const { case: c } = await allocate(mgr, rid, tamsin);
    const base = `/api/v1/cases/${c.id}`;
    let r = await idva.request('POST', `${base}/items/intake`, { json: intake(f.types) });
    assert.equal(r.status, 201, r.text);
    r = await idva.request('POST', `${base}/items/exit`, {
      json: { ...f.exit, date: today, risk_score: '5', feels_safer: f.safer, life_better: f.life, support_accepted: 'yes' },
    });
    assert.equal(r.status, 201, r.text);
    r = await idva.request('POST', `${base}/status`, { json: { status: 'closed', closure: { reason: 'declined_disengaged' } } });
    assert.equal(r.status, 200, r.text);
  }
  // A closed case without exit measures does not count.
  const rid = await newReferral({ victim: { given_name: 'Fixturee', family_name: 'Nancarrow' } });
  const { case: c } = await allocate(mgr, rid, tamsin);
  let r = await idva.request('POST', `/api/v1/cases/${c.id}/status`, {
    json: { status: 'closed', closure: { reason: 'moved_area', exit_not_taken: 'Moved away before the last meeting' } },
  });
  assert.equal(r.status, 200, r.text);

  r = await mgr.request('GET', `/api/v1/reports/outcomes?from=${today}&to=${today}`);
  assert.equal(r.status, 200, r.text);
  const o = r.data;
  assert.equal(o.cases, 4);
  assert.deepEqual(o.abuse_stopped, { percent: 67, count: 2, cases: 3 });
  assert.deepEqual(o.by_type.physical, { percent: 50, count: 1, cases: 2 });
  assert.deepEqual(o.by_type.sexual, { percent: 100, count: 1, cases: 1 });
  assert.deepEqual(o.by_type.online, { percent: null, count: 0, cases: 0 });
  assert.deepEqual(o.feels_safer, { percent: 67, count: 2, cases: 3 });
  assert.deepEqual(o.quality_of_life_better, { percent: 67, count: 2, cases: 3 });
  assert.deepEqual(o.engagement.support_accepted, { percent: 100, count: 4, cases: 4 });
  assert.deepEqual(o.engagement.first_contact_on_time, { percent: null, count: 0, cases: 0 });
  assert.equal(o.engagement.mean_contacts, 0);
  r = await mgr.request('GET', `/api/v1/reports/outcomes?from=${today}&to=${today}&idva=${await userId('idva_hospital')}`);
  assert.equal(r.data.cases, 0);
  r = await mgr.request('GET', `/api/v1/reports/outcomes?from=${today}&to=2000-01-01`);
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'to');
  r = await mgr.request('GET', `/reports/outcomes.csv?from=${today}&to=${today}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.text, /^measure,percent,cases,out_of\r\nabuse_stopped,67,2,3\r\n/);
  assert.match(r.text, /\r\nfeels_safer,67,2,3\r\n/);
  // Analysts see counts across services; Idvas do not get reports.
  const analyst = await srv.as('analyst');
  r = await analyst.request('GET', `/api/v1/reports/outcomes?from=${today}&to=${today}`);
  assert.equal(r.data.cases, 4);
  r = await idva.request('GET', `/api/v1/reports/outcomes?from=${today}&to=${today}`);
  assert.equal(r.status, 403);
});

test('the caseload shows each Idva against capacity and what is overdue', async () => {
  const mgr = await srv.as('idva_manager');
  const r = await mgr.request('GET', '/api/v1/caseload');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.rules.open_per_fte, 25);
  const byName = Object.fromEntries(r.data.idvas.map((l) => [l.name, l]));
  assert.equal(byName['Gwenna Trelease'].open, 4);
  assert.equal(byName['Gwenna Trelease'].capacity, 3);
  const page = await mgr.request('GET', '/caseload');
  assert.equal(page.status, 200);
  assert.match(page.text, /Gwenna Trelease<\/th><td>0\.1<\/td><td>4<\/td><td>3<\/td>/);
  assert.match(page.text, /Not safe/);
  const idva = await srv.as('idva');
  assert.equal((await idva.request('GET', '/api/v1/caseload')).status, 403);

  // A case referred a month ago and not yet contacted is listed late, and
  // reading it there is audited against that case.
  const monthAgo = new Date(Date.now() - 30 * 86400e3).toISOString().slice(0, 10);
  const rid = await newReferral({ referral_date: monthAgo, victim: { given_name: 'Morwenna', family_name: 'Tregarthen' } });
  const { case: late } = await allocate(mgr, rid, await userId('idva'));
  const again = await mgr.request('GET', '/api/v1/caseload');
  const listed = again.data.first_contact_overdue.find((row) => row.case.id === late.id);
  assert.equal(listed.person, 'Morwenna Tregarthen');
  assert.equal(listed.first_contact.late, true);
  const aud = await srv.as('auditor');
  const log = await aud.request('GET', `/api/v1/audit?record=${late.id}&action=caseload.`);
  assert.ok(log.data.entries.some((e) => e.action === 'caseload.read' && e.outcome === 'ok'));
  const mine = await idva.request('GET', '/api/v1/cases');
  assert.equal(mine.status, 200);
  assert.ok(mine.data.cases.every((row) => row.idva_name === 'Tamsin Oakridge'));
});

test('triage can list only the referrals not yet allocated', async () => {
  const mgr = await srv.as('idva_manager');
  const waiting = await newReferral({ victim: { given_name: 'Wenna', family_name: 'Tonkin' } });
  const taken = await newReferral({ victim: { given_name: 'Ebrel', family_name: 'Tonkin' } });
  await allocate(mgr, taken, await userId('idva'));
  let r = await mgr.request('GET', '/api/v1/triage?unallocated=true');
  assert.equal(r.status, 200, r.text);
  const ids = r.data.queue.map((x) => x.id);
  assert.ok(ids.includes(waiting));
  assert.ok(!ids.includes(taken));
  r = await mgr.request('GET', '/api/v1/triage');
  assert.ok(r.data.queue.map((x) => x.id).includes(taken));
  r = await mgr.request('GET', '/api/v1/triage?unallocated=yes');
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'unallocated');
  r = await mgr.request('GET', '/triage?unallocated=1');
  assert.match(r.text, /Tonkin, Wenna/);
  assert.doesNotMatch(r.text, /Tonkin, Ebrel/);
});
