// RFC 7208 §4.4–§4.5: finding the one SPF record of a domain among its TXT records.

import { fetchTaggedRecord, type TaggedRecordLookup } from '../dns/tagged-record';
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
