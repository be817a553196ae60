// Exclusions win everywhere (safety.md, "Jurisdiction"): a member agency's
// representative excluded from one listed case finds it nowhere (meeting
// view, agenda, minutes, actions, research, the referral, notices) and
// cannot write to it, while the other case on the same list stays theirs;
// only the case's holders exclude, with a real reason; the holders are
// told and the excluded are not; lifting restores access and keeps the
// record; the auditor reads the reasons.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inDays, readBytes, referral, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('exclusions'); });
after(async () => { await srv.stop(); });

const WHY = 'Lives next door to the person causing harm';
const LIFT_WHY = 'Moved away; conflict reviewed with the chair';

test('an excluded representative finds the case nowhere, the rest of the list stays theirs', async () => {
  const coord = await srv.as('marac_coordinator');
  const chair = await srv.as('marac_chair');
  const rep = await srv.as('agency_rep'); // Wealdmoor Homes, a member of the Marac
  const idva = await srv.as('idva');
  const mgr = await srv.as('idva_manager');
  const auditor = await srv.as('auditor');

  const make = async (given, family, address) => {
    const r = await rep.request('POST', '/api/v1/referrals', {
      json: referral({ victim: { given_name: given, family_name: family, address, postcode: 'WM3 3AA' } }),
    });
    assert.equal(r.status, 201, r.text);
    return r.data.id;
  };
  const hidden = await make('Jenifer', 'Tregarthen', '12 Quay Street');
  const shown = await make('Loveday', 'Penhallow', '4 Mill Lane');

  // A meeting listing the two, released for research; the meeting is held.
  let r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(30), venue: 'Council Chamber' } });
  assert.equal(r.status, 201, r.text);
  const mid = r.data.id;
  for (const id of [hidden, shown]) {
    r = await coord.request('POST', `/api/v1/meetings/${mid}/cases`, { json: { referral: id } });
    assert.equal(r.status, 204, r.text);
  }
  r = await coord.request('POST', `/api/v1/meetings/${mid}/status`, { json: { status: 'released' } });
  assert.equal(r.status, 204, r.text);
  for (const id of [hidden, shown]) {
    r = await rep.request('PUT', `/api/v1/meetings/${mid}/cases/${id}/research`, { json: { facts: `Tenancy held since 2019 (${id.slice(0, 4)})`, flagged: 'yes' } });
    assert.equal(r.status, 204, r.text);
  }
  r = await coord.request('POST', `/api/v1/meetings/${mid}/attendance`, { json: { agency: 'wealdmoor-housing', name: 'Senna Polwarth', confidentiality: true } });
  assert.equal(r.status, 204, r.text);
  const actions = {};
  for (const [id, text, views] of [[hidden, 'Fit locks at 12 Quay Street', 'Wants to stay at Quay Street'], [shown, 'Arrange a home visit at Mill Lane', 'Wants to move away']]) {
    r = await coord.request('PUT', `/api/v1/meetings/${mid}/cases/${id}/hearing`, { json: { views } });
    assert.equal(r.status, 204, r.text);
    r = await coord.request('POST', `/api/v1/meetings/${mid}/cases/${id}/actions`, { json: { text, agency: 'wealdmoor-housing', owner: 'Housing officer', due: inDays(40) } });
    assert.equal(r.status, 201, r.text);
    actions[id] = r.data.id;
  }
  r = await rep.request('GET', `/api/v1/meetings/${mid}`);
  assert.deepEqual(r.data.cases.map((c) => c.referral_id).sort(), [hidden, shown].sort());

  // The Idva breaks the glass on the case: the manager is told.
  r = await idva.request('POST', `/api/v1/referrals/${hidden}/break-glass`, { json: { reason: 'Police report she is missing tonight' } });
  assert.equal(r.status, 201, r.text);
  assert.match((await mgr.request('GET', '/')).text, new RegExp(`broke the glass on referral <span class="ref">${hidden}`));

  // Only a holder excludes, for a real reason, an active user.
  const exclude = (c, username, reason) => c.request('POST', `/api/v1/referrals/${hidden}/exclusions`, { json: { username, reason } });
  assert.equal((await exclude(rep, 'agency_rep', WHY)).status, 403);
  assert.equal((await exclude(idva, 'agency_rep', WHY)).status, 403);
  r = await exclude(mgr, 'agency_rep', WHY);
  assert.equal(r.status, 404, 'the manager holds no case here');
  r = await exclude(coord, 'agency_rep', 'x');
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'reason');
  r = await exclude(coord, 'agency_rep', '                              ');
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'reason');
  r = await exclude(coord, 'nobody_here', WHY);
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'username');
  r = await coord.request('POST', '/api/v1/referrals/00000000000000000000000000000000/exclusions', { json: { username: 'agency_rep', reason: WHY } });
  assert.equal(r.status, 404);
  r = await exclude(coord, 'agency_rep', WHY);
  assert.equal(r.status, 201, r.text);
  const exclusion = r.data.id;
  assert.equal((await exclude(coord, 'agency_rep', WHY)).status, 409);
  r = await exclude(coord, 'idva_manager', 'Declared a conflict: knows the family');
  assert.equal(r.status, 201, r.text);

  // Absent from the meeting, the agenda, actions, research and the referral.
  r = await rep.request('GET', `/api/v1/meetings/${mid}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.cases.map((c) => c.referral_id), [shown]);
  assert.doesNotMatch(r.text, /Tregarthen|Quay Street/);
  let page = await rep.request('GET', `/meetings/${mid}/agenda`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Penhallow/);
  assert.doesNotMatch(page.text, /Tregarthen|Quay Street/);
  page = await rep.request('GET', `/meetings/${mid}`);
  assert.doesNotMatch(page.text, /Tregarthen|Quay Street/);
  r = await rep.request('GET', '/api/v1/actions');
  assert.deepEqual(r.data.actions.map((a) => a.id), [actions[shown]]);
  assert.doesNotMatch((await rep.request('GET', '/actions')).text, /Tregarthen|Quay Street/);
  assert.equal((await rep.request('GET', `/api/v1/referrals/${hidden}`)).status, 404);
  assert.equal((await rep.request('GET', `/meetings/${mid}/cases/${hidden}/research`)).status, 404);
  assert.equal((await rep.request('GET', `/meetings/${mid}/cases/${shown}/research`)).status, 200);

  // Writes to it are refused as if it were not there; to the other, not.
  r = await rep.request('PUT', `/api/v1/meetings/${mid}/cases/${hidden}/research`, { json: { facts: 'More', flagged: 'yes' } });
  assert.equal(r.status, 404);
  r = await rep.request('PUT', `/api/v1/meetings/${mid}/cases/${shown}/research`, { json: { facts: 'More', flagged: 'yes' } });
  assert.equal(r.status, 204, r.text);
  r = await rep.request('POST', `/api/v1/actions/${actions[hidden]}/status`, { json: { status: 'done' } });
  assert.equal(r.status, 404);
  r = await rep.request('POST', `/api/v1/actions/${actions[shown]}/status`, { json: { status: 'done' } });
  assert.equal(r.status, 204, r.text);

  // The holders are told, without case content; the excluded are not, and
  // notices about the case are gone for them.
  page = await chair.request('GET', '/');
  assert.match(page.text, new RegExp(`Someone has been excluded</strong> from a case you hold: referral <span class="ref">${hidden}`));
  assert.doesNotMatch(page.text, /Tregarthen|agency_rep|Lives next door/);
  assert.doesNotMatch((await rep.request('GET', '/')).text, new RegExp(`excluded|${hidden}`));
  assert.doesNotMatch((await mgr.request('GET', '/')).text, new RegExp(hidden));

  // The minutes, once approved, leave the case out for them too.
  r = await coord.request('POST', `/api/v1/meetings/${mid}/status`, { json: { status: 'held' } });
  assert.equal(r.status, 204, r.text);
  r = await chair.request('POST', `/api/v1/meetings/${mid}/status`, { json: { status: 'approved' } });
  assert.equal(r.status, 204, r.text);
  page = await rep.request('GET', `/meetings/${mid}/minutes`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Wants to move away/);
  assert.doesNotMatch(page.text, /Tregarthen|Quay Street/);

  // Holders see who is excluded, never why; the excluded see nothing.
  r = await coord.request('GET', `/api/v1/referrals/${hidden}/exclusions`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.exclusions.map((x) => [x.username, x.by, x.lifted]), [['agency_rep', 'marac_coordinator', false], ['idva_manager', 'marac_coordinator', false]]);
  assert.doesNotMatch(r.text, /Lives next door|conflict/);
  assert.equal((await rep.request('GET', `/api/v1/referrals/${hidden}/exclusions`)).status, 403);
  assert.equal((await mgr.request('GET', `/api/v1/referrals/${hidden}/exclusions`)).status, 404);
  page = await coord.request('GET', `/referrals/${hidden}/exclusions`);
  assert.equal(page.status, 200);
  assert.match(page.text, /agency_rep/);
  assert.doesNotMatch(page.text, /Lives next door/);

  // Lifting: with a reason, by a holder; the record stays, access returns.
  const lift = (c, id, reason) => c.request('POST', `/api/v1/referrals/${hidden}/exclusions/${id}/lift`, { json: { reason } });
  r = await lift(coord, exclusion, 'Moved');
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'reason');
  assert.equal((await lift(rep, exclusion, LIFT_WHY)).status, 403);
  assert.equal((await lift(coord, hidden, LIFT_WHY)).status, 404);
  r = await lift(coord, exclusion, LIFT_WHY);
  assert.equal(r.status, 204, r.text);
  assert.equal((await lift(coord, exclusion, LIFT_WHY)).status, 404, 'lifted once');
  r = await rep.request('GET', `/api/v1/meetings/${mid}`);
  assert.deepEqual(r.data.cases.map((c) => c.referral_id).sort(), [hidden, shown].sort());
  assert.equal((await rep.request('GET', `/api/v1/referrals/${hidden}`)).status, 200);
  r = await coord.request('GET', `/api/v1/referrals/${hidden}/exclusions`);
  const lifted = r.data.exclusions.find((x) => x.id === exclusion);
  assert.equal(lifted.lifted, true);
  assert.equal(lifted.lifted_by, 'marac_coordinator');
  assert.match((await chair.request('GET', '/')).text, /An exclusion has been lifted/);

  // The auditor reads the reasons; nobody else does; the reading is audited.
  assert.equal((await coord.request('GET', '/api/v1/audit/exclusions')).status, 403);
  r = await auditor.request('GET', '/api/v1/audit/exclusions');
  assert.equal(r.status, 200, r.text);
  const mine = r.data.exclusions.find((x) => x.id === exclusion);
  assert.equal(mine.reason, WHY);
  assert.equal(mine.lift_reason, LIFT_WHY);
  page = await auditor.request('GET', '/audit');
  assert.match(page.text, /Lives next door to the person causing harm/);
  r = await auditor.request('GET', '/api/v1/audit?action=audit.exclusions');
  assert.ok(r.data.entries.length >= 2);
  r = await auditor.request('GET', `/api/v1/audit?record=${hidden}&action=referral.exclude`);
  const outcomes = r.data.entries.map((e) => e.outcome);
  assert.equal(outcomes.filter((o) => o === 'ok').length, 2);
  assert.equal(outcomes.filter((o) => o === 'refused').length, 4);
  assert.ok(outcomes.includes('denied'));

  // Reasons are sealed in the file.
  for (const f of ['rt.db', 'rt.db-wal']) {
    const bytes = readBytes(join(srv.dir, f));
    for (const secret of [WHY, LIFT_WHY]) assert.equal(bytes.indexOf(secret), -1, `${secret} in ${f}`);
  }
});

test('an excluded Idva is no choice for the case; the manager holding it excludes too', async () => {
  const coord = await srv.as('marac_coordinator');
  const mgr = await srv.as('idva_manager');
  const rep = await srv.as('agency_rep');
  const idOf = async (username) => (await (await srv.as(username)).request('GET', '/api/v1/session')).data.user.id;
  const tamsin = await idOf('idva');
  const gwenna = await idOf('idva_hospital');
  let r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: { given_name: 'Morwenna', family_name: 'Jewell', postcode: 'WM1 2AB' } }) });
  assert.equal(r.status, 201, r.text);
  const rid = r.data.id;
  r = await mgr.request('GET', `/api/v1/referrals/${rid}/allocation`);
  assert.deepEqual(r.data.suggestions.map((s) => s.idva_id).sort(), [tamsin, gwenna].sort());

  r = await coord.request('POST', `/api/v1/referrals/${rid}/exclusions`, { json: { username: 'idva', reason: 'Sister-in-law of the person causing harm' } });
  assert.equal(r.status, 201, r.text);
  r = await mgr.request('GET', `/api/v1/referrals/${rid}/allocation`);
  assert.deepEqual(r.data.suggestions.map((s) => s.idva_id), [gwenna]);
  r = await mgr.request('POST', `/api/v1/referrals/${rid}/allocation`, { json: { idva: tamsin } });
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'idva');
  r = await mgr.request('POST', `/api/v1/referrals/${rid}/allocation`, { json: { idva: gwenna } });
  assert.equal(r.status, 200, r.text);

  // Now the service holds the case: its manager may exclude, and the
  // allocated Idva is told; the excluded chair is not.
  r = await mgr.request('POST', `/api/v1/referrals/${rid}/exclusions`, { json: { username: 'marac_chair', reason: 'Declared a conflict at the meeting' } });
  assert.equal(r.status, 201, r.text);
  const gw = await srv.as('idva_hospital');
  assert.match((await gw.request('GET', '/')).text, new RegExp(`Someone has been excluded</strong> from a case you hold: referral <span class="ref">${rid}`));
  const chair = await srv.as('marac_chair');
  assert.doesNotMatch((await chair.request('GET', '/')).text, new RegExp(rid));
  assert.equal((await chair.request('GET', `/api/v1/referrals/${rid}`)).status, 404);
  assert.equal((await chair.request('GET', `/api/v1/referrals/${rid}/exclusions`)).status, 404);
  r = await mgr.request('GET', `/api/v1/referrals/${rid}/exclusions`);
  assert.deepEqual(r.data.exclusions.map((x) => x.username), ['idva', 'marac_chair']);
});

test('an exclusion follows the person to a referral confirmed to be theirs, and is lifted with its origin', async () => {
  const coord = await srv.as('marac_coordinator');
  const rep = await srv.as('agency_rep');
  const auditor = await srv.as('auditor');
  const make = async (given) => {
    const r = await rep.request('POST', '/api/v1/referrals', {
      json: referral({ victim: { given_name: given, family_name: 'Carveth', dob: '1991-03-14', postcode: 'WM4 1AA' } }),
    });
    assert.equal(r.status, 201, r.text);
    return r.data.id;
  };
  const first = await make('Kerensa');
  const second = await make('Kerenza');
  let r = await coord.request('POST', `/api/v1/referrals/${first}/exclusions`, { json: { username: 'agency_rep', reason: WHY } });
  assert.equal(r.status, 201, r.text);
  const origin = r.data.id;
  assert.equal((await rep.request('GET', `/api/v1/referrals/${second}`)).status, 200, 'not yet one person');

  r = await coord.request('POST', `/api/v1/referrals/${first}/identity`, {
    json: { other: second, same: true, reason: 'Same date of birth and postcode; given name spelt two ways' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal((await rep.request('GET', `/api/v1/referrals/${second}`)).status, 404, 'the exclusion followed the person');
  r = await coord.request('GET', `/api/v1/referrals/${second}/exclusions`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.exclusions.map((x) => [x.username, x.follows, x.lifted]), [['agency_rep', true, false]]);
  r = await coord.request('GET', `/referrals/${second}/exclusions`);
  assert.match(r.text, /on another referral of the same person/);
  r = await auditor.request('GET', `/api/v1/audit?action=referral.exclusion_follow&record=${second}`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.data.entries.some((e) => e.record_id === second && e.outcome === 'ok'), 'the follow is on record');

  r = await coord.request('POST', `/api/v1/referrals/${first}/exclusions/${origin}/lift`, { json: { reason: LIFT_WHY } });
  assert.equal(r.status, 204, r.text);
  for (const id of [first, second]) assert.equal((await rep.request('GET', `/api/v1/referrals/${id}`)).status, 200);
  r = await coord.request('GET', `/api/v1/referrals/${second}/exclusions`);
  assert.deepEqual(r.data.exclusions.map((x) => x.lifted), [true]);
});
