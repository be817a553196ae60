// Assessments as records: notes with each answer, the person's fear in
// their own words, the S-DASH after a yes to the stalking question, the
// assessor's conclusion; assessing again; the history with its trend.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readBytes, referral, run, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('assessments'); });
after(async () => { await srv.stop(); });

const answers = (yes, extra = {}) => ({
  ...Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), i < yes ? 'yes' : 'no'])),
  ...extra,
});

const FEAR = 'That Orvald will find the new flat and take the twins';
const stalking = { answers: answers(9, { 8: 'yes' }), comments: { 8: 'Forty calls a day since she left' },
  sources: { 8: 'Police incident log' }, fear: FEAR, conclusion: 'Medium on the score; stalking is escalating',
  sdash: { 1: 'yes', 2: 'yes', 4: 'no', 5: 'dont_know' } };

test('a referral carries its notes, sealed, shown at full detail only', async () => {
  const rep = await srv.as('agency_rep');
  let r = await rep.request('POST', '/api/v1/referrals', {
    json: referral({ victim: { given_name: 'Ysolde', family_name: 'Marrowfield', dob: '1991-07-02' }, assessment: stalking }),
  });
  assert.equal(r.status, 201, r.text);
  const id = r.data.id;
  const coord = await srv.as('marac_coordinator');
  r = await coord.request('GET', `/api/v1/referrals/${id}`);
  const a = r.data.assessment;
  assert.equal(a.fear, FEAR);
  assert.equal(a.comments['8'], 'Forty calls a day since she left');
  assert.equal(a.sources['8'], 'Police incident log');
  assert.equal(a.sdash_yes, 2);
  assert.deepEqual(a.sdash, { 1: 'yes', 2: 'yes', 4: 'no', 5: 'dont_know' });
  assert.equal(a.id, id); // a referral's first assessment carries its id
  const page = await coord.request('GET', `/referrals/${id}`);
  assert.match(page.text, /S-DASH: 2 of 11 yes/);
  assert.match(page.text, /Forty calls a day/);
  for (const f of ['rt.db', 'rt.db-wal']) {
    const bytes = readBytes(join(srv.dir, f));
    for (const secret of [FEAR, 'Forty calls a day', 'Police incident log', 'stalking is escalating']) {
      assert.equal(bytes.indexOf(secret), -1, `${secret} in ${f}`);
    }
  }
});

test('notes are checked and a bad one names its member', async () => {
  const rep = await srv.as('agency_rep');
  const cases = [
    [{ answers: answers(3), sdash: { 1: 'yes' } }, 'assessment.sdash'],
    [{ answers: answers(3), comments: { 99: 'x' } }, 'assessment.comments.99'],
    [{ answers: answers(3), comments: { 2: 'x'.repeat(1001) } }, 'assessment.comments.2'],
    [{ answers: answers(3), sources: { 2: 7 } }, 'assessment.sources.2'],
    [{ answers: answers(9, { 8: 'yes' }), sdash: { 12: 'yes' } }, 'assessment.sdash.12'],
    [{ answers: answers(9, { 8: 'yes' }), sdash: { 1: 'maybe' } }, 'assessment.sdash.1'],
    [{ answers: answers(3), fear: 'bad\u0001' }, 'assessment.fear'],
    [{ answers: answers(3), extra: 1 }, 'assessment.extra'],
  ];
  const before = (await (await srv.as('marac_coordinator')).request('GET', '/api/v1/referrals')).data.referrals.length;
  for (const [assessment, field] of cases) {
    const r = await rep.request('POST', '/api/v1/referrals', { json: referral({ assessment }) });
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.data.field, field, r.text);
  }
  const afterN = (await (await srv.as('marac_coordinator')).request('GET', '/api/v1/referrals')).data.referrals.length;
  assert.equal(afterN, before, 'nothing was stored');
});

test('an Idva with full access assesses again; the history shows the trend across referrals', async () => {
  const rep = await srv.as('agency_rep');
  const person = { given_name: 'Brannoch', family_name: 'Tillyfourie', dob: '1984-11-30' };
  let r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: person, assessment: { answers: answers(11) } }) });
  const first = r.data.id;
  r = await rep.request('POST', '/api/v1/referrals', { json: referral({ victim: person, assessment: { answers: answers(8) } }) });
  const second = r.data.id;

  const idva = await srv.as('idva');
  // Not the Idva's case yet: no full view, so no assessing and no history.
  r = await idva.request('POST', `/api/v1/referrals/${second}/assessments`, { json: { answers: answers(16) } });
  assert.equal(r.status, 404);
  r = await idva.request('POST', `/api/v1/referrals/${second}/break-glass`, {
    json: { reason: 'She rang the helpline tonight; I must assess her risk now' },
  });
  assert.equal(r.status, 201, r.text);
  r = await idva.request('POST', `/api/v1/referrals/${second}/assessments`, {
    json: { answers: answers(3), professional_judgement: { applies: true } },
  });
  assert.equal(r.status, 400);
  assert.equal(r.data.field, 'professional_judgement.rationale');
  r = await idva.request('POST', `/api/v1/referrals/${second}/assessments`, {
    json: { answers: answers(16), conclusion: 'Now high: threats to kill after the court date' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.data.risk_level, 'high');
  assert.equal(r.data.agency, 'wealdmoor-idva');

  // The referral shows its latest; the history shows all three, oldest first.
  r = await idva.request('GET', `/api/v1/referrals/${second}`);
  assert.equal(r.data.assessment.score, 16);
  const coord = await srv.as('marac_coordinator');
  r = await coord.request('GET', `/api/v1/referrals/${first}/assessments`);
  assert.equal(r.status, 200, r.text);
  const h = r.data.assessments;
  assert.deepEqual(h.map((a) => a.score), [11, 8, 16]);
  assert.deepEqual(h.map((a) => a.trend), [null, 'lower', 'higher']);
  assert.deepEqual(h.map((a) => a.referral_id), [first, second, second]);

  const page = await coord.request('GET', `/referrals/${first}/assessments`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Latest, on \d{4}-\d\d-\d\d: <strong>High risk, score 16<\/strong> \(Higher than before\)/);
  assert.match(page.text, /<svg class="trend"/);
  assert.equal((page.text.match(/<tr><td>/g) || []).length, 3);

  // The auditor sees who assessed and who read the history.
  const auditor = await srv.as('auditor');
  r = await auditor.request('GET', `/api/v1/audit?action=assessment.&record=${second}`);
  const seen = r.data.entries.map((e) => `${e.action}:${e.outcome}`).sort();
  assert.ok(seen.includes('assessment.create:ok'));
  assert.ok(seen.includes('assessment.create:denied'));
  assert.ok(seen.includes('assessment.history:ok'));
});

test('roles that may not assess are refused, and analysts see no history', async () => {
  const coord = await srv.as('marac_coordinator');
  const id = (await coord.request('GET', '/api/v1/referrals')).data.referrals[0].id;
  let r = await coord.request('POST', `/api/v1/referrals/${id}/assessments`, { json: { answers: answers(3) } });
  assert.equal(r.status, 403);
  const analyst = await srv.as('analyst');
  r = await analyst.request('GET', `/api/v1/referrals/${id}/assessments`);
  assert.equal(r.status, 403);
  assert.equal(run(['audit', 'verify', '--db', srv.db]).status, 0);
});
