// Turn an SPF analysis into plain-language findings, each with a severity, the reason and the fix.

import type { SpfAnalysis, SpfNode } from './analyze';
import { UDP_ANSWER_LIMIT } from './lint';
import type { Finding } from '../findings';
import type { SpfIssue } from './parse';

export type SpfFinding = Finding;

/** Lookups close to the limit: one more include from a provider tips the record over. */
export const LOOKUP_WARNING_AT = 8;

function finding(f: SpfFinding): SpfFinding {
  return f;
}

function walk(node: SpfNode, visit: (n: SpfNode) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

function fromIssue(issue: SpfIssue, domain: string, record: string | null): SpfFinding {
  const term = record ? record.slice(issue.start, issue.end) : undefined;
  const out: SpfFinding = {
    severity: issue.severity,
    code: issue.code,
    title: issue.message,
    detail: issue.message,
    spec: 'RFC 7208',
    domain,
  };
  if (issue.fix) out.fix = issue.fix;
  if (term) out.term = term;
  return out;
}

function nodeProblem(node: SpfNode): SpfFinding | null {
  const where = node.viaTerm ? `“${node.viaTerm}”` : node.domain;
  switch (node.status) {
    case 'ok':
      return null;
    case 'dns-error':
      return finding({
        severity: 'unknown',
        code: 'spf-dns-error',
        title: `Could not check ${node.domain}`,
        detail: `${node.statusText} This is a DNS failure, not a missing record; receivers meeting it return temperror and try again later.`,
        fix: 'Check again in a few minutes; if it persists, ask the DNS host of that domain.',
        spec: 'RFC 7208 §4.4',
        domain: node.domain,
      });
    case 'loop':
      return finding({
        severity: 'error',
        code: 'spf-loop',
        title: `${where} creates a loop`,
        detail: `${node.statusText} Receivers follow it until the lookup limit and return permerror.`,
        fix: 'Remove the include or redirect that points back up the chain.',
        spec: 'RFC 7208 §4.6.4',
        domain: node.domain,
      });
    case 'none':
    case 'nxdomain':
      return finding({
        severity: 'error',
        code: node.via === 'redirect' ? 'redirect-target-missing' : 'include-target-missing',
        title: `${where} points to ${node.status === 'nxdomain' ? 'a domain that does not exist' : 'a domain without SPF'}`,
        detail: `${node.statusText} An ${node.via} whose target has no SPF record makes the whole check a permerror, so SPF fails for every message.`,
        fix: `Correct or remove ${where}. Providers publish their include name in their setup guide (for example _spf.google.com, not google.com).`,
        spec: node.via === 'redirect' ? 'RFC 7208 §6.1' : 'RFC 7208 §5.2',
        domain: node.domain,
      });
    case 'multiple':
      return finding({
        severity: 'error',
        code: 'spf-multiple',
        title: `${node.domain} has more than one SPF record`,
        detail: `${node.statusText} Receivers return permerror when a domain publishes two or more v=spf1 records.`,
        fix: 'Merge them into one record: one v=spf1, all mechanisms, one all at the end.',
        spec: 'RFC 7208 §4.5',
        domain: node.domain,
      });
    case 'syntax-error':
      return null;
    case 'invalid-domain':
      return finding({
        severity: 'error',
        code: 'spf-invalid-target',
        title: `${where} names an invalid domain`,
        detail: node.statusText,
        fix: 'Correct the domain name.',
        spec: 'RFC 7208 §4.3',
        domain: node.domain,
      });
  }
}

export function buildSpfFindings(analysis: SpfAnalysis, maxVoid: number): SpfFinding[] {
  const out: SpfFinding[] = [];
  const root = analysis.root;
  if (root.status === 'none' || root.status === 'nxdomain') {
    out.push({
      severity: root.status === 'nxdomain' ? 'error' : 'warning',
      code: root.status === 'nxdomain' ? 'domain-nxdomain' : 'no-spf',
      title: root.status === 'nxdomain' ? `${root.domain} does not exist` : `No SPF record at ${root.domain}`,
      detail:
        root.status === 'nxdomain'
          ? 'The name does not exist in DNS (NXDOMAIN). Check the spelling.'
          : 'Without SPF, receivers cannot tell which servers may send as this domain, and mail is more likely to be filtered.',
      fix: `Publish one TXT record at ${root.domain} listing your senders, for example “v=spf1 include:_spf.google.com -all”. A domain that sends no mail should publish “v=spf1 -all”.`,
      spec: 'RFC 7208 §4.5',
      domain: root.domain,
    });
    return out;
  }
  walk(root, (node) => {
    const problem = nodeProblem(node);
    if (problem) out.push(problem);
    for (const e of node.errors) {
      out.push({
        ...fromIssue(e, node.domain, node.record),
        severity: 'error',
        title: `Syntax error in ${node.domain}’s SPF record`,
        detail: `${e.message} Any syntax error makes the whole record a permerror.`,
      });
    }
    for (const issue of node.lint) {
      // In included records only the problems that change this domain's result matter.
      if (node !== root && !['plus-all', 'ptr', 'record-size'].includes(issue.code)) continue;
      const f = fromIssue(issue, node.domain, node.record);
      if (node !== root && issue.code === 'plus-all') {
        f.detail = `${node.domain} (reached by ${node.viaTerm}) ends in +all, so the include passes every server on the Internet.`;
        f.fix = `Remove ${node.viaTerm} and ask the provider for the right include.`;
      }
      out.push(f);
    }
    if (node.repeatOf !== null && node.status === 'ok') {
      out.push({
        severity: 'warning',
        code: 'duplicate-include',
        title: `${node.domain} is included more than once`,
        detail: `Receivers evaluate ${node.domain} every time it appears, so it costs its ${node.subtreeLookups} lookup${node.subtreeLookups === 1 ? '' : 's'} again.`,
        fix: `Keep one ${node.viaTerm ?? node.domain}.`,
        spec: 'RFC 7208 §4.6.4',
        domain: node.domain,
      });
    }
    for (const t of node.terms) {
      if (t.dnsError) {
        out.push({
          severity: 'unknown',
          code: 'term-dns-error',
          title: `Could not resolve ${t.text}`,
          detail: `${t.dnsError}. Receivers meeting this return temperror.`,
          domain: node.domain,
          term: t.text,
        });
      }
      if (t.isVoid && !t.unreachable) {
        out.push({
          severity: 'warning',
          code: 'void-lookup',
          title: `${t.text} finds nothing (a void lookup)`,
          detail: `The lookup for ${t.text} in ${node.domain} returns no records. SPF allows at most ${maxVoid} such lookups before permerror.`,
          fix: `Remove ${t.text} or publish the records it expects.`,
          spec: 'RFC 7208 §4.6.4',
          domain: node.domain,
          term: t.text,
        });
      }
      if (t.note && t.name === 'mx' && t.note.includes('at most')) {
        out.push({
          severity: 'error',
          code: 'mx-too-many',
          title: `${t.text} has too many MX hosts`,
          detail: t.note,
          fix: 'Use ip4/ip6 or an include instead of mx for this domain.',
          spec: 'RFC 7208 §4.6.4',
          domain: node.domain,
          term: t.text,
        });
      }
      for (const h of t.mxHosts) {
        if (h.addresses.length === 0 && !t.dnsError) {
          out.push({
            severity: 'warning',
            code: 'mx-host-no-address',
            title: `MX host ${h.host} has no address`,
            detail: `${t.text} in ${node.domain} refers to MX host ${h.host}, which has no A or AAAA record.`,
            fix: `Fix the MX record or remove ${t.text}.`,
            domain: node.domain,
            term: t.text,
          });
        }
      }
      if (t.note?.includes('macro')) {
        out.push({
          severity: 'info',
          code: 'macro-target',
          title: `${t.text} depends on each message`,
          detail: t.note,
          domain: node.domain,
          term: t.text,
          spec: 'RFC 7208 §7',
        });
      }
    }
  });

  const { rfc, withAddressLookups, limit } = analysis.lookups;
  if (rfc > limit) {
    const over = firstOverLimit(root, limit);
    out.push({
      severity: 'error',
      code: 'too-many-lookups',
      title: `${rfc} DNS lookups: over the limit of ${limit}`,
      detail: `Receivers stop at lookup ${limit + 1}${over ? ` (${over.term} in ${over.domain})` : ''} and return permerror, so SPF fails for any message that is not matched before that point.`,
      fix: 'Remove includes for services you no longer use, replace a and mx with ip4/ip6 where addresses are stable, or move a sender to its own subdomain (e.g. news.example.com) with its own SPF record. Avoid blind “flattening” into IP lists: providers change their addresses.',
      spec: 'RFC 7208 §4.6.4',
      domain: root.domain,
    });
  } else if (rfc >= LOOKUP_WARNING_AT) {
    out.push({
      severity: 'warning',
      code: 'lookups-near-limit',
      title: `${rfc} of ${limit} DNS lookups used`,
      detail: 'One more include (or a provider adding one inside theirs) takes the record over the limit.',
      fix: 'Remove unused includes now, while it still works.',
      spec: 'RFC 7208 §4.6.4',
      domain: root.domain,
    });
  } else if (root.status === 'ok') {
    out.push({
      severity: 'ok',
      code: 'lookups-ok',
      title: `${rfc} of ${limit} DNS lookups used`,
      detail: 'Within the limit.',
      spec: 'RFC 7208 §4.6.4',
      domain: root.domain,
    });
  }
  if (withAddressLookups !== rfc && root.status === 'ok') {
    out.push({
      severity: withAddressLookups > limit && rfc <= limit ? 'warning' : 'info',
      code: 'lookup-conventions',
      title: `${withAddressLookups} lookups if MX host addresses are counted too`,
      detail: `RFC 7208 §4.6.4 counts the terms that query DNS (${rfc}); the address lookups of each MX host have their own limit of 10 per mx and do not count. Some checkers count them anyway and would report ${withAddressLookups}.`,
      spec: 'RFC 7208 §4.6.4',
      domain: root.domain,
    });
  }
  if (analysis.voidLookups > maxVoid) {
    out.push({
      severity: 'error',
      code: 'too-many-voids',
      title: `${analysis.voidLookups} void lookups: over the limit of ${maxVoid}`,
      detail: `Lookups that return nothing are limited to ${maxVoid}; the next one is a permerror.`,
      fix: 'Remove the mechanisms that point to names without records.',
      spec: 'RFC 7208 §4.6.4',
      domain: root.domain,
    });
  }
  for (const text of analysis.obsolete.spfType99) {
    out.push({
      severity: 'warning',
      code: 'spf-rr-type',
      title: 'Obsolete SPF-type (99) record',
      detail: `${root.domain} still publishes a DNS record of type SPF: “${text}”. RFC 7208 §3.1 discontinued that type; receivers only read TXT.`,
      fix: 'Delete the SPF-type record (keep the TXT one).',
      spec: 'RFC 7208 §3.1',
      domain: root.domain,
    });
  }
  for (const text of analysis.obsolete.senderId) {
    out.push({
      severity: 'warning',
      code: 'sender-id',
      title: 'Obsolete Sender ID record',
      detail: `“${text}” is a Sender ID (RFC 4406) record. Sender ID is historic (RFC 6686) and ignored by receivers.`,
      fix: 'Delete it.',
      spec: 'RFC 6686',
      domain: root.domain,
    });
  }
  if (analysis.answerBytes !== null && analysis.answerBytes > UDP_ANSWER_LIMIT) {
    out.push({
      severity: 'warning',
      code: 'answer-size',
      title: `The TXT answer for ${root.domain} is about ${analysis.answerBytes} bytes`,
      detail: `RFC 7208 §3.4 advises keeping SPF answers under ${UDP_ANSWER_LIMIT} bytes; larger answers need TCP, which some receivers do not retry. Other TXT records at the same name (verification tokens) count too.`,
      fix: 'Remove stale verification TXT records or move senders to an include on a subdomain.',
      spec: 'RFC 7208 §3.4',
      domain: root.domain,
    });
  }
  const nb = analysis.netblocks;
  if (nb.duplicates.length > 0) {
    out.push({
      severity: 'info',
      code: 'duplicate-netblock',
      title: `${nb.duplicates.length} network${nb.duplicates.length === 1 ? ' is' : 's are'} listed more than once`,
      detail: 'Harmless, but a sign of copy-paste or overlapping providers.',
      items: nb.duplicates.map((d) => `${d.block}: ${d.sources.join('; ')}`),
      fix: 'Remove the duplicate listings you control.',
      domain: root.domain,
    });
  }
  if (nb.overlaps.length > 0) {
    out.push({
      severity: 'info',
      code: 'overlapping-netblock',
      title: `${nb.overlaps.length} network${nb.overlaps.length === 1 ? ' is' : 's are'} already covered by a larger one`,
      detail:
        'An a or mx whose addresses are already inside an ip4/ip6 range costs a DNS lookup for nothing.',
      items: nb.overlaps
        .slice(0, 25)
        .map((o) => `${o.inner} (${o.innerSource}) is inside ${o.outer} (${o.outerSource})`),
      domain: root.domain,
    });
  }
  if (nb.ipv4Addresses > 2 ** 24) {
    out.push({
      severity: 'warning',
      code: 'huge-authorization',
      title: `${nb.ipv4Addresses.toLocaleString('en-US')} IPv4 addresses authorized`,
      detail: 'That is more than a /8: anyone on those networks can send as this domain.',
      fix: 'Narrow the ip4 ranges to your real servers.',
      domain: root.domain,
    });
  }
  return out;
}

function firstOverLimit(root: SpfNode, limit: number): { domain: string; term: string } | null {
  let best: { n: number; domain: string; term: string } | null = null;
  walk(root, (node) => {
    for (const t of node.terms) {
      if (t.lookupNumber !== null && t.lookupNumber > limit && (best === null || t.lookupNumber < best.n)) {
        best = { n: t.lookupNumber, domain: node.domain, term: t.text };
      }
    }
  });
  const found = best as { n: number; domain: string; term: string } | null;
  return found ? { domain: found.domain, term: found.term } : null;
}
