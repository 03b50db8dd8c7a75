// RFC 7208 §4.4–§4.5: finding the one SPF record of a domain among its TXT records.

import { bomRecordOf, fetchTaggedRecord, type TaggedRecordLookup } from '../dns/tagged-record';
import type { TxtData } from '../dns/txt';
import type { Resolver } from '../dns/types';
import { isSpfRecord } from './grammar';

/** RFC 7208 §4.5: none → "none", several → permerror, a DNS failure → temperror (never "no record"). */
export type SpfRecordLookup = TaggedRecordLookup;

export function fetchSpfRecord(
  resolver: Resolver,
  domain: string,
  signal?: AbortSignal,
): Promise<SpfRecordLookup> {
  return fetchTaggedRecord(resolver, domain, isSpfRecord, signal);
}

/**
 * RFC 7208 §4.5: a record must begin with "v=spf1"; one that begins with a byte-order mark is not SPF to a
 * receiver. The first such TXT record (without its mark), so it can be reported rather than read silently.
 */
export function bomSpfRecord(txt: readonly TxtData[]): string | null {
  return bomRecordOf(txt, isSpfRecord);
}
