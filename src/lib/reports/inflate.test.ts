import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { gunzip, inflateRaw } from './inflate';
import { crc32 as zlibCrc32 } from 'node:zlib';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('gunzip', () => {
  it('reads every member of a multi-member gzip file', async () => {
    const out = await gunzip(
      Buffer.concat([gzipSync('first '), gzipSync('second '), gzipSync('third')]),
      1e6,
    );
    expect(out.ok && text(out.bytes)).toBe('first second third');
  });

  it('keeps the data when bytes follow it (CRLF, zero padding), with a warning for junk', async () => {
    const crlf = await gunzip(Buffer.concat([gzipSync('report'), Buffer.from('\r\n')]), 1e6);
    expect(crlf).toMatchObject({
      ok: true,
      warnings: ['2 bytes after the end of the gzip data were ignored.'],
    });
    const zeros = await gunzip(Buffer.concat([gzipSync('report'), Buffer.alloc(64)]), 1e6);
    expect(zeros).toMatchObject({ ok: true, warnings: [] });
  });

  it('finds a member’s end when its trailer ends in zero bytes and zero padding follows', async () => {
    // ISIZE 200000 = 0x00030d40: its last byte is 0, like the padding.
    const text = 'abc'.repeat(100_000);
    const out = await gunzip(
      Buffer.concat([
        gzipSync(text.slice(0, 100_000)),
        gzipSync(text.slice(100_000)),
        Buffer.from('\r\n'),
        Buffer.alloc(100),
      ]),
      1e6,
    );
    expect(out.ok && out.bytes.length).toBe(300_000);
  });

  it('stops at the size cap, and on damage or truncation', async () => {
    expect(await gunzip(gzipSync(Buffer.alloc(100_000, 'a')), 1000)).toMatchObject({
      ok: false,
      code: 'too-large',
    });
    const gz = gzipSync(Buffer.from('x'.repeat(5000) + Math.random()));
    expect(await gunzip(gz.subarray(0, gz.length - 20), 1e6)).toMatchObject({ ok: false, code: 'corrupt' });
    const bad = Uint8Array.from(gz);
    bad[20] = bad[20]! ^ 0xff;
    bad[21] = bad[21]! ^ 0xff;
    expect((await gunzip(bad, 1e6)).ok).toBe(false);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await gunzip(gzipSync('x'), 1e6, controller.signal)).toMatchObject({
      ok: false,
      code: 'cancelled',
    });
  });
});

describe('inflateRaw', () => {
  it('inflates raw deflate data, and stops a bomb by its expansion ratio', async () => {
    const out = await inflateRaw(deflateRawSync('hello'), 1e6);
    expect(out.ok && text(out.bytes)).toBe('hello');
    expect(await inflateRaw(deflateRawSync(Buffer.alloc(16 * 1024 * 1024)), 1e9)).toMatchObject({
      ok: false,
      code: 'bomb',
    });
  });
});

describe('crc32', () => {
  it('matches zlib on every length mod 4 and across chunks', () => {
    const data = Buffer.from(Array.from({ length: 1031 }, (_, i) => (i * 37) & 0xff));
    for (const n of [0, 1, 2, 3, 4, 5, 1031])
      expect(crc32(data.subarray(0, n))).toBe(zlibCrc32(data.subarray(0, n)));
    expect(crc32(data.subarray(500), crc32(data.subarray(0, 500)))).toBe(zlibCrc32(data));
  });
});
