// RFC 7208 findings about one record of the include tree: why it cannot be evaluated, its syntax errors and lint,
// and what its terms resolved to — each derived from a status, an issue code or a note kind, never from prose.

import { dnsFailureFinding } from '../findings';
import { MAX_VOID_LOOKUPS } from './limits';
import type { SpfFinding, SpfIssue, SpfIssueCode, SpfNode, SpfTermInfo } from './types';

/** Lint that changes the including domain's result; the rest of an included record is its owner's business. */
const LINT_THAT_MATTERS_DOWNSTREAM: ReadonlySet<SpfIssueCode> = new Set(['plus-all', 'ptr', 'record-size']);

function fromIssue(issue: SpfIssue, node: SpfNode): SpfFinding {
  const out: SpfFinding = {
    severity: issue.severity,
    code: issue.code,
    title: issue.message,
    detail: issue.message,
    spec: 'RFC 7208',
    domain: node.domain,
  };
  if (issue.fix) out.fix = issue.fix;
  const term = node.record ? node.record.slice(issue.start, issue.end) : '';
  if (term) out.term = term;
  return out;
}

/**
 * RFC 7208 §4.4: a receiver whose own lookup fails returns temperror. When this tool's DNS provider is what failed,
 * receivers ask theirs and meet nothing of the kind, so that clause is left out.
 */
function withTemperror(message: string, atResolver: boolean): string {
  const text = message.replace(/\.$/, '');
  return atResolver ? text : `${text}; receivers meeting it return temperror`;
}

/** "so SPF fails for every message", unless mechanisms evaluated earlier decide some messages first. */
function whoFails(node: SpfNode): string {
  const earlier = node.earlierMatches;
  if (earlier === null) return 'when a receiver reaches it (it comes after all, so none does)';
  if (earlier.length === 0) return 'so SPF fails for every message';
  const listed =
    earlier.slice(0, 3).join(', ') + (earlier.length > 3 ? ` and ${earlier.length - 3} more` : '');
  return `for every message not matched earlier by ${listed}`;
}

function nodeProblem(node: SpfNode): SpfFinding | null {
  const where = node.viaTerm ? `“${node.viaTerm}”` : node.domain;
  switch (node.status) {
    case 'ok':
    case 'syntax-error':
      return null;
    case 'dns-error': {
      const finding = dnsFailureFinding(
        'spf-dns-error',
        `Could not check ${node.domain}`,
        {
          message: withTemperror(node.statusText, node.dnsAtResolver),
          cause: node.dnsCause ?? 'DNS lookup failed',
          lasting: node.dnsLasting,
          atResolver: node.dnsAtResolver,
        },
        node.domain,
      );
      return {
        ...finding,
        code: 'spf-dns-error',
        // The user's own provider failing is theirs to fix (the finding says so); else the domain's DNS host.
        fix: node.dnsAtResolver
          ? finding.fix!
          : node.dnsLasting
            ? `Checking again gives the same answer: the DNS operator of ${node.domain} has to change what it publishes.`
            : 'Check again in a few minutes; if it persists, ask the DNS host of that domain.',
        spec: 'RFC 7208 §4.4',
      };
    }
    case 'loop':
      return {
        severity: 'error',
        code: 'spf-loop',
        title: `${where} creates a loop`,
        detail: `${node.statusText} Receivers follow it until the lookup limit and return permerror.`,
        fix: 'Remove the include or redirect that points back up the chain.',
        spec: 'RFC 7208 §4.6.4',
        domain: node.domain,
      };
    case 'none':
    case 'nxdomain':
      return {
        severity: 'error',
        code: node.via === 'redirect' ? 'redirect-target-missing' : 'include-target-missing',
        title: `${where} points to ${node.status === 'nxdomain' ? 'a domain that does not exist' : 'a domain without SPF'}`,
        detail: `${node.statusText} An ${node.via} whose target has no SPF record is a permerror, ${whoFails(node)}.`,
        fix: `Correct or remove ${where}. Providers publish their include name in their setup guide (for example _spf.google.com, not google.com).`,
        spec: node.via === 'redirect' ? 'RFC 7208 §6.1' : 'RFC 7208 §5.2',
        domain: node.domain,
        // The term that points there, so a generator marks the row it came from.
        ...(node.viaTerm ? { term: node.viaTerm } : {}),
      };
    case 'multiple':
      return {
        severity: 'error',
        code: 'spf-multiple',
        title: `${node.domain} has more than one SPF record`,
        detail: `${node.statusText} Receivers return permerror when a domain publishes two or more v=spf1 records.`,
        fix: 'Merge them into one record: one v=spf1, all mechanisms, one all at the end.',
        spec: 'RFC 7208 §4.5',
        domain: node.domain,
      };
    case 'invalid-domain':
      return {
        severity: 'error',
        code: 'spf-invalid-target',
        title: `${where} names an invalid domain`,
        detail: node.statusText,
        fix: 'Correct the domain name.',
        spec: 'RFC 7208 §4.3',
        domain: node.domain,
      };
  }
}

/** RFC 7208 §4.5: a record hidden behind a byte-order mark. */
export function bomFinding(node: SpfNode): SpfFinding | null {
  if (node.bomRecord === null) return null;
  return {
    severity: 'error',
    code: 'spf-bom',
    title: `${node.domain}’s SPF record starts with an invisible byte-order mark`,
    detail: `The TXT record “${node.bomRecord}” begins with the bytes EF BB BF (U+FEFF) before “v=spf1”, so receivers do not see an SPF record there.`,
    fix: 'Publish the record again, typed or pasted as plain text, so it starts exactly with “v=spf1”.',
    spec: 'RFC 7208 §4.5',
    domain: node.domain,
  };
}

function termFindings(node: SpfNode, t: SpfTermInfo): SpfFinding[] {
  const out: SpfFinding[] = [];
  const about = { domain: node.domain, term: t.text };
  if (t.dnsError) {
    const message = withTemperror(t.dnsError, t.dnsAtResolver);
    out.push({
      ...dnsFailureFinding(
        'term-dns-error',
        `Could not resolve ${t.text}`,
        {
          message,
          cause: t.dnsCause ?? 'DNS lookup failed',
          lasting: t.dnsLasting,
          atResolver: t.dnsAtResolver,
        },
        node.domain,
      ),
      code: 'term-dns-error',
      term: t.text,
    });
  }
  // A followed include or redirect with a void target has its own finding (include-target-missing).
  if (t.isVoid && !t.unreachable && t.childIndex === null) {
    out.push({
      severity: 'warning',
      code: 'void-lookup',
      title: `${t.text} finds nothing (a void lookup)`,
      detail: `The lookup for ${t.text} in ${node.domain} returns no records. SPF allows at most ${MAX_VOID_LOOKUPS} such lookups before permerror.`,
      fix: `Remove ${t.text} or publish the records it expects.`,
      spec: 'RFC 7208 §4.6.4',
      ...about,
    });
  }
  switch (t.note?.kind) {
    case 'mx-too-many':
      out.push({
        severity: 'error',
        code: 'mx-too-many',
        title: `${t.text} has too many MX hosts`,
        detail: t.note.text,
        fix: 'Use ip4/ip6 or an include instead of mx for this domain.',
        spec: 'RFC 7208 §4.6.4',
        ...about,
      });
      break;
    case 'macro-target':
    case 'macro-include':
      out.push({
        severity: 'info',
        code: 'macro-target',
        title: `${t.text} depends on each message`,
        detail: t.note.text,
        spec: 'RFC 7208 §7',
        ...about,
      });
      break;
    default:
      break;
  }
  for (const h of t.mxHosts) {
    if (h.addresses.length === 0 && !t.dnsError) {
      out.push({
        severity: 'warning',
        code: 'mx-host-no-address',
        title: `MX host ${h.host} has no address`,
        detail: `${t.text} in ${node.domain} refers to MX host ${h.host}, which has no A or AAAA record.`,
        fix: `Fix the MX record or remove ${t.text}.`,
        ...about,
      });
    }
  }
  return out;
}

/** Every finding about `node` itself (not its children). */
export function nodeFindings(node: SpfNode, isRoot: boolean): SpfFinding[] {
  const out: SpfFinding[] = [];
  const problem = nodeProblem(node);
  if (problem) out.push(problem);
  const bom = isRoot ? null : bomFinding(node);
  if (bom) out.push(bom);
  for (const issue of node.issues) {
    if (issue.severity === 'error' && node.status === 'syntax-error') {
      out.push({
        ...fromIssue(issue, node),
        severity: 'error',
        title: `Syntax error in ${node.domain}’s SPF record`,
        detail: `${issue.message} Any syntax error makes the whole record a permerror.`,
      });
      continue;
    }
    if (!isRoot && !LINT_THAT_MATTERS_DOWNSTREAM.has(issue.code)) continue;
    const f = fromIssue(issue, node);
    if (!isRoot && issue.code === 'plus-all') {
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
  for (const t of node.terms) out.push(...termFindings(node, t));
  return out;
}
