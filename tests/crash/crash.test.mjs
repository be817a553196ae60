// crash.test.mjs: a write and its audit entry survive a crash together.
//
// Starts `roundtable serve` on a demo database and runs concurrent writers
// over the API (referrals, contacts on a case, meetings and attendance)
// while `roundtable retention run` purges closed referrals from the same
// file. At a random moment the server (and a retention run still going)
// gets SIGKILL; the server is started again and the file is checked with
// the sqlite3 command-line tool, read-only:
//   - every write answered 2xx is there (or, for a referral closed by this
//     test, purged with its retention.purge entry);
//   - no write is there without its audit entry, and no purge happened
//     without its entry;
//   - PRAGMA integrity_check says ok, and `roundtable audit verify` passes.
// RT_CRASH_KILLS sets how many kills (10 by default; bench/run runs 50).
import { spawn, spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, Client, freePort, referral, run } from '../e2e/harness.mjs';

const KILLS = Number(process.env.RT_CRASH_KILLS || 10);
const TMP = process.env.RT_TEST_TMP || '/tmp';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const today = inDays(0);

/** Rows of a read-only query on the database file (JSON from sqlite3). */
function query(db, sql) {
  const r = spawnSync('sqlite3', ['-readonly', '-json', '-cmd', '.timeout 10000', db, sql],
    { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

/** A write to the file behind the server's back: marks referrals closed
 *  long ago, so the retention rules purge them. Test set-up only. */
function closeReferrals(db, ids) {
  const list = ids.map((id) => `'${id}'`).join(',');
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', db,
    `UPDATE referral SET closed_at = 86400 WHERE id IN (${list})`], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`);
}

const ids = (rows) => new Set(rows.map((r) => r.id));

/** The running server, killed if the test fails part-way. */
let current = null;
after(() => { if (current && current.exitCode === null && current.signalCode === null) current.kill('SIGKILL'); });

class Server {
  constructor(db) { this.db = db; }

  async start() {
    this.port ??= await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.err = '';
    this.child = spawn(BIN, ['serve', '--db', this.db, '--listen', `127.0.0.1:${this.port}`, '--quiet'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    current = this.child;
    this.child.stderr.on('data', (d) => { this.err += d; });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + 30000;
    for (;;) {
      try {
        if ((await fetch(`${this.base}/healthz`)).status === 200) return;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${this.err}`);
      await sleep(50);
    }
  }

  async kill() {
    this.child.kill('SIGKILL');
    const { signal } = await this.exited;
    assert.equal(signal, 'SIGKILL', this.err);
  }

  async stop() {
    this.child.kill('SIGTERM');
    const { code, signal } = await this.exited;
    assert.equal(signal, null, this.err);
    assert.equal(code, 0, this.err);
  }
}

test(`${KILLS} kills during writes lose no answered write and leave no write without its audit entry`, async () => {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(join(TMP, 'crash-'));
  const db = join(dir, 'rt.db');
  const demo = run(['demo', '--db', db, '--json']);
  assert.equal(demo.status, 0, demo.stderr);
  const logins = Object.fromEntries(JSON.parse(demo.stdout).logins.map((l) => [l.username, l]));
  assert.equal(run(['retention', 'set', '--db', db, '--type', 'referral', '--part', 'whole', '--days', '1']).status, 0);
  // What the demo made itself is not audited as an operation: left out.
  const demoReferrals = ids(query(db, 'SELECT id FROM referral'));
  const demoMeetings = ids(query(db, 'SELECT id FROM meeting'));

  const srv = new Server(db);
  await srv.start();
  // Sessions are stored, so one sign-in each lasts across the restarts.
  const as = async (name) => {
    const c = new Client(srv.base);
    await c.signIn(logins[name]);
    return c;
  };
  const rep = await as('agency_rep');
  const mgr = await as('idva_manager');
  const idva = await as('idva');
  const coord = await as('marac_coordinator');
  const me = (await idva.request('GET', '/api/v1/session')).data.user.id;
  // A case to write contacts on, and a released meeting to record attendance at.
  let r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: { given_name: 'Casey', family_name: 'Trevanion' } }) });
  assert.equal(r.status, 201, r.text);
  const caseReferral = r.data.id;
  r = await mgr.request('POST', `/api/v1/referrals/${caseReferral}/allocation`, { json: { idva: me } });
  assert.equal(r.status, 200, r.text);
  const caseId = r.data.case.id;
  r = await coord.request('POST', '/api/v1/meetings', { json: { marac: 'wealdmoor', held_on: inDays(30), venue: 'Council Chamber' } });
  assert.equal(r.status, 201, r.text);
  const running = r.data.id;
  r = await coord.request('POST', `/api/v1/meetings/${running}/status`, { json: { status: 'released' } });
  assert.equal(r.status, 204, r.text);

  const acked = { referral: [], contact: [], meeting: [] };
  let attempts = 0;
  const closed = new Set();
  let purgeRuns = 0;
  let n = 0;
  const writers = {
    referral: async () => {
      const k = n++;
      const res = await rep.request('POST', '/api/v1/referrals', {
        json: referral({ victim: { given_name: `Crash${k}`, family_name: 'Polglase' } }),
      });
      if (res.status === 201) acked.referral.push(res.data.id);
    },
    contact: async () => {
      const res = await idva.request('POST', `/api/v1/cases/${caseId}/items/contact`, {
        json: { date: today, channel: 'in_person', outcome: 'made', safe_to_talk: 'yes' },
      });
      if (res.status === 201) acked.contact.push(res.data.id);
    },
    meeting: async () => {
      const k = n++;
      const res = await coord.request('POST', '/api/v1/meetings', {
        json: { marac: 'wealdmoor', held_on: inDays(40 + (k % 300)), venue: `Room ${k}` },
      });
      if (res.status === 201) acked.meeting.push(res.data.id);
      await coord.request('POST', `/api/v1/meetings/${running}/attendance`, {
        json: { agency: 'wealdmoor-housing', name: `Attendee ${k}`, confidentiality: true },
      });
    },
  };

  let kills = 0;
  let lost = [];
  let orphans = [];
  const broken = new Set();
  for (let kill = 0; kill < KILLS; kill++) {
    // Referrals answered in earlier rounds, closed long ago: retention's.
    const closable = acked.referral.filter((id) => !closed.has(id));
    if (closable.length) {
      closeReferrals(db, closable);
      closable.forEach((id) => closed.add(id));
    }
    let stop = false;
    const loop = async (w) => {
      while (!stop) {
        attempts++;
        try { await w(); } catch { /* the server went away mid-request */ }
      }
    };
    const loops = [loop(writers.referral), loop(writers.referral), loop(writers.contact), loop(writers.meeting)];
    // The retention run starts somewhere in the window, so the kill finds
    // it starting, purging or done.
    const window = 400 + Math.floor(Math.random() * 2000);
    const head = Math.floor(Math.random() * window);
    await sleep(head);
    const retention = spawn(BIN, ['retention', 'run', '--db', db, '--today', today], { stdio: 'ignore' });
    purgeRuns++;
    const retentionDone = new Promise((resolve) => retention.on('exit', resolve));
    await sleep(window - head);
    await srv.kill();
    retention.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    await retentionDone;
    kills++;
    await srv.start();

    // Answered writes are all there. Every check looks at the whole file,
    // so each round's figures include what earlier rounds left.
    lost = [];
    const referrals = ids(query(db, 'SELECT id FROM referral'));
    const purged = ids(query(db, "SELECT record_id AS id FROM audit_log WHERE action = 'retention.purge'"));
    // A referral this test closed may be gone: purged (its entry is
    // checked with the orphans below).
    for (const id of acked.referral) if (!referrals.has(id) && !closed.has(id)) lost.push(`referral ${id}`);
    const items = ids(query(db, `SELECT id FROM case_item WHERE case_id = '${caseId}'`));
    for (const id of acked.contact) if (!items.has(id)) lost.push(`contact ${id}`);
    const meetings = ids(query(db, 'SELECT id FROM meeting'));
    for (const id of acked.meeting) if (!meetings.has(id)) lost.push(`meeting ${id}`);

    // No write without its audit entry (and no entry without its write).
    orphans = [];
    const created = ids(query(db, "SELECT record_id AS id FROM audit_log WHERE action = 'referral.create' AND outcome = 'ok'"));
    for (const id of referrals) if (!demoReferrals.has(id) && !created.has(id)) orphans.push(`referral ${id}`);
    for (const id of closed) if (!referrals.has(id) && !purged.has(id)) orphans.push(`purge of referral ${id}`);
    const scheduled = ids(query(db, "SELECT record_id AS id FROM audit_log WHERE action = 'meeting.schedule' AND outcome = 'ok'"));
    for (const id of meetings) if (!demoMeetings.has(id) && !scheduled.has(id)) orphans.push(`meeting ${id}`);
    const counted = [
      ['contact', 'case_item', `case_id = '${caseId}' AND kind = 'contact'`,
        `action = 'case.item' AND record_id = '${caseId}' AND fields = 'contact'`],
      ['attendance', 'attendance', `meeting_id = '${running}'`,
        `action = 'meeting.attendance' AND record_id = '${running}'`],
    ];
    for (const [what, table, rowsWhere, auditWhere] of counted) {
      const [c] = query(db, `SELECT (SELECT count(*) FROM ${table} WHERE ${rowsWhere}) AS rows,
        (SELECT count(*) FROM audit_log WHERE ${auditWhere} AND outcome = 'ok') AS entries`);
      for (let i = 0; i < Math.abs(c.rows - c.entries); i++)
        orphans.push(`${what}: ${c.rows} rows, ${c.entries} entries`);
    }

    const [{ integrity_check: integrity }] = query(db, 'PRAGMA integrity_check');
    if (integrity !== 'ok') broken.add(`integrity_check after kill ${kill + 1}: ${integrity}`);
    const verify = run(['audit', 'verify', '--db', db]);
    if (verify.status !== 0) broken.add(`audit verify after kill ${kill + 1}: ${verify.stdout}${verify.stderr}`);
  }
  const [{ purges }] = query(db, "SELECT count(*) AS purges FROM audit_log WHERE action = 'retention.purge'");
  await srv.stop();
  const answered = acked.referral.length + acked.contact.length + acked.meeting.length;
  console.log(`crash: kills ${kills}, requests ${attempts}, writes acknowledged ${answered} ` +
    `(referrals ${acked.referral.length}, contacts ${acked.contact.length}, meetings ${acked.meeting.length}), ` +
    `writes found ${answered - lost.length}, lost ${lost.length}, referrals closed ${closed.size}, ` +
    `purged ${purges} in ${purgeRuns} retention runs, orphans ${orphans.length} ` +
    `(purges ${orphans.filter((o) => o.startsWith('purge')).length}), ` +
    `integrity or audit verify failures ${broken.size}`);
  assert.deepEqual({ lost, orphans, broken: [...broken] }, { lost: [], orphans: [], broken: [] });
  assert.ok(acked.referral.length > 0 && acked.contact.length > 0 && acked.meeting.length > 0,
    'every kind of write was answered at least once');
  assert.ok(purges > 0, 'retention purged something');
});
