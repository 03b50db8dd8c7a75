import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../tests/support/report-files';
import { isSkippedZipEntry, readZipDirectory, zipEntryData } from './zip';

describe('readZipDirectory', () => {
  it('lists members with their methods, sizes and CRCs, and finds each member’s data', () => {
    const zip = makeZip([
      { name: 'a.xml', data: 'aaaa', stored: true },
      { name: 'dir/b.xml.gz', data: 'bbbb' },
    ]);
    const dir = readZipDirectory(zip);
    expect(dir.ok && dir.entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['a.xml', 0, 4],
      ['dir/b.xml.gz', 8, 4],
    ]);
    const data = dir.ok && zipEntryData(zip, dir.entries[0]!);
    expect(data && data.ok && new TextDecoder().decode(data.data)).toBe('aaaa');
  });

  it('reads ZIP64 sizes from the extra field', () => {
    const zip = Buffer.from(makeZip([{ name: 'a.xml', data: 'aaaa', stored: true }]));
    // Rewrite the central entry's sizes as 0xFFFFFFFF with a ZIP64 extra field holding the real ones.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const extra = Buffer.alloc(20);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(4n, 4);
    extra.writeBigUInt64LE(4n, 12);
    const entry = Buffer.from(zip.subarray(central, central + 46 + 5));
    entry.writeUInt32LE(0xffffffff, 20);
    entry.writeUInt32LE(0xffffffff, 24);
    entry.writeUInt16LE(20, 30);
    const end = Buffer.from(zip.subarray(central + 51));
    end.writeUInt32LE(51 + 20, 12);
    const rebuilt = Buffer.concat([zip.subarray(0, central), entry, extra, end]);
    const dir = readZipDirectory(rebuilt);
    expect(dir.ok && dir.entries[0]).toMatchObject({ size: 4, compressedSize: 4 });
  });

  it('walks local headers when the directory is cut off, and refuses what is not an archive', () => {
    const zip = makeZip([
      { name: 'a.xml', data: 'x'.repeat(100) },
      { name: 'b.xml', data: 'y'.repeat(100) },
    ]);
    const cut = readZipDirectory(zip.subarray(0, zip.length - 30));
    expect(cut.ok && cut.entries.map((e) => e.name)).toEqual(['a.xml', 'b.xml']);
    expect(readZipDirectory(new Uint8Array(100))).toMatchObject({ ok: false, code: 'corrupt' });
  });

  it('skips folders and macOS resource forks', () => {
    const entry = (name: string) => ({
      name,
      method: 0,
      encrypted: false,
      crc: 0,
      compressedSize: 0,
      size: 0,
      localOffset: 0,
    });
    expect(['dir/', '__MACOSX/a.xml', 'x/._a.xml', 'a.xml'].map((n) => isSkippedZipEntry(entry(n)))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
