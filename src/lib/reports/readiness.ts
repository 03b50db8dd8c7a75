// Readiness for enforcement (RFC 9989 §7 and appendix A.6): how much of the domain's own mail would fail under
// p=quarantine or p=reject now, which sources to fix first, and the next step of the DMARC record.

import type { Finding } from '../findings';
import { dmarcOptionsFromRecord, generateDmarc, type DmarcOptions } from '../generate/dmarc';
import type { DmarcRequest } from '../dmarc/parse';
import { filterReports, type ReportFilter } from './filter';
import { LEGITIMATE, SUSPICIOUS, UNVERIFIED } from './source-class';
import { OWN_MAIL_CODES, type SourceFinding } from './source-findings';
import { groupSources, type SourceEnrichment, type SourceReport } from './sources';
import { countText, shareText } from './share';
import { utcDate } from './summary';
import type { AggregatePolicy, AggregateReport, Report } from './types';

/** Legitimate mail that may still fail when enforcing: a few one-off forwards and tests, not a sender. */
export const READY_MAX_FAIL_SHARE = 0.02;
/** Days of reports before judging: weekly senders (newsletters, billing runs) show up within a week. */
export const MIN_DAYS_OBSERVED = 7;
/** Sources listed under "fix first". */
const FIX_FIRST = 5;

export type ReadinessStage = 'no-data' | 'collecting' | 'fix-sources' | 'ready' | 'enforced';

export interface ReadinessStep {
  p: DmarcRequest;
  testing: boolean;
  /** "p=quarantine; t=y" */
  label: string;
  /** The record to publish next, built from the live record when given, else from the reports' policy. */
  record: string;
  /** For the DMARC generator's route query (#/generate/dmarc?domain=…&record=…). */
  generator: { tool: 'dmarc'; query: { domain: string; record: string } };
  /** Said when the record was built from the reports alone (they do not carry rua/ruf). */
  note: string | null;
}

export interface Readiness {
  domain: string;
  /** The card's heading: a question before enforcement, what happened once p=quarantine or p=reject is in force. */
  heading: string;
  /**
   * Receivers act on failing mail now: p=quarantine (pct above 0, no t=y) or p=reject (under t=y or pct below 100
   * RFC 9989 / RFC 7489 §6.6.4 have them quarantine what they do not reject).
   */
  enforcing: boolean;
  /** The policy published in the most recent report. */
  policy: AggregatePolicy | null;
  days: number;
  messages: number;
  legitimate: number;
  legitimateFailing: number;
  forwarded: number;
  suspicious: number;
  /** Nothing passed and the domain's own SPF or DKIM check errored, from no source known to be the domain's. */
  unverified: number;
  /** Of legitimateFailing, what receivers quarantined or rejected (policy_evaluated disposition). */
  ownQuarantined: number;
  ownRejected: number;
  /** legitimateFailing / legitimate: what p=quarantine would send to spam, or p=reject refuse, of your own mail. */
  failShare: number | null;
  fixFirst: Array<{
    key: string;
    label: string;
    failing: number;
    quarantined: number;
    rejected: number;
    findings: SourceFinding[];
  }>;
  stage: ReadinessStage;
  verdict: Finding<`readiness-${ReadinessStage}`>;
  nextStep: ReadinessStep | null;
}

/** RFC 9989 appendix A.6 ladder, as the DMARC generator shows it. */
const LADDER: Array<{ p: DmarcRequest; testing: boolean }> = [
  { p: 'none', testing: false },
  { p: 'quarantine', testing: true },
  { p: 'quarantine', testing: false },
  { p: 'reject', testing: false },
];

/**
 * How the published policy is held back: 'testing' (RFC 9989 t=y, or pct=0), 'partial' (RFC 7489 pct between 1 and
 * 99: receivers apply it to that share of failing mail), or null (applied in full).
 */
function heldBack(policy: AggregatePolicy | null): 'testing' | 'partial' | null {
  if (policy?.testing === 'y' || policy?.pct === 0) return 'testing';
  return policy?.pct !== null && policy?.pct !== undefined && policy.pct < 100 ? 'partial' : null;
}

/** What receivers do with the domain's own failing mail under the published policy, in words. */
function appliedText(policy: AggregatePolicy | null, held: 'testing' | 'partial' | null): string {
  const pct = policy?.pct ?? 100;
  if (policy?.p === 'reject')
    return held === 'testing'
      ? 'receivers send your own mail that fails DMARC to spam instead of refusing it (t=y)'
      : held === 'partial'
        ? `receivers refuse ${pct}% of your own mail that fails DMARC and send the rest to spam`
        : 'receivers refuse your own mail that fails DMARC';
  return held === 'partial'
    ? `receivers send ${pct}% of your own mail that fails DMARC to spam`
    : 'receivers send your own mail that fails DMARC to spam';
}

function rung(policy: AggregatePolicy | null): number {
  const p = policy?.p;
  const testing =
    policy?.testing === 'y' || (policy?.pct !== null && policy?.pct !== undefined && policy.pct < 100);
  if (p === 'reject') return testing ? 2 : 3;
  if (p === 'quarantine') return testing ? 1 : 2;
  return 0;
}

function step(
  domain: string,
  policy: AggregatePolicy | null,
  target: number,
  liveRecord: string | null,
): ReadinessStep {
  const { p, testing } = LADDER[target]!;
  const live = liveRecord === null ? null : dmarcOptionsFromRecord(liveRecord);
  let options: DmarcOptions;
  if (live?.ok) options = { ...live.options };
  else {
    options = { rua: [], ruf: [] };
    const req = (v: string | null | undefined) =>
      v === 'none' || v === 'quarantine' || v === 'reject' ? (v as DmarcRequest) : undefined;
    const sp = req(policy?.sp);
    const np = req(policy?.np);
    if (sp) options.sp = sp;
    if (np) options.np = np;
    if (policy?.adkim === 's') options.adkim = 's';
    if (policy?.aspf === 's') options.aspf = 's';
  }
  options.p = p;
  delete options.pct;
  if (testing) options.t = 'y';
  else delete options.t;
  const record = generateDmarc(options);
  return {
    p,
    testing,
    label: testing ? `p=${p}; t=y` : `p=${p}`,
    record,
    generator: { tool: 'dmarc', query: { domain, record } },
    note: live?.ok
      ? null
      : 'Aggregate reports do not carry the rua/ruf addresses: add yours before publishing.',
  };
}

export function assessReadiness(
  reports: readonly Report[],
  filter: ReportFilter = {},
  enrichment: ReadonlyMap<string, SourceEnrichment> = new Map(),
  liveRecords: ReadonlyMap<string, string> = new Map(),
  /** The filter's sources, already grouped: reused when the reports cover one policy domain. */
  known?: SourceReport,
): Readiness[] {
  const aggregate = filterReports(reports, 'dmarc-aggregate', filter);
  const domains = [...new Set(aggregate.map((r) => r.policy.domain).filter((d) => d !== ''))].sort();
  const reuse = known !== undefined && domains.length === 1 && (filter.result ?? 'any') === 'any';
  return domains.map((domain) => {
    const own = aggregate.filter((r) => r.policy.domain === domain);
    const latest = own.reduce<AggregateReport | null>((a, r) => (a === null || r.end > a.end ? r : a), null);
    const policy = latest?.policy ?? null;
    const days = new Set(own.map((r) => utcDate(r.begin))).size;
    const sources = reuse
      ? known
      : groupSources(own, { ...filter, domains: [], result: 'any' }, enrichment, { ipFindings: false });
    const { permerrors, ...counts } = tallyMail(sources.ips);
    const { messages, legitimate, legitimateFailing, ownQuarantined, ownRejected } = counts;
    const enforcedByIp = new Map(sources.ips.map((ip) => [ip.ip, ip.ownEnforced]));
    const failShare = legitimate === 0 ? null : legitimateFailing / legitimate;
    const fixFirst = sources.groups
      .map((g) => {
        const failing = [...LEGITIMATE].reduce((n, k) => (k === 'pass' ? n : n + g.classes[k]), 0);
        // The findings about its own failing mail, most messages first: not its spoofed or forwarded mail. A
        // receiver's temperror comes last: it is passing trouble there, nothing for the owner to fix first.
        const last = (f: SourceFinding) => (f.code === 'auth-temperror' ? 1 : 0);
        const findings = g.findings
          .filter((f) => OWN_MAIL_CODES.has(f.code))
          .sort((a, b) => last(a) - last(b) || b.messages - a.messages);
        let quarantined = 0;
        let rejected = 0;
        for (const ip of g.ips) {
          quarantined += enforcedByIp.get(ip)?.quarantine ?? 0;
          rejected += enforcedByIp.get(ip)?.reject ?? 0;
        }
        return { key: g.key, label: g.label, failing, quarantined, rejected, findings };
      })
      .filter((g) => g.failing > 0)
      .sort((a, b) => b.failing - a.failing)
      .slice(0, FIX_FIRST);
    const current = rung(policy);
    const held = heldBack(policy);
    // RFC 9989 §5.3.3: under p=quarantine or p=reject receivers act on failing mail; the reports say what they did.
    // p=reject under t=y or pct, and p=quarantine under pct, are in force too (in part, or one step lower).
    const enforcing = current >= 2 || (policy?.p === 'quarantine' && held === 'partial');
    const live = liveRecords.get(domain) ?? null;
    let stage: ReadinessStage;
    let nextStep: ReadinessStep | null = null;
    if (messages === 0) stage = 'no-data';
    else if (failShare !== null && failShare > READY_MAX_FAIL_SHARE) {
      stage = 'fix-sources';
      // pct=0, the same rung written the RFC 9989 way (t=y); never a step to a policy in force, nor t=y for pct=N,
      // which receivers would apply as p=none where they now quarantine N% of failing mail.
      nextStep =
        current === 1 && held === 'testing' && policy?.testing !== 'y' ? step(domain, policy, 1, live) : null;
    } else if (days < MIN_DAYS_OBSERVED && current < 3) stage = 'collecting';
    else if (current >= 3) stage = 'enforced';
    else {
      stage = 'ready';
      nextStep = step(domain, policy, current + 1, live);
    }
    const share = failShare === null ? 'none' : shareText(failShare);
    const failing = countText(legitimateFailing, 'message');
    const tY = policy?.testing === 'y';
    // prettier-ignore
    const published = `p=${policy?.p ?? '?'}${held === null ? '' : tY ? '; t=y' : `; pct=${policy?.pct}`}`;
    // The move after fixing the sources: lift what holds the published policy back (RFC 9989 t=y, RFC 7489 pct),
    // else the next policy; never t=y in place of pct=N.
    const lift = tY ? ['removing t=y', 'remove t=y'] : ['raising pct to 100', 'raise pct to 100'];
    const after =
      held !== null && enforcing ? ` before ${lift[0]}` : current === 3 ? '' : ' before moving to p=reject';
    const lifts = held !== null && nextStep !== null && nextStep.p === policy?.p;
    const move =
      nextStep === null
        ? 'move to the next step'
        : lifts
          ? `${lift[1]}: publish ${nextStep.label}`
          : `move to ${nextStep.label}`;
    const blocked = blockedText(ownQuarantined, ownRejected);
    const blockedNote = blocked === null ? '' : ` (receivers ${blocked.verb})`;
    // Mail whose own record errored is not counted as yours, but the broken record fails your own mail too.
    const brokenNote =
      permerrors > 0
        ? ` First fix the broken SPF or DKIM record of ${domain}: receivers could not evaluate it for ${countText(permerrors, 'message')} (permerror), and your own mail that is not DKIM-signed fails with it.`
        : '';
    // prettier-ignore
    const words: Record<ReadinessStage, [Finding['severity'], string, string]> = {
      'no-data': ['info', 'No messages in these reports', 'There is nothing to judge yet.'],
      collecting: ['info', 'Keep collecting reports', `${countText(days, 'day')} of reports so far; wait for ${MIN_DAYS_OBSERVED} so that weekly senders show up. ${legitimateFailing === 0 ? 'None' : `${share} (${failing})`} of your own mail fails now.`],
      'fix-sources': enforcing
        ? [blocked === null ? 'warning' : 'error', blocked?.title ?? `${share} of your own mail fails DMARC under ${published}`, `${published} is in force, so ${appliedText(policy, held)}; in these reports ${share} of it (${failing}) failed. Fix the sources listed below${after}; the policy itself is not the problem.`]
        : ['warning', `${share} of your own mail would fail under enforcement`, `Under p=quarantine it would go to spam, under p=reject it would be refused. Fix the sources listed first.`],
      ready: [permerrors > 0 ? 'warning' : 'ok', 'Ready for the next step', `${legitimateFailing === 0 ? 'None' : `Only ${share} (${failing})`} of your own mail fails DMARC over ${days} days${blockedNote}; ${enforcing && held !== null ? `under ${published} ${appliedText(policy, held)}; ` : ''}${move}.${brokenNote}`],
      enforced: ['ok', 'DMARC is enforced', `p=reject is published; ${legitimateFailing === 0 ? 'none' : `${share} (${failing})`} of your own mail fails${blockedNote}. Keep reading reports for new senders.`],
    };
    const [severity, title, detail] = words[stage];
    return {
      domain,
      heading: enforcing
        ? `Your own mail under ${published} on ${domain}`
        : `Ready to enforce DMARC on ${domain}?`,
      enforcing,
      policy,
      days,
      ...counts,
      failShare,
      fixFirst,
      stage,
      verdict: { severity, code: `readiness-${stage}`, title, detail, spec: 'RFC 9989 appendix A.6', domain },
      nextStep,
    };
  });
}

/** What one domain's mail adds up to, by the class of each source's messages (source-class.ts). */
function tallyMail(ips: SourceReport['ips']) {
  const t = {
    messages: 0,
    legitimate: 0,
    legitimateFailing: 0,
    forwarded: 0,
    suspicious: 0,
    unverified: 0,
    permerrors: 0,
    ownQuarantined: 0,
    ownRejected: 0,
  };
  for (const ip of ips) {
    t.messages += ip.messages;
    t.ownQuarantined += ip.ownEnforced.quarantine;
    t.ownRejected += ip.ownEnforced.reject;
    for (const [k, n] of Object.entries(ip.classes) as Array<[keyof typeof ip.classes, number]>) {
      if (LEGITIMATE.has(k)) {
        t.legitimate += n;
        if (k !== 'pass') t.legitimateFailing += n;
      } else if (SUSPICIOUS.has(k)) t.suspicious += n;
      else if (UNVERIFIED.has(k)) {
        t.unverified += n;
        if (k === 'permerror') t.permerrors += n;
      } else t.forwarded += n;
    }
  }
  return t;
}

/** "220 of your own messages were rejected" from the dispositions receivers reported, or null when none. */
function blockedText(quarantined: number, rejected: number): { title: string; verb: string } | null {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [
    ...(rejected > 0 ? [`rejected ${n(rejected)}`] : []),
    ...(quarantined > 0 ? [`quarantined ${n(quarantined)}`] : []),
  ];
  if (parts.length === 0) return null;
  const total = quarantined + rejected;
  const what =
    rejected > 0 && quarantined > 0
      ? `rejected (${n(rejected)}) or quarantined (${n(quarantined)})`
      : rejected > 0
        ? 'rejected'
        : 'quarantined';
  return {
    title: `${n(total)} of your own message${total === 1 ? ' was' : 's were'} ${what}`,
    verb: `${parts.join(' and ')} of them`,
  };
}
