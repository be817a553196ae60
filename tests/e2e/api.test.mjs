// The JSON API over real HTTP: sign-in, the referral slice, refusals,
// malformed input that must change nothing, throttling, shutdown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, readBytes, referral, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer('api'); });
after(async () => { await srv.stop(); });

async function referralCount() {
  const c = await srv.as('marac_coordinator');
  const r = await c.request('GET', '/api/v1/referrals');
  assert.equal(r.status, 200);
  return r.data.referrals.length;
}

describe('service', () => {
  test('health check', async () => {
    const r = await new Client(srv.base).request('GET', '/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.data, { status: 'ok' });
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
  });

  test('OpenAPI document lists the endpoints', async () => {
    const doc = (await new Client(srv.base).request('GET', '/api/v1/openapi.json')).data;
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/healthz', '/api/v1/session', '/api/v1/referrals', '/api/v1/referrals/{id}']) {
      assert.ok(doc.paths[p], `${p} documented`);
    }
  });

  test('unknown path is 404 JSON, wrong method 405 with Allow', async () => {
    const c = new Client(srv.base);
    let r = await c.request('GET', '/api/v1/nothing');
    assert.equal(r.status, 404);
    assert.equal(r.data.field, null);
    r = await c.request('PUT', '/api/v1/referrals');
    assert.equal(r.status, 405);
    assert.match(r.headers.get('allow'), /GET/);
  });
});

describe('sessions', () => {
  test('wrong password is 401; right one sets a strict cookie', async () => {
    const c = new Client(srv.base);
    let r = await c.request('POST', '/api/v1/session', {
      json: { username: 'agency_rep', password: 'not the password at all' },
    });
    assert.equal(r.status, 401);
    assert.equal(c.cookies.has('rt_session'), false);
    r = await c.signIn(srv.logins.agency_rep);
    const cookie = r.headers.getSetCookie().find((s) => s.startsWith('rt_session='));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/);
    assert.equal(r.data.user.role, 'agency_rep');
    assert.equal(r.data.user.agency, 'wealdmoor-housing');
    assert.match(r.data.csrf_token, /^[0-9a-f]{64}$/);
  });

  test('unknown fields in a sign-in are refused by name', async () => {
    const c = new Client(srv.base);
    const r = await c.request('POST', '/api/v1/session', {
      json: { username: 'idva', password: 'x', remember: true },
    });
    assert.equal(r.status, 400);
    assert.equal(r.data.field, 'remember');
  });

  test('signing out ends the session', async () => {
    const c = await srv.as('idva');
    assert.equal((await c.request('GET', '/api/v1/session')).status, 200);
    assert.equal((await c.request('DELETE', '/api/v1/session', { csrf: false })).status, 403);
    assert.equal((await c.request('DELETE', '/api/v1/session')).status, 204);
    assert.equal((await c.request('GET', '/api/v1/session')).status, 401);
  });

  test('signing out everywhere ends the sessions on other devices too', async () => {
    const laptop = await srv.as('analyst');
    const phone = await srv.as('analyst');
    assert.equal((await phone.request('GET', '/api/v1/session')).status, 200);
    assert.equal((await laptop.request('DELETE', '/api/v1/sessions')).status, 204);
    assert.equal((await phone.request('GET', '/api/v1/session')).status, 401);
    assert.equal((await laptop.request('GET', '/api/v1/session')).status, 401);
  });

  test('five wrong passwords lock the account for a while, even with the right one', async () => {
    const c = new Client(srv.base);
    for (let i = 0; i < 5; i++) {
      const r = await c.request('POST', '/api/v1/session', {
        json: { username: 'idva_manager', password: `wrong password ${i}` },
      });
      assert.equal(r.status, 401);
    }
    const r = await c.request('POST', '/api/v1/session', {
      json: { username: 'idva_manager', password: srv.logins.idva_manager.password },
    });
    assert.equal(r.status, 429);
    // Another account from the same address is not locked out by this one.
    await srv.as('analyst');
  });
});

describe('referral slice', () => {
  test('nobody signed in gets 401', async () => {
    for (const [m, p] of [['GET', '/api/v1/referrals'], ['POST', '/api/v1/referrals'],
      ['GET', '/api/v1/referrals/0123456789abcdef0123456789abcdef']]) {
      const r = await new Client(srv.base).request(m, p, { json: m === 'POST' ? referral() : undefined });
      assert.equal(r.status, 401, `${m} ${p}`);
    }
  });

  test('an agency records a referral; the coordinator sees it; it is stored encrypted', async () => {
    const rep = await srv.as('agency_rep');
    const body = referral();
    const r = await rep.request('POST', '/api/v1/referrals', { json: body });
    assert.equal(r.status, 201, r.text);
    assert.match(r.data.id, /^[0-9a-f]{32}$/);
    assert.equal(r.data.agency, 'wealdmoor-housing');
    assert.equal(r.data.victim.postcode, 'WM2 5HT');

    // The referring agency may not browse referrals, and learns of its own
    // only that it exists (need to know: presence).
    assert.equal((await rep.request('GET', '/api/v1/referrals')).status, 403);
    const own = await rep.request('GET', `/api/v1/referrals/${r.data.id}`);
    assert.equal(own.status, 200);
    assert.equal(own.data.detail, 'presence');
    assert.equal(own.data.victim.family_name, null);
    assert.equal(own.data.referral_date, body.referral_date);

    const coord = await srv.as('marac_coordinator');
    const list = await coord.request('GET', '/api/v1/referrals');
    const mine = list.data.referrals.find((x) => x.id === r.data.id);
    assert.ok(mine, 'listed');
    assert.equal(mine.victim.given_name, 'Zephyrine');
    assert.equal(mine.victim.family_name, 'Quillfeather');
    assert.equal(mine.victim.address, '17 Larkspur Mews\nWealdmoor');
    const one = await coord.request('GET', `/api/v1/referrals/${r.data.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.data.victim.email, 'zq.safe@example.org');
    assert.equal(one.data.referrer.name, 'Demo Referrer');
    assert.equal((await coord.request('GET', '/api/v1/referrals/0123456789abcdef0123456789abcdef')).status, 404);

    const files = Buffer.concat([readBytes(srv.db), readBytes(`${srv.db}-wal`)]);
    assert.ok(files.length > 0);
    for (const s of ['Zephyrine', 'Quillfeather', 'Larkspur', '1987-03-14', '960417', 'zq.safe', 'WM2 5HT', 'Zeph Q']) {
      assert.equal(files.includes(Buffer.from(s)), false, `${s} is on disk in clear`);
    }
    for (const s of ['Zephyrine', 'Quillfeather', 'Larkspur']) {
      assert.equal(srv.accessLog().includes(s) || srv.stderr().includes(s), false, `${s} in a log`);
    }
  });

  test('an Idva with no part sees nothing; breaking the glass gives full access, audited and alerted', async () => {
    const coord = await srv.as('marac_coordinator');
    const list = await coord.request('GET', '/api/v1/referrals');
    const id = list.data.referrals[0].id;
    const idva = await srv.as('idva');
    // Not allocated to them: as if it did not exist (safety.md).
    let r = await idva.request('GET', `/api/v1/referrals/${id}`);
    assert.equal(r.status, 404);
    r = await idva.request('POST', `/api/v1/referrals/${id}/break-glass`, { json: { reason: 'now' } });
    assert.equal(r.status, 422);
    assert.equal(r.data.field, 'reason');
    r = await idva.request('POST', `/api/v1/referrals/${id}/break-glass`, {
      json: { reason: 'Police say she is missing tonight; I need her safe contacts' },
    });
    assert.equal(r.status, 201, r.text);
    r = await idva.request('GET', `/api/v1/referrals/${id}`);
    assert.equal(r.data.detail, 'full');
    assert.ok(r.data.victim.family_name);
    // An agency with no part in the case cannot break the glass.
    const rep = await srv.as('agency_rep');
    r = await rep.request('POST', `/api/v1/referrals/${id}/break-glass`, {
      json: { reason: 'A long enough reason for the attempt' },
    });
    assert.equal(r.status, 403);
  });

  test('a user excluded from a case sees nothing of it, even by breaking the glass', async () => {
    const coord = await srv.as('marac_coordinator');
    const list = await coord.request('GET', '/api/v1/referrals');
    const id = list.data.referrals[1].id;
    let r = await coord.request('POST', `/api/v1/referrals/${id}/exclusions`, {
      json: { username: 'marac_chair', reason: 'Associated with the person causing harm' },
    });
    assert.equal(r.status, 201, r.text);
    const mgr = new Client(srv.base);
    await mgr.signIn(srv.logins.marac_chair);
    assert.equal((await mgr.request('GET', `/api/v1/referrals/${id}`)).status, 404);
    r = await mgr.request('POST', `/api/v1/referrals/${id}/break-glass`, {
      json: { reason: 'Trying to get in anyway, with a long reason' },
    });
    assert.equal(r.status, 404);
    r = await coord.request('POST', `/api/v1/referrals/${id}/exclusions`, {
      json: { username: 'nobody_here', reason: 'Associated with the person causing harm' },
    });
    assert.equal(r.status, 422);
    assert.equal(r.data.field, 'username');
  });

  test('people causing harm and children travel with the referral, sealed at rest', async () => {
    const rep = await srv.as('agency_rep');
    const body = referral({ victim: { given_name: 'Derwa', family_name: 'Kitto' } });
    body.perpetrators = [{ name: 'Gorran Vellanoweth', dob: '1980-01-02', relationship: 'ex-partner', address: '3 Creeg Row' }];
    body.children = [
      { name: 'Piran Kitto', dob: '2018-05-06', relationship_to_victim: 'son', relationship_to_perpetrator: 'son', school: 'Wealdmoor Primary' },
      { name: 'Elowyn Kitto', dob: '2021-09-10' },
    ];
    const r = await rep.request('POST', '/api/v1/referrals', { json: body });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.data.children.length, 2);
    const coord = await srv.as('marac_coordinator');
    const one = await coord.request('GET', `/api/v1/referrals/${r.data.id}`);
    assert.equal(one.data.perpetrators[0].name, 'Gorran Vellanoweth');
    assert.equal(one.data.children[1].dob, '2021-09-10');
    assert.equal(one.data.children[0].school, 'Wealdmoor Primary');
    const own = await rep.request('GET', `/api/v1/referrals/${r.data.id}`);
    assert.deepEqual([own.data.detail, own.data.perpetrators, own.data.children], ['presence', [], []]);
    const files = Buffer.concat([readBytes(srv.db), readBytes(`${srv.db}-wal`)]);
    for (const secret of ['Vellanoweth', 'Creeg Row', 'Piran', 'Wealdmoor Primary']) {
      assert.equal(files.includes(Buffer.from(secret)), false, `${secret} is on disk in clear`);
    }
  });

  test('a state-changing call without the CSRF token is refused', async () => {
    const rep = await srv.as('agency_rep');
    const before = await referralCount();
    const r = await rep.request('POST', '/api/v1/referrals', { json: referral(), csrf: false });
    assert.equal(r.status, 403);
    assert.equal(r.data.field, 'X-CSRF-Token');
    assert.equal(await referralCount(), before);
  });

  test('roles without referral rights are refused', async () => {
    for (const role of ['analyst', 'admin', 'auditor', 'marac_chair']) {
      const c = await srv.as(role);
      const r = await c.request('POST', '/api/v1/referrals', { json: referral() });
      assert.equal(r.status, 403, role);
    }
  });

  const malformed = [
    ['invalid JSON', { body: '{"victim": {', type: 'application/json' }, 400, null],
    ['not an object', { body: '[1,2]', type: 'application/json' }, 400, null],
    ['unknown top-level field', { json: { ...referral(), shoe_size: '9' } }, 400, 'shoe_size'],
    ['unknown nested field', { json: referral({ victim: { shoe_size: '9' } }) }, 400, 'victim.shoe_size'],
    ['wrong type', { json: referral({ victim: { given_name: 5 } }) }, 400, 'victim.given_name'],
    ['group not an object', { json: { ...referral(), victim: 'Ann' } }, 400, 'victim'],
    ['duplicate keys', { body: '{"referral_date":"2026-01-01","referral_date":"2026-01-02"}', type: 'application/json' }, 400, null],
    ['invalid UTF-8', { raw: Buffer.concat([Buffer.from('{"victim":{"given_name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]), type: 'application/json' }, 400, null],
    ['NUL in a string', { body: '{"victim":{"given_name":"a\\u0000b"}}', type: 'application/json' }, 400, null],
    ['body over 64 KiB', { body: JSON.stringify({ ...referral(), pad: 'x'.repeat(70000) }), type: 'application/json' }, 413, null],
    ['missing required field', { json: referral({ victim: { family_name: null } }) }, 422, 'victim.family_name'],
    ['consent not given but relied on', { json: referral({ consent: { given: 'no', lawful_basis: 'consent' } }) }, 422, 'consent.lawful_basis'],
    ['no protocol for sharing without consent', { json: referral({ consent: { protocol: null } }) }, 422, 'consent.protocol'],
    ['unknown consent field', { json: referral({ consent: { signed: 'yes' } }) }, 400, 'consent.signed'],
    ['impossible date', { json: referral({ victim: { dob: '2026-02-30' } }) }, 422, 'victim.dob'],
    ['future referral date', { json: referral({ referral_date: '2999-01-01' }) }, 422, 'referral_date'],
    ['bad postcode', { json: referral({ victim: { postcode: '12345' } }) }, 422, 'victim.postcode'],
    ['unknown choice', { json: referral({ victim: { gender: 'F' } }) }, 422, 'victim.gender'],
    ['control character', { json: referral({ victim: { given_name: 'Ann\u0007' } }) }, 422, 'victim.given_name'],
    ['bad child date of birth', { json: { ...referral(), children: [{ name: 'Synthetic Child', dob: '2020-13-01' }] } }, 422, 'children[0].dob'],
    ['child without a name', { json: { ...referral(), children: [{ dob: '2020-01-01' }] } }, 422, 'children[0].name'],
    ['unknown child field', { json: { ...referral(), children: [{ name: 'Synthetic Child', shoe: '3' }] } }, 400, 'children[0].shoe'],
    ['too many perpetrators', { json: { ...referral(), perpetrators: Array(5).fill({ name: 'Synthetic Person' }) } }, 400, 'perpetrators'],
    ['children not a list', { json: { ...referral(), children: { name: 'x' } } }, 400, 'children'],
    ['wrong content type', { body: JSON.stringify(referral()), type: 'text/plain' }, 415, 'Content-Type'],
  ];
  for (const [name, input, status, field] of malformed) {
    test(`malformed: ${name} is ${status} naming ${field} and writes nothing`, async () => {
      const rep = await srv.as('agency_rep');
      const before = await referralCount();
      let r;
      if (input.json) {
        r = await rep.request('POST', '/api/v1/referrals', { json: input.json });
      } else {
        r = await rep.request('POST', '/api/v1/referrals', {
          body: input.raw ?? input.body, headers: { 'Content-Type': input.type },
        });
      }
      assert.equal(r.status, status, r.text);
      assert.equal(typeof r.data.error, 'string');
      assert.ok(r.data.error.length > 0);
      assert.equal(r.data.field, field);
      if (status === 422) assert.ok(r.data.errors.some((e) => e.field === field));
      assert.equal(await referralCount(), before);
    });
  }
});
