// Runs the GraphQL-over-HTTP audits of `graphql-http` against one server and
// reports every result. Exits 1 when a MUST or SHOULD fails that is not listed
// in EXPECTED below with the reason it must fail on the Admin API.
//
//   node audit.mjs URL signed [introspection-off]   # sign each request as the superadmin (the example server)
//   node audit.mjs URL plain [introspection-off]    # send requests as they are (the proxy signs them)
import { createHash, createHmac } from 'node:crypto';
import { auditServer } from 'graphql-http';

const [url, mode, introspection] = process.argv.slice(2);
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const VERSION = 'v9.20250722';

// MUSTs and SHOULDs that a convention of the Admin API contradicts, with the
// section of the spec (../shared/spec/admin-api.md) that makes it so.
const EXPECTED =
  introspection === 'introspection-off'
    ? Object.fromEntries(['28B9', '2EA1'].map((id) => [id, 'spec §3: introspection is off by default, and this audit queries __type(name:)']))
    : {};

const hmac = (key, text) => createHmac('sha256', key).update(text).digest();

/** `fetch` that adds the Admin API's signature headers (spec §8). */
function signedFetch(input, init = {}) {
  const target = new URL(input);
  const headers = new Headers(init.headers);
  // What fetch itself sends for a string body without one.
  const contentType = headers.get('content-type') ?? (typeof init.body === 'string' ? 'text/plain;charset=UTF-8' : '');
  const date = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
  const media = contentType.split(';')[0].trim().toLowerCase();
  const text = [
    (init.method ?? 'GET').toUpperCase(),
    target.pathname + target.search,
    date,
    `host:${target.host}`,
    `content-type:${media}`,
    `x-backendai-version:${VERSION}`,
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const day = date.slice(0, 10).replaceAll('-', '');
  const key = hmac(hmac(SECRET_KEY, day), target.host);
  const signature = hmac(key, text).toString('hex');
  headers.set('Date', date);
  headers.set('X-BackendAI-Version', VERSION);
  headers.set('Authorization', `BackendAI signMethod=HMAC-SHA256, credential=${ACCESS_KEY}:${signature}`);
  return fetch(input, { ...init, headers });
}

const results = await auditServer({ url, fetchFn: mode === 'signed' ? signedFetch : fetch });
const counts = {};
let unexpected = 0;
for (const r of results) {
  const level = r.name.split(' ')[0];
  const c = (counts[level] ??= { ok: 0, all: 0 });
  c.all += 1;
  if (r.status === 'ok') c.ok += 1;
  const failing = r.status !== 'ok';
  const excused = EXPECTED[r.id];
  const required = level === 'MUST' || level === 'SHOULD';
  if (failing && required && !excused) unexpected += 1;
  const mark = !failing ? 'ok  ' : excused ? 'excused' : required ? 'FAIL' : 'no  ';
  console.log(`${mark} ${r.id} ${r.name}${failing ? `: ${r.reason}` : ''}${excused ? ` (${excused})` : ''}`);
}
for (const [level, c] of Object.entries(counts)) {
  console.log(`${level}: ${c.ok} of ${c.all} pass`);
}
if (unexpected) {
  console.log(`${unexpected} MUST/SHOULD audits failed`);
  process.exit(1);
}
