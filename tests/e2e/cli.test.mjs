// The CLI verbs: init without a terminal, one-time passwords, users,
// agencies, and errors that name the option at fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client, freePort, run, totp, BIN } from './harness.mjs';
import { spawn } from 'node:child_process';

const TMP = process.env.RT_TEST_TMP || '/tmp';
mkdirSync(TMP, { recursive: true });

function fresh() {
  return join(mkdtempSync(join(TMP, 'cli-')), 'rt.db');
}

test('init creates the database, a 0600 key and a one-time administrator password', async () => {
  const db = fresh();
  const r = run(['init', '--db', db], '');
  assert.equal(r.status, 0, r.stderr);
  const pw = r.stdout.match(/One-time password: (\S+)/)[1];
  assert.equal(pw.length, 16);
  assert.equal(statSync(`${db}.key`).mode & 0o777, 0o600);
  assert.equal(statSync(db).mode & 0o777, 0o600);
  const again = run(['init', '--db', db]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /exists already/);

  // The one-time password signs in; then the second factor is set up
  // (a new database requires it of every role), then the password is
  // replaced, and until each is done everything else is refused.
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--quiet'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((res) => child.on('exit', (code) => res(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* starting */ }
    await new Promise((res) => setTimeout(res, 100));
  }
  try {
    const c = new Client(base);
    const s = await c.signIn({ username: 'admin', password: pw });
    assert.equal(s.data.user.must_change_password, true);
    assert.equal(s.data.next_step, 'enrol_second_factor');
    let r2 = await c.request('POST', '/api/v1/session/password', {
      json: { current_password: pw, new_password: 'a long new passphrase' },
    });
    assert.equal(r2.status, 403);
    assert.equal(r2.data.field, 'code');
    const { secret } = (await c.request('GET', '/api/v1/session/second-factor')).data;
    const now = Date.now() / 1000;
    r2 = await c.request('POST', '/api/v1/session/second-factor', { json: { code: totp(secret, now) } });
    assert.equal(r2.status, 204, r2.text);
    r2 = await c.request('GET', '/api/v1/referrals');
    assert.equal(r2.status, 403);
    assert.equal(r2.data.field, 'new_password');
    r2 = await c.request('POST', '/api/v1/session/password', {
      json: { current_password: pw, new_password: 'short' },
    });
    assert.equal(r2.status, 422);
    assert.equal(r2.data.field, 'new_password');
    r2 = await c.request('POST', '/api/v1/session/password', {
      json: { current_password: 'wrong wrong wrong', new_password: 'a long new passphrase' },
    });
    assert.equal(r2.status, 422);
    assert.equal(r2.data.field, 'current_password');
    r2 = await c.request('POST', '/api/v1/session/password', {
      json: { current_password: pw, new_password: 'a long new passphrase' },
    });
    assert.equal(r2.status, 204);
    const me = await c.request('GET', '/api/v1/session');
    assert.equal(me.data.user.must_change_password, false);
    // The administrator has no case access by default.
    assert.equal((await c.request('GET', '/api/v1/referrals')).status, 403);
    const c2 = new Client(base);
    const s2 = await c2.signIn({ username: 'admin', password: 'a long new passphrase' });
    assert.equal(s2.data.next_step, 'second_factor');
    r2 = await c2.request('POST', '/api/v1/session/second-factor', { json: { code: totp(secret, now + 30) } });
    assert.equal(r2.status, 204, r2.text);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});

test('user and agency verbs, with errors naming the option', () => {
  const db = fresh();
  assert.equal(run(['init', '--db', db]).status, 0);
  const table = [
    [['agency', 'add', '--db', db, '--code', 'wm-police', '--name', 'Wealdmoor Constabulary', '--kind', 'police'], 0, /added/],
    [['agency', 'add', '--db', db, '--code', 'wm-police', '--name', 'Again', '--kind', 'police'], 1, /--code wm-police is taken/],
    [['agency', 'add', '--db', db, '--code', 'x', '--name', 'X', '--kind', 'circus'], 2, /--kind: unknown kind 'circus'/],
    [['user', 'add', '--db', db, '--username', 'pc.hale', '--name', 'PC Hale', '--role', 'agency_rep', '--agency', 'wm-police'], 0, /One-time password: \S{16}/],
    [['user', 'add', '--db', db, '--username', 'pc.hale', '--name', 'PC Hale', '--role', 'agency_rep', '--agency', 'wm-police'], 1, /--username pc.hale is taken/],
    [['user', 'add', '--db', db, '--username', 'x y', '--name', 'X', '--role', 'idva', '--agency', 'wm-police'], 2, /--username may hold only/],
    [['user', 'add', '--db', db, '--username', 'ok.name', '--name', 'X', '--role', 'wizard', '--agency', 'wm-police'], 2, /--role: unknown role 'wizard'/],
    [['user', 'add', '--db', db, '--username', 'ok.name', '--name', 'X', '--role', 'idva', '--agency', 'nowhere'], 1, /--agency nowhere does not exist/],
    [['user', 'disable', '--db', db, '--username', 'pc.hale'], 0, /disabled and signed out/],
    [['user', 'list', '--db', db], 0, /pc\.hale\s+agency_rep\s+wm-police\s+disabled/],
    [['user', 'frobnicate', '--db', db], 2, /unknown action 'frobnicate'/],
    [['serve', '--db', db, '--listen', 'nowhere'], 2, /--listen: expected HOST:PORT/],
    [['nonsense'], 2, /unknown verb 'nonsense'/],
    [['retention', 'show', '--db', db], 0, /referral\s+notes\s+730\n.*|referral\s+whole\s+2190/],
    [['retention', 'set', '--db', db, '--type', 'referral', '--part', 'bits', '--days', '9'], 2, /--part: expected whole or notes/],
    [['retention', 'set', '--db', db, '--type', 'referral', '--part', 'whole', '--days', '-1'], 2, /--days: expected 0 to 36500/],
    [['retention', 'set', '--db', db, '--type', 'referral', '--part', 'whole', '--days', '3650'], 0, /kept 3650 days/],
    [['retention', 'show', '--db', db], 0, /referral\s+whole\s+3650/],
    [['retention', 'run', '--db', db, '--dry-run', '--today', '2040-01-01'], 0, /Dry run: nothing changed; 0 removals/],
    [['retention', 'run', '--db', db, '--today', '2040-02-30'], 2, /--today: expected YYYY-MM-DD/],
  ];
  for (const [args, status, pattern] of table) {
    const r = run(args, '');
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout + r.stderr, pattern, args.join(' '));
  }
  const weak = run(['user', 'add', '--db', db, '--username', 'own.pw', '--name', 'Own', '--role', 'idva',
    '--agency', 'wm-police', '--password-stdin'], 'short\n');
  assert.equal(weak.status, 2);
  assert.match(weak.stderr, /at least 12 characters/);
  const ok = run(['user', 'add', '--db', db, '--username', 'own.pw', '--name', 'Own', '--role', 'idva',
    '--agency', 'wm-police', '--password-stdin'], 'a perfectly long passphrase\n');
  assert.equal(ok.status, 0, ok.stderr);
});

test('audit verify passes on a whole log and names the entry someone changed', () => {
  const db = fresh();
  assert.equal(run(['demo', '--db', db, '--force']).status, 0);
  // A fresh log verifies; a row slipped in with the sqlite3 tool does not
  // (test_store_audit.c covers every other kind of tampering).
  let r = run(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /audit log verified: \d+ entries/);
  const sql = spawnSync('sqlite3', [db, "INSERT INTO audit_log (seq, at, action, outcome, prev_hash, hash) "
    + "SELECT max(seq) + 1, 0, 'forged', 'ok', zeroblob(32), randomblob(32) FROM audit_log"], { encoding: 'utf8' });
  assert.equal(sql.status, 0, sql.stderr);
  const last = spawnSync('sqlite3', [db, 'SELECT max(seq) FROM audit_log'], { encoding: 'utf8' }).stdout.trim();
  r = run(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`audit log BROKEN at entry ${last}: `));
  assert.equal(run(['audit', 'verify']).status, 2);
});

test('a database opened with the wrong key is refused', () => {
  const db = fresh();
  assert.equal(run(['init', '--db', db]).status, 0);
  const r = spawnSyncEnv(['user', 'list', '--db', db], { ROUNDTABLE_DATA_KEY: '00'.repeat(32) });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /does not belong to this database/);
});

import { spawnSync } from 'node:child_process';
function spawnSyncEnv(args, env) {
  return spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env } });
}

test('caseload rules and Idva profiles are set from the command line, with bad values named', () => {
  const db = fresh();
  assert.equal(run(['demo', '--db', db]).status, 0);
  let r = run(['caseload', 'rules', '--db', db, '--service', 'wealdmoor-idva']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /25 open, over 30 unsafe, 80 new a year/);
  r = run(['caseload', 'rules', '--db', db, '--service', 'wealdmoor-idva', '--open-per-fte', '20', '--unsafe-per-fte', '24']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /20 open, over 24 unsafe/);
  r = run(['caseload', 'rules', '--db', db, '--service', 'wealdmoor-idva', '--unsafe-per-fte', '10']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--unsafe-per-fte is out of range/);
  r = run(['caseload', 'rules', '--db', db, '--service', 'wealdmoor-police']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not an Idva service/);
  r = run(['caseload', 'profile', '--db', db, '--user', 'idva', '--fte', '0.8', '--specialisms', 'lgbt,hospitl']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--specialisms, column 6/);
  r = run(['caseload', 'profile', '--db', db, '--user', 'idva', '--fte', '0.8', '--areas', 'WM1,??']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--areas, column 5/);
  r = run(['caseload', 'profile', '--db', db, '--user', 'marac_chair', '--fte', '1']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not an Idva/);
  r = run(['caseload', 'profile', '--db', db, '--user', 'idva', '--fte', '0.8', '--specialisms', 'lgbt', '--areas', 'WM1,WM2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /idva: 0\.80 FTE/);
});

test('Maracs are added from the command line, with bad values named', () => {
  const db = fresh();
  assert.equal(run(['demo', '--db', db]).status, 0);
  let r = run(['marac', 'add', '--db', db, '--code', 'north', '--name', 'North Marac', '--areas', 'NM,N?']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--areas, column 4/);
  r = run(['marac', 'add', '--db', db, '--code', 'north', '--name', 'North Marac', '--areas', 'NM', '--minutes-per-case', '0']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /out of range/);
  r = run(['marac', 'add', '--db', db, '--code', 'north', '--name', 'North Marac', '--areas', 'NM,NP2', '--population', '50000', '--sharing-protocol', 'North ISP v1']);
  assert.equal(r.status, 0, r.stderr);
  r = run(['marac', 'member', '--db', db, '--code', 'north', '--agency', 'nobody']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--agency: no agency nobody/);
  assert.equal(run(['marac', 'member', '--db', db, '--code', 'north', '--agency', 'wealdmoor-police']).status, 0);
  r = run(['marac', 'list', '--db', db]);
  assert.match(r.stdout, /north\tNorth Marac\tareas NM,NP2\t15 min a case\tmembers: wealdmoor-police/);
  assert.match(r.stdout, /wealdmoor\tWealdmoor Marac/);
});
