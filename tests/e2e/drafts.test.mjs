// Referral drafts: saved part-way through the API and the page, only for
// their author, sealed, continued and submitted (and then gone), deleted,
// expired by retention, audited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readBytes, referral, run, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('drafts'); });
after(async () => { await srv.stop(); });

function form(fields, csrf) {
  const p = new URLSearchParams({ csrf, ...fields });
  return { body: p.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, csrf: false };
}

test('an API draft is saved, read, replaced and finished', async () => {
  const rep = await srv.as('agency_rep');
  let r = await rep.request('POST', '/api/v1/referral-drafts', {
    json: { victim: { given_name: 'Wenna', family_name: 'Trevorrow', address: '4 Quillet Lane' } },
  });
  assert.equal(r.status, 201, r.text);
  const { id } = r.data;
  assert.equal(r.data.label, 'Wenna Trevorrow');
  assert.equal(r.data.format, 'json');
  for (const f of ['rt.db', 'rt.db-wal']) {
    assert.equal(readBytes(join(srv.dir, f)).indexOf('Quillet Lane'), -1, `draft in the clear in ${f}`);
  }
  r = await rep.request('PUT', `/api/v1/referral-drafts/${id}`, {
    json: { victim: { given_name: 'Wenna', family_name: 'Trevorrow-Hale' } },
  });
  assert.equal(r.status, 200, r.text);
  r = await rep.request('GET', `/api/v1/referral-drafts/${id}`);
  assert.equal(r.data.referral.victim.family_name, 'Trevorrow-Hale');
  r = await rep.request('GET', '/api/v1/referral-drafts');
  assert.deepEqual(r.data.drafts.map((d) => d.label), ['Wenna Trevorrow-Hale']);

  // Nobody else sees it, not even a colleague of the same role.
  const other = await srv.as('idva');
  assert.equal((await other.request('GET', `/api/v1/referral-drafts/${id}`)).status, 404);
  assert.equal((await other.request('DELETE', `/api/v1/referral-drafts/${id}`)).status, 404);
  assert.deepEqual((await other.request('GET', '/api/v1/referral-drafts')).data.drafts, []);
  // Roles that make no referrals have no drafts.
  assert.equal((await (await srv.as('analyst')).request('GET', '/api/v1/referral-drafts')).status, 403);

  // A draft is not checked; the referral is, whole, when it is submitted.
  r = await rep.request('POST', `/api/v1/referrals?draft=${id}`, { json: { victim: { given_name: 'Wenna' } } });
  assert.equal(r.status, 422);
  assert.equal((await rep.request('GET', `/api/v1/referral-drafts/${id}`)).status, 200, 'kept after a refusal');
  r = await rep.request('POST', `/api/v1/referrals?draft=${id}`, {
    json: referral({ victim: { given_name: 'Wenna', family_name: 'Trevorrow-Hale' } }),
  });
  assert.equal(r.status, 201, r.text);
  assert.equal((await rep.request('GET', `/api/v1/referral-drafts/${id}`)).status, 404, 'gone once submitted');
  for (const [body, status] of [['[1]', 400], ['{"a":1,"a":2}', 400]]) {
    r = await rep.request('POST', '/api/v1/referral-drafts', { body, headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, status, body);
  }
});

test('the page saves a draft, continues it with what was typed, and submitting removes it', async () => {
  const rep = await srv.as('agency_rep');
  let r = await rep.request('POST', '/referrals/new', form({
    action: 'draft', 'victim.given_name': 'Morwen', 'victim.family_name': 'Penhallow',
    'victim.address': '9 Tidewater Row', 'assessment.answers.1': 'yes', 'assessment.fear': 'That he will follow her',
  }, rep.csrf));
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), '/referrals/drafts?done=saved');
  r = await rep.request('GET', '/referrals/drafts?done=saved');
  assert.match(r.text, /Your draft is saved/);
  assert.match(r.text, /<td>Morwen Penhallow<\/td>/);
  const id = r.text.match(/\/referrals\/new\?draft=([0-9a-f]{32})/)[1];

  r = await rep.request('GET', `/referrals/new?draft=${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /value="9 Tidewater Row"|>9 Tidewater Row</);
  assert.match(r.text, new RegExp(`name="draft" value="${id}"`));
  assert.match(r.text, /That he will follow her/);
  assert.match(r.text, /name="assessment.answers.1" value="yes" checked/);

  // Saving again replaces the same draft rather than making another.
  r = await rep.request('POST', '/referrals/new', form({ action: 'draft', draft: id, 'victim.given_name': 'Morwen',
    'victim.family_name': 'Penhallow-Tre' }, rep.csrf));
  assert.equal(r.status, 303);
  r = await rep.request('GET', '/api/v1/referral-drafts');
  assert.deepEqual(r.data.drafts.map((d) => [d.id, d.label, d.format]), [[id, 'Morwen Penhallow-Tre', 'form']]);
  r = await rep.request('GET', `/api/v1/referral-drafts/${id}`);
  assert.equal(r.data.fields['victim.family_name'], 'Penhallow-Tre');

  // Deleting from the list.
  r = await rep.request('POST', `/referrals/drafts/${id}/delete`, form({}, rep.csrf));
  assert.equal(r.status, 303);
  assert.equal((await rep.request('GET', `/api/v1/referral-drafts/${id}`)).status, 404);
  assert.equal((await rep.request('GET', `/referrals/new?draft=${id}`)).status, 404);
});

test('retention removes drafts untouched for 30 days, and every step is audited', async () => {
  const rep = await srv.as('agency_rep');
  const r = await rep.request('POST', '/api/v1/referral-drafts', { json: { victim: { given_name: 'Old' } } });
  assert.equal(r.status, 201);
  const future = new Date(Date.now() + 31 * 86400000).toISOString().slice(0, 10);
  let out = run(['retention', 'run', '--db', srv.db, '--dry-run', '--today', future]);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /referral drafts untouched for 30 days: 1 would be removed/);
  out = run(['retention', 'run', '--db', srv.db, '--today', future]);
  assert.match(out.stdout, /referral drafts untouched for 30 days: 1 removed/);
  assert.equal((await rep.request('GET', `/api/v1/referral-drafts/${r.data.id}`)).status, 404);

  const auditor = await srv.as('auditor');
  const a = await auditor.request('GET', '/api/v1/audit?action=draft.&limit=500');
  const seen = new Set(a.data.entries.map((e) => `${e.action}:${e.outcome}`));
  for (const want of ['draft.save:ok', 'draft.read:ok', 'draft.read:denied', 'draft.delete:ok', 'draft.list:ok']) {
    assert.ok(seen.has(want), `missing ${want}`);
  }
  const ret = await auditor.request('GET', '/api/v1/audit?action=retention.drafts');
  assert.equal(ret.data.entries.length, 1);
});

test('a role refused drafts altogether is on record against the draft, as a draft', async () => {
  const rep = await srv.as('agency_rep');
  const r = await rep.request('POST', '/api/v1/referral-drafts', { json: { victim: { given_name: 'Tamsin' } } });
  assert.equal(r.status, 201, r.text);
  const auditor = await srv.as('auditor');
  assert.equal((await auditor.request('GET', `/api/v1/referral-drafts/${r.data.id}`)).status, 403);
  const a = await auditor.request('GET', `/api/v1/audit?record=${r.data.id}&user=auditor`);
  assert.deepEqual(a.data.entries.map((e) => [e.action, e.record_type, e.outcome]),
    [['referral.create', 'draft', 'denied']]);
});
