// bench/http.mjs BASE LOGINS: request rates against a running server.
// Bounded: a fixed number of requests per figure, sequential and with a
// few concurrent keep-alive clients, loopback only.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [base, loginsFile] = process.argv.slice(2);
const logins = JSON.parse(readFileSync(loginsFile, 'utf8')).logins;
const coordinator = logins.find((l) => l.role === 'marac_coordinator');

async function signIn(login = coordinator) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password }),
  });
  if (r.status !== 201) throw new Error(`sign-in: ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  return { cookie, csrf: (await r.json()).csrf_token };
}

async function rate(label, n, clients, make) {
  let done = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (done < n) {
      done++;
      const r = await make();
      await r.arrayBuffer();
      if (r.status >= 400) throw new Error(`${label}: status ${r.status}`);
    }
  }));
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(44)} ${String(n).padStart(6)} requests  ${(n / s).toFixed(0).padStart(7)} req/s  ${((s / n) * 1000 * clients).toFixed(2)} ms mean`);
}

const t0 = performance.now();
const s = await signIn();
console.log(`sign-in (argon2id)                           1 request   ${(performance.now() - t0).toFixed(1)} ms`);
const auth = { headers: { Cookie: s.cookie } };
await rate('GET /healthz, 1 client', 2000, 1, () => fetch(`${base}/healthz`));
await rate('GET /healthz, 4 clients', 4000, 4, () => fetch(`${base}/healthz`));
await rate('GET /api/v1/referrals (6, decrypted, audited)', 1000, 1, () => fetch(`${base}/api/v1/referrals`, auth));
await rate('GET /referrals page, 4 clients', 1000, 4, () => fetch(`${base}/referrals`, auth));
await rate('GET /triage page (ordered by risk), 4 clients', 1000, 4, () => fetch(`${base}/triage`, auth));
const body = JSON.stringify({
  victim: { given_name: 'Bench', family_name: 'Synthetic', gender: 'female', safe_to_call: 'no', dob: '1990-01-01' },
  referrer: { name: 'Bench Referrer', phone: '01632 960001' },
  consent: { victim_aware: 'yes', given: 'yes', lawful_basis: 'consent' },
  referral_date: new Date().toISOString().slice(0, 10),
  assessment: { answers: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), i < 14 ? 'yes' : 'no'])) },
  perpetrators: [{ name: 'Bench Perpetrator' }],
  children: [{ name: 'Bench Child', dob: '2019-01-01' }],
});
const score = JSON.stringify({ answers: { 1: 'yes', 2: 'yes', 8: 'yes' }, police_incidents_12m: 3 });
await rate('POST /api/v1/risk/score, 4 clients', 4000, 4, () => fetch(`${base}/api/v1/risk/score`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: score,
}));
await rate('POST /api/v1/referrals (sealed, audited)', 500, 1, () => fetch(`${base}/api/v1/referrals`, {
  method: 'POST',
  headers: { Cookie: s.cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
  body,
}));

// Casework: a manager allocates a referral; the Idva records contacts on
// it (safe-contact check, sealed, audited) and reads the case page.
const mgr = await signIn(logins.find((l) => l.username === 'idva_manager'));
const idva = await signIn(logins.find((l) => l.username === 'idva'));
const json = (who) => ({ Cookie: who.cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': who.csrf });
const me = await (await fetch(`${base}/api/v1/session`, { headers: { Cookie: idva.cookie } })).json();
const queue = await (await fetch(`${base}/api/v1/triage?unallocated=true`, { headers: { Cookie: mgr.cookie } })).json();
const alloc = await fetch(`${base}/api/v1/referrals/${queue.queue[0].id}/allocation`, {
  method: 'POST', headers: json(mgr), body: JSON.stringify({ idva: me.user.id }),
});
if (alloc.status !== 200) throw new Error(`allocation: ${alloc.status}`);
const caseId = (await alloc.json()).case.id;
const contact = JSON.stringify({ date: new Date().toISOString().slice(0, 10), channel: 'in_person',
  outcome: 'made', safe_to_talk: 'yes', note: 'Bench contact at the one-stop shop' });
await rate('POST /api/v1/cases/{id}/items/contact', 300, 1, () => fetch(`${base}/api/v1/cases/${caseId}/items/contact`, {
  method: 'POST', headers: json(idva), body: contact,
}));
await rate('GET /cases/{id} page (300 contacts), 4 clients', 200, 4, () => fetch(`${base}/cases/${caseId}`, { headers: { Cookie: idva.cookie } }));
await rate('GET /caseload page (manager), 4 clients', 500, 4, () => fetch(`${base}/caseload`, { headers: { Cookie: mgr.cookie } }));

// The Marac: the coordinator lists every eligible referral for a meeting
// and reads the meeting page (each case cut to need to know and audited).
const coord = s;
const held = new Date(Date.now() + 40 * 86400000).toISOString().slice(0, 10);
const meeting = await fetch(`${base}/api/v1/meetings`, {
  method: 'POST', headers: json(coord), body: JSON.stringify({ marac: 'wealdmoor', held_on: held, venue: 'Bench Hall' }),
});
if (meeting.status !== 201) throw new Error(`meeting: ${meeting.status}`);
const meetingId = (await meeting.json()).id;
const proposed = await (await fetch(`${base}/api/v1/meetings/${meetingId}/propose`, { method: 'POST', headers: json(coord) })).json();
await rate(`GET /meetings/{id} page (${proposed.added} cases), 4 clients`, 200, 4, () => fetch(`${base}/meetings/${meetingId}`, { headers: { Cookie: coord.cookie } }));
await rate('GET /meetings/{id}/agenda page, 4 clients', 200, 4, () => fetch(`${base}/meetings/${meetingId}/agenda`, { headers: { Cookie: coord.cookie } }));
