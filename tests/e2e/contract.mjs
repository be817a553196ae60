// contract.mjs: every exchange the e2e suite has with the JSON API is
// checked against the OpenAPI document (src/http/openapi.json), so the
// document and the server cannot drift apart unseen.
//
// For each request to /healthz or /api/v1/*: the operation is found by
// method and path template; the request body is validated against the
// operation's request schema (unless the test marks it malformed on
// purpose, or the answer is a 4xx: a test that sends a body the contract
// forbids is checking the refusal); the status must be documented and the
// response body must match the schema documented for it, 4xx bodies
// included. A path the document does not have must answer the Error shape.
// The schemas are JSON Schema 2020-12 (OpenAPI 3.1), checked by Ajv.
//
// Each test file runs in its own process; each writes what it checked to
// a directory named after the test runner's process, and the reporter in
// contract-report.mjs adds them up at the end of the suite.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AssertionError } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DOC_URL = new URL('../../src/http/openapi.json', import.meta.url);
export const doc = JSON.parse(readFileSync(DOC_URL, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every documented operation as "METHOD /template". */
export const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`));

/** Where the per-process tallies of one suite run go. */
export function tallyDir(runnerPid) {
  return join(process.env.RT_TEST_TMP || '/tmp', `rt-contract-${runnerPid}`);
}

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
addFormats(ajv);
// The members of the document around its schemas: not keywords.
ajv.addVocabulary(['openapi', 'info', 'servers', 'components', 'paths']);
ajv.addSchema(doc, 'openapi.json');

const pointer = (...parts) =>
  parts.map((p) => encodeURIComponent(String(p).replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

const compiled = new Map();
function validator(...parts) {
  const ref = `openapi.json#/${pointer(...parts)}`;
  if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }));
  return compiled.get(ref);
}

// Path templates as regular expressions, the most literal first, so that
// /api/v1/session/password is never read as a template.
const templates = Object.keys(doc.paths)
  .map((t) => ({
    template: t,
    params: (t.match(/\{/g) || []).length,
    re: new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

/** True for the paths the contract covers. */
export function isApiPath(path) {
  const p = path.split('?')[0];
  return p === '/healthz' || p.startsWith('/api/v1/');
}

const tally = { requests: 0, responses: 0, seen: new Set() };

function fail(what, errors) {
  const lines = errors.map((e) => {
    const extra = e.params && (e.params.additionalProperty ?? e.params.allowedValues ?? e.params.missingProperty);
    return `  at ${e.instancePath || '/'}: ${e.message}${extra !== undefined ? ` (${JSON.stringify(extra)})` : ''}`;
  });
  throw new AssertionError({ message: `OpenAPI contract: ${what}\n${lines.join('\n')}` });
}

function problem(what) {
  throw new AssertionError({ message: `OpenAPI contract: ${what}` });
}

function mediaType(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase();
}

/** Checks one exchange. req: { method, path, body (string or undefined),
 *  malformed }; res: { status, contentType, text }. Throws an
 *  AssertionError naming operation, status, JSON pointer and reason. */
export function check(req, res) {
  const path = req.path.split('?')[0];
  const method = req.method.toLowerCase();
  const found = templates.find((t) => t.re.test(path) && doc.paths[t.template][method]);
  const json = mediaType(res.contentType) === 'application/json' && res.text !== '';
  if (!found) {
    // Not an operation: the router's own answer (404, 405) is an Error.
    if (json) {
      tally.responses++;
      const v = validator('components', 'schemas', 'Error');
      if (!v(JSON.parse(res.text))) fail(`${req.method} ${path} (undocumented) ${res.status}: response body`, v.errors);
    }
    return;
  }
  const { template } = found;
  const op = doc.paths[template][method];
  const name = `${req.method} ${template}`;
  tally.seen.add(name);

  const clientError = res.status >= 400 && res.status < 500;
  if (!req.malformed && !clientError) {
    const documented = op.requestBody?.content?.['application/json'];
    if (req.body !== undefined && req.body !== '') {
      if (!documented) problem(`${name} ${res.status}: a body was sent, but the operation documents none`);
      let body;
      try { body = JSON.parse(req.body); } catch { problem(`${name} ${res.status}: the request body is not JSON`); }
      tally.requests++;
      const v = validator('paths', template, method, 'requestBody', 'content', 'application/json', 'schema');
      if (!v(body)) fail(`${name} ${res.status}: request body`, v.errors);
    } else if (op.requestBody?.required) {
      problem(`${name} ${res.status}: answered without the request body the document requires`);
    }
  }

  const key = [String(res.status), `${String(res.status)[0]}XX`, 'default'].find((k) => op.responses?.[k]);
  if (!key) problem(`${name}: status ${res.status} is not documented`);
  const content = op.responses[key].content;
  if (!json) {
    if (res.text !== '' && !content) problem(`${name} ${res.status}: a ${mediaType(res.contentType)} body, but the document shows none`);
    if (content && !Object.keys(content).includes(mediaType(res.contentType))) {
      problem(`${name} ${res.status}: documented as ${Object.keys(content).join(', ')}, answered ${mediaType(res.contentType) || 'with no body'}`);
    }
    return;
  }
  if (!content?.['application/json']?.schema) problem(`${name} ${res.status}: a JSON body, but the document shows none`);
  tally.responses++;
  const v = validator('paths', template, method, 'responses', key, 'content', 'application/json', 'schema');
  if (!v(JSON.parse(res.text))) fail(`${name} ${res.status}: response body`, v.errors);
}

process.on('exit', () => {
  if (!tally.requests && !tally.responses) return;
  const dir = tallyDir(process.ppid);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${process.pid}.json`),
    JSON.stringify({ requests: tally.requests, responses: tally.responses, seen: [...tally.seen] }));
});
