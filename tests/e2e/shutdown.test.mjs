// Graceful shutdown: a request in flight when SIGTERM arrives is finished
// and answered; new connections are refused; the server exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Client, referral, startServer } from './harness.mjs';

test('SIGTERM lets the request in flight finish, then exits 0', async () => {
  const srv = await startServer('shutdown');
  const c = new Client(srv.base);
  await c.signIn(srv.logins.agency_rep);
  const body = Buffer.from(JSON.stringify(referral({ victim: { given_name: 'Wenna' } })));
  const port = Number(new URL(srv.base).port);
  const sock = connect(port, '127.0.0.1');
  await new Promise((res) => sock.on('connect', res));
  let reply = '';
  sock.on('data', (d) => { reply += d; });
  const closed = new Promise((res) => sock.on('close', res));
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  // Headers and half of the body: the request is now in flight.
  sock.write(`POST /api/v1/referrals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${body.length}\r\nCookie: ${cookie}\r\nX-CSRF-Token: ${c.csrf}\r\n` +
    'Connection: close\r\n\r\n');
  sock.write(body.subarray(0, 40));
  await new Promise((res) => setTimeout(res, 300));
  const stopping = srv.stop();
  await new Promise((res) => setTimeout(res, 300));
  // New connections are no longer accepted.
  await assert.rejects(new Promise((res, rej) => {
    const probe = connect(port, '127.0.0.1');
    probe.on('connect', () => { probe.destroy(); res(); });
    probe.on('error', rej);
  }), /ECONNREFUSED/);
  sock.write(body.subarray(40));
  await closed;
  assert.match(reply, /^HTTP\/1\.1 201 /);
  await stopping; // asserts exit status 0
});
