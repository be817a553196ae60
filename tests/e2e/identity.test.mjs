// Knowing every person once: a new referral's likely earlier referrals,
// explained; the coordinator's decision, kept with why, undone not
// deleted; keys stored only as keyed hashes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, readBytes, referral, run, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('identity'); });
after(async () => { await srv.stop(); });

test('a new referral finds the earlier one of the same person, and the coordinator decides', async () => {
  const rep = await srv.as('agency_rep');
  // The demo has Bryok Penhallow, born 1979-11-29, in WM2 9DX: here he is
  // again with a typo in his name, and someone unrelated.
  let r = await rep.request('POST', '/api/v1/referrals', {
    json: {
      ...referral({ victim: { given_name: 'Bryock', family_name: 'Penhallow', dob: '1979-11-29', postcode: 'WM2 9DX', gender: 'male' } }),
      perpetrators: [{ name: 'Carne Polglase' }],
    },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.data.id;

  const coord = await srv.as('marac_coordinator');
  // Screened as it was stored: the coordinator is told, without case content.
  const home = await coord.request('GET', '/');
  assert.match(home.text, /Possibly someone referred before/);
  assert.match(home.text, new RegExp(`href="/referrals/${id}/matches"`));
  assert.doesNotMatch(home.text, /Penhallow|Bryock/);
  const list = (await coord.request('GET', '/api/v1/referrals')).data.referrals;
  const earlier = list.find((x) => x.victim.given_name === 'Bryok' && x.id !== id).id;
  r = await coord.request('GET', `/api/v1/referrals/${id}/matches`);
  assert.equal(r.status, 200, r.text);
  const m = r.data.matches.find((x) => x.referral_id === earlier);
  assert.ok(m, `the earlier referral is offered: ${r.text}`);
  assert.ok(m.probability >= 0.5);
  const dob = m.explanation.find((e) => e.field === 'dob');
  assert.equal(dob.level, 'exact');
  assert.ok(dob.weight > 0);
  assert.equal(m.decision, null);
  assert.ok(!r.data.matches.some((x) => x.victim.family_name === 'Quillfeather'), 'unrelated people are not offered');

  for (const [body, status, field] of [
    [{ other: earlier, same: true, reason: 'short' }, 400, 'reason'],
    [{ other: earlier, same: 'yes', reason: 'Same date of birth and address' }, 400, 'same'],
    [{ other: id, same: true, reason: 'Same date of birth and address' }, 400, 'other'],
  ]) {
    r = await coord.request('POST', `/api/v1/referrals/${id}/identity`, { json: body });
    assert.equal(r.status, status, JSON.stringify(body));
    assert.equal(r.data.field, field);
  }
  r = await coord.request('POST', `/api/v1/referrals/${id}/identity`, {
    json: { other: earlier, same: true, reason: 'Same date of birth and postcode; spelling of the given name differs' },
  });
  assert.equal(r.status, 201, r.text);
  const decision = r.data.id;
  r = await coord.request('POST', `/api/v1/referrals/${earlier}/identity`, {
    json: { other: id, same: false, reason: 'Trying to decide the pair twice' },
  });
  assert.equal(r.status, 409);
  r = await coord.request('GET', `/api/v1/referrals/${id}/matches`);
  assert.deepEqual(r.data.matches.find((x) => x.referral_id === earlier).decision, { id: decision, same: true });
  // A confirmed identity drives the repeat criterion: the same person,
  // the same person causing harm, within twelve months.
  const criteria = async () => (await coord.request('GET', '/api/v1/triage')).data.queue
    .find((x) => x.id === id).assessment.criteria;
  assert.ok((await criteria()).includes('repeat'), 'a confirmed repeat');
  let page = await coord.request('GET', `/referrals/${id}/matches`);
  assert.match(page.text, /Decided: the same person\./);
  assert.match(page.text, /Undo the decision/);

  // A second coordinator excluded from the case cannot undo what joins it.
  const added = run(['user', 'add', '--db', srv.db, '--username', 'coord2', '--name', 'Second Coordinator',
    '--role', 'marac_coordinator', '--agency', 'wealdmoor-marac', '--password-stdin'], 'a long enough passphrase\n');
  assert.equal(added.status, 0, added.stderr);
  r = await coord.request('POST', `/api/v1/referrals/${earlier}/exclusions`, {
    json: { username: 'coord2', reason: 'Related to the person causing harm' },
  });
  assert.equal(r.status, 201, r.text);
  const coord2 = new Client(srv.base);
  await coord2.signIn({ username: 'coord2', password: 'a long enough passphrase' });
  r = await coord2.request('POST', `/api/v1/identity/${decision}/undo`);
  assert.equal(r.status, 404);

  r = await coord.request('POST', `/api/v1/identity/${decision}/undo`);
  assert.equal(r.status, 204);
  r = await coord.request('POST', `/api/v1/identity/${decision}/undo`);
  assert.equal(r.status, 404);
  page = await coord.request('GET', `/referrals/${id}/matches`);
  assert.match(page.text, /Is this the same person\?/);
  assert.ok(!(await criteria()).includes('repeat'), 'no longer a repeat once undone');

  // Only the coordinator decides.
  const idva = await srv.as('idva');
  assert.equal((await idva.request('GET', `/api/v1/referrals/${id}/matches`)).status, 403);

  const auditor = await srv.as('auditor');
  const a = await auditor.request('GET', '/api/v1/audit?action=identity.&limit=500');
  const seen = new Set(a.data.entries.map((e) => e.action));
  for (const want of ['identity.match', 'identity.same', 'identity.undo', 'identity.screen']) assert.ok(seen.has(want), want);
  const screen = a.data.entries.find((e) => e.action === 'identity.screen' && e.record_id === id);
  assert.equal(screen.outcome, 'possible_match');

  // The keys are kept as keyed hashes: the Soundex-and-year key of the
  // surname is nowhere in the files.
  for (const f of ['rt.db', 'rt.db-wal']) {
    const bytes = readBytes(join(srv.dir, f));
    assert.equal(bytes.indexOf('P514|1979'), -1, f);
    assert.equal(bytes.indexOf('1979-11-29'), -1, f);
  }
  assert.equal(run(['audit', 'verify', '--db', srv.db]).status, 0);
});
