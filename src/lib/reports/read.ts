// readReports(): many files at once — XML, gzip, zip, JSON, e-mail messages and mbox files, nested in each other —
// each told apart by its bytes, read under the caps of ./limits, deduplicated by kind + organization + report id,
// alone or added to what earlier drops read.

import { parseMime, entityBody, walkEntities, type MimeEntity } from '../mime/entity';
import { splitMbox } from '../mime/mbox';
import { parseAggregateXml } from './aggregate';
import { readFailureReports } from './failure';
import { gunzip, inflateRaw } from './inflate';
import {
  MAX_CONTAINER_DEPTH,
  MAX_ERRORS_LISTED,
  MAX_FILE_BYTES,
  MAX_INFLATED_BYTES,
  MAX_MBOX_MESSAGES,
  MAX_REPORTS,
  MAX_TOTAL_INFLATED_BYTES,
  MAX_TOTAL_RECORDS,
} from './limits';
import { sniffFormat, describeSniffed } from './sniff';
import { parseTlsReportJson } from './tlsrpt';
import type { ReadError, ReadErrorCode, ReadProgress, ReadResult, Report, ReportSource } from './types';
import { crc32 } from './crc32';
import { isSkippedZipEntry, readZipDirectory, zipEntryData } from './zip';

export interface ReadOptions {
  signal?: AbortSignal;
  /** Called after each file and each archive member. */
  onProgress?: (progress: ReadProgress) => void;
  /**
   * What earlier drops read: kept and added to. A report read again (same kind, organization and report id) is a
   * duplicate, and the caps on reports and records held count these reports too.
   */
  held?: ReadResult;
}

interface Place {
  file: string;
  /** Path inside the file, or null for the file itself. */
  member: string | null;
  depth: number;
}

/** MIME types of parts that are message text, not attachments (unless they carry a file name). */
const BODY_TYPES = new Set(['text/plain', 'text/html', 'text/enriched', 'message/delivery-status']);

const inside = (place: Place, name: string): Place => ({
  file: place.file,
  member: place.member === null ? name : `${place.member} › ${name}`,
  depth: place.depth + 1,
});

export class ReportReader {
  readonly reports: Report[] = [];
  readonly errors: ReadError[] = [];
  /** Errors past MAX_ERRORS_LISTED: counted, not kept. */
  errorsUnlisted = 0;
  duplicates = 0;
  cancelled = false;
  records = 0;
  messages = 0;
  bytesIn = 0;
  bytesInflated = 0;
  readonly #seen = new Set<string>();
  readonly #signal: AbortSignal | undefined;
  readonly #onStep: (() => void) | undefined;
  /** Reports and records read by earlier drops, counted against the caps. */
  readonly #heldReports: number;
  readonly #heldRecords: number;
  #lastBreath = 0;

  constructor(signal?: AbortSignal, onStep?: () => void, held?: ReadResult) {
    this.#signal = signal;
    this.#onStep = onStep;
    this.#heldReports = held?.reports.length ?? 0;
    this.#heldRecords = held?.stats.records ?? 0;
    for (const report of held?.reports ?? []) this.#seen.add(reportKey(report));
  }

  /** Let the event loop run (a Worker's cancel message) every 50 ms of work, and report progress. */
  async breathe(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastBreath < 50) return;
    this.#lastBreath = now;
    this.#onStep?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** Keep an error, or only count it once MAX_ERRORS_LISTED are kept. */
  fail(entry: ReadError): void {
    if (this.errors.length < MAX_ERRORS_LISTED) this.errors.push(entry);
    else this.errorsUnlisted++;
  }

  #error(place: Place, code: ReadErrorCode, error: string): void {
    const entry: ReadError = { file: place.file, error, code };
    if (place.member !== null) entry.member = place.member;
    this.fail(entry);
  }

  #add(report: Report): void {
    const key = reportKey(report);
    if (this.#seen.has(key)) {
      this.duplicates++;
      return;
    }
    if (this.#heldReports + this.reports.length >= MAX_REPORTS) {
      this.#error(
        { file: report.source.file, member: report.source.member, depth: 0 },
        'limit',
        `At most ${MAX_REPORTS.toLocaleString('en-US')} reports are held at once, counting every report read so far: start over to read others.`,
      );
      return;
    }
    this.#seen.add(key);
    this.reports.push(report);
    if (report.kind === 'dmarc-aggregate')
      for (const r of report.records) {
        this.records++;
        this.messages += r.count;
      }
  }

  /** Read one file or member; errors become entries, never exceptions. */
  async read(place: Place, bytes: Uint8Array): Promise<void> {
    if (this.#signal?.aborted) {
      this.cancelled = true;
      return;
    }
    const kind = sniffFormat(bytes);
    if (
      place.depth > MAX_CONTAINER_DEPTH &&
      (kind === 'gzip' || kind === 'zip' || kind === 'message' || kind === 'mbox')
    )
      return this.#error(
        place,
        'limit',
        `Containers are nested more than ${MAX_CONTAINER_DEPTH} deep (zip in e-mail in zip …).`,
      );
    const source: ReportSource = { file: place.file, member: place.member };
    switch (kind) {
      case 'empty':
        return this.#error(place, 'empty', 'The file is empty.');
      case 'gzip':
        return this.#gzip(place, bytes);
      case 'zip':
        return this.#zip(place, bytes);
      case 'xml': {
        const parsed = parseAggregateXml(
          xmlBytes(bytes),
          source,
          MAX_TOTAL_RECORDS - this.#heldRecords - this.records,
        );
        if (!parsed.ok) return this.#error(place, parsed.code, parsed.error);
        return parsed.reports.forEach((r) => this.#add(r));
      }
      case 'json': {
        const parsed = parseTlsReportJson(bytes, source);
        if (!parsed.ok) return this.#error(place, parsed.code, parsed.error);
        return parsed.reports.forEach((r) => this.#add(r));
      }
      case 'message':
        return this.#message(place, bytes);
      case 'mbox':
        return this.#mbox(place, bytes);
      case 'unknown':
        return this.#error(place, 'not-a-report', `This is not a report: it is ${describeSniffed(kind)}.`);
    }
  }

  #budget(): number {
    return Math.min(MAX_INFLATED_BYTES, MAX_TOTAL_INFLATED_BYTES - this.bytesInflated);
  }

  async #gzip(place: Place, bytes: Uint8Array): Promise<void> {
    const out = await gunzip(bytes, this.#budget(), this.#signal);
    if (!out.ok) {
      if (out.code === 'cancelled') this.cancelled = true;
      return this.#error(place, out.code, out.error);
    }
    this.bytesInflated += out.bytes.length;
    const before = this.reports.length;
    await this.read({ ...place, depth: place.depth + 1 }, out.bytes);
    for (const report of this.reports.slice(before)) report.warnings.push(...out.warnings);
  }

  async #zip(place: Place, bytes: Uint8Array): Promise<void> {
    const dir = readZipDirectory(bytes);
    if (!dir.ok) return this.#error(place, dir.code, dir.error);
    for (const warning of dir.warnings) this.#error(place, 'corrupt', warning);
    let read = 0;
    for (const entry of dir.entries) {
      if (this.#signal?.aborted) {
        this.cancelled = true;
        return;
      }
      if (isSkippedZipEntry(entry)) continue;
      const member = inside(place, entry.name);
      if (entry.encrypted) {
        this.#error(member, 'unsupported', 'The member is encrypted.');
        continue;
      }
      if (entry.method !== 0 && entry.method !== 8) {
        this.#error(
          member,
          'unsupported',
          `The member uses compression method ${entry.method}; only deflate is read.`,
        );
        continue;
      }
      if (entry.size > this.#budget()) {
        this.#error(
          member,
          'too-large',
          `The member says it holds ${entry.size} bytes, more than a report can be.`,
        );
        continue;
      }
      const data = zipEntryData(bytes, entry);
      if (!data.ok) {
        this.#error(member, 'corrupt', data.error);
        continue;
      }
      let content = data.data;
      if (entry.method === 8) {
        const out = await inflateRaw(data.data, this.#budget(), this.#signal);
        if (!out.ok) {
          if (out.code === 'cancelled') this.cancelled = true;
          this.#error(member, out.code, out.error);
          continue;
        }
        content = out.bytes;
        this.bytesInflated += content.length;
      }
      // APPNOTE 4.4.7: the CRC-32 of the uncompressed data, checked so damage is not read as a report.
      if (content.length !== entry.size || crc32(content) !== entry.crc) {
        this.#error(
          member,
          'corrupt',
          'The member is damaged (its size or CRC-32 does not match the archive).',
        );
        continue;
      }
      await this.read(member, content);
      await this.breathe();
      read++;
    }
    if (read === 0 && dir.entries.length === 0) this.#error(place, 'empty', 'The zip archive is empty.');
  }

  async #message(place: Place, bytes: Uint8Array): Promise<void> {
    const message = parseMime(bytes);
    const before = this.reports.length + this.duplicates;
    const errorsBefore = this.errors.length;
    const attachments: MimeEntity[] = [];
    for (const entity of walkEntities(message.root)) {
      const type = entity.contentType.value;
      if (type.startsWith('multipart/') || type.startsWith('message/') || type === 'text/rfc822-headers')
        continue;
      if (BODY_TYPES.has(type) && entity.filename === null && entity !== message.root) continue;
      if (BODY_TYPES.has(type) && entity === message.root && entity.filename === null) continue;
      attachments.push(entity);
    }
    for (const [i, part] of attachments.entries()) {
      const name = part.filename ?? `part ${i + 1} (${part.contentType.value})`;
      const body = entityBody(part);
      const kind = sniffFormat(body);
      // Other attachments of a mailbox export (a PDF, an image) are not reports and not errors.
      if (kind === 'unknown' || kind === 'empty') continue;
      await this.read(inside(place, name), body);
    }
    for (const report of readFailureReports(message.root, { file: place.file, member: place.member }))
      this.#add(report);
    if (this.reports.length + this.duplicates === before && this.errors.length === errorsBefore)
      this.#error(
        place,
        'not-a-report',
        'The message holds no DMARC or TLS report (no report attachment or feedback report).',
      );
  }

  async #mbox(place: Place, bytes: Uint8Array): Promise<void> {
    const { messages, more } = splitMbox(bytes, MAX_MBOX_MESSAGES);
    // A message that merely starts with a "From " line (no real separator) is read as one message.
    if (messages.length === 0) return this.#message(place, bytes);
    if (more)
      this.#error(place, 'limit', `Only the first ${MAX_MBOX_MESSAGES} messages of the mailbox were read.`);
    for (const [i, [start, end]] of messages.entries()) {
      if (this.#signal?.aborted) {
        this.cancelled = true;
        return;
      }
      await this.#message(inside(place, `message ${i + 1}`), bytes.subarray(start, end));
      await this.breathe();
    }
  }
}

/** RFC 9990 §3.1.1: a resent report keeps its report id; the same report in two archives or drops is one report. */
function reportKey(report: Report): string {
  return `${report.kind}\u0000${(report.orgName ?? '').toLowerCase()}\u0000${report.reportId}`;
}

/** UTF-16 XML (a byte-order mark) re-encoded as UTF-8 for the scanner; other bytes as they are. */
function xmlBytes(bytes: Uint8Array): Uint8Array {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return bytes;
  const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
  return new TextEncoder().encode(text.replace(/^(<\?xml[^>]*?)encoding\s*=\s*["'][^"']*["']/, '$1'));
}

/**
 * Read report files (the public contract's entry point). Never throws: what cannot be read is an entry in
 * `errors`, and the other files are still read. `signal` cancels; what was read before is returned.
 */
export async function readReports(
  files: Array<{ name: string; bytes: Uint8Array }>,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const bytesTotal = files.reduce((n, f) => n + f.bytes.length, 0);
  let bytesDone = 0;
  let current: { index: number; name: string | null } = { index: 0, name: null };
  const progress = () =>
    options.onProgress?.({
      filesDone: current.index,
      filesTotal: files.length,
      bytesDone,
      bytesTotal,
      file: current.name,
      reports: reader.reports.length,
      records: reader.records,
    });
  const reader = new ReportReader(options.signal, progress, options.held);
  for (const [i, file] of files.entries()) {
    if (options.signal?.aborted) {
      reader.cancelled = true;
      break;
    }
    current = { index: i, name: file.name };
    progress();
    const place: Place = { file: file.name, member: null, depth: 0 };
    try {
      if (file.bytes.length > MAX_FILE_BYTES)
        reader.fail({
          file: file.name,
          code: 'too-large',
          error: `The file is ${Math.round(file.bytes.length / 1048576)} MB; at most ${MAX_FILE_BYTES / 1048576} MB per file is read.`,
        });
      else await reader.read(place, file.bytes);
    } catch (error) {
      // A bug must not lose the other files: report it against this one.
      reader.fail({
        file: file.name,
        code: 'corrupt',
        error: `The file could not be read (${error instanceof Error ? error.message : String(error)}).`,
      });
    }
    reader.bytesIn += file.bytes.length;
    bytesDone += file.bytes.length;
    await reader.breathe();
  }
  if (reader.cancelled) reader.errors.push({ file: '', code: 'cancelled', error: 'Reading was cancelled.' });
  current = { index: files.length, name: null };
  progress();
  const count = (kind: Report['kind']) => reader.reports.filter((r) => r.kind === kind).length;
  const held = options.held;
  const before = held?.stats;
  // An earlier drop's "cancelled" entry is history: the flag is this drop's.
  const notCancelled = (e: ReadError) => e.code !== 'cancelled';
  const earlier = held?.errors.filter(notCancelled) ?? [];
  const mine = reader.errors.filter(notCancelled);
  const room = Math.max(0, MAX_ERRORS_LISTED - earlier.length);
  const errors = [...earlier, ...mine.slice(0, room), ...reader.errors.filter((e) => !notCancelled(e))];
  return {
    reports: held ? held.reports.concat(reader.reports) : reader.reports,
    duplicates: (held?.duplicates ?? 0) + reader.duplicates,
    errors,
    errorsUnlisted: (held?.errorsUnlisted ?? 0) + reader.errorsUnlisted + Math.max(0, mine.length - room),
    cancelled: reader.cancelled,
    stats: {
      files: (before?.files ?? 0) + files.length,
      bytesIn: (before?.bytesIn ?? 0) + reader.bytesIn,
      bytesInflated: (before?.bytesInflated ?? 0) + reader.bytesInflated,
      records: (before?.records ?? 0) + reader.records,
      messages: (before?.messages ?? 0) + reader.messages,
      aggregate: (before?.aggregate ?? 0) + count('dmarc-aggregate'),
      tls: (before?.tls ?? 0) + count('tls-rpt'),
      failure: (before?.failure ?? 0) + count('dmarc-failure'),
    },
    drops: (held?.drops ?? 0) + 1,
    drop: {
      files: files.length,
      reports: reader.reports.length,
      duplicates: reader.duplicates,
      errors: mine.length + reader.errorsUnlisted,
    },
  };
}
