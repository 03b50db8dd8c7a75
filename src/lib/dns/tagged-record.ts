// RFC 7208 §4.5, RFC 9989 §4.6, RFC 8461 §3.1, RFC 8460 §3, BIMI: a policy record is the one TXT record at a name
// that starts with its version tag. One lookup for all of them, with the outcomes kept apart: found, none (the name
// or the record is absent), multiple (receivers then ignore or reject them all) and error (DNS failed: never
// "no record").

import { lookup, txtRecords, type Lookup } from './lookup';
import type { TxtData } from './txt';
import type { Resolver } from './types';

export type TaggedRecordLookup =
  | { kind: 'found'; text: string; txt: TxtData; lookup: Lookup; otherTxt: TxtData[] }
  /** No such record: the name does not exist (`nxdomain`), or none of its TXT records is one. */
  | { kind: 'none'; nxdomain: boolean; lookup: Lookup; otherTxt: TxtData[] }
  /** More than one record: each protocol says receivers treat this as an error or as no record. */
  | { kind: 'multiple'; records: string[]; txt: TxtData[]; lookup: Lookup; otherTxt: TxtData[] }
  /** DNS failure (SERVFAIL, REFUSED, timeout…): could not check, never "no record". */
  | { kind: 'error'; message: string; lookup: Lookup & { kind: 'error' } };

/** Look up `name`'s TXT records and pick the ones `isRecord` recognizes (by their version tag). */
export async function fetchTaggedRecord(
  resolver: Resolver,
  name: string,
  isRecord: (text: string) => boolean,
  signal?: AbortSignal,
): Promise<TaggedRecordLookup> {
  const result = await lookup(resolver, name, 'TXT', signal);
  if (result.kind === 'error') return { kind: 'error', message: result.message, lookup: result };
  const all = txtRecords(result);
  const matching = all.filter((t) => isRecord(t.text));
  const otherTxt = all.filter((t) => !isRecord(t.text));
  if (matching.length === 0)
    return { kind: 'none', nxdomain: result.kind === 'nxdomain', lookup: result, otherTxt };
  if (matching.length > 1)
    return {
      kind: 'multiple',
      records: matching.map((t) => t.text),
      txt: matching,
      lookup: result,
      otherTxt,
    };
  return { kind: 'found', text: matching[0]!.text, txt: matching[0]!, lookup: result, otherTxt };
}
