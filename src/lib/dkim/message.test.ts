import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyArc } from '../arc';
import { ZoneResolver, type Zone } from '../dns/zone';
import { encodeBase64 } from '../encoding/base64';
import { binaryToBytes, bytesToBinary } from '../encoding/bytes';
import { BODY_SLICE_BYTES, type BodyHashProgress } from './body-hash';
import { prepareMessage } from './message';
import { verifyDkim } from './verify';

/** How this library split messages before it read them as bytes: the oracle for header/body splitting. */
function referenceSplit(binary: string): { fields: string[]; body: string } {
  const text = binary.replace(/\r\n|\r|\n/g, '\r\n');
  const sep = text.indexOf('\r\n\r\n');
  const head = sep === -1 ? text : text.slice(0, sep + 2);
  const fields: string[] = [];
  let current = '';
  for (const line of head.split('\r\n')) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && current !== '') current += `${line}\r\n`;
    else {
      if (current !== '') fields.push(current);
      current = `${line}\r\n`;
    }
  }
  if (current !== '') fields.push(current);
  return { fields, body: sep === -1 ? '' : text.slice(sep + 4) };
}

/** Options whose progress callback counts the body hashes computed (each ends with one `digest` report). */
function counting(): { onProgress: (p: BodyHashProgress) => void; hashes: () => number } {
  let n = 0;
  return { onProgress: (p) => void (p.stage === 'digest' && n++), hashes: () => n };
}

describe('prepareMessage', () => {
  it('splits header fields and body as the string definition does, for any line ends', () => {
    const text = fc
      .array(fc.constantFrom('A: b', 'C:d', ' e', '\tf', '\r', '\n', '\r\n', 'x', ' '), { maxLength: 40 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, (message) => {
        const prepared = prepareMessage(binaryToBytes(message));
        const want = referenceSplit(message);
        expect(prepared.fields.map((f) => f.raw)).toEqual(want.fields);
        // The body stays as it arrived; canonicalization reads its line ends.
        expect(bytesToBinary(prepared.body).replace(/\r\n|\r|\n/g, '\r\n')).toBe(want.body);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a string as UTF-8 and keeps the body a view of the bytes', () => {
    const bytes = new TextEncoder().encode('Subject: caf\u00e9\r\n\r\nbody\r\n');
    const prepared = prepareMessage(bytes);
    expect(prepared.fields[0]?.raw).toBe('Subject: caf\u00c3\u00a9\r\n');
    expect(prepared.body.buffer).toBe(bytes.buffer);
    expect(prepareMessage(prepared)).toBe(prepared);
    expect(prepareMessage('Subject: caf\u00e9\r\n\r\nbody\r\n').fields).toEqual(prepared.fields);
  });
});

describe('PreparedMessage.bodyHash', () => {
  const message = 'From: a@example.com\r\n\r\nHello  world \r\n\r\n';

  it('hashes the canonical body (RFC 6376 §3.7), cut to l= octets', async () => {
    const prepared = prepareMessage(message);
    const hash = (s: string) => encodeBase64(sha256(binaryToBytes(s)));
    expect(await prepared.bodyHash('relaxed', null)).toBe(hash('Hello world\r\n'));
    expect(await prepared.bodyHash('simple', null)).toBe(hash('Hello  world \r\n'));
    expect(await prepared.bodyHash('nonsense', null)).toBe(hash('Hello  world \r\n'));
    expect(await prepared.bodyHash('relaxed', 5)).toBe(hash('Hello'));
    expect(await prepared.bodyHash('relaxed', 500)).toBe(hash('Hello world\r\n'));
  });

  it('computes each canonicalization once, also for concurrent callers', async () => {
    const { onProgress, hashes } = counting();
    const prepared = prepareMessage(message);
    const results = await Promise.all([
      prepared.bodyHash('relaxed', null, { onProgress }),
      prepared.bodyHash('relaxed', null, { onProgress }),
      prepared.bodyHash('simple', null, { onProgress }),
    ]);
    expect(results[0]).toBe(results[1]);
    expect(await prepared.bodyHash('relaxed', null, { onProgress })).toBe(results[0]);
    expect(hashes()).toBe(2);
  });

  it('reports progress per slice and stops when cancelled', async () => {
    const body = 'word  word\t\r\n'.repeat(Math.ceil((2.5 * BODY_SLICE_BYTES) / 13));
    const prepared = prepareMessage(`From: a@example.com\r\n\r\n${body}`);
    const seen: BodyHashProgress[] = [];
    await prepared.bodyHash('relaxed', null, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.stage)).toEqual(['canonicalize', 'canonicalize', 'canonicalize', 'digest']);
    expect(seen.at(-1)).toMatchObject({ canonicalization: 'relaxed', done: body.length, total: body.length });

    const controller = new AbortController();
    const cancelled = prepared.bodyHash('simple', null, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    // A second caller sharing the run is not cancelled with it: it runs again under its own (absent) signal.
    const other = prepared.bodyHash('simple', null);
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(await other).toBe(encodeBase64(sha256(binaryToBytes(body))));
  });
});

describe('verifyDkim and verifyArc on one PreparedMessage', () => {
  const text = readFileSync('tests/fixtures/arc/stalwart/001.txt', 'latin1');
  const split = text.indexOf('\n\n');
  const zone: Zone = { records: {} };
  for (const line of text.slice(0, split).split('\n'))
    zone.records[line.slice(0, line.indexOf(' '))] = { TXT: [line.slice(line.indexOf(' ') + 1)] };
  const resolver = new ZoneResolver(zone);
  const bytes = binaryToBytes(text.slice(split + 2));

  it('read the message once and hash each canonicalization once', async () => {
    const { onProgress, hashes } = counting();
    const prepared = prepareMessage(bytes);
    const now = () => new Date('2022-03-01T00:00:00Z');
    const [dkim, arc] = await Promise.all([
      verifyDkim(prepared, resolver, { now, onProgress }),
      verifyArc(prepared, resolver, { now, onProgress }),
    ]);
    // The stalw.art signature was made before a list changed the body (as Stalwart's own test has it).
    expect(dkim.map((d) => `${d.domain}:${d.result}`)).toEqual([
      'ietf.org:pass',
      'ietf.org:pass',
      'stalw.art:fail',
    ]);
    expect(arc).toEqual({ result: 'pass', instance: 1 });
    // DKIM signs the body simple, the ARC-Message-Signature relaxed.
    expect(hashes()).toBe(2);
  });

  it('reject when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    for (const run of [verifyDkim, verifyArc])
      await expect(run(bytes, resolver, { signal: controller.signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
  });
});
