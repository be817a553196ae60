// harness.mjs: a real Roundtable server for one test file.
//
// Creates a demo database in a fresh directory, starts `roundtable serve`
// (RT_BIN, the ASan build under `make check`) on a free loopback port, and
// stops it with SIGTERM, asserting a clean exit: under the sanitizers a leak
// or a memory error makes the exit status non-zero, so every e2e test also
// checks the server for those.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { check, isApiPath } from './contract.mjs';

export const BIN = process.env.RT_BIN || 'build-asan/roundtable';
const TMP = process.env.RT_TEST_TMP || '/tmp';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs the binary to completion; returns { status, stdout, stderr }. */
export function run(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The date n days from today, YYYY-MM-DD (UTC). */
export const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

/** Starts a demo server. Returns { base, dir, db, logins, as(username),
 *  stop, stderr() }; as signs a new Client in as that demo user. */
export async function startServer(name) {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(join(TMP, `${name}-`));
  const db = join(dir, 'rt.db');
  const demo = run(['demo', '--db', db, '--json']);
  assert.equal(demo.status, 0, `demo failed: ${demo.stderr}`);
  const logins = Object.fromEntries(JSON.parse(demo.stdout).logins.map((l) => [l.username, l]));
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr.on('data', (d) => { err += d; });
  child.stdout.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, dir, db, logins,
    async as(username) {
      const c = new Client(base);
      await c.signIn(logins[username]);
      return c;
    },
    stderr: () => err,
    accessLog: () => out,
    async stop() {
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      assert.equal(signal, null, `server killed by ${signal}:\n${err}`);
      assert.equal(code, 0, `server exited ${code}:\n${err}`);
    },
  };
}

/** A client that keeps its session cookie and sends the CSRF token on
 *  state-changing requests, like a browser's JavaScript would. Every
 *  exchange with the JSON API is checked against the OpenAPI document
 *  (contract.mjs); a test that sends a body the contract forbids on
 *  purpose says so with malformed: true. */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
  }

  async request(method, path, { json, body, headers = {}, csrf = true, malformed = false } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (json !== undefined) {
      body = JSON.stringify(json);
      h['Content-Type'] ??= 'application/json';
    }
    if (csrf && this.csrf && method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    const r = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i);
      const v = pair.slice(i + 1);
      if (v === '' || /max-age=0/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text = await r.text();
    let data = null;
    if ((r.headers.get('content-type') || '').startsWith('application/json') && text) data = JSON.parse(text);
    if (isApiPath(path)) {
      check({ method, path, body: typeof body === 'string' ? body : undefined, malformed },
        { status: r.status, contentType: r.headers.get('content-type'), text });
    }
    return { status: r.status, headers: r.headers, text, data };
  }

  async signIn(login) {
    const r = await this.request('POST', '/api/v1/session', {
      json: { username: login.username, password: login.password },
    });
    assert.equal(r.status, 201, r.text);
    this.csrf = r.data.csrf_token;
    return r;
  }
}

/** A valid referral body for a synthetic person. */
export function referral(overrides = {}) {
  const today = new Date().toISOString().slice(0, 10);
  const base = {
    victim: {
      given_name: 'Zephyrine', family_name: 'Quillfeather', aliases: 'Zeph Q',
      dob: '1987-03-14', gender: 'female', address: '17 Larkspur Mews\nWealdmoor',
      postcode: 'wm2 5ht', phone: '01632 960417', safe_to_call: 'no',
      email: 'zq.safe@example.org',
    },
    referrer: { name: 'Demo Referrer', phone: '01632 960000', email: 'referrer@example.org' },
    consent: { victim_aware: 'yes', given: 'no', lawful_basis: 'protect_safety', protocol: 'Wealdmoor Marac ISP' },
    referral_date: today,
    assessment: {
      answers: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), i < 15 ? 'yes' : 'no'])),
      police_incidents_12m: 1,
    },
  };
  return {
    ...base, ...overrides,
    victim: { ...base.victim, ...(overrides.victim || {}) },
    referrer: { ...base.referrer, ...(overrides.referrer || {}) },
    consent: { ...base.consent, ...(overrides.consent || {}) },
    assessment: overrides.assessment === undefined ? base.assessment : overrides.assessment,
  };
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 secret at Unix
 *  time t seconds: what an authenticator app would show. Written from the
 *  RFC so the server's liboath is checked against an independent reckoning. */
export function totp(secret, t = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let acc = 0;
  const key = [];
  for (const ch of secret) {
    acc = (acc << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      key.push((acc >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const o = h[19] & 15;
  const n = (((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1000000;
  return String(n).padStart(6, '0');
}

export function readBytes(path) {
  try { return readFileSync(path); } catch { return Buffer.alloc(0); }
}
