// The DKIM part of the domain check: probe selectors, lint each key, and read RFC 8020's NXDOMAIN signal (and tell a
// wildcard's NOERROR from names published below _domainkey).

import { pslOrganizationalDomain } from '../domain/org-domain';
import { lookup, txtRecords, wholeRRset } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { dnsFailureFinding, type AreaAnalysis, type Finding, type RecordStatus } from '../findings';
import {
  leavesSelectorOpen,
  readDomainkeyNode,
  wildcardProbeName,
  type DomainkeyNode,
} from './domainkey-node';
import {
  DKIM_KEY_FINDING_CODES,
  parseDkimKeyRecord,
  type DkimKey,
  type DkimKeyFindingCode,
} from './key-record';
import { selectorVerdict, type SelectorVerdict } from './selector-verdict';
import { COMMON_SELECTORS, isValidSelector, providerOfSelectorName, providerOfTarget } from './selectors';

export type { SelectorVerdict } from './selector-verdict';
export type { DomainkeyNode } from './domainkey-node';

export interface SelectorResult {
  selector: string;
  /** The user named it (not just a guess from the common list). */
  requested: boolean;
  name: string;
  status: 'found' | 'not-found' | 'error' | 'multiple' | 'dangling-cname' | 'not-dkim';
  record: string | null;
  chain: string[];
  /** Who manages the key, from the CNAME target: a known provider, else the target's organizational domain. */
  provider: string | null;
  /** Without a CNAME: the provider whose customers use this selector name (a guess, shown as one). */
  providerHint: string | null;
  key: DkimKey | null;
  findings: Finding<DkimKeyFindingCode>[];
  error: string | null;
  /** The error's cause in a few words ("SERVFAIL", "timed out"). */
  cause: string | null;
  /** The error gives the same answer on every check (over the answer cap, the query limit). */
  lasting: boolean;
  /** The error was this tool's DNS provider's (could not connect), not the domain's DNS. */
  atResolver: boolean;
  /** The selector as one badge: "published" only for a key receivers can use. */
  verdict: SelectorVerdict;
}

/** The selector probe's codes, then the key record's (each found key's findings are the area's too). */
export const DKIM_FINDING_CODES = [
  'bad-selector',
  'selector-dns-error',
  'dkim-dns-error',
  'dangling-cname',
  'multiple-keys',
  'selector-not-dkim',
  'selector-missing',
  'selector-cname',
  'no-dkim',
  'dkim-not-found',
  'dkim-unknown-selector',
  'dkim-rotation',
  'ed25519-only',
  ...DKIM_KEY_FINDING_CODES,
] as const;
export type DkimFindingCode = (typeof DKIM_FINDING_CODES)[number];

/**
 * status: found (a key record at some selector), invalid (only unusable records: several at one selector, a
 * CNAME to nowhere, a requested selector holding something else), error (nothing found and a lookup failed: DNS
 * errors decide before absence), none (no key at any selector tried).
 */
export interface DkimAnalysis extends AreaAnalysis<DkimFindingCode> {
  status: RecordStatus;
  /**
   * RFC 8020 §2: NXDOMAIN at _domainkey.<domain> means no selector exists below it; NOERROR proves only that the
   * name exists, so a name nobody publishes is asked too, to tell a wildcard from names published below it.
   */
  domainkeyNode: DomainkeyNode;
  tried: number;
  selectors: SelectorResult[];
}

export async function analyzeDkim(
  domain: string,
  resolver: Resolver,
  options: {
    selectors?: readonly string[];
    signal?: AbortSignal;
    /**
     * Ask _domainkey.<domain> first and no selector when it does not exist (RFC 8020 §2: nothing exists below an
     * NXDOMAIN name), for callers that need few queries more than one round trip less. Only without `selectors`:
     * a named selector is always asked, so its own finding says what is there.
     */
    nxdomainFirst?: boolean;
  } = {},
): Promise<DkimAnalysis> {
  const requested = [
    ...new Set((options.selectors ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean)),
  ];
  const invalid = requested.filter((s) => !isValidSelector(s));
  const nodeLookup = lookup(resolver, `_domainkey.${domain}`, 'TXT', options.signal);
  const skip =
    options.nxdomainFirst === true && requested.length === 0 && (await nodeLookup).kind === 'nxdomain';
  const names = skip
    ? []
    : [...new Set([...requested.filter(isValidSelector), ...COMMON_SELECTORS.map((s) => s.selector)])];
  const [node, probe, ...results] = await Promise.all([
    nodeLookup,
    // Skipped, the probe is not asked either: an NXDOMAIN node decides before the probe is read.
    skip ? nodeLookup : lookup(resolver, wildcardProbeName(domain), 'TXT', options.signal),
    ...names.map(async (selector) => {
      const result = await probeSelector(resolver, domain, selector, options.signal);
      result.requested = requested.includes(selector);
      result.verdict = selectorVerdict(result);
      return result;
    }),
  ]);
  const selectors = results.filter((r) => r.status !== 'not-found' || r.requested);
  const found = selectors.filter((r) => r.status === 'found');
  const findings: Finding<DkimFindingCode>[] = [];
  const domainkeyNode = readDomainkeyNode(node!, probe!);
  for (const s of invalid) {
    findings.push({
      severity: 'error',
      code: 'bad-selector',
      title: `“${s}” is not a valid selector`,
      detail: 'A selector is one or more DNS labels of letters, digits, hyphens and underscores.',
      domain,
    });
  }
  const failed = selectors.filter((r) => r.status === 'error');
  if (failed.length > 0) {
    findings.push({
      ...dnsFailureFinding(
        'selector-dns-error',
        failed.length === 1
          ? `Could not look up selector ${failed[0]!.selector}`
          : `Could not look up ${failed.length} selectors`,
        {
          message: failed[0]!.error ?? 'DNS error',
          cause: failed[0]!.cause ?? 'DNS lookup failed',
          lasting: failed[0]!.lasting,
          atResolver: failed[0]!.atResolver,
        },
        domain,
      ),
      items: failed.length > 1 ? failed.map((r) => r.selector) : [],
    });
  }
  if (domainkeyNode === 'error' && found.length === 0 && failed.length === 0) {
    // The probe decides only once _domainkey.<domain> itself answered: then its failure is the cause.
    if (node!.kind === 'error')
      findings.push(
        dnsFailureFinding('dkim-dns-error', `Could not check _domainkey.${domain}`, node!, domain),
      );
    else if (probe!.kind === 'error')
      findings.push(
        dnsFailureFinding(
          'dkim-dns-error',
          `Could not tell whether a wildcard answers under _domainkey.${domain}`,
          probe!,
          domain,
        ),
      );
  }
  for (const r of selectors) {
    const where = `${r.selector}._domainkey.${domain}`;
    switch (r.status) {
      case 'error':
        break;
      case 'dangling-cname':
        findings.push({
          severity: 'error',
          code: 'dangling-cname',
          title: `Selector ${r.selector} points to a name that does not exist`,
          detail: `${where} is a CNAME to ${r.chain[r.chain.length - 1]}, which does not exist, so signatures with this selector fail.`,
          fix: 'Finish the DKIM setup at your provider (it publishes the target) or correct the CNAME.',
          spec: 'RFC 6376 §3.6.2',
          domain,
        });
        break;
      case 'multiple':
        findings.push({
          severity: 'error',
          code: 'multiple-keys',
          title: `Selector ${r.selector} has more than one key record`,
          detail: 'With several records at one selector the result is undefined: receivers may pick either.',
          fix: 'Keep one key record per selector.',
          spec: 'RFC 6376 §3.6.2.2',
          domain,
          items: (r.record ?? '').split('\n'),
        });
        break;
      case 'not-dkim':
        if (r.requested)
          findings.push({
            severity: 'error',
            code: 'selector-not-dkim',
            title: `Selector ${r.selector} holds no DKIM key`,
            detail: `${where} has a TXT record, but it is not a DKIM key record: “${(r.record ?? '').slice(0, 120)}”.`,
            domain,
          });
        break;
      case 'not-found':
        findings.push({
          severity: 'error',
          code: 'selector-missing',
          title: `No DKIM key at selector ${r.selector}`,
          detail: `${where} has no TXT record, so signatures with s=${r.selector} fail.`,
          fix: 'Publish the key your mail service gives you for this selector.',
          spec: 'RFC 6376 §3.6.2',
          domain,
        });
        break;
      case 'found':
        findings.push(...r.findings.map((x) => ({ ...x, domain })));
        if (r.chain.length > 0) {
          findings.push({
            severity: 'info',
            code: 'selector-cname',
            title: `Selector ${r.selector} is delegated to ${r.chain[r.chain.length - 1]}`,
            detail: 'The key is managed by that service, which can rotate it for you.',
            domain,
          });
        }
        break;
    }
  }
  const usable = found.filter(
    (r) => r.key && !r.key.revoked && !r.findings.some((x) => x.severity === 'error'),
  );
  if (found.length === 0 && failed.length === 0) {
    if (domainkeyNode === 'nxdomain') {
      findings.push({
        severity: 'warning',
        code: 'no-dkim',
        title: 'No DKIM keys exist for this domain',
        detail: `_domainkey.${domain} does not exist (NXDOMAIN), which means no selector exists below it (RFC 8020). Mail from this domain is not DKIM-signed with its own domain, so DMARC can only pass through SPF.`,
        fix: 'Turn on DKIM signing at each service that sends your mail and publish the keys it gives you.',
        spec: 'RFC 8020 §2',
        domain,
      });
    } else if (leavesSelectorOpen(domainkeyNode)) {
      // Neither absence nor keys are proven: information, worded as what was checked (leavesSelectorOpen).
      findings.push({
        severity: 'info',
        code: 'dkim-unknown-selector',
        title: `No key at the ${names.length} selectors tried`,
        detail:
          domainkeyNode === 'names-below'
            ? `_domainkey.${domain} exists without a record of its own, and no wildcard answers below it (${wildcardProbeName(domain)} does not exist), so names are published under it: most likely keys under selectors not in the common list. The s= tag of a DKIM-Signature header names the selector.`
            : `_domainkey.${domain} holds a TXT record of its own (an old DomainKeys policy, RFC 6376 §3.6.2.1), which says nothing about keys under other selectors: they may exist or not. The s= tag of a DKIM-Signature header names the selector.`,
        fix: 'Type your selector under Options, or paste a message header in Header analysis.',
        spec: domainkeyNode === 'names-below' ? 'RFC 8020 §2' : 'RFC 6376 §3.6.2.1',
        domain,
      });
    } else if (domainkeyNode === 'wildcard') {
      findings.push({
        severity: 'warning',
        code: 'dkim-not-found',
        title: `No DKIM key found at the ${names.length} selectors tried`,
        detail: `_domainkey.${domain} answers, but so does ${wildcardProbeName(domain)}, a name nobody publishes: a wildcard record answers for every name there, so the answer proves nothing about keys.`,
        fix: 'If your mail service signs with DKIM, type its selector under Options (the s= tag of a DKIM-Signature header names it); if not, turn on DKIM signing and publish the key it gives you. Without DKIM, DMARC can only pass through SPF.',
        spec: 'RFC 4592 §2.1',
        domain,
      });
    }
  } else if (usable.length === 1) {
    findings.push({
      severity: 'info',
      code: 'dkim-rotation',
      title: 'One active DKIM key',
      detail:
        'Rotating keys is easier with two selectors: publish the new key under the second selector, switch signing, then revoke the old one.',
      domain,
    });
  }
  if (usable.length > 0 && usable.every((r) => r.key?.keyType === 'ed25519')) {
    findings.push({
      severity: 'warning',
      code: 'ed25519-only',
      title: 'Only Ed25519 keys found',
      detail:
        'Not every receiver verifies Ed25519 signatures yet (RFC 8463); without an RSA signature too, those receivers see no valid DKIM.',
      fix: 'Sign with an RSA-2048 key as well (double-sign).',
      spec: 'RFC 8463',
      domain,
    });
  }
  const status: RecordStatus =
    found.length > 0
      ? 'found'
      : failed.length > 0 || domainkeyNode === 'error'
        ? 'error'
        : selectors.some(
              (r) =>
                r.status === 'multiple' ||
                r.status === 'dangling-cname' ||
                (r.status === 'not-dkim' && r.requested),
            )
          ? 'invalid'
          : 'none';
  return { domain, status, domainkeyNode, tried: names.length, selectors, findings };
}

/** One selector's key record: RFC 6376 §3.6.2.2 one TXT record at <selector>._domainkey.<domain>. */
async function probeSelector(
  resolver: Resolver,
  domain: string,
  selector: string,
  signal?: AbortSignal,
): Promise<SelectorResult> {
  const name = `${selector}._domainkey.${domain}`;
  // A key is one record of the RRset: a capped answer cannot tell which.
  const result = wholeRRset(await lookup(resolver, name, 'TXT', signal));
  const target = result.chain[result.chain.length - 1];
  const base: SelectorResult = {
    selector,
    requested: false,
    name,
    status: 'not-found',
    record: null,
    chain: result.chain,
    provider: target === undefined ? null : (providerOfTarget(target) ?? pslOrganizationalDomain(target)),
    providerHint: target === undefined ? providerOfSelectorName(selector) : null,
    key: null,
    findings: [],
    error: null,
    cause: null,
    lasting: false,
    atResolver: false,
    verdict: { label: '', severity: 'info' },
  };
  if (result.kind === 'error')
    return {
      ...base,
      status: 'error',
      error: result.message,
      cause: result.cause,
      lasting: result.lasting,
      atResolver: result.atResolver,
    };
  if (result.kind === 'nxdomain' && result.chain.length > 0) return { ...base, status: 'dangling-cname' };
  const texts = txtRecords(result).map((t) => t.text);
  const keys = texts.filter((t) => /(^|;)\s*(v=DKIM1|p=|k=)/.test(t));
  if (keys.length === 0)
    return { ...base, status: texts.length > 0 ? 'not-dkim' : 'not-found', record: texts[0] ?? null };
  if (keys.length > 1) return { ...base, status: 'multiple', record: keys.join('\n') };
  const parsed = parseDkimKeyRecord(keys[0]!, selector);
  return { ...base, status: 'found', record: keys[0]!, key: parsed.key, findings: parsed.findings };
}
