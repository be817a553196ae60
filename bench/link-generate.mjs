// link-generate.mjs N FILE: writes N synthetic person records with known
// truth (column `cluster`) for the linkage benchmark. Every name is made
// from syllables; nobody in it exists. Each person is written one to four
// times, and copies carry the errors referrals carry: typos, first and
// last names swapped, nicknames, a mistyped day or year, day and month
// swapped, a new surname, a moved postcode, missing fields.
import { createWriteStream } from 'node:fs';

const [n, path] = [Number(process.argv[2]), process.argv[3]];
// mulberry32: a small PRNG with a fixed seed, so the file is the same
// on every run.
let s = 20261129;
const rnd = (k) => {
  s = (s + 0x6D2B79F5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
};
const pick = (a) => a[rnd(a.length)];
// Names are not uniform: a few are common and most are rare. Zipf
// picking (rank r with weight 1/r) gives the generated town common names
// that many unrelated people share, which the engine must not join.
const zipfTables = new Map();
const zipf = (a) => {
  let cum = zipfTables.get(a);
  if (!cum) {
    cum = [];
    let t = 0;
    for (let r = 1; r <= a.length; r++) cum.push((t += 1 / r));
    zipfTables.set(a, cum);
  }
  const u = (rnd(1 << 30) / (1 << 30)) * cum[cum.length - 1];
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < u) lo = mid + 1; else hi = mid; }
  return a[lo];
};
const FA = ['Zeph', 'Bram', 'Otto', 'Casp', 'Isol', 'Pere', 'Mari', 'Thad', 'Rosa', 'Evan', 'Lys', 'Hon',
  'Amb', 'Wil', 'Clem', 'Ara', 'Bel', 'Cor', 'Dar', 'Ele', 'Fen', 'Gal', 'Hal', 'Ivo', 'Jas', 'Kel',
  'Lor', 'Mel', 'Nor', 'Ori', 'Pen', 'Quin', 'Ren', 'Sel', 'Tam', 'Ula', 'Val', 'Wyn', 'Xan', 'Yse'];
const FB = ['ine', 'well', 'line', 'ian', 'de', 'grin', 'gold', 'eus', 'ora', 'anna', 'o', 'wen'];
const SA = ['Quill', 'Ash', 'Tilly', 'Marrow', 'Pen', 'Brack', 'Thistle', 'Oak', 'Farrow', 'Kestrel',
  'Under', 'Wolver', 'Black', 'Cold', 'Drum', 'Elder', 'Fern', 'Glen', 'Heath', 'Ivy', 'Juni', 'Kirk',
  'Lang', 'Moss', 'North', 'Orch', 'Pike', 'Rook', 'Stone', 'Thorn', 'Upper', 'Vale', 'West', 'Yar',
  'Birch', 'Crow', 'Dun', 'Ember', 'Frost', 'Grey', 'Holly', 'Ingle', 'Jess', 'Kings', 'Lark', 'Mill',
  'Nettle', 'Otter', 'Pebble', 'Quarry', 'Raven', 'Sorrel', 'Tide', 'Umber', 'Wren', 'Yew', 'Ald', 'Bry',
  'Cam', 'Dove'];
const SB = ['feather', 'grove', 'fourie', 'field', 'hallow', 'water', 'wood', 'ridge', 'dale', 'moor',
  'hay', 'ton', 'by', 'worth', 'ford', 'ley', 'combe', 'holm', 'stead', 'wick'];
const SC = ['', '', '', '', '', 'en', 'er', 'ing', 'ham', 'ett', 'ock', 'ard', 'ins', 'ley', 'son'];
// Every surname the town can have, in a fixed order for Zipf ranks.
const SURNAMES = [];
for (const a of SA) for (const b of SB) for (const c of SC) if (c || !SURNAMES.includes(a + b)) SURNAMES.push(a + b + c);
const FIRSTS = [];
for (const a of FA) for (const b of FB) FIRSTS.push(a + b);
// Shuffle once so rank does not follow the alphabet.
for (const list of [SURNAMES, FIRSTS]) {
  for (let i = list.length - 1; i > 0; i--) { const j = rnd(i + 1); [list[i], list[j]] = [list[j], list[i]]; }
}
const NICK = { Zephine: 'Zeph', Bramwell: 'Bram', Ottoline: 'Otto', Evanian: 'Evan', Rosaanna: 'Rosa' };
const typo = (w) => {
  if (w.length < 4) return w;
  const i = 1 + rnd(w.length - 2);
  switch (rnd(3)) {
    case 0: return w.slice(0, i) + w.slice(i + 1);
    case 1: return w.slice(0, i) + w[i] + w.slice(i);
    default: return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  }
};
const pad = (x) => String(x).padStart(2, '0');
const out = createWriteStream(path);
out.write('unique_id,first_name,surname,dob,postcode,email,phone,gender,cluster\n');
let id = 0;
let person = 0;
let buf = [];
while (id < n) {
  const first = zipf(FIRSTS), sur = zipf(SURNAMES);
  const y = 1940 + rnd(70), m = 1 + rnd(12), d = 1 + rnd(28);
  const pc = `WM${1 + rnd(30)} ${1 + rnd(9)}${'ABDEFGHJLNPQRSTUWXYZ'[rnd(20)]}${'ABDEFGHJLNPQRSTUWXYZ'[rnd(20)]}`;
  const email = `${first.toLowerCase()}.${sur.toLowerCase()}${rnd(999)}@example.org`;
  const phone = `01632 ${String(100000 + rnd(900000))}`;
  const gender = pick(['F', 'F', 'F', 'M', 'X']);
  const copies = 1 + rnd(4);
  for (let c = 0; c < copies && id < n; c++) {
    let f = first, su = sur, yy = y, mm = m, dd = d, post = pc, e = email, ph = phone;
    for (let errors = c ? 1 + rnd(3) : 0; errors > 0; errors--) {
      switch (rnd(10)) {
        case 0: f = typo(f); break;
        case 1: su = typo(su); break;
        case 2: [f, su] = [su, f]; break;
        case 3: f = NICK[f] || f.slice(0, 4); break;
        case 4: yy += rnd(2) ? 1 : -1; break;
        case 5: if (dd <= 12) [dd, mm] = [mm, dd]; else dd = 1 + rnd(28); break;
        case 6: su = zipf(SURNAMES); break; // a new surname
        case 7: post = rnd(2) ? '' : `WM${1 + rnd(30)} ${1 + rnd(9)}AB`; break;
        case 8: e = ''; break;
        default: ph = ''; break;
      }
    }
    const dob = `${yy}-${pad(mm)}-${pad(dd)}`;
    buf.push(`${id},${f},${su},${dob},${post},${e},${ph},${gender},${person}`);
    id++;
  }
  person++;
  if (buf.length >= 10000) { out.write(buf.join('\n') + '\n'); buf = []; }
}
out.write(buf.length ? buf.join('\n') + '\n' : '');
out.end();
