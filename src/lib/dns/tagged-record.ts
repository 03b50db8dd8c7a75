// RFC 7208 §4.5, RFC 9989 §4.6, RFC 8461 §3.1, RFC 8460 §3, BIMI: a policy record is the one TXT record at a name
// that starts with its version tag. One lookup for all of them, with the outcomes kept apart: found, none (the name
// or the record is absent), multiple (receivers then ignore or reject them all) and error (DNS failed: never
// "no record").

import { lookup, txtRecords, wholeRRset, type ErrorLookup, type Lookup } from './lookup';
import type { TxtData } from './txt';
import type { Resolver } from './types';

interface Answered {
  lookup: Lookup;
  /** The TXT records that are not such a record. */
  otherTxt: TxtData[];
  /**
   * A record that would be one but starts with a byte-order mark (U+FEFF), without the mark: receivers compare the
   * first bytes with the version tag, so they do not see it. Reported, never read silently.
   */
  bomRecord: string | null;
}

export type TaggedRecordLookup =
  | ({ kind: 'found'; text: string; txt: TxtData } & Answered)
  /** No such record: the name does not exist (`nxdomain`), or none of its TXT records is one. */
  | ({ kind: 'none'; nxdomain: boolean } & Answered)
  /** More than one record: each protocol says receivers treat this as an error or as no record. */
  | ({ kind: 'multiple'; records: string[]; txt: TxtData[] } & Answered)
  /** DNS failure (SERVFAIL, REFUSED, timeout, an answer too large to read whole…): could not check. */
  | { kind: 'error'; message: string; lookup: ErrorLookup };

/** The first TXT record that is one of `isRecord`'s once its byte-order mark is removed. */
export function bomRecordOf(txt: readonly TxtData[], isRecord: (text: string) => boolean): string | null {
  const hit = txt.find((t) => t.bom && isRecord(t.text.slice(1)));
  return hit ? hit.text.slice(1) : null;
}

/** Look up `name`'s TXT records and pick the ones `isRecord` recognizes (by their version tag). */
export async function fetchTaggedRecord(
  resolver: Resolver,
  name: string,
  isRecord: (text: string) => boolean,
  signal?: AbortSignal,
): Promise<TaggedRecordLookup> {
  // The one record among the TXT records needs the whole RRset: a capped answer cannot tell.
  const result = wholeRRset(await lookup(resolver, name, 'TXT', signal));
  if (result.kind === 'error') return { kind: 'error', message: result.message, lookup: result };
  const all = txtRecords(result);
  const matching = all.filter((t) => isRecord(t.text));
  const otherTxt = all.filter((t) => !isRecord(t.text));
  const answered: Answered = { lookup: result, otherTxt, bomRecord: bomRecordOf(otherTxt, isRecord) };
  if (matching.length === 0) return { kind: 'none', nxdomain: result.kind === 'nxdomain', ...answered };
  if (matching.length > 1)
    return { kind: 'multiple', records: matching.map((t) => t.text), txt: matching, ...answered };
  return { kind: 'found', text: matching[0]!.text, txt: matching[0]!, ...answered };
}
