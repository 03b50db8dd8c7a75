// Shared by bench/dkim.bench.ts (Node), the memory child (bench/dkim-memory.mjs) and the Chromium page: generated
// messages signed with the project's signDkim, a one-key resolver, the body-hash path, and the interleaved timer.
// No Node imports: Vite builds this file into one ES module for the browser and for the memory child.

import { prepareMessage, signDkim, verifyDkim } from '../src/lib/dkim';
import { BodyCanonicalizer } from '../src/lib/dkim/body';
import { ZoneResolver } from '../src/lib/dns/zone';
import { decodeBase64, encodeBase64 } from '../src/lib/encoding/base64';

export const DOMAIN = 'bench.example';
export const SELECTOR = 'dkimpy2048';
export const KEY_NAME = `${SELECTOR}._domainkey.${DOMAIN}`;
/** Messages are judged a minute after they were signed. */
export const SIGNED_AT = new Date('2024-01-01T10:00:00Z');
export const now = () => new Date(SIGNED_AT.getTime() + 60_000);

export { verifyDkim };

const WORDS =
  'the of and to in is for on that with as by this be are from at or an it not your mail message domain record policy sender receiver header body signature key selector report'.split(
    ' ',
  );
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A deterministic pseudo-random source (a 32-bit LCG), so every run and every process builds the same bytes. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A MIME body of about `size` bytes: half prose (double spaces, tabs, trailing blanks and empty lines, so relaxed
 * canonicalization has work to do) and half a base64 attachment in 76-character lines, CRLF line ends.
 */
export function makeBody(size: number): string {
  const rnd = lcg(size);
  const parts: string[] = ['--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'];
  let length = parts[0]!.length;
  while (length < size / 2) {
    let line = '';
    while (line.length < 64) {
      const sep = rnd() < 0.05 ? '  ' : rnd() < 0.02 ? '\t' : ' ';
      line += (line === '' ? '' : sep) + WORDS[Math.floor(rnd() * WORDS.length)]!;
    }
    if (rnd() < 0.1) line += ' ';
    if (rnd() < 0.08) line += '\r\n';
    parts.push(`${line}\r\n`);
    length += line.length + 2;
  }
  const head = '--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n';
  parts.push(head);
  length += head.length;
  while (length < size - 8) {
    let line = '';
    for (let i = 0; i < 76; i++) line += B64[Math.floor(rnd() * 64)];
    parts.push(`${line}\r\n`);
    length += 78;
  }
  parts.push('--b1--\r\n');
  return parts.join('');
}

export function makeUnsigned(size: number): string {
  return (
    'From: Bench Sender <sender@bench.example>\r\nTo: recipient@example.net\r\nSubject: DKIM bench message\r\n' +
    'Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <bench@bench.example>\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n' +
    makeBody(size)
  );
}

export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const der = decodeBase64(pem.replace(/-----[^-]+-----/g, ''));
  if (!der.ok) throw new Error(der.error);
  return globalThis.crypto.subtle.importKey(
    'pkcs8',
    Uint8Array.from(der.bytes),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

/** A generated message of about `size` body bytes, RSA-2048 signed with the project's signDkim, as bytes. */
export async function makeSigned(
  size: number,
  canon: 'relaxed' | 'simple',
  privateKey: CryptoKey,
): Promise<Uint8Array> {
  const signed = await signDkim(makeUnsigned(size), {
    domain: DOMAIN,
    selector: SELECTOR,
    privateKey,
    algorithm: 'rsa-sha256',
    canonicalization: canon === 'relaxed' ? 'relaxed/relaxed' : 'simple/simple',
    now: () => SIGNED_AT,
  });
  return new TextEncoder().encode(signed);
}

export function oneKeyResolver(record: string): ZoneResolver {
  return new ZoneResolver({ records: { [KEY_NAME]: { TXT: [record] } } });
}

/** The body-hash path of a verify: from the message bytes to the base64 body hash (a fresh read, no cache). */
export function bodyHashPath(message: Uint8Array, canon: 'relaxed' | 'simple'): Promise<string> {
  return prepareMessage(message).bodyHash(canon, null);
}

/**
 * For comparison only: the body-hash path with a large changed body copied whole and digested natively in one
 * shot, which the library does only up to COPY_MAX_BYTES (it streams larger ones through an incremental SHA-256).
 */
export async function bodyHashOneShot(message: Uint8Array, canon: 'relaxed' | 'simple'): Promise<string> {
  const { body } = prepareMessage(message);
  let out = new Uint8Array(body.length + 16);
  let o = 0;
  const canonicalizer = new BodyCanonicalizer(body, canon, {
    write(bytes, run, from, insert) {
      if (o + (from - run) + 2 > out.length) {
        const grown = new Uint8Array(Math.max(o + (from - run) + 2, out.length * 1.5));
        grown.set(out.subarray(0, o));
        out = grown;
      }
      if (from - run > 64) {
        out.set(bytes.subarray(run, from), o);
        o += from - run;
      } else for (let k = run; k < from; k++) out[o++] = bytes[k]!;
      if (insert === 1) out[o++] = 0x20;
      else if (insert === 2) {
        out[o++] = 0x0d;
        out[o++] = 0x0a;
      }
    },
  });
  canonicalizer.finish();
  const digest = await globalThis.crypto.subtle.digest('SHA-256', out.subarray(0, o));
  return encodeBase64(new Uint8Array(digest));
}

/** The body of a message as it arrived (after the first empty line), for the native digest to hash. */
export function rawBody(message: Uint8Array): Uint8Array<ArrayBuffer> {
  for (let i = 0; i + 3 < message.length; i++)
    if (message[i] === 13 && message[i + 1] === 10 && message[i + 2] === 13 && message[i + 3] === 10)
      return message.slice(i + 4);
  return new Uint8Array(0);
}

export interface Comparison {
  /** Median over rounds of (time of `peer`) / (time of `ours`): above 1 means ours is faster. */
  ratio: number;
  /** Median milliseconds per run, as context. */
  oursMs: number;
  peerMs: number;
  rounds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Time `ours` against `peer` in the same process: a warm-up of both (at least `warmupMs` and three runs each),
 * then `rounds` interleaved rounds (the order alternates), each running both sides for about `roundMs`.
 */
export async function compare(
  ours: () => Promise<unknown>,
  peer: () => Promise<unknown>,
  { warmupMs = 1500, rounds = 11, roundMs = 200 } = {},
): Promise<Comparison> {
  const time = async (fn: () => Promise<unknown>, n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return (performance.now() - t0) / n;
  };
  let oursMs = 0;
  let peerMs = 0;
  const start = performance.now();
  for (let i = 0; i < 3 || performance.now() - start < warmupMs; i++) {
    oursMs = await time(ours, 1);
    peerMs = await time(peer, 1);
  }
  const nOurs = Math.max(1, Math.round(roundMs / oursMs));
  const nPeer = Math.max(1, Math.round(roundMs / peerMs));
  const ratios: number[] = [];
  const oursTimes: number[] = [];
  const peerTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let o: number;
    let p: number;
    if (r % 2 === 0) {
      o = await time(ours, nOurs);
      p = await time(peer, nPeer);
    } else {
      p = await time(peer, nPeer);
      o = await time(ours, nOurs);
    }
    oursTimes.push(o);
    peerTimes.push(p);
    ratios.push(p / o);
  }
  return { ratio: median(ratios), oursMs: median(oursTimes), peerMs: median(peerTimes), rounds };
}

/** The Chromium row: the body-hash path (and the whole verifyDkim) against crypto.subtle.digest on the same body. */
export async function browserRow(pem: string, record: string, size: number) {
  const privateKey = await importPrivateKey(pem);
  const resolver = oneKeyResolver(record);
  const out: Record<string, Comparison> = {};
  for (const canon of ['relaxed', 'simple'] as const) {
    const message = await makeSigned(size, canon, privateKey);
    const body = rawBody(message);
    const digest = () => globalThis.crypto.subtle.digest('SHA-256', body);
    const [check] = await verifyDkim(message, resolver, { now });
    if (check?.result !== 'pass')
      throw new Error(`The ${canon} bench message does not verify: ${check?.reason}`);
    const opts = { warmupMs: 0, rounds: 7, roundMs: 0 };
    if ((await bodyHashOneShot(message, canon)) !== (await bodyHashPath(message, canon)))
      throw new Error(`The one-shot and streamed ${canon} body hashes differ`);
    out[`bodyHash-${canon}`] = await compare(() => bodyHashPath(message, canon), digest, opts);
    if (canon === 'relaxed') {
      out.verifyDkim = await compare(() => verifyDkim(message, resolver, { now }), digest, opts);
      out['bodyHash-relaxed-one-shot-copy'] = await compare(
        () => bodyHashOneShot(message, canon),
        digest,
        opts,
      );
    }
  }
  return out;
}
