// roundtable link: a CSV of records in, people out; malformed input named
// by line and column; explanations with --pairs; evaluation with --truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './harness.mjs';

const dir = mkdtempSync(join(process.env.RT_TEST_TMP || '/tmp', 'link-'));

function file(name, text) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const people = `unique_id,first_name,surname,dob,postcode,email,cluster,notes
a1,Zephyrine,Quillfeather,1987-03-14,WM2 5HT,zq.safe@example.org,1,ignored
a2,Zephyrine,Quilfeather,14/03/1987,wm25ht,,1,
a3,Quillfeather,Zephyrine,1987-03-14,,zq.safe@example.org,1,
b1,Bramwell,Ashgrove,1962-11-02,WM4 1AA,bram.ash@example.org,2,
b2,Bram,Ashgrove,1962-11-02,WM4 1AA,,2,
c1,Ottoline,Marrowfield,1999-07-21,WM1 8NP,om99@example.org,3,
d1,Caspian,Tillyfourie,1975-01-30,WM3 2PQ,,4,
d2,"Caspian ""Cas""",Tillyfourie,1975-01-30,WM3 2PQ,ct75@example.org,4,
`;

test('a small file: one row per record, clusters named by a record, pairs explained', () => {
  const input = file('people.csv', people);
  const out = join(dir, 'out.csv');
  const pairs = join(dir, 'pairs.csv');
  const r = run(['link', input, '-o', out, '--pairs', pairs, '--review', '0.01']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /8 records/);
  const rows = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'unique_id,cluster_id');
  assert.equal(rows.length, 9);
  const cluster = Object.fromEntries(rows.slice(1).map((l) => l.split(',')));
  assert.equal(cluster.a1, cluster.a2);
  assert.equal(cluster.d1, cluster.d2);
  assert.notEqual(cluster.a1, cluster.b1);
  assert.equal(cluster.c1, 'c1');
  const p = readFileSync(pairs, 'utf8').trim().split('\n');
  assert.match(p[0], /^unique_id_l,unique_id_r,match_probability,match_weight,first_name_level,first_name_weight,surname_level/);
  assert.ok(p.some((l) => l.includes('swapped with surname')), 'the swapped names are explained');
});

// A synthetic town big enough to learn from: each person written one to
// four times with typos, swapped names, a mistyped year, a lost e-mail.
function town(people) {
  let s = 1234567; // mulberry32, seeded: the same town every run
  const rnd = (n) => {
    s = (s + 0x6D2B79F5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const A = ['Zeph', 'Bram', 'Otto', 'Casp', 'Isol', 'Pere', 'Mari', 'Thad', 'Rosa', 'Evan', 'Lys', 'Hon'];
  const B = ['ine', 'well', 'line', 'ian', 'de', 'grin', 'gold', 'eus', 'ora'];
  const C = ['Quill', 'Ash', 'Tilly', 'Marrow', 'Pen', 'Brack', 'Thistle', 'Oak', 'Farrow', 'Kestrel', 'Under', 'Wolver'];
  const D = ['feather', 'grove', 'fourie', 'field', 'hallow', 'water', 'wood', 'ridge', 'dale', 'moor', 'hay'];
  const typo = (w) => { const i = 1 + rnd(w.length - 2); return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); };
  const lines = ['unique_id,first_name,surname,dob,postcode,email,cluster'];
  let id = 0;
  for (let p = 0; p < people; p++) {
    const first = A[rnd(12)] + B[rnd(9)], sur = C[rnd(12)] + D[rnd(11)];
    const y = 1950 + rnd(55), m = 1 + rnd(12), d = 1 + rnd(28);
    const pc = `WM${1 + rnd(9)} ${1 + rnd(9)}${'ABDEFG'[rnd(6)]}${'HJLNPQ'[rnd(6)]}`;
    const email = `${first[0].toLowerCase()}.${sur.toLowerCase()}${rnd(99)}@example.org`;
    const copies = 1 + rnd(4);
    for (let c = 0; c < copies; c++) {
      let f = first, su = sur, yy = y, e = email, post = pc;
      if (c) {
        const k = rnd(5);
        if (k === 0) f = typo(f);
        else if (k === 1) su = typo(su);
        else if (k === 2) yy = y + 1;
        else if (k === 3) { e = ''; post = ''; }
        else [f, su] = [su, f];
      }
      const dob = `${yy}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      lines.push([`r${id++}`, f, su, dob, post, e, p].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

test('a synthetic town: people found, different people kept apart', () => {
  const r = run(['link', file('town.csv', town(400)), '-o', join(dir, 'town-out.csv'), '--truth', 'cluster']);
  assert.equal(r.status, 0, r.stderr);
  const [, precision, recall] = r.stdout.match(/pairwise precision ([\d.]+) recall ([\d.]+)/).map(Number);
  assert.ok(precision >= 0.97, r.stdout);
  assert.ok(recall >= 0.9, r.stdout);
});

test('malformed input is refused with its line and column, and nothing is written', () => {
  const out = join(dir, 'never.csv');
  const cases = [
    ['unique_id,first_name\n1,Ann\n2,"Bob\n', /line 3, column 3: a quoted field is never closed/],
    ['unique_id,first_name\n1,An"n\n', /line 2, column 5: a quote inside an unquoted field/],
    ['unique_id,first_name,dob\n1,Ann,1990-02-30\n', /line 2, column 7: dob is not a date/],
    ['unique_id,first_name\n1,Ann,extra\n', /line 2, column 7: 3 fields where the header has 2/],
    ['first_name\nAnn\n', /line 1, column 1: the header has no unique_id/],
    ['unique_id,unique_id\n', /line 1, column 11: 'unique_id' is named twice/],
    ['unique_id\n1\n1\n', /unique_id '1' is used twice/],
    ['', /line 1: the file is empty/],
    ['unique_id,first_name\n1,Ann\n', /at least two records are needed/],
  ];
  for (const [text, message] of cases) {
    const r = run(['link', file('bad.csv', text), '-o', out]);
    assert.equal(r.status, 2, `${JSON.stringify(text)}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  let r = run(['link', file('ok.csv', people), '-o', out, '--threshold', '1.5']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--threshold: expected a probability/);
  r = run(['link', file('ok.csv', people)]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /-o OUTPUT.csv is required/);
  r = run(['link', join(dir, 'missing.csv'), '-o', out]);
  assert.equal(r.status, 1);
  assert.throws(() => readFileSync(out));
});
