// Risk scoring: `roundtable dash score` and POST /api/v1/risk/score share
// one contract and one scoring function.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, run, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('risk'); });
after(async () => { await srv.stop(); });

const yes = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i + 1), 'yes']));

const valid = [
  [{ answers: yes(13) }, { score: 13, risk_level: 'medium', marac_eligible: false, criteria: [] }],
  [{ answers: yes(14) }, { score: 14, risk_level: 'high', marac_eligible: true, criteria: ['visible_high_risk'] }],
  [{ answers: { ...yes(13), 14: 'dont_know' } }, { score: 13, risk_level: 'medium', marac_eligible: false, criteria: [] }],
  [{ answers: {}, police_incidents_12m: 2 }, { score: 0, risk_level: 'standard', marac_eligible: false, criteria: [] }],
  [{ answers: {}, police_incidents_12m: 3 }, { score: 0, risk_level: 'high', marac_eligible: true, criteria: ['potential_escalation'] }],
  [{ tool: 'safelives-dash', answers: { 1: 'yes', 2: 'no', 3: 'dont_know' }, police_incidents_12m: 2,
    professional_judgement: { applies: true, rationale: 'Non-fatal strangulation disclosed' },
    incident_date: '2026-03-01', last_marac_referral_date: '2025-06-01' },
  { score: 1, risk_level: 'high', marac_eligible: true, criteria: ['professional_judgement', 'repeat'] }],
  [{ answers: {}, incident_date: '2025-03-01', last_marac_referral_date: '2024-02-29' },
    { score: 0, risk_level: 'standard', marac_eligible: false, criteria: [] }],
  [{ answers: {}, incident_date: '2025-02-28', last_marac_referral_date: '2024-02-29' },
    { score: 0, risk_level: 'standard', marac_eligible: true, criteria: ['repeat'] }],
];

const invalid = [
  ['{"answers":{"25":"yes"}}', 'answers.25'],
  ['{"answers":{"1":"maybe"}}', 'answers.1'],
  ['{"answers":{"1":true}}', 'answers.1'],
  ['{"answers":{},"professional_judgement":{"applies":true}}', 'professional_judgement.rationale'],
  ['{"answers":{},"professional_judgement":{"applies":true,"rationale":"  "}}', 'professional_judgement.rationale'],
  ['{"answers":{},"professional_judgement":{"applies":"yes"}}', 'professional_judgement.applies'],
  ['{"answers":{},"incident_date":"2026-02-30"}', 'incident_date'],
  ['{"answers":{},"last_marac_referral_date":"01/06/2025"}', 'last_marac_referral_date'],
  ['{"answers":{},"police_incidents_12m":-1}', 'police_incidents_12m'],
  ['{"answers":{},"police_incidents_12m":"3"}', 'police_incidents_12m'],
  ['{"answers":{},"tool":"dara"}', 'tool'],
  ['{"answers":{},"mood":"calm"}', 'mood'],
  ['{}', 'answers'],
  ['{"answers":{"1":"yes","1":"no"}}', null],
  ['not json', null],
];

test('the CLI scores and explains', () => {
  for (const [input, want] of valid) {
    const r = run(['dash', 'score'], JSON.stringify(input));
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout);
    for (const k of Object.keys(want)) assert.deepEqual(got[k], want[k], `${JSON.stringify(input)}: ${k}`);
    assert.equal(got.tool, 'safelives-dash');
    assert.ok(got.tool_version);
  }
});

test('the CLI refuses bad input with exit 2 naming the field', () => {
  for (const [input, field] of invalid) {
    const r = run(['dash', 'score'], input);
    assert.equal(r.status, 2, input);
    assert.equal(r.stdout, '');
    if (field) assert.match(r.stderr, new RegExp(`: ${field.replace('.', '\\.')}: `), input);
  }
});

test('the API gives the same answers', async () => {
  const api = new Client(srv.base);
  for (const [input, want] of valid) {
    const r = await api.request('POST', '/api/v1/risk/score', { json: input });
    assert.equal(r.status, 200);
    const got = r.data;
    for (const k of Object.keys(want)) assert.deepEqual(got[k], want[k]);
  }
  for (const [input, field] of invalid) {
    const r = await api.request('POST', '/api/v1/risk/score', {
      headers: { 'Content-Type': 'application/json' }, body: input, malformed: true,
    });
    assert.equal(r.status, 400, input);
    assert.equal(r.data.field, field, input);
  }
});

test('a local checklist is data: thresholds and items from a file', () => {
  const file = join(srv.dir, 'local.json');
  writeFileSync(file, JSON.stringify({
    id: 'wealdmoor-variant', version: '2026-1', name: 'Wealdmoor variant',
    items: [{ id: 'a', label: 'Item A', section: 'One' }, { id: 'b', label: 'Item B', section: 'One' }],
    bands: { medium_from: 1, high_from: 2 },
    criteria: { visible_high_from: 2, escalation_incidents: 5 },
  }));
  let r = run(['dash', 'score', '--tool-file', file], JSON.stringify({
    tool: 'wealdmoor-variant', answers: { a: 'yes', b: 'yes' }, police_incidents_12m: 4,
  }));
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  assert.deepEqual([got.score, got.risk_level, got.criteria, got.tool_version],
    [2, 'high', ['visible_high_risk'], '2026-1']);
  writeFileSync(file, JSON.stringify({ id: 'x', version: '1', name: 'X', items: [{ id: 'a', label: 'A', section: 'S' }, { id: 'a', label: 'B', section: 'S' }] }));
  r = run(['dash', 'score', '--tool-file', file], '{"answers":{}}');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /repeats item id a/);
});
