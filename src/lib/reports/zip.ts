// Zip archives (PKWARE APPNOTE 6.3.10): the central directory (ZIP64 too), read without a library; members are
// inflated by the caller with the native raw-deflate stream.

import { MAX_ZIP_MEMBERS } from './limits';

export interface ZipEntry {
  name: string;
  /** APPNOTE 4.4.5: 0 stored, 8 deflated; others are not supported. */
  method: number;
  encrypted: boolean;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's local header. */
  localOffset: number;
}

export type ZipDirectory =
  | { ok: true; entries: ZipEntry[]; warnings: string[] }
  | { ok: false; error: string; code: 'corrupt' | 'limit' };

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
/** A 64-bit field as a safe integer, or -1 past 2^53. */
const u64 = (b: Uint8Array, at: number) => {
  const high = u32(b, at + 4);
  return high >= 0x200000 ? -1 : high * 0x100000000 + u32(b, at);
};

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const utf8 = new TextDecoder('utf-8');

/** APPNOTE 4.3.16: the end record sits in the last 22 + 65,535 (comment) bytes. */
function findEnd(bytes: Uint8Array): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) if (u32(bytes, i) === EOCD) return i;
  return -1;
}

/** APPNOTE 4.5.3: the ZIP64 extra field holds the sizes and offset whose 32-bit fields are all ones. */
function applyZip64Extra(bytes: Uint8Array, start: number, end: number, entry: ZipEntry): void {
  for (let p = start; p + 4 <= end;) {
    const id = u16(bytes, p);
    const len = u16(bytes, p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const stopAt = Math.min(end, q + len);
      if (entry.size === 0xffffffff && q + 8 <= stopAt) {
        entry.size = u64(bytes, q);
        q += 8;
      }
      if (entry.compressedSize === 0xffffffff && q + 8 <= stopAt) {
        entry.compressedSize = u64(bytes, q);
        q += 8;
      }
      if (entry.localOffset === 0xffffffff && q + 8 <= stopAt) entry.localOffset = u64(bytes, q);
      return;
    }
    p += 4 + len;
  }
}

/**
 * APPNOTE 4.3.7 and 4.3.12: a local header and a central directory entry share their fields from "version needed to
 * extract" on, at `at` (4 bytes into a local header, 6 into a central entry); the name follows at `nameAt`.
 */
function readEntry(
  bytes: Uint8Array,
  at: number,
  nameAt: number,
  localOffset: number,
): { entry: ZipEntry; flags: number; nameEnd: number; extraLength: number } {
  const flags = u16(bytes, at + 2);
  const nameEnd = nameAt + u16(bytes, at + 22);
  const entry: ZipEntry = {
    // APPNOTE 4.4.4 bit 11: UTF-8 names; older archives use CP437, which UTF-8 reads right for ASCII.
    name: utf8.decode(bytes.subarray(nameAt, nameEnd)),
    method: u16(bytes, at + 4),
    encrypted: (flags & 1) !== 0,
    crc: u32(bytes, at + 10),
    compressedSize: u32(bytes, at + 14),
    size: u32(bytes, at + 18),
    localOffset,
  };
  return { entry, flags, nameEnd, extraLength: u16(bytes, at + 24) };
}

/** Entries found by walking local headers from the start: the fallback for an archive whose end is missing. */
function walkLocalHeaders(bytes: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 30 <= bytes.length && u32(bytes, p) === LOCAL && entries.length < MAX_ZIP_MEMBERS) {
    const { entry, flags, nameEnd, extraLength } = readEntry(bytes, p + 4, p + 30, p);
    // APPNOTE 4.4.4 bit 3: sizes follow the data, so the next header cannot be found without them.
    if ((flags & 8) !== 0) break;
    const next = nameEnd + extraLength + entry.compressedSize;
    if (next > bytes.length) break;
    entries.push(entry);
    p = next;
  }
  return entries;
}

export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  const end = findEnd(bytes);
  if (end < 0) {
    const entries = walkLocalHeaders(bytes);
    if (entries.length === 0)
      return {
        ok: false,
        code: 'corrupt',
        error: 'The zip archive is truncated or damaged (its directory is missing).',
      };
    return {
      ok: true,
      entries,
      warnings: [
        `The zip archive is truncated (its directory is missing); the ${entries.length} complete member(s) before the damage were read.`,
      ],
    };
  }
  let count = u16(bytes, end + 10);
  let directorySize = u32(bytes, end + 12);
  let directoryOffset = u32(bytes, end + 16);
  // APPNOTE 4.3.14–4.3.15: ZIP64 end record, found through its locator just before the end record.
  if (
    (count === 0xffff || directoryOffset === 0xffffffff) &&
    end >= 20 &&
    u32(bytes, end - 20) === ZIP64_LOCATOR
  ) {
    const at = u64(bytes, end - 12);
    if (at >= 0 && at + 56 <= bytes.length && u32(bytes, at) === ZIP64_EOCD) {
      count = u64(bytes, at + 32);
      directorySize = u64(bytes, at + 40);
      directoryOffset = u64(bytes, at + 48);
    }
  }
  if (count > MAX_ZIP_MEMBERS || count < 0)
    return {
      ok: false,
      code: 'limit',
      error: `The zip archive lists ${count} members; at most ${MAX_ZIP_MEMBERS} are read.`,
    };
  if (directoryOffset < 0 || directoryOffset + directorySize > bytes.length)
    return {
      ok: false,
      code: 'corrupt',
      error: 'The zip archive is damaged (its directory lies outside the file).',
    };
  const entries: ZipEntry[] = [];
  let p = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CENTRAL)
      return {
        ok: false,
        code: 'corrupt',
        error: `The zip archive's directory is damaged at entry ${i + 1}.`,
      };
    const commentLength = u16(bytes, p + 32);
    const { entry, nameEnd, extraLength } = readEntry(bytes, p + 6, p + 46, u32(bytes, p + 42));
    applyZip64Extra(bytes, nameEnd, nameEnd + extraLength, entry);
    entries.push(entry);
    p = nameEnd + extraLength + commentLength;
  }
  return { ok: true, entries, warnings: [] };
}

/** The compressed bytes of one member, located through its local header (APPNOTE 4.3.7). */
export function zipEntryData(
  bytes: Uint8Array,
  entry: ZipEntry,
): { ok: true; data: Uint8Array } | { ok: false; error: string } {
  const p = entry.localOffset;
  if (p < 0 || p + 30 > bytes.length || u32(bytes, p) !== LOCAL)
    return { ok: false, error: 'Its local header is missing (the archive is damaged).' };
  const start = p + 30 + u16(bytes, p + 26) + u16(bytes, p + 28);
  const stop = start + entry.compressedSize;
  if (entry.compressedSize < 0 || stop > bytes.length)
    return { ok: false, error: 'Its data runs past the end of the archive (the archive is truncated).' };
  return { ok: true, data: bytes.subarray(start, stop) };
}

/** Members that hold no report: folders and the resource forks macOS adds when zipping. */
export function isSkippedZipEntry(entry: ZipEntry): boolean {
  return entry.name.endsWith('/') || entry.name.startsWith('__MACOSX/') || /(^|\/)\._/.test(entry.name);
}
