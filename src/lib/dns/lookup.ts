// One DNS question answered as a closed set of outcomes: records, NODATA, NXDOMAIN or an error (RFC 2308, RFC 6604).

import { describeDnsError, isAbortError, type DnsFailureCode } from './errors';
import { canonicalName } from './names';
import { decodeTxtData, type TxtData } from './txt';
import { rcodeName, typeNumber, type DohRecord, type DohResponse, type Resolver } from './types';

export type DnsErrorReason = 'servfail' | 'refused' | 'rcode' | DnsFailureCode;

interface LookupBase {
  name: string;
  type: string;
  /** CNAME targets followed from `name`, in order (RFC 1034 §3.6.2). */
  chain: string[];
  /** The DoH AD flag: the resolver validated the answer with DNSSEC. */
  ad: boolean;
  /** RFC 1034 §3.6.2: the name holds a CNAME and other records at once (resolvers then disagree). */
  cnameConflict?: boolean;
}

export type Lookup =
  | (LookupBase & { kind: 'records'; records: DohRecord[]; ttl: number })
  /** NOERROR with no record of the type (RFC 2308 §2.2). */
  | (LookupBase & { kind: 'nodata' })
  /** The name (or, after CNAMEs, the last target) does not exist (RFC 2308 §2.1, RFC 6604 §3). */
  | (LookupBase & { kind: 'nxdomain' })
  /** Nothing is known: SERVFAIL, REFUSED, a timeout or a transport failure. Never "missing". */
  | (LookupBase & { kind: 'error'; reason: DnsErrorReason; message: string });

export type LookupKind = Lookup['kind'];

/** Follow the CNAME chain in an answer and keep the records of the asked type owned by the chain's end. */
export function interpretResponse(name: string, type: string, response: DohResponse): Lookup {
  const answers = Array.isArray(response.Answer) ? response.Answer : [];
  const wanted = typeNumber(type);
  const chain: string[] = [];
  let current = canonicalName(name);
  const owners = new Set([current]);
  // RFC 1034 §3.6.2: follow CNAMEs; a loop or a chain longer than the answer ends the walk.
  for (let hop = 0; hop <= answers.length; hop++) {
    const cname = answers.find((r) => r.type === 5 && canonicalName(r.name) === current);
    if (!cname || wanted === 5) break;
    const target = canonicalName(cname.data);
    if (owners.has(target)) break;
    chain.push(target);
    owners.add(target);
    current = target;
  }
  const base: LookupBase = { name: canonicalName(name), type, chain, ad: response.AD === true };
  const qname = canonicalName(name);
  if (
    wanted !== 5 &&
    answers.some((r) => r.type === 5 && canonicalName(r.name) === qname) &&
    answers.some((r) => r.type === wanted && canonicalName(r.name) === qname)
  ) {
    base.cnameConflict = true;
  }
  const status = response.Status;
  if (status === 2)
    return { ...base, kind: 'error', reason: 'servfail', message: 'The DNS server failed (SERVFAIL).' };
  if (status === 5)
    return { ...base, kind: 'error', reason: 'refused', message: 'The DNS server refused (REFUSED).' };
  if (status === 3) return { ...base, kind: 'nxdomain' };
  if (status !== 0) {
    return {
      ...base,
      kind: 'error',
      reason: 'rcode',
      message: `The DNS server answered ${rcodeName(status)}.`,
    };
  }
  const records = answers.filter(
    (r) =>
      (wanted === null || r.type === wanted) &&
      owners.has(canonicalName(r.name)) &&
      typeof r.data === 'string',
  );
  // Records owned by the end of the chain are the answer; tolerate providers that name them differently.
  const own = records.filter((r) => canonicalName(r.name) === current);
  const picked = own.length > 0 ? own : records;
  if (picked.length === 0) return { ...base, kind: 'nodata' };
  const ttl = Math.min(...picked.map((r) => (Number.isFinite(r.TTL) ? r.TTL : 0)));
  return { ...base, kind: 'records', records: picked, ttl };
}

/** Ask the resolver and classify the outcome; a rejected query becomes an `error` outcome, not a throw. */
export async function lookup(
  resolver: Resolver,
  name: string,
  type: string,
  signal?: AbortSignal,
): Promise<Lookup> {
  try {
    const response = await resolver.query(name, type, signal);
    if (typeof response !== 'object' || response === null || typeof response.Status !== 'number') {
      return {
        name: canonicalName(name),
        type,
        chain: [],
        ad: false,
        kind: 'error',
        reason: 'bad-response',
        message: 'The DNS answer was not in DoH JSON form.',
      };
    }
    return interpretResponse(name, type, response);
  } catch (error) {
    if (isAbortError(error) && signal?.aborted) throw error;
    const { code, message } = describeDnsError(error);
    return { name: canonicalName(name), type, chain: [], ad: false, kind: 'error', reason: code, message };
  }
}

/** TXT records of a lookup, decoded (empty unless the outcome is `records`). */
export function txtRecords(result: Lookup): TxtData[] {
  return result.kind === 'records' ? result.records.map((r) => decodeTxtData(r.data)) : [];
}

export interface MxData {
  preference: number;
  exchange: string;
}

/** MX `data` is "<preference> <exchange>" (both providers). */
export function parseMxData(data: string): MxData | null {
  const m = /^\s*(\d{1,5})\s+(\S+)\s*$/.exec(data);
  if (!m) return null;
  const preference = Number(m[1]);
  if (preference > 65535) return null;
  const exchange = m[2]!;
  return { preference, exchange: exchange === '.' ? '.' : canonicalName(exchange) };
}

/** Is this outcome "the name/type has nothing", as opposed to "we could not find out"? */
export function isNegative(result: Lookup): boolean {
  return result.kind === 'nodata' || result.kind === 'nxdomain';
}

export function describeLookup(result: Lookup): string {
  switch (result.kind) {
    case 'records':
      return `${result.records.length} record${result.records.length === 1 ? '' : 's'}`;
    case 'nodata':
      return `no ${result.type} record (the name exists)`;
    case 'nxdomain':
      return 'the name does not exist (NXDOMAIN)';
    case 'error':
      return result.message;
  }
}
