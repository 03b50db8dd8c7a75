// One verify in a fresh process for bench/dkim.bench.ts's memory row: prints as JSON the peak resident memory
// (Linux VmHWM, reset through /proc/self/clear_refs) the verify added, and the same with the message read.
// Usage: node --expose-gc bench/dkim-memory.mjs <ours|mailauth> <bundle.js> <message file> <warm-up file>

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [which, bundle, messageFile, warmFile] = process.argv.slice(2);
const lib = await import(pathToFileURL(bundle).href);
const record = readFileSync('tests/fixtures/dkim/dkimpy/2048_testkey_PKCS8.key.pub.txt', 'utf8').trim();

let verify;
if (which === 'ours') {
  const resolver = lib.oneKeyResolver(record);
  verify = async (message) => (await lib.verifyDkim(message, resolver, { now: lib.now }))[0]?.result;
} else {
  const { dkimVerify } = createRequire(import.meta.url)('mailauth/lib/dkim/verify');
  const resolver = async (name) => {
    if (name === lib.KEY_NAME) return [[record]];
    throw Object.assign(new Error(`${name} not found`), { code: 'ENOTFOUND' });
  };
  const curTime = lib.now();
  verify = async (message) => (await dkimVerify(message, { resolver, curTime })).results[0]?.status?.result;
}

const status = () => readFileSync('/proc/self/status', 'utf8');
const kib = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status())?.[1] ?? NaN) * 1024;

// Warm up on a small message so compiled code and lazy setup are not counted, then measure the big one: the peak
// over reading the message and verifying it, against the resident memory before the read and after it.
if ((await verify(readFileSync(warmFile))) !== 'pass') throw new Error(`${which}: the warm-up message fails`);
globalThis.gc();
globalThis.gc();
const beforeRead = kib('VmRSS');
writeFileSync('/proc/self/clear_refs', '5');
const message = readFileSync(messageFile);
const afterRead = kib('VmRSS');
const result = await verify(message);
const peak = kib('VmHWM');
console.log(JSON.stringify({ which, result, added: peak - afterRead, withMessage: peak - beforeRead }));
