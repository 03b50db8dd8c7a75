// A policy record (MTA-STS RFC 8461 §3.1, TLS-RPT RFC 8460 §3, BIMI) looked up with fetchTaggedRecord, read into
// the one area shape: the status, the record as published and as parsed, and the findings every such area shares
// (could not check, several records, an invalid record, a record hidden behind a byte-order mark), worded once.

import type { TaggedRecordLookup } from '../dns/tagged-record';
import type { RecordStatus } from './area';
import { dnsFailureFinding, type Finding } from './finding';
import type { Issue, RecordParse } from './issue';

/**
 * An area's codes for the statuses every record area has, named from the area's prefix: `no-<prefix>` (the area
 * words it itself), and the four readRecord gives: `<prefix>-dns-error`, `<prefix>-multiple`, `<prefix>-invalid` (or
 * the area's own name for it) and `<prefix>-bom`. An area's code list spreads these in, so each is written once.
 */
export function recordCodes<P extends string, Invalid extends string = `${P}-invalid`>(
  prefix: P,
  invalid?: Invalid,
) {
  return {
    none: `no-${prefix}`,
    error: `${prefix}-dns-error`,
    multiple: `${prefix}-multiple`,
    invalid: invalid ?? (`${prefix}-invalid` as Invalid),
    bom: `${prefix}-bom`,
  } as const;
}

export interface RecordWords<Code extends string> {
  /** The protocol as people name it ("MTA-STS"). */
  name: string;
  /** The domain the findings are about. */
  domain: string;
  codes: { error: Code; multiple: Code; invalid: Code; bom: Code };
  /** What receivers do when there are several records. */
  multipleDetail: string;
  /** How to fix an invalid record, when the parser's own advice is not enough. */
  invalidFix?: string;
  spec?: string;
}

export interface RecordReading<Parsed, IssueCode extends string, Code extends string> {
  status: RecordStatus;
  /** The text of the one record (found or invalid). */
  record: string | null;
  parsed: Parsed | null;
  /** The parser's issues about the record (for a found record: its warnings and notes). */
  issues: Issue<IssueCode>[];
  /** The findings of a DNS failure, several records or an invalid record; none for found or none. */
  findings: Finding<Code>[];
  /**
   * None only because the one record starts with a byte-order mark: its finding and fix (remove the mark) say all
   * there is, so the area adds no "no record, publish one" advice that would contradict the record as written.
   */
  behindBom: boolean;
}

export function readRecord<Parsed, IssueCode extends string, Code extends string>(
  lookup: TaggedRecordLookup,
  parse: (text: string) => RecordParse<Parsed, IssueCode>,
  words: RecordWords<Code>,
): RecordReading<Parsed, IssueCode, Code> {
  const { name, domain, codes } = words;
  const spec = words.spec === undefined ? {} : { spec: words.spec };
  const empty = { record: null, parsed: null, issues: [], behindBom: false };
  switch (lookup.kind) {
    case 'error':
      return {
        ...empty,
        status: 'error',
        findings: [dnsFailureFinding(codes.error, `Could not check ${name}`, lookup.lookup, domain)],
      };
    case 'none':
      return {
        ...empty,
        status: 'none',
        findings: bomFindings(lookup.bomRecord, 'none', words),
        behindBom: lookup.bomRecord !== null,
      };
    case 'multiple':
      return {
        ...empty,
        status: 'multiple',
        findings: [
          {
            severity: 'error',
            code: codes.multiple,
            title: `More than one ${name} record`,
            detail: words.multipleDetail,
            fix: 'Keep exactly one.',
            ...spec,
            domain,
            items: lookup.records,
          },
          ...bomFindings(lookup.bomRecord, 'multiple', words),
        ],
      };
    case 'found': {
      const parsed = parse(lookup.text);
      if (parsed.ok)
        return {
          status: 'found',
          record: lookup.text,
          parsed: parsed.record,
          issues: parsed.issues,
          findings: bomFindings(lookup.bomRecord, 'found', words),
          behindBom: false,
        };
      const findings = parsed.issues
        .filter((i) => i.severity === 'error')
        .map((i): Finding<Code> => {
          const fix = words.invalidFix ?? i.fix;
          return {
            severity: 'error',
            code: codes.invalid,
            title: `The ${name} record is invalid`,
            detail: i.message,
            ...(fix === undefined ? {} : { fix }),
            ...spec,
            domain,
            ...(i.tag === undefined ? {} : { term: i.tag }),
          };
        });
      findings.push(...bomFindings(lookup.bomRecord, 'invalid', words));
      return {
        status: 'invalid',
        record: lookup.text,
        parsed: null,
        issues: parsed.issues,
        findings,
        behindBom: false,
      };
    }
  }
}

/**
 * A record that starts with a byte-order mark: receivers compare its first bytes with the version tag and do not see
 * it. An error when it is the only one (the domain meant to publish it), a warning beside a record that works.
 */
export function bomFindings<Code extends string>(
  bomRecord: string | null,
  status: RecordStatus,
  words: Pick<RecordWords<Code>, 'name' | 'domain' | 'codes' | 'spec'>,
): Finding<Code>[] {
  if (bomRecord === null) return [];
  const alone = status === 'none';
  return [
    {
      severity: alone ? 'error' : 'warning',
      code: words.codes.bom,
      title: `A ${words.name} record starts with a byte-order mark`,
      detail: `The TXT record “${bomRecord}” begins with the bytes EF BB BF (U+FEFF), so receivers do not read it as ${words.name}${alone ? ': for them the domain has no such record' : ''}.`,
      fix: 'Publish the record again without the invisible mark (retype its first characters in the DNS editor).',
      ...(words.spec === undefined ? {} : { spec: words.spec }),
      domain: words.domain,
    },
  ];
}
