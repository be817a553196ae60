// Every write the command line makes leaves an audit entry: the action,
// the record, the system as the user and the operator ("cli:" and their
// login name) as the address. Read back with `roundtable audit search`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { run } from './harness.mjs';

const TMP = process.env.RT_TEST_TMP || '/tmp';
mkdirSync(TMP, { recursive: true });
const OPERATOR = `cli:${userInfo().username}`;

function fresh() {
  return join(mkdtempSync(join(TMP, 'cli-audit-')), 'rt.db');
}

/** The audit entries matching args, newest first, as objects. */
function entries(db, ...args) {
  const r = run(['audit', 'search', '--db', db, '--limit', '500', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((line) => {
    const [seq, at, user, action, recordType, recordId, fields, address, outcome] = line.split('\t');
    return { seq: Number(seq), at, user, action, recordType, recordId, fields, address, outcome };
  });
}

/** The newest entry of action, checked as the operator's. */
function newest(db, action) {
  const [e] = entries(db, '--action', action);
  assert.ok(e, `no ${action} entry`);
  assert.equal(e.user, 'system', `${action}: user`);
  assert.equal(e.address, OPERATOR, `${action}: address`);
  assert.equal(e.outcome, 'ok', `${action}: outcome`);
  assert.match(e.fields, /^([a-z0-9_.]+(,[a-z0-9_.]+)*)?$/, `${action}: fields are keys`);
  return e;
}

test('each CLI write verb leaves an audit entry with its action and operator', () => {
  const db = fresh();
  assert.equal(run(['init', '--db', db]).status, 0);
  assert.equal(newest(db, 'agency.add').recordId, 'administration');
  const admin = newest(db, 'user.add');
  assert.equal(admin.recordType, 'user');

  // [verb and options, action, record type, record id (null: checked apart)]
  const steps = [
    [['agency', 'add', '--code', 'wm-idva', '--name', 'Wealdmoor Idva Service', '--kind', 'idva_service'],
      'agency.add', 'agency', 'wm-idva'],
    [['agency', 'add', '--code', 'wm-police', '--name', 'Wealdmoor Constabulary', '--kind', 'police'],
      'agency.add', 'agency', 'wm-police'],
    [['user', 'add', '--username', 'tamsin', '--name', 'Tamsin Oakridge', '--role', 'idva', '--agency', 'wm-idva'],
      'user.add', 'user', null],
    [['user', 'disable', '--username', 'tamsin'], 'user.disable', 'user', 'tamsin'],
    [['user', 'enable', '--username', 'tamsin'], 'user.enable', 'user', 'tamsin'],
    [['user', 'reset-second-factor', '--username', 'tamsin'], 'account.second_factor.reset', 'user', 'tamsin'],
    [['retention', 'set', '--type', 'referral', '--part', 'whole', '--days', '400'],
      'retention.set', 'retention_rule', 'referral'],
    [['marac', 'add', '--code', 'north', '--name', 'North Marac', '--areas', 'WM'], 'marac.set', 'marac', 'north'],
    [['marac', 'member', '--code', 'north', '--agency', 'wm-police'], 'marac.member', 'marac', 'north'],
    [['caseload', 'rules', '--service', 'wm-idva', '--open-per-fte', '20'], 'caseload.rules', 'agency', 'wm-idva'],
    [['caseload', 'profile', '--user', 'tamsin', '--fte', '0.8'], 'idva.profile', 'user', 'tamsin'],
    [['security', 'second-factor', '--roles', 'none'], 'setting.second_factor_roles', 'setting', 'second_factor.roles'],
    [['audit', 'verify'], 'audit.verify', '', ''],
  ];
  let last = entries(db)[0].seq;
  let tamsin = null;
  for (const [args, action, recordType, recordId] of steps) {
    const r = run([args[0], args[1], '--db', db, ...args.slice(2)]);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    const e = newest(db, action);
    assert.ok(e.seq > last, `${args.join(' ')} wrote no new ${action} entry`);
    assert.equal(e.recordType, recordType, `${action}: record type`);
    if (action === 'user.add') tamsin = e.recordId;
    assert.equal(e.recordId, recordId === 'tamsin' ? tamsin : recordId ?? e.recordId, `${action}: record`);
    last = entries(db)[0].seq;
  }
  assert.match(tamsin, /^[0-9a-f]{32}$/);
  // A refused write changes nothing and records nothing as done.
  const before = entries(db, '--action', 'agency.add').length;
  assert.equal(run(['agency', 'add', '--db', db, '--code', 'wm-idva', '--name', 'Again', '--kind', 'police']).status, 1);
  assert.equal(entries(db, '--action', 'agency.add').length, before);
  // The searches were audited too, and the chain is whole.
  assert.ok(entries(db, '--action', 'audit.search').every((e) => e.address === OPERATOR));
  assert.equal(run(['audit', 'verify', '--db', db]).status, 0);
});

test('the demo is recorded as the operator, and an export names the referral', () => {
  const db = fresh();
  assert.equal(run(['demo', '--db', db]).status, 0);
  for (const action of ['agency.add', 'user.add', 'marac.set', 'marac.member', 'idva.profile',
    'referral.create', 'setting.second_factor_roles']) newest(db, action);
  const referral = newest(db, 'referral.create').recordId;
  const r = run(['export', 'person', '--db', db, referral]);
  assert.equal(r.status, 0, r.stderr);
  const e = newest(db, 'subject_access.export');
  assert.equal(e.recordType, 'referral');
  assert.ok(entries(db, '--action', 'subject_access.export').some((x) => x.recordId === referral));
});

test('audit search names a bad option and refuses actions the log does not record', () => {
  const db = fresh();
  assert.equal(run(['init', '--db', db]).status, 0);
  let r = run(['audit', 'search', '--db', db, '--action', 'referral.reed']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--action: 'referral\.reed' is not an action the log records/);
  r = run(['audit', 'search', '--db', db, '--limit', '0']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--limit/);
  r = run(['audit', 'search', '--db', db, '--user', 'nobody']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--user: no user nobody/);
  assert.ok(entries(db, '--action', 'user.').length >= 1);
  // A bad first administrator is refused before anything is created.
  const other = fresh();
  r = run(['init', '--db', other, '--admin', 'a b']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--admin may hold only/);
  assert.equal(existsSync(other), false);
});
