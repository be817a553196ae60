// The auditor's view: searching the audit log and verifying its chain,
// over the API and the page; nobody else may.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('audit'); });
after(async () => { await srv.stop(); });

test('an auditor finds who read which referral, and the chain is whole', async () => {
  const coord = await srv.as('marac_coordinator');
  const list = await coord.request('GET', '/api/v1/referrals');
  const id = list.data.referrals[0].id;
  await coord.request('GET', `/api/v1/referrals/${id}`);

  const auditor = await srv.as('auditor');
  let r = await auditor.request('GET', `/api/v1/audit?user=marac_coordinator&record=${id}`);
  assert.equal(r.status, 200, r.text);
  const actions = r.data.entries.map((e) => e.action).sort();
  assert.deepEqual(actions, ['referral.list', 'referral.read']);
  assert.ok(r.data.entries.every((e) => e.record_id === id && e.outcome === 'ok'));
  r = await auditor.request('GET', '/api/v1/audit?action=session.&limit=500');
  assert.ok(r.data.entries.length >= 2);
  assert.ok(r.data.entries.every((e) => e.action.startsWith('session.')));
  r = await auditor.request('GET', '/api/v1/audit/verify');
  assert.equal(r.data.ok, true);
  assert.ok(r.data.checked > 5);

  for (const [q, field, status] of [['from=2026-02-30', 'from', 400], ['limit=0', 'limit', 400],
    ['limit=501', 'limit', 400], ['offset=-1', 'offset', 400], ['user=nobody_at_all', 'user', 404],
    ['action=referral.reed', 'action', 400], ['action=referral', 'action', 400],
    ['action=nothing.', 'action', 400]]) {
    r = await auditor.request('GET', `/api/v1/audit?${q}`);
    assert.equal(r.status, status, q);
    assert.equal(r.data.field, field, q);
  }

  const page = await auditor.request('GET', `/audit?record=${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /The chain is whole: \d+ entries verified/);
  assert.match(page.text, /marac_coordinator \(Marac coordinator\)/);
  // The auditor's own searches are in the log too.
  r = await auditor.request('GET', '/api/v1/audit?user=auditor&action=audit.search');
  assert.ok(r.data.entries.length >= 2);
});

test('no other role reads the audit log', async () => {
  for (const role of ['marac_coordinator', 'admin', 'idva', 'analyst']) {
    const c = await srv.as(role);
    assert.equal((await c.request('GET', '/api/v1/audit')).status, 403, role);
    assert.equal((await c.request('GET', '/api/v1/audit/verify')).status, 403, role);
    assert.equal((await c.request('GET', '/audit')).status, 403, role);
  }
});

test('a printed copy carries its marking and is audited as a print, not a read', async () => {
  const coord = await srv.as('marac_coordinator');
  const id = (await coord.request('GET', '/api/v1/referrals')).data.referrals[0].id;
  const view = await coord.request('GET', `/referrals/${id}`);
  assert.match(view.text, new RegExp(`href="/referrals/${id}/print"`));
  const page = await coord.request('GET', `/referrals/${id}/print`);
  assert.equal(page.status, 200);
  assert.equal((page.text.match(/OFFICIAL-SENSITIVE/g) || []).length, 2);
  assert.match(page.text, /Printed by [^<]+ on \d{4}-\d\d-\d\d/);
  assert.doesNotMatch(page.text, /Break the glass|<form method="post" action="\/referrals/);

  const auditor = await srv.as('auditor');
  const r = await auditor.request('GET', `/api/v1/audit?action=referral.print&record=${id}`);
  assert.equal(r.data.entries.length, 1);
  assert.equal(r.data.entries[0].outcome, 'ok');
  assert.match(r.data.entries[0].fields, /victim\.given_name/);

  // Excluded from the case: nothing to print, and the attempt is on record.
  const idva = await srv.as('idva');
  const unseen = id;
  // Not allocated to them either: nothing to print before the exclusion.
  assert.equal((await idva.request('GET', `/referrals/${unseen}/print`)).status, 404);
  const ex = await coord.request('POST', `/api/v1/referrals/${unseen}/exclusions`, {
    json: { username: 'idva', reason: 'Related to the person causing harm' },
  });
  assert.equal(ex.status, 201, ex.text);
  assert.equal((await idva.request('GET', `/referrals/${unseen}/print`)).status, 404);
  const d = await auditor.request('GET', `/api/v1/audit?action=referral.print&user=idva&record=${unseen}`);
  assert.deepEqual(d.data.entries.map((e) => e.outcome), ['denied', 'denied']);
});
