// The second factor (TOTP, RFC 6238): enforced by role, enrolled with a
// code, asked at every sign-in, good once, throttled, reset by an
// administrator, audited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, readBytes, run, startServer, totp } from './harness.mjs';

let srv;
let managerSecret;
before(async () => {
  srv = await startServer('second-factor');
  // The demo asks nobody; require it of Idva managers and coordinators.
  const r = run(['security', 'second-factor', '--db', srv.db, '--roles',
    'idva_manager,marac_coordinator']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /required of: idva_manager,marac_coordinator/);
});
after(async () => { await srv.stop(); });

async function signIn(role) {
  const c = new Client(srv.base);
  const r = await c.signIn(srv.logins[role]);
  return { c, r };
}

test('the deployment setting is validated and shown', () => {
  let r = run(['security', 'second-factor', '--db', srv.db, '--roles', 'idva,nurse']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--roles, column 6/);
  r = run(['security', 'show', '--db', srv.db]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /idva_manager,marac_coordinator/);
});

test('a role that must use it enrols before reaching anything, then signs in with codes once each', async () => {
  const { c, r } = await signIn('idva_manager');
  assert.equal(r.data.next_step, 'enrol_second_factor');
  assert.equal(r.data.user.second_factor, false);

  let x = await c.request('GET', '/api/v1/referrals');
  assert.equal(x.status, 403);
  assert.equal(x.data.field, 'code');
  x = await c.request('GET', '/triage');
  assert.equal(x.status, 303);
  assert.equal(x.headers.get('location'), '/account/second-factor');

  x = await c.request('GET', '/api/v1/session/second-factor');
  assert.equal(x.status, 200);
  assert.equal(x.headers.get('cache-control'), 'no-store');
  const { secret, otpauth_uri: uri } = x.data;
  managerSecret = secret;
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(uri, `otpauth://totp/Roundtable:idva_manager?secret=${secret}&issuer=Roundtable&algorithm=SHA1&digits=6&period=30`);
  // Asking again shows the same unconfirmed secret (a reloaded page).
  x = await c.request('GET', '/api/v1/session/second-factor');
  assert.equal(x.data.secret, secret);

  for (const [code, status] of [['12ab56', 422], ['1234567', 422], [totp(secret, Date.now() / 1000 - 300), 422]]) {
    x = await c.request('POST', '/api/v1/session/second-factor', { json: { code } });
    assert.equal(x.status, status, code);
    assert.equal(x.data.field, 'code');
  }
  const now = Date.now() / 1000;
  const first = totp(secret, now);
  x = await c.request('POST', '/api/v1/session/second-factor', { json: { code: `${first.slice(0, 3)} ${first.slice(3)}` } });
  assert.equal(x.status, 204, x.text);
  x = await c.request('GET', '/api/v1/session');
  assert.equal(x.data.next_step, 'none');
  assert.equal(x.data.user.second_factor, true);
  x = await c.request('GET', '/account');
  assert.equal(x.status, 200);
  assert.match(x.text, /Authenticator app \(set up\)/);
  // Once confirmed the secret is never shown again.
  x = await c.request('GET', '/api/v1/session/second-factor');
  assert.deepEqual(x.data, { enrolled: true });

  // Next sign-in: the code already used is refused; the next one works.
  const again = await signIn('idva_manager');
  assert.equal(again.r.data.next_step, 'second_factor');
  x = await again.c.request('POST', '/api/v1/session/second-factor', { json: { code: first } });
  assert.equal(x.status, 422);
  x = await again.c.request('POST', '/api/v1/session/second-factor', { json: { code: totp(secret, now + 30) } });
  assert.equal(x.status, 204, x.text);
  x = await again.c.request('POST', '/api/v1/session/second-factor', { json: { code: totp(secret, now + 30) } });
  assert.equal(x.status, 409);
});

test('roles not listed sign in with a password alone', async () => {
  const { c, r } = await signIn('idva');
  assert.equal(r.data.next_step, 'none');
  const x = await c.request('GET', '/account');
  assert.equal(x.status, 200);
  assert.match(x.text, /Set up a second factor/);
});

test('wrong codes are throttled per account', async () => {
  const { c } = await signIn('marac_coordinator');
  let x = await c.request('GET', '/api/v1/session/second-factor');
  const { secret } = x.data;
  const wrong = totp(secret) === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i++) {
    x = await c.request('POST', '/api/v1/session/second-factor', { json: { code: wrong } });
    assert.equal(x.status, 422);
  }
  x = await c.request('POST', '/api/v1/session/second-factor', { json: { code: totp(secret) } });
  assert.equal(x.status, 429);
  assert.equal(x.data.field, 'code');
});

test('an administrator resets a lost authenticator; the user is signed out and enrols again', async () => {
  const { c } = await signIn('idva_manager');
  let r = run(['user', 'reset-second-factor', '--db', srv.db, '--username', 'idva_manager']);
  assert.equal(r.status, 0, r.stderr);
  let x = await c.request('GET', '/api/v1/session');
  assert.equal(x.status, 401);
  const fresh = await signIn('idva_manager');
  assert.equal(fresh.r.data.next_step, 'enrol_second_factor');
  r = run(['user', 'reset-second-factor', '--db', srv.db, '--username', 'nobody_here']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no user nobody_here/);
  r = run(['user', 'list', '--db', srv.db]);
  assert.match(r.stdout, /SECOND FACTOR/);
});

test('every step is audited, and the secret is never in the database in the clear', async () => {
  const auditor = new Client(srv.base);
  await auditor.signIn(srv.logins.auditor);
  const x = await auditor.request('GET', '/api/v1/audit?user=idva_manager&limit=500');
  const seen = new Set(x.data.entries.map((e) => `${e.action}:${e.outcome}`));
  for (const want of ['account.second_factor.begin:ok', 'account.second_factor.enrol:ok',
    'session.second_factor:ok', 'session.second_factor:replayed', 'session.second_factor:refused']) {
    assert.ok(seen.has(want), `missing ${want} in ${[...seen]}`);
  }
  const all = await auditor.request('GET', '/api/v1/audit?action=account.second_factor.reset');
  assert.equal(all.data.entries.length, 1);
  const v = run(['audit', 'verify', '--db', srv.db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.ok(managerSecret);
  for (const f of ['rt.db', 'rt.db-wal']) {
    assert.equal(readBytes(join(srv.dir, f)).indexOf(managerSecret), -1, `secret in ${f}`);
  }
});
