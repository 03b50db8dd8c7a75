// DMARC policy discovery both ways: RFC 9989 §4.10 DNS tree walk and RFC 7489 §6.6.3 (Author Domain, then the
// PSL Organizational Domain), with the findings that tell them apart.

import type { Lookup } from '../dns/lookup';
import { canonicalName } from '../dns/names';
import { fetchTaggedRecord } from '../dns/tagged-record';
import type { Resolver } from '../dns/types';
import { pslOrganizationalDomain } from '../domain/org-domain';
import { isDmarcRecord, looksLikeDmarc, parseDmarcRecord } from './parse';

/** RFC 9989 §4.10: a tree walk makes at most 8 queries. */
export const MAX_TREE_WALK_QUERIES = 8;
/** RFC 9989 §4.10 step 3: names with more labels are first shortened to this many. */
const WALK_SHORTEN_TO = 7;

export interface DmarcLocation {
  /** The domain (not the _dmarc name). */
  domain: string;
  result: Lookup['kind'];
  /** The single valid DMARC record here, if exactly one. */
  record: string | null;
  /** Every v=DMARC1 record (more than one means all are discarded). */
  dmarcRecords: string[];
  /** Other TXT records at the _dmarc name. */
  otherRecords: string[];
  /** Records that almost look like DMARC (lower-case version, leading space). */
  nearMisses: string[];
  /** A DMARC record hidden behind a byte-order mark (without the mark): receivers do not see it. */
  bomRecord: string | null;
  psd: 'y' | 'n' | null;
  chain: string[];
  cnameConflict: boolean;
  error: string | null;
  /** The error's cause in a few words ("SERVFAIL", "timed out"). */
  cause: string | null;
  /** The error gives the same answer on every check (over the answer cap, the query limit). */
  lasting: boolean;
  /** The error was this tool's DNS provider's (could not connect), not the domain's DNS. */
  atResolver: boolean;
}

export type PolicySource = 'author' | 'organizational' | 'psd' | 'none' | 'error';

export interface DmarcDiscovery {
  domain: string;
  author: DmarcLocation;
  /** RFC 9989 walk from the parent (or the 7-label cut) upward, as far as it went. */
  walk: DmarcLocation[];
  /** RFC 9989 §4.10.2 Organizational Domain of the Author Domain. */
  orgDomainTreeWalk: string;
  /** RFC 7489 §3.2 Organizational Domain from the Public Suffix List. */
  orgDomainPsl: string;
  rfc9989: { source: PolicySource; domain: string | null; record: string | null };
  rfc7489: { source: PolicySource; domain: string | null; record: string | null };
  /** Queries the RFC 9989 procedure made (≤ 8). */
  treeWalkQueries: number;
}

async function queryDmarc(resolver: Resolver, domain: string, signal?: AbortSignal): Promise<DmarcLocation> {
  const found = await fetchTaggedRecord(resolver, `_dmarc.${domain}`, isDmarcRecord, signal);
  const result = found.lookup;
  const dmarcRecords = found.kind === 'found' ? [found.text] : found.kind === 'multiple' ? found.records : [];
  const bomRecord = found.kind === 'error' ? null : found.bomRecord;
  const others = (found.kind === 'error' ? [] : found.otherTxt.map((t) => t.text)).filter(
    (t) => bomRecord === null || t.slice(1) !== bomRecord,
  );
  const record = found.kind === 'found' ? found.text : null;
  let psd: DmarcLocation['psd'] = null;
  if (record) {
    const parsed = parseDmarcRecord(record);
    const value = parsed.tags.psd?.toLowerCase();
    if (value === 'y' || value === 'n') psd = value;
  }
  return {
    domain,
    result: result.kind,
    record,
    dmarcRecords,
    otherRecords: others.filter((t) => !looksLikeDmarc(t)),
    nearMisses: others.filter(looksLikeDmarc),
    bomRecord,
    psd,
    chain: result.chain,
    cnameConflict: result.cnameConflict === true,
    error: found.kind === 'error' ? found.message : null,
    cause: found.kind === 'error' ? found.lookup.cause : null,
    lasting: found.kind === 'error' && found.lookup.lasting,
    atResolver: found.kind === 'error' && found.lookup.atResolver,
  };
}

/** RFC 9989 §4.10 steps 3–5: the names a walk queries after its start, at most 8 queries in all. */
export function walkTargets(start: string, includeStart: boolean): string[] {
  const labels = canonicalName(start).split('.');
  const out: string[] = [];
  if (includeStart) out.push(labels.join('.'));
  let current = labels;
  // Step 3: with 8 or more labels, shorten to 7; otherwise drop the leftmost label.
  current = current.length >= 8 ? current.slice(current.length - WALK_SHORTEN_TO) : current.slice(1);
  while (current.length > 0 && out.length < MAX_TREE_WALK_QUERIES) {
    out.push(current.join('.'));
    current = current.slice(1);
  }
  return out;
}

/** RFC 9989 §4.10.2: choose the Organizational Domain from the records a walk found (longest name first). */
export function selectOrganizationalDomain(start: string, found: readonly DmarcLocation[]): string {
  const withRecords = found
    .filter((l) => l.record !== null)
    .sort((a, b) => b.domain.split('.').length - a.domain.split('.').length);
  for (const l of withRecords) {
    if (l.psd === 'n') return l.domain;
    if (l.psd === 'y' && l.domain !== start) {
      const startLabels = start.split('.');
      return startLabels.slice(startLabels.length - l.domain.split('.').length - 1).join('.');
    }
  }
  const fewest = withRecords[withRecords.length - 1];
  return fewest ? fewest.domain : start;
}

export async function discoverDmarc(
  domain: string,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<DmarcDiscovery> {
  const name = canonicalName(domain);
  const psl = pslOrganizationalDomain(name);
  // The author query and the walk above it do not depend on each other's answers: ask them all at once. The walk
  // continues to the top so the Organizational Domain can be chosen (RFC 9989 §4.10.2), stopping at psd=y/n.
  const targets = walkTargets(name, false);
  const [author, ...above] = await Promise.all([
    queryDmarc(resolver, name, signal),
    ...targets.map((t) => queryDmarc(resolver, t, signal)),
  ]);
  const stopAt = above.findIndex((l) => l.psd !== null);
  const walk = stopAt === -1 ? above : above.slice(0, stopAt + 1);
  const orgDomainTreeWalk = selectOrganizationalDomain(name, author!.psd ? [author!] : [author!, ...walk]);

  let rfc9989: DmarcDiscovery['rfc9989'];
  if (author!.error) rfc9989 = { source: 'error', domain: name, record: null };
  else if (author!.record) rfc9989 = { source: 'author', domain: name, record: author!.record };
  else {
    const org = walk.find((l) => l.domain === orgDomainTreeWalk && l.record);
    const psd = walk.find((l) => l.psd === 'y' && l.record);
    const failed = walk.find((l) => l.error);
    if (org) rfc9989 = { source: 'organizational', domain: org.domain, record: org.record };
    else if (psd) rfc9989 = { source: 'psd', domain: psd.domain, record: psd.record };
    else if (failed) rfc9989 = { source: 'error', domain: failed.domain, record: null };
    else rfc9989 = { source: 'none', domain: null, record: null };
  }

  let rfc7489: DmarcDiscovery['rfc7489'];
  // RFC 7489 §6.6.3: the Author Domain, then the Organizational Domain; zero or several records mean no policy.
  if (author!.error) rfc7489 = { source: 'error', domain: name, record: null };
  else if (author!.dmarcRecords.length > 1) rfc7489 = { source: 'none', domain: null, record: null };
  else if (author!.record) rfc7489 = { source: 'author', domain: name, record: author!.record };
  else if (psl !== name) {
    const org = [...above, author!].find((l) => l.domain === psl);
    if (org?.error) rfc7489 = { source: 'error', domain: psl, record: null };
    else if (org?.record) rfc7489 = { source: 'organizational', domain: psl, record: org.record };
    else rfc7489 = { source: 'none', domain: null, record: null };
  } else rfc7489 = { source: 'none', domain: null, record: null };

  return {
    domain: name,
    author: author!,
    walk,
    orgDomainTreeWalk,
    orgDomainPsl: psl,
    rfc9989,
    rfc7489,
    treeWalkQueries: Math.min(MAX_TREE_WALK_QUERIES, 1 + walk.length),
  };
}
