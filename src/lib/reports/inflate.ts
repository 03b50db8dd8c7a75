// Streaming decompression with caps: gzip (RFC 1952, several members too) and raw deflate (RFC 1951) through the
// native DecompressionStream, stopped as soon as the output passes the size or expansion-ratio cap.

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

/** Junk after the last member that is looked past: a CRLF or two, a little padding. */
const MAX_TRAILING_JUNK = 64;

/**
 * RFC 1952 §2.2: a file is a series of members, each ending with CRC32 and ISIZE of its data. Browsers' readers
 * stop after one member and report what follows as junk, and may drop the output read with it; so the end of
 * the member is found among the places it can be (where a next member starts, or just before trailing junk),
 * each whose ISIZE is plausible tried as a whole member by the native reader, which checks the CRC.
 */
async function nextMember(
  input: Uint8Array,
  offset: number,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<
  | { stopped: false; end: number; chunks: Uint8Array[]; length: number }
  | { stopped: true; status: 'bomb' | 'too-large' | 'cancelled' }
  | null
> {
  let end = input.length;
  while (end > offset && input[end - 1] === 0) end--;
  const candidates = new Set<number>();
  // The smallest member is 10 header + 2 deflate + 8 trailer bytes.
  for (let q = input.indexOf(0x1f, offset + 20); q !== -1 && q < end; q = input.indexOf(0x1f, q + 1))
    if (input[q + 1] === 0x8b && input[q + 2] === 8) candidates.add(q);
  // Zero padding was stripped above, and a trailer may itself end in zero bytes: look a little past it too.
  for (let q = Math.max(offset + 20, end - MAX_TRAILING_JUNK); q <= Math.min(input.length, end + 8); q++)
    candidates.add(q);
  for (const q of [...candidates].sort((x, y) => x - y)) {
    const size = readUint32(input, q - 4);
    // Deflate never shrinks data by more than its block overhead; a member's output fits the budget.
    if (size > maxBytes || size < q - offset - 20 - ((q - offset) >> 6)) continue;
    const r = await run(input.subarray(offset, q), 'gzip', maxBytes, input.length, signal);
    if (r.stopped) return { stopped: true, status: r.status };
    if (!r.failed && r.length === size) return { stopped: false, end: q, chunks: r.chunks, length: r.length };
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
    const member = await nextMember(input, offset, maxBytes - total, signal);
    if (member?.stopped) return cappedError(member.status, maxBytes);
    if (member === null) {
      const truncated = /end|truncat|incomplete/i.test(r.message);
      return {
        ok: false,
        code: 'corrupt',
        error: truncated
          ? `The gzip data is truncated (${r.message}).`
          : `The gzip data is damaged (${r.message}).`,
      };
    }
    parts.push(...member.chunks);
    total += member.length;
    offset = member.end;
  }
  return { ok: true, bytes: concat(parts, total), warnings };
}
