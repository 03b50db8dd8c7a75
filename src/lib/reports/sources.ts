// Sources grouped the way a person thinks: IP → reverse-DNS name → organization (base domain of a
// forward-confirmed name, RFC 8601 §3 "iprev") → named service, each with counts, pass rates and why it failed.

import { forEachRecord, type ReportFilter } from './filter';
import { AuthErrorTally, isSpfUnauthorized, recordAuthErrors } from './auth-outcome';
import { isPass, OrgDomains } from './record-facts';
import {
  classify,
  emptyClasses,
  failureSign,
  LEGITIMATE,
  noSigns,
  saysForwarded,
  SPF_WOULD_FIX,
  type FailureSign,
  type SourceClass,
} from './source-class';
import { groupFindings, sourceFindings, type SourceEvidence, type SourceFinding } from './source-findings';
import { serviceById, serviceForDomain, serviceForHost, type KnownService } from './services';
import type {
  PtrInfo,
  SourceEnrichment,
  SourceGroup,
  SourceIp,
  SourceReport,
  SourceService,
} from './source-types';
import type { Report } from './types';

export { emptyClasses } from './source-class';

export type * from './source-types';
class IpTally {
  messages = 0;
  dmarcPass = 0;
  alignedDkimPass = 0;
  alignedSpfPass = 0;
  readonly signs = noSigns();
  // Most sources show one From domain, one reporter and a domain or two: small maps, made when first needed.
  readonly fromDomains = new Map<string, number>();
  /** From domains of the DMARC-failing messages whose own signature did not verify (the dkim-broken finding's). */
  brokenFrom: Map<string, number> | null = null;
  /** "selector._domainkey.domain" of those failed signatures. */
  brokenSelectors: Set<string> | null = null;
  readonly reporters: string[] = [];
  passDomains: Map<string, { dkim: number; spf: number }> | null = null;
  dkimOther: Map<string, number> | null = null;
  spfOther: Map<string, number> | null = null;
  ownSelectors: SourceEvidence['ownSelectors'] | null = null;
  /**
   * DMARC-failing messages whose MAIL FROM is the From domain's and whose SPF result there says "not authorized", by
   * failure sign: once the source's class is known, only those SPF authorization would rightly fix are counted.
   */
  readonly notInSpfBySign = noSigns();
  /** DMARC-failing messages by failure sign that receivers quarantined or rejected (policy_evaluated). */
  readonly quarantineBySign = noSigns();
  readonly rejectBySign = noSigns();
  notInSpf = 0;
  /** Messages with a temperror / permerror result, and the domains they were for (made when first needed). */
  errors: AuthErrorTally | null = null;
  forwardedByReason = 0;
  /** Suspicious messages that are possibly a mailing list's (the maybe-resigned sign). */
  maybeList = 0;
  classes = emptyClasses();
  service: KnownService | null = null;

  /** A DKIM or SPF pass for `domain`: evidence of the service, and, unaligned, of misalignment. */
  passed(kind: 'dkim' | 'spf', domain: string, aligned: boolean, n: number): void {
    this.passDomains ??= new Map();
    const p = this.passDomains.get(domain) ?? { dkim: 0, spf: 0 };
    p[kind] += n;
    this.passDomains.set(domain, p);
    if (aligned) return;
    if (kind === 'dkim') bump((this.dkimOther ??= new Map()), domain, n);
    else bump((this.spfOther ??= new Map()), domain, n);
  }

  selector(domain: string, selector: string, pass: boolean, n: number): void {
    this.ownSelectors ??= new Map();
    const key = `${selector}._domainkey.${domain}`;
    const s = this.ownSelectors.get(key) ?? { domain, selector, pass: 0, fail: 0 };
    if (pass) s.pass += n;
    else s.fail += n;
    this.ownSelectors.set(key, s);
  }
}

const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
const mostOf = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k]) => k);

function topClass(classes: Record<SourceClass, number>): SourceClass {
  let best: SourceClass = 'pass';
  for (const k of Object.keys(classes) as SourceClass[]) if (classes[k] > classes[best]) best = k;
  return best;
}

function recognise(
  t: IpTally,
  ptr: PtrInfo | undefined,
  byDomain: (domain: string) => KnownService | null,
): SourceService | null {
  const as = (s: KnownService | null, via: SourceService['via']) =>
    s === null ? null : { id: s.id, name: s.name, kind: s.kind, via };
  const confirmed = ptr?.confirmed ? as(serviceForHost(ptr.confirmed), 'ptr') : null;
  if (confirmed) return confirmed;
  // Mail that passed DKIM or SPF as a service's own domain went through that service.
  let best: { service: KnownService; n: number; dkim: boolean } | null = null;
  for (const [domain, n] of t.passDomains ?? []) {
    const service = byDomain(domain);
    if (service && (best === null || n.dkim + n.spf > best.n))
      best = { service, n: n.dkim + n.spf, dkim: n.dkim > 0 };
  }
  if (best) return as(best.service, best.dkim ? 'dkim' : 'spf');
  const bare = ptr?.names.map((n) => serviceForHost(n)).find((s) => s !== null) ?? null;
  return as(bare, 'ptr-unconfirmed');
}

/** The evidence of one or several sources (a group), for their findings. */
function evidence(tallies: readonly IpTally[], service: KnownService | null): SourceEvidence {
  const e: SourceEvidence = {
    classes: emptyClasses(),
    messages: 0,
    fromDomain: '',
    service,
    dkimOther: new Map(),
    spfOther: new Map(),
    notInSpf: 0,
    ownSelectors: new Map(),
    brokenFrom: new Map(),
    brokenSelectors: new Set(),
    errors: new AuthErrorTally(),
    maybeList: 0,
  };
  const from = new Map<string, number>();
  for (const t of tallies) {
    e.messages += t.messages;
    e.notInSpf += t.notInSpf;
    e.errors.merge(t.errors);
    e.maybeList += t.maybeList;
    for (const k of Object.keys(e.classes) as SourceClass[]) e.classes[k] += t.classes[k];
    for (const [d, n] of t.fromDomains) bump(from, d, n);
    for (const [d, n] of t.brokenFrom ?? []) bump(e.brokenFrom, d, n);
    for (const key of t.brokenSelectors ?? []) e.brokenSelectors.add(key);
    for (const [d, n] of t.dkimOther ?? []) bump(e.dkimOther, d, n);
    for (const [d, n] of t.spfOther ?? []) bump(e.spfOther, d, n);
    for (const [key, s] of t.ownSelectors ?? []) {
      const known = e.ownSelectors.get(key);
      if (known) {
        known.pass += s.pass;
        known.fail += s.fail;
      } else e.ownSelectors.set(key, { ...s });
    }
  }
  e.fromDomain = mostOf(from)[0] ?? '';
  return e;
}

/** Per-source evidence kept beside a SourceReport, for findings asked for one page at a time. */
const TALLIES = new WeakMap<SourceReport, Map<string, IpTally>>();

/** The findings of one source of a report made with `ipFindings: false` (the Worker's pages). */
export function sourceIpFindings(report: SourceReport, ip: string): SourceFinding[] {
  const t = TALLIES.get(report)?.get(ip);
  return t === undefined ? [] : sourceFindings(evidence([t], t.service));
}

/**
 * Sources of the filtered records. `ipFindings: false` leaves each address's findings empty (a month holds
 * hundreds of thousands of addresses); `sourceIpFindings` gives them for the ones shown.
 */
export function groupSources(
  reports: readonly Report[],
  filter: ReportFilter = {},
  enrichment: ReadonlyMap<string, SourceEnrichment> = new Map(),
  options: { ipFindings?: boolean } = {},
): SourceReport {
  const orgs = new OrgDomains();
  const services = new Map<string, KnownService | null>();
  const byDomain = (domain: string) => {
    let s = services.get(domain);
    if (s === undefined) services.set(domain, (s = serviceForDomain(domain)));
    return s;
  };
  const tallies = new Map<string, IpTally>();
  forEachRecord(
    reports,
    filter,
    ({ report, record, facts }) => {
      let t = tallies.get(record.sourceIp);
      if (t === undefined) tallies.set(record.sourceIp, (t = new IpTally()));
      const n = record.count;
      const from = record.headerFrom || report.policy.domain;
      t.messages += n;
      if (saysForwarded(record)) t.forwardedByReason += n;
      bump(t.fromDomains, from, n);
      if (!t.reporters.includes(report.orgName)) t.reporters.push(report.orgName);
      if (facts.alignedDkim) t.alignedDkimPass += n;
      if (facts.alignedSpf) t.alignedSpfPass += n;
      const sign = facts.dmarcPass ? null : failureSign(record, report.policy, orgs);
      if (sign === null) t.dmarcPass += n;
      else {
        t.signs[sign] += n;
        if (record.disposition === 'quarantine') t.quarantineBySign[sign] += n;
        else if (record.disposition === 'reject') t.rejectBySign[sign] += n;
      }
      if (sign === 'own-signature') {
        bump((t.brokenFrom ??= new Map()), from, n);
        for (const d of record.authDkim)
          if (d.selector && !isPass(d.result) && orgs.aligned(d.domain, from, 'r'))
            (t.brokenSelectors ??= new Set()).add(`${d.selector}._domainkey.${d.domain}`);
      }
      for (const d of record.authDkim) {
        const aligned = orgs.aligned(d.domain, from, 'r');
        if (isPass(d.result)) t.passed('dkim', d.domain, aligned, n);
        if (aligned && d.selector) t.selector(d.domain, d.selector, isPass(d.result), n);
      }
      let ownSpfUnauthorized = false;
      for (const s of record.authSpf) {
        const aligned = orgs.aligned(s.domain, from, 'r');
        if (isPass(s.result)) t.passed('spf', s.domain, aligned, n);
        else if (aligned && s.scope !== 'helo' && isSpfUnauthorized(s.result)) ownSpfUnauthorized = true;
      }
      const errors = recordAuthErrors(record);
      if (errors !== null)
        (t.errors ??= new AuthErrorTally()).add(errors, n, (d) => orgs.aligned(d, from, 'r'));
      // RFC 9989 §4.7: mail that passed through aligned DKIM is not failing DMARC; SPF has nothing to fix there.
      if (ownSpfUnauthorized && sign !== null) t.notInSpfBySign[sign] += n;
    },
    orgs,
  );
  const ips: SourceIp[] = [];
  for (const [ip, t] of tallies) {
    const extra = enrichment.get(ip);
    const service = recognise(t, extra?.ptr, byDomain);
    const knownService = service === null ? null : serviceById(service.id);
    const classes = t.classes;
    classes.pass = t.dmarcPass;
    t.notInSpf = 0;
    const ownEnforced = { quarantine: 0, reject: 0 };
    for (const sign of Object.keys(t.signs) as FailureSign[]) {
      const cls = classify(sign, knownService, t.dmarcPass > 0);
      classes[cls] += t.signs[sign];
      if (LEGITIMATE.has(cls)) {
        ownEnforced.quarantine += t.quarantineBySign[sign];
        ownEnforced.reject += t.rejectBySign[sign];
      }
      if (sign === 'maybe-resigned' && cls === 'unknown-authenticated') t.maybeList = t.signs[sign];
      // Spoofed, someone else's or forwarded mail is never a source to add to SPF.
      if (SPF_WOULD_FIX.has(cls)) t.notInSpf += t.notInSpfBySign[sign];
    }
    t.service = knownService;
    const confirmed = extra?.ptr?.confirmed ?? null;
    const organization = confirmed ? orgs.of(confirmed) : null;
    const asn = extra?.asn ?? null;
    ips.push({
      ip,
      messages: t.messages,
      dmarcPass: t.dmarcPass,
      alignedDkimPass: t.alignedDkimPass,
      alignedSpfPass: t.alignedSpfPass,
      classes,
      category: topClass(classes),
      ownEnforced,
      forwardedByReason: t.forwardedByReason,
      fromDomains: mostOf(t.fromDomains),
      reporters: t.reporters.sort(),
      ptr: confirmed ?? extra?.ptr?.names[0] ?? null,
      ptrConfirmed: extra?.ptr ? confirmed !== null : null,
      organization,
      asn,
      service,
      findings: options.ipFindings === false ? [] : sourceFindings(evidence([t], knownService)),
      groupKey: service
        ? `service:${service.id}`
        : organization
          ? `org:${organization}`
          : asn
            ? `asn:${asn.asn}`
            : 'unidentified',
    });
  }
  ips.sort((a, b) => b.messages - a.messages || a.ip.localeCompare(b.ip));
  const report: SourceReport = { ips, groups: groupIps(ips, tallies), selectors: selectorsByDomain(tallies) };
  TALLIES.set(report, tallies);
  return report;
}

function selectorsByDomain(tallies: Map<string, IpTally>): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const t of tallies.values())
    for (const s of t.ownSelectors?.values() ?? []) {
      const set = out.get(s.domain) ?? new Set<string>();
      set.add(s.selector);
      out.set(s.domain, set);
    }
  return Object.fromEntries([...out].map(([d, set]) => [d, [...set].sort()]));
}

const GROUP_KINDS: Record<string, SourceGroup['kind']> = {
  'service:': 'service',
  'org:': 'organization',
  'asn:': 'asn',
};

function groupIps(ips: SourceIp[], tallies: Map<string, IpTally>): SourceGroup[] {
  const groups = new Map<string, { members: SourceIp[] }>();
  for (const s of ips) {
    const g = groups.get(s.groupKey) ?? { members: [] };
    g.members.push(s);
    groups.set(s.groupKey, g);
  }
  const out: SourceGroup[] = [];
  for (const [key, { members }] of groups) {
    const first = members[0]!;
    const classes = emptyClasses();
    let messages = 0;
    let dmarcPass = 0;
    for (const m of members) {
      messages += m.messages;
      dmarcPass += m.dmarcPass;
      for (const k of Object.keys(classes) as SourceClass[]) classes[k] += m.classes[k];
    }
    const kind = GROUP_KINDS[key.slice(0, key.indexOf(':') + 1)] ?? 'unidentified';
    // prettier-ignore
    const label =
      kind === 'service' ? first.service!.name
      : kind === 'organization' ? first.organization!
      : kind === 'asn' ? `AS${first.asn!.asn}${first.asn!.name ? ` ${first.asn!.name}` : ''}`
      : 'Unidentified sources';
    out.push({
      key,
      label,
      kind,
      ips: members.map((m) => m.ip),
      messages,
      dmarcPass,
      failing: messages - dmarcPass,
      classes,
      category: topClass(classes),
      findings: groupFindings(
        sourceFindings(
          evidence(
            members.map((m) => tallies.get(m.ip)!),
            kind === 'service' ? serviceById(first.service!.id) : null,
          ),
        ),
      ),
    });
  }
  return out.sort((a, b) => b.failing - a.failing || b.messages - a.messages || a.key.localeCompare(b.key));
}
