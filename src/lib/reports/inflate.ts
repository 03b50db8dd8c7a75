// Streaming decompression with caps: gzip (RFC 1952, several members too) and raw deflate (RFC 1951) through the
// native DecompressionStream, stopped as soon as the output passes the size or expansion-ratio cap.

import { crc32 } from './crc32';
import { INFLATE_SLICE_BYTES, MAX_EXPANSION_RATIO, RATIO_GRACE_BYTES } from './limits';

export type InflateResult =
  | { ok: true; bytes: Uint8Array; warnings: string[] }
  | { ok: false; code: 'bomb' | 'too-large' | 'corrupt' | 'cancelled'; error: string };

type Run =
  | { stopped: false; failed: boolean; chunks: Uint8Array[]; length: number; message: string }
  | { stopped: true; status: 'bomb' | 'too-large' | 'cancelled'; length: number };

const MB = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** One pass of the native decompressor over `input`, reading until it ends, fails or a cap is reached. */
async function run(
  input: Uint8Array,
  format: 'gzip' | 'deflate-raw',
  maxBytes: number,
  compressedBytes: number,
  signal: AbortSignal | undefined,
): Promise<Run> {
  const stream = new DecompressionStream(format);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Feed small slices so that a bomb is stopped after at most one slice's worth of output past the cap.
  const feeding = (async () => {
    for (let offset = 0; offset < input.length; offset += INFLATE_SLICE_BYTES) {
      await writer.write(input.subarray(offset, offset + INFLATE_SLICE_BYTES) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let length = 0;
  let stop: 'bomb' | 'too-large' | 'cancelled' | null = null;
  let message = '';
  try {
    for (;;) {
      if (signal?.aborted) {
        stop = 'cancelled';
        break;
      }
      const next = await reader.read();
      if (next.done) break;
      length += next.value.length;
      if (length > maxBytes) {
        stop = 'too-large';
        break;
      }
      if (length > RATIO_GRACE_BYTES && length > compressedBytes * MAX_EXPANSION_RATIO) {
        stop = 'bomb';
        break;
      }
      chunks.push(next.value);
    }
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  if (stop !== null || message !== '') {
    await reader.cancel().catch(() => undefined);
    await writer.abort().catch(() => undefined);
  }
  await feeding;
  if (stop !== null) return { stopped: true, status: stop, length };
  return { stopped: false, failed: message !== '', chunks, length, message };
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/**
 * RFC 1952 §2.2: a gzip member ends with CRC32 and ISIZE of its data. Where a decompressor stops after the first
 * member (browsers report what follows as junk), the member's end is the place whose trailer matches the output.
 * `from` is where the member's deflate data starts.
 */
function memberEnd(input: Uint8Array, from: number, chunks: Uint8Array[], length: number): number | null {
  let crc = 0;
  for (const c of chunks) crc = crc32(c, crc);
  const size = length >>> 0;
  // The deflate data is at least 2 bytes, then the 8 trailer bytes.
  for (let end = from + 10; end <= input.length; end++) {
    if (readUint32(input, end - 4) === size && readUint32(input, end - 8) === crc) return end;
  }
  return null;
}

function cappedError(status: 'bomb' | 'too-large' | 'cancelled', maxBytes: number): InflateResult {
  if (status === 'cancelled') return { ok: false, code: 'cancelled', error: 'Reading was cancelled.' };
  if (status === 'bomb')
    return {
      ok: false,
      code: 'bomb',
      error: `Decompression stopped: the data expands more than ${MAX_EXPANSION_RATIO} times (a decompression bomb).`,
    };
  return {
    ok: false,
    code: 'too-large',
    error: `Decompression stopped at ${MB(maxBytes)}: the data is larger than a report can be.`,
  };
}

/** Decompress raw deflate data (a zip member). */
export async function inflateRaw(
  input: Uint8Array,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<InflateResult> {
  const r = await run(input, 'deflate-raw', maxBytes, input.length, signal);
  if (r.stopped) return cappedError(r.status, maxBytes);
  if (r.failed)
    return { ok: false, code: 'corrupt', error: `The compressed data is damaged (${r.message}).` };
  return { ok: true, bytes: concat(r.chunks, r.length), warnings: [] };
}

/** RFC 1952 §2.3: the member header's length (fixed part, FEXTRA, FNAME, FCOMMENT, FHCRC), or -1. */
function gzipHeaderLength(input: Uint8Array, at: number): number {
  if (input[at] !== 0x1f || input[at + 1] !== 0x8b || input[at + 2] !== 8) return -1;
  const flags = input[at + 3]!;
  let p = at + 10;
  if (flags & 4) p += 2 + (input[p]! | (input[p + 1]! << 8));
  if (flags & 8) p = input.indexOf(0, p) + 1 || input.length + 1;
  if (flags & 16) p = input.indexOf(0, p) + 1 || input.length + 1;
  if (flags & 2) p += 2;
  return p > input.length ? -1 : p - at;
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Decompress gzip data, every member of it (RFC 1952 §2.2: a file is a series of members). */
export async function gunzip(
  input: Uint8Array,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<InflateResult> {
  const parts: Uint8Array[] = [];
  const warnings: string[] = [];
  let total = 0;
  let members = 0;
  let offset = 0;
  while (offset < input.length) {
    if (input[offset] !== 0x1f || input[offset + 1] !== 0x8b) {
      if (members === 0) return { ok: false, code: 'corrupt', error: 'This is not gzip data.' };
      if (!allZero(input, offset))
        warnings.push(`${input.length - offset} bytes after the end of the gzip data were ignored.`);
      break;
    }
    const r = await run(input.subarray(offset), 'gzip', maxBytes - total, input.length, signal);
    if (r.stopped) return cappedError(r.status, maxBytes);
    members++;
    if (!r.failed) {
      parts.push(...r.chunks);
      total += r.length;
      break;
    }
    // The native reader stopped at something after the member (another member, CRLF junk) or found damage.
    // Read the member's deflate data alone and find its end by its trailer.
    const header = gzipHeaderLength(input, offset);
    const raw =
      header < 0
        ? null
        : await run(input.subarray(offset + header), 'deflate-raw', maxBytes - total, input.length, signal);
    if (raw?.stopped) return cappedError(raw.status, maxBytes);
    const end = raw ? memberEnd(input, offset + header, raw.chunks, raw.length) : null;
    if (raw === null || end === null) {
      const truncated = /end|truncat|incomplete/i.test(r.message);
      return {
        ok: false,
        code: 'corrupt',
        error: truncated
          ? `The gzip data is truncated (${r.message}).`
          : `The gzip data is damaged (${r.message}).`,
      };
    }
    parts.push(...raw.chunks);
    total += raw.length;
    offset = end;
  }
  return { ok: true, bytes: concat(parts, total), warnings };
}
