// contract-report.mjs: a node:test reporter that, once every test file
// has run, adds up what contract.mjs checked in each of them and lists
// the documented operations no test exercised (a list, not a failure).
// tests/CMakeLists.txt runs it beside the usual reporter.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { operations, tallyDir } from './contract.mjs';

export default async function* contractReport(source) {
  for await (const event of source) void event; // the usual reporter shows the run
  const dir = tallyDir(process.pid);
  let files = [];
  try { files = readdirSync(dir); } catch { /* no API exchange in this run */ }
  let requests = 0;
  let responses = 0;
  const seen = new Set();
  for (const f of files) {
    const t = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    requests += t.requests;
    responses += t.responses;
    t.seen.forEach((op) => seen.add(op));
  }
  rmSync(dir, { recursive: true, force: true });
  const missed = operations.filter((op) => !seen.has(op));
  let out = `# OpenAPI contract: ${requests} request bodies and ${responses} response bodies validated; `
    + `${operations.length - missed.length} of ${operations.length} documented operations exercised\n`;
  if (missed.length) out += `# never exercised:\n${missed.map((op) => `#   ${op}\n`).join('')}`;
  yield out;
}
