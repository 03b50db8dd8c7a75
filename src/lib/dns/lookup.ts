// One DNS question answered as a closed set of outcomes: records, NODATA, NXDOMAIN or an error (RFC 2308, RFC 6604).

import { describeDnsError, isAbortError, type DnsFailureCode } from './errors';
import { canonicalName } from './names';
import { decodeTxtData, type TxtData } from './txt';
import { rcodeName, typeNumber, type DohRecord, type DohResponse, type Resolver } from './types';

export type DnsErrorReason =
  | 'servfail'
  | 'refused'
  | 'rcode'
  /** TC=1 and nothing usable: the answer was cut short, not empty (RFC 1035 §4.1.1). */
  | 'truncated'
  /** The CNAME chain loops or is longer than MAX_CNAME_CHAIN (RFC 1034 §3.6.2). */
  | 'cname-loop'
  /** More records than MAX_ANSWER_RECORDS where the whole RRset is needed to judge it (`wholeRRset`). */
  | 'too-many-records'
  | DnsFailureCode;

/**
 * RFC 1034 §3.6.2 asks resolvers to follow CNAME chains but names no length; resolvers stop after about a dozen
 * restarts (Unbound 11, BIND 16) and answer SERVFAIL. A longer chain is treated as that failure.
 */
export const MAX_CNAME_CHAIN = 16;
/**
 * A DNS message is at most 65,535 octets (RFC 1035 §4.2.2), which holds a few thousand of the smallest records;
 * no real RRset comes near this. Records past the cap are not read, and `capped` says how many there were.
 */
export const MAX_ANSWER_RECORDS = 1000;

/** The few words that say why a lookup failed, for summaries ("SPF could not be checked: timed out"). */
const CAUSES: Record<Exclude<DnsErrorReason, 'rcode'>, string> = {
  servfail: 'SERVFAIL',
  refused: 'REFUSED',
  truncated: 'truncated answer',
  'cname-loop': 'CNAME loop',
  'too-many-records': `answer over ${MAX_ANSWER_RECORDS.toLocaleString('en-US')} records`,
  timeout: 'timed out',
  network: 'DNS provider unreachable',
  http: 'HTTP error from the DNS provider',
  'bad-response': 'unreadable DNS answer',
  aborted: 'cancelled',
  'invalid-name': 'name cannot be asked',
  'query-limit': 'query limit reached',
};

/** The short cause of a failure; an unusual RCODE is named ("NOTIMP"). */
export function failureCause(reason: DnsErrorReason, status?: number): string {
  return reason === 'rcode' ? rcodeName(status ?? -1) : CAUSES[reason];
}

interface LookupBase {
  name: string;
  type: string;
  /** CNAME targets followed from `name`, in order (RFC 1034 §3.6.2). */
  chain: string[];
  /** The DoH AD flag: the resolver validated the answer with DNSSEC. */
  ad: boolean;
  /** RFC 1034 §3.6.2: the name holds a CNAME and other records at once (resolvers then disagree). */
  cnameConflict?: boolean;
  /** TC=1: the answer may be incomplete (RFC 1035 §4.1.1). */
  truncated?: boolean;
}

export type Lookup =
  | (LookupBase & {
      kind: 'records';
      records: DohRecord[];
      ttl: number;
      /** The answer held more than MAX_ANSWER_RECORDS records of the type: how many (only the first are kept). */
      capped?: number;
    })
  /** NOERROR with no record of the type (RFC 2308 §2.2). */
  | (LookupBase & { kind: 'nodata' })
  /** The name (or, after CNAMEs, the last target) does not exist (RFC 2308 §2.1, RFC 6604 §3). */
  | (LookupBase & { kind: 'nxdomain' })
  /** Nothing is known: SERVFAIL, REFUSED, a timeout or a transport failure. Never "missing". */
  | ErrorLookup;

/**
 * `message` is a sentence; `cause` the few words a summary shows ("SERVFAIL", "timed out"); `lasting` whether asking
 * again gives the same failure (set where the failure is made: an answer over the cap, the query limit, a CNAME loop
 * are in the zone's data; a timeout, SERVFAIL or an unreachable provider may pass).
 */
export type ErrorLookup = LookupBase & {
  kind: 'error';
  reason: DnsErrorReason;
  message: string;
  cause: string;
  lasting: boolean;
  /** The user's own DNS provider failed (could not connect, HTTP error): nothing is known about the name. */
  atResolver: boolean;
};

export type LookupKind = Lookup['kind'];

/** Record types that may accompany an answer without answering it (DNSSEC signatures and proofs, DNAME). */
const COMPANION_TYPES = new Set([39, 46, 47, 50]);

/**
 * Failures of the DNS provider this tool asks (it could not be reached, or answered with an HTTP error): they say
 * nothing about the name asked, and only the person running the check (Settings, their connection) can change them.
 */
const AT_RESOLVER: ReadonlySet<DnsErrorReason> = new Set(['network', 'http']);

/** A failure that may pass (the server, the network or the provider): a later check may get an answer. */
function failed(base: LookupBase, reason: DnsErrorReason, message: string, status?: number): ErrorLookup {
  return {
    ...base,
    kind: 'error',
    reason,
    message,
    cause: failureCause(reason, status),
    lasting: false,
    atResolver: AT_RESOLVER.has(reason),
  };
}

/** A failure in the answer's data itself (a loop, more records than this tool reads): every later check meets it. */
function failedLasting(base: LookupBase, reason: DnsErrorReason, message: string): ErrorLookup {
  return { ...failed(base, reason, message), lasting: true };
}

/** Follow the CNAME chain in an answer and keep the records of the asked type owned by the chain's end. */
export function interpretResponse(name: string, type: string, response: DohResponse): Lookup {
  const wanted = typeNumber(type);
  const qname = canonicalName(name);
  const base: LookupBase = { name: qname, type, chain: [], ad: response.AD === true };
  if (response.TC === true) base.truncated = true;
  if (response.Answer !== undefined && !Array.isArray(response.Answer))
    return failed(base, 'bad-response', 'The DNS answer’s records were not a list, so nothing is known.');
  // Entries that are not records at all (null, numbers) are not read; the rest are checked field by field.
  const answers = (response.Answer ?? []).filter((r): r is DohRecord => typeof r === 'object' && r !== null);
  // Each owner name is canonicalized once; the CNAME of each owner is found by a map, not a scan per hop.
  const owners: string[] = [];
  const cnames = new Map<string, string>();
  let conflictingCname: string | null = null;
  for (const r of answers) {
    const owner = typeof r.name === 'string' ? canonicalName(r.name) : '';
    owners.push(owner);
    if (r.type !== 5 || typeof r.data !== 'string') continue;
    const target = canonicalName(r.data);
    const known = cnames.get(owner);
    if (known === undefined) cnames.set(owner, target);
    else if (known !== target) conflictingCname ??= owner;
  }
  const chain = base.chain;
  const onChain = new Set([qname]);
  let current = qname;
  let loop = false;
  // RFC 1034 §3.6.2: follow CNAMEs from the question to the name that holds the records.
  while (wanted !== 5) {
    const target = cnames.get(current);
    if (target === undefined) break;
    if (onChain.has(target) || chain.length >= MAX_CNAME_CHAIN) {
      loop = true;
      break;
    }
    chain.push(target);
    onChain.add(target);
    current = target;
  }
  let hasOwnCname = false;
  let hasOwnWanted = false;
  for (let i = 0; i < answers.length; i++) {
    if (owners[i] !== qname) continue;
    if (answers[i]!.type === 5) hasOwnCname = true;
    else if (answers[i]!.type === wanted) hasOwnWanted = true;
  }
  if (wanted !== 5 && hasOwnCname && hasOwnWanted) base.cnameConflict = true;
  const status = response.Status;
  if (status === 2) return failed(base, 'servfail', 'The DNS server failed (SERVFAIL).');
  if (status === 5) return failed(base, 'refused', 'The DNS server refused (REFUSED).');
  if (loop)
    return failedLasting(
      base,
      'cname-loop',
      chain.length >= MAX_CNAME_CHAIN
        ? `The CNAME chain is longer than ${MAX_CNAME_CHAIN} names; resolvers give up on it (SERVFAIL).`
        : 'The CNAME chain loops back on itself; resolvers give up on it (SERVFAIL).',
    );
  // RFC 2181 §10.1: a name holds at most one CNAME; several cannot be followed.
  if (wanted !== 5 && conflictingCname !== null && onChain.has(conflictingCname))
    return failed(
      base,
      'bad-response',
      `The answer gives ${conflictingCname} more than one CNAME, which a name cannot have (RFC 2181 §10.1), so nothing is known.`,
    );
  if (status === 3) return { ...base, kind: 'nxdomain' };
  if (status !== 0) return failed(base, 'rcode', `The DNS server answered ${rcodeName(status)}.`, status);
  const own: DohRecord[] = [];
  const onAnyOwner: DohRecord[] = [];
  let unusable = 0;
  for (let i = 0; i < answers.length; i++) {
    const r = answers[i]!;
    const t = r?.type;
    if (t === wanted && onChain.has(owners[i]!) && typeof r.data === 'string') {
      // Records owned by the end of the chain are the answer; tolerate providers that name them differently.
      if (owners[i] === current) own.push(r);
      else onAnyOwner.push(r);
    } else if (!((t === 5 && onChain.has(owners[i]!)) || COMPANION_TYPES.has(t))) unusable++;
  }
  const picked = own.length > 0 ? own : onAnyOwner;
  if (picked.length === 0) {
    if (base.truncated)
      return failed(
        base,
        'truncated',
        'The DNS answer was truncated (TC flag) and held no records, so nothing is known.',
      );
    // Records that answer another question (another name or type, unreadable data) are not "no record".
    if (unusable > 0)
      return failed(
        base,
        'bad-response',
        `The DNS answer held ${unusable} record${unusable === 1 ? '' : 's'} that do not answer ${qname} ${type}, so nothing is known.`,
      );
    return { ...base, kind: 'nodata' };
  }
  const kept = picked.length > MAX_ANSWER_RECORDS ? picked.slice(0, MAX_ANSWER_RECORDS) : picked;
  let ttl = Infinity;
  for (const r of kept) ttl = Math.min(ttl, Number.isFinite(r.TTL) ? r.TTL : 0);
  const result: Lookup = { ...base, kind: 'records', records: kept, ttl };
  if (picked.length > MAX_ANSWER_RECORDS) result.capped = picked.length;
  return result;
}

/**
 * For a record read as one RRset (the one policy record among the TXT records, a DKIM key): part of an answer
 * cannot say that the record is absent, single or several, so a capped answer becomes an error.
 */
export function wholeRRset(result: Lookup): Lookup {
  if (result.kind !== 'records' || result.capped === undefined) return result;
  const { records: _records, ttl: _ttl, capped, kind: _kind, ...base } = result;
  return failedLasting(
    base,
    'too-many-records',
    `The ${result.type} answer for ${result.name} held ${capped.toLocaleString('en-US')} records; this tool reads at most ${MAX_ANSWER_RECORDS.toLocaleString('en-US')} (no real DNS answer is that large), so the record cannot be told apart from the rest.`,
  );
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
      const base = { name: canonicalName(name), type, chain: [], ad: false };
      return failed(base, 'bad-response', 'The DNS answer was not in DoH JSON form.');
    }
    return interpretResponse(name, type, response);
  } catch (error) {
    if (isAbortError(error) && signal?.aborted) throw error;
    const { code, message, lasting } = describeDnsError(error);
    const base = { name: canonicalName(name), type, chain: [], ad: false };
    return lasting ? failedLasting(base, code, message) : failed(base, code, message);
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
