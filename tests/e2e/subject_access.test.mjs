// Subject access over real HTTP and from the command line: the Marac
// coordinator downloads the export as JSON and as a readable document,
// other roles are refused, third parties are withheld, and the CLI writes
// a file only its owner can read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { referral, run, startServer } from './harness.mjs';

let srv;
const ids = [];
const person = { given_name: 'Keziah', family_name: 'Nancarrow', dob: '1979-08-03' };
const referrers = [
  { name: 'Referrer Sable Trewin', phone: '01632 960871', email: 'sable.trewin@example.org' },
  { name: 'Referrer Umber Pascoe', phone: '01632 960872', email: 'umber.pascoe@example.org' },
];

before(async () => {
  srv = await startServer('subject-access');
  // The same person, referred by two different agencies' users.
  for (const [role, who] of [['agency_rep', referrers[0]], ['idva', referrers[1]]]) {
    const c = await srv.as(role);
    const r = await c.request('POST', '/api/v1/referrals', {
      json: referral({ victim: person, referrer: who }),
    });
    assert.equal(r.status, 201, r.text);
    ids.push(r.data.id);
  }
});
after(async () => { await srv.stop(); });

function noThirdParties(text) {
  for (const who of referrers) {
    for (const s of [who.name, who.phone, who.email]) assert.ok(!text.includes(s), `leaks ${s}`);
  }
}

test('the coordinator downloads the export as JSON and as a document', async () => {
  const c = await srv.as('marac_coordinator');
  let r = await c.request('GET', `/referrals/${ids[0]}`);
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`href="/referrals/${ids[0]}/subject-access"`));
  r = await c.request('GET', `/referrals/${ids[0]}/subject-access`);
  assert.equal(r.status, 200);
  assert.match(r.text, /subject-access\.html/);
  assert.match(r.text, /subject-access\.json/);

  r = await c.request('GET', `/referrals/${ids[0]}/subject-access.json`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'),
    new RegExp(`^attachment; filename="subject-access-${ids[0]}\\.json"$`));
  const doc = JSON.parse(r.text);
  assert.equal(doc.version, 1);
  assert.equal(doc.person.family_name, 'Nancarrow');
  assert.deepEqual(doc.referrals.map((x) => x.id).sort(), [...ids].sort());
  const agencies = new Set(doc.referrals.map((x) => x.referring_agency.code));
  assert.equal(agencies.size, 2);
  const creates = doc.access_history.filter((e) => e.action === 'referral.create');
  assert.equal(creates.length, 2);
  for (const e of creates) assert.ok(e.by.role && !('username' in e.by));
  noThirdParties(r.text);

  r = await c.request('GET', `/referrals/${ids[1]}/subject-access.html`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="subject-access-[0-9a-f]{32}\.html"$/);
  assert.match(r.text, /What Roundtable holds about you/);
  assert.match(r.text, /\[withheld: third party\]/);
  assert.doesNotMatch(r.text, /<script/i);
  noThirdParties(r.text);

  r = await c.request('GET', `/api/v1/referrals/${ids[0]}/subject-access`);
  assert.equal(r.status, 200);
  assert.equal(r.data.referrals.length, 2);
  // The earlier downloads are in the history now, as exports.
  assert.ok(r.data.access_history.some((e) => e.action === 'subject_access.export'));

  r = await c.request('GET', '/api/v1/referrals/00000000000000000000000000000000/subject-access');
  assert.equal(r.status, 404);
});

test('other roles are refused', async () => {
  for (const role of ['agency_rep', 'idva']) {
    const c = await srv.as(role);
    for (const path of [`/api/v1/referrals/${ids[0]}/subject-access`,
      `/referrals/${ids[0]}/subject-access`, `/referrals/${ids[0]}/subject-access.json`,
      `/referrals/${ids[0]}/subject-access.html`]) {
      const r = await c.request('GET', path);
      assert.equal(r.status, 403, `${role} ${path}`);
      noThirdParties(r.text);
    }
    const page = await c.request('GET', `/referrals/${ids[0]}`);
    assert.doesNotMatch(page.text, /Subject access request/);
  }
});

test('the command line writes a 0600 file and names what is wrong', () => {
  const out = join(mkdtempSync(join(process.env.RT_TEST_TMP || '/tmp', 'sar-cli-')), 'export.html');
  let r = run(['export', 'person', '--db', srv.db, ids[0], '--format', 'html', '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /Nancarrow/);
  noThirdParties(html);

  r = run(['export', 'person', '--db', srv.db, ids[1]]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).referrals.length, 2);

  r = run(['export', 'person', '--db', srv.db, ids[0], '--format', 'pdf']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format/);
  r = run(['export', 'person', ids[0]]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--db/);
  r = run(['export', 'person', '--db', srv.db, '0123456789abcdef0123456789abcdef']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no such referral/);
});
