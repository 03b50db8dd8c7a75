// RFC 7208 §4.4–§4.5: finding the one SPF record of a domain among its TXT records.

import { lookup, txtRecords, type Lookup } from '../dns/lookup';
import type { TxtData } from '../dns/txt';
import type { Resolver } from '../dns/types';
import { isSpfRecord } from './parse';

export type SpfRecordLookup =
  | { kind: 'found'; text: string; txt: TxtData; lookup: Lookup; otherTxt: TxtData[] }
  /** No SPF record: the name does not exist, or none of its TXT records starts with v=spf1. */
  | { kind: 'none'; nxdomain: boolean; lookup: Lookup; otherTxt: TxtData[] }
  /** RFC 7208 §4.5: more than one v=spf1 record is a permerror. */
  | { kind: 'multiple'; records: string[]; lookup: Lookup }
  /** DNS failure (SERVFAIL, timeout…): temperror, never "no record". */
  | { kind: 'error'; lookup: Lookup & { kind: 'error' } };

export async function fetchSpfRecord(
  resolver: Resolver,
  domain: string,
  signal?: AbortSignal,
): Promise<SpfRecordLookup> {
  const result = await lookup(resolver, domain, 'TXT', signal);
  if (result.kind === 'error') return { kind: 'error', lookup: result };
  const all = txtRecords(result);
  const spf = all.filter((t) => isSpfRecord(t.text));
  const otherTxt = all.filter((t) => !isSpfRecord(t.text));
  if (spf.length === 0)
    return { kind: 'none', nxdomain: result.kind === 'nxdomain', lookup: result, otherTxt };
  if (spf.length > 1) return { kind: 'multiple', records: spf.map((t) => t.text), lookup: result };
  return { kind: 'found', text: spf[0]!.text, txt: spf[0]!, lookup: result, otherTxt };
}
