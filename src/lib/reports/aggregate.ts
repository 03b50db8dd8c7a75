// DMARC aggregate reports: RFC 7489 appendix C and RFC 9990 §3 / appendix A (namespace
// urn:ietf:params:xml:ns:dmarc-2.0, RFC 7489's, or none), read from the XML scanner's events into records.

import { formatIp, parseIp } from '../net/ip';
import * as limits from './limits';
import type {
  AggregateDkimResult,
  AggregateReason,
  AggregateRecord,
  AggregateReport,
  AggregateSpfResult,
  ReportSource,
} from './types';
import * as schema from './aggregate-schema';
import { scanXml, type XmlHandler } from './xml-scanner';
import { XmlText } from './xml-text';

// Bound once: module namespaces can be getters (dev servers, test runners), too slow per element.
const {
  CHILDREN,
  DKIM,
  F,
  FEEDBACK,
  KNOWN_UNUSED,
  LEAF,
  OUTSIDE,
  REASON,
  RECORD,
  SKIP,
  SPF,
  newRecord,
  newReport,
} = schema;
const { MAX_AUTH_RESULTS_PER_RECORD: MAX_AUTH, MAX_RECORDS_PER_REPORT: MAX_RECORDS } = limits;

export type AggregateParse =
  | { ok: true; reports: AggregateReport[] }
  | { ok: false; code: 'doctype' | 'malformed' | 'limit' | 'not-a-report'; error: string };

/** Epoch seconds from date_range (RFC 7489 appendix C: integer seconds; milliseconds and ISO dates seen too). */
function epochSeconds(text: string): number | null {
  if (/^\d{1,16}$/.test(text)) {
    const n = Number(text);
    return n > 1e11 ? Math.floor(n / 1000) : n;
  }
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? Math.floor(parsed / 1000) : null;
}

/** How each field's text is taken: free text, a lower-cased shared token, or a shared token as written. */
const TEXT = 0;
const LOWER = 1;
const EXACT = 2;
const UNSHARED = 3;
const FIELD_KIND = new Uint8Array(64).fill(LOWER);
for (const f of [
  F.orgName,
  F.email,
  F.extraContact,
  F.reportId,
  F.generator,
  F.error,
  F.version,
  F.fo,
  F.reasonComment,
  F.dkimHuman,
  F.spfHuman,
])
  FIELD_KIND[f] = TEXT;
FIELD_KIND[F.dkimSelector] = EXACT;
for (const f of [F.begin, F.end, F.pct, F.sourceIp]) FIELD_KIND[f] = UNSHARED;

/** Dotted-quad IPv4 already in its one text form (no leading zeros): most source_ip values, kept as they are. */
function isCanonicalIpv4(s: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return false;
      value = value * 10 + c - 0x30;
      if (++digits > 3 || value > 255) return false;
    } else return false;
  }
  return parts === 3 && digits > 0;
}

class AggregateBuilder implements XmlHandler {
  halt: string | null = null;
  readonly reports: AggregateReport[] = [];
  rootName: string | null = null;
  readonly #xml: XmlText;
  readonly #bytes: Uint8Array;
  readonly #source: ReportSource;
  readonly #maxRecords: number;
  readonly #ctx: number[] = [OUTSIDE];
  #report: AggregateReport | null = null;
  #record: AggregateRecord = newRecord();
  #dkim: AggregateDkimResult = { domain: '', selector: null, result: '' };
  #spf: AggregateSpfResult = { domain: '', scope: null, result: '' };
  #reason: AggregateReason = { type: '', comment: null };
  // The current leaf's text: one byte range, or a string once it came in pieces (CDATA, comments).
  #leafStart = -1;
  #leafEnd = -1;
  #leafText: string | null = null;
  #ips = new Map<string, string>();
  #unknown = new Set<string>();
  #notes = { badCount: 0, droppedAuth: 0, badIp: 0 };
  totalRecords = 0;

  /** A feedback element is open (the input ended inside it). */
  get unfinished(): boolean {
    return this.#report !== null;
  }

  constructor(bytes: Uint8Array, xml: XmlText, source: ReportSource, maxRecords: number) {
    this.#bytes = bytes;
    this.#xml = xml;
    this.#source = source;
    this.#maxRecords = maxRecords;
  }

  open(name: string, attrStart: number, attrEnd: number): void {
    const parent = this.#ctx[this.#ctx.length - 1]!;
    let child: number;
    if (parent === OUTSIDE) {
      if (name !== 'feedback') {
        // A wrapper around the report (seen: an unclosed <xs:schema>) is looked through.
        this.rootName ??= name;
        child = OUTSIDE;
      } else {
        const attrs = this.#xml.text(attrStart, attrEnd);
        const ns = /xmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']/.exec(attrs);
        this.#report = newReport(this.#source, ns ? ns[1]! : null);
        child = FEEDBACK;
      }
    } else if (parent === SKIP || parent >= LEAF) {
      child = SKIP;
    } else {
      child = CHILDREN[parent]?.get(name) ?? SKIP;
      if (child === SKIP && !KNOWN_UNUSED.has(name) && this.#unknown.size < 10) this.#unknown.add(name);
    }
    if (child >= LEAF) {
      this.#leafStart = -1;
      this.#leafText = null;
    } else if (child === RECORD) {
      this.#record = newRecord();
      if (this.#report!.records.length >= MAX_RECORDS)
        this.halt = `The report has more than ${MAX_RECORDS.toLocaleString('en-US')} records, the most one report is read with.`;
      else if (this.totalRecords >= this.#maxRecords)
        this.halt = `The records kept in memory reached their limit (${limits.MAX_TOTAL_RECORDS.toLocaleString('en-US')}, counting every report read so far): start over to read other reports.`;
    } else if (child === DKIM) this.#dkim = { domain: '', selector: null, result: '' };
    else if (child === SPF) this.#spf = { domain: '', scope: null, result: '' };
    else if (child === REASON) this.#reason = { type: '', comment: null };
    this.#ctx.push(child);
  }

  text(start: number, end: number): void {
    if (this.#ctx[this.#ctx.length - 1]! < LEAF) return;
    if (this.#leafStart < 0 && this.#leafText === null) {
      this.#leafStart = start;
      this.#leafEnd = end;
    } else this.#leafText = this.#pending() + this.#xml.text(start, end);
  }

  cdata(start: number, end: number): void {
    if (this.#ctx[this.#ctx.length - 1]! < LEAF) return;
    this.#leafText = this.#pending() + new TextDecoder().decode(this.#bytes.subarray(start, end));
  }

  #pending(): string {
    if (this.#leafText !== null) return this.#leafText;
    const text = this.#leafStart < 0 ? '' : this.#xml.text(this.#leafStart, this.#leafEnd);
    this.#leafStart = -1;
    return text;
  }

  #value(): string {
    if (this.#leafText !== null) return this.#leafText.trim();
    return this.#leafStart < 0 ? '' : this.#xml.value(this.#leafStart, this.#leafEnd);
  }

  /** The leaf's value as a shared string; enumerations and domains lower-cased. */
  #token(kind: number): string {
    const lower = kind === LOWER;
    if (this.#leafText !== null) {
      const text = this.#leafText.trim();
      return lower ? text.toLowerCase() : text;
    }
    return this.#leafStart < 0
      ? ''
      : this.#xml.token(this.#leafStart, this.#leafEnd, lower, kind !== UNSHARED);
  }

  close(): void {
    const ctx = this.#ctx.pop()!;
    if (ctx >= LEAF) {
      const field = ctx - LEAF;
      const kind = FIELD_KIND[field];
      if (field === F.count) this.#count();
      else this.#commit(field, kind === TEXT ? this.#value() : this.#token(kind!));
    } else if (ctx === RECORD) {
      this.#report!.records.push(this.#record);
      this.totalRecords++;
    } else if (ctx === DKIM) this.#pushAuth(this.#record.authDkim, this.#dkim);
    else if (ctx === SPF) this.#pushAuth(this.#record.authSpf, this.#spf);
    else if (ctx === REASON) {
      if (this.#reason.type !== '' || this.#reason.comment !== null)
        this.#pushAuth(this.#record.reasons, this.#reason);
    } else if (ctx === FEEDBACK) this.#finish();
  }

  #pushAuth<T>(list: T[], item: T): void {
    if (list.length < MAX_AUTH) list.push(item);
    else this.#notes.droppedAuth++;
  }

  #count(): void {
    const n =
      this.#leafText !== null
        ? /^\d{1,15}$/.test(this.#leafText.trim())
          ? Number(this.#leafText.trim())
          : NaN
        : this.#leafStart < 0
          ? NaN
          : this.#xml.integer(this.#leafStart, this.#leafEnd);
    if (Number.isFinite(n)) this.#record.count = n;
    else this.#notes.badCount++;
  }

  #commit(field: number, v: string): void {
    const report = this.#report!;
    const policy = report.policy;
    const r = this.#record;
    const orNull = (s: string) => (s === '' ? null : s);
    // prettier-ignore
    switch (field) {
      case F.orgName: report.orgName = v; break;
      case F.email: report.email = v || null; break;
      case F.extraContact: report.extraContactInfo = v || null; break;
      case F.reportId: report.reportId = v; break;
      case F.generator: report.generator = v || null; break;
      case F.error: if (v !== '') report.reportErrors.push(v); break;
      case F.begin: report.begin = epochSeconds(v) ?? -1; break;
      case F.end: report.end = epochSeconds(v) ?? -1; break;
      case F.version: report.version = v || null; break;
      case F.domain: policy.domain = v; break;
      case F.adkim: policy.adkim = orNull(v); break;
      case F.aspf: policy.aspf = orNull(v); break;
      case F.p: policy.p = orNull(v); break;
      case F.sp: policy.sp = orNull(v); break;
      case F.np: policy.np = orNull(v); break;
      case F.pct: policy.pct = /^\d{1,3}$/.test(v) ? Number(v) : null; break;
      case F.fo: policy.fo = v || null; break;
      case F.testing: policy.testing = orNull(v); break;
      case F.discovery: policy.discoveryMethod = orNull(v); break;
      case F.sourceIp: r.sourceIp = this.#ip(v); break;
      case F.disposition: r.disposition = v; break;
      case F.evalDkim: r.dkim = v; break;
      case F.evalSpf: r.spf = v; break;
      case F.reasonType: this.#reason.type = v; break;
      case F.reasonComment: this.#reason.comment = v || null; break;
      case F.envelopeTo: r.envelopeTo = orNull(v); break;
      case F.envelopeFrom: r.envelopeFrom = orNull(v); break;
      case F.headerFrom: r.headerFrom = v; break;
      case F.dkimDomain: this.#dkim.domain = v; break;
      case F.dkimSelector: this.#dkim.selector = v === '' ? null : v; break;
      case F.dkimResult: this.#dkim.result = v; break;
      case F.dkimHuman: if (v !== '') this.#dkim.humanResult = v; break;
      case F.spfDomain: this.#spf.domain = v; break;
      case F.spfScope: this.#spf.scope = orNull(v); break;
      case F.spfResult: this.#spf.result = v; break;
      case F.spfHuman: if (v !== '') this.#spf.humanResult = v; break;
    }
  }

  /** RFC 5952 text form, so one address written two ways (IPv6 forms, leading zeros) is one source. */
  #ip(text: string): string {
    if (isCanonicalIpv4(text)) return text;
    let known = this.#ips.get(text);
    if (known === undefined) {
      const parsed = parseIp(text);
      if (parsed === null) this.#notes.badIp++;
      known = parsed === null ? text : formatIp(parsed);
      if (this.#ips.size < 200_000) this.#ips.set(text, known);
    }
    return known;
  }

  #finish(): void {
    const report = this.#report!;
    const w = report.warnings;
    if (report.orgName === '') {
      const at = report.email?.lastIndexOf('@') ?? -1;
      report.orgName = at >= 0 ? report.email!.slice(at + 1).replace(/>$/, '') : '(unnamed reporter)';
      w.push(`The report names no organization (org_name is empty); “${report.orgName}” is shown instead.`);
    }
    if (report.reportId === '') {
      report.reportId = `${report.orgName}!${report.policy.domain}!${report.begin}!${report.end}`;
      w.push('The report has no report_id; one was made from the reporter, domain and dates.');
    }
    if (report.begin < 0 || report.end < 0) w.push('The report’s date range is not readable.');
    if (report.policy.domain === '') w.push('The report names no policy domain (policy_published/domain).');
    if (this.#notes.badCount > 0)
      w.push(`${this.#notes.badCount} record(s) had no readable message count and were counted as 0.`);
    if (this.#notes.badIp > 0)
      w.push(`${this.#notes.badIp} record(s) have a source_ip that is not an IP address.`);
    if (this.#notes.droppedAuth > 0)
      w.push(`${this.#notes.droppedAuth} auth results past ${MAX_AUTH} per record were dropped.`);
    if (this.#unknown.size > 0)
      w.push(`Elements no schema defines were skipped: ${[...this.#unknown].join(', ')}.`);
    this.#notes = { badCount: 0, droppedAuth: 0, badIp: 0 };
    this.#unknown.clear();
    this.reports.push(report);
    this.#report = null;
  }
}

/**
 * Read the aggregate report(s) in XML bytes (one `feedback` root; a file of several concatenated is read too).
 * `maxRecords` is what is left of the record budget (MAX_TOTAL_RECORDS less the records already held).
 */
export function parseAggregateXml(
  bytes: Uint8Array,
  source: ReportSource,
  maxRecords: number,
): AggregateParse {
  const scanStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // The declared encoding is read from the prolog before values are decoded.
  const head = new TextDecoder('latin1').decode(
    bytes.subarray(scanStart, Math.min(bytes.length, scanStart + 200)),
  );
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  const xml = new XmlText(bytes, declared ? declared[1]!.toLowerCase() : null);
  const builder = new AggregateBuilder(bytes, xml, source, maxRecords);
  const scan = scanXml(bytes, builder, scanStart);
  if (!scan.ok) return { ok: false, code: scan.code, error: scan.error };
  if (builder.unfinished)
    return {
      ok: false,
      code: 'malformed',
      error:
        'The XML ends before </feedback>: the report is truncated, and a partial report would give wrong totals.',
    };
  if (builder.reports.length === 0) {
    const root = builder.rootName;
    return {
      ok: false,
      code: 'not-a-report',
      error: root
        ? `This XML is not a DMARC aggregate report: its root element is <${root}>, not <feedback>.`
        : 'This XML has no elements.',
    };
  }
  const notes: string[] = [...scan.warnings];
  if (scan.unclosed.length > 0) notes.push(`The XML ends without closing <${scan.unclosed.join('>, <')}>.`);
  if (xml.invalidBytes)
    notes.push('Some text was not valid UTF-8 (or not valid characters); it was replaced with “�”.');
  if (xml.unknownEntities.size > 0)
    notes.push(
      `Unknown entity references were kept as written: ${[...xml.unknownEntities].slice(0, 5).join(', ')}.`,
    );
  if (xml.truncated) notes.push('A very long text value was cut.');
  for (const report of builder.reports) report.warnings.unshift(...notes);
  return { ok: true, reports: builder.reports };
}
