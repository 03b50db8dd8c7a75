// Bulk-sender readiness for Gmail/Yahoo (Feb 2024 rules) and Outlook.com (May 2025 rules): what DNS can show,
// and what only a real message (Header analysis) can prove. Sources: Google's sender guidelines
// (support.google.com/a/answer/81126), Yahoo's (senders.yahooinc.com/best-practices), Microsoft's announcement of
// 2 April 2025 for outlook.com, and RFC 8058 for one-click unsubscribe.

import type { DkimAnalysis } from '../dkim/discover';
import { leavesSelectorOpen, SELECTOR_NEEDED, selectorNeededSentence } from '../dkim/domainkey-node';
import type { DmarcAnalysis } from '../dmarc/analyze';
import type { SpfAnalysis } from '../spf';
import type { MxAnalysis } from '../mx/analyze';
import type { AreaId, AreaSummary } from './types';

/** needs-message: only a real message's headers can prove it; provider-tools: only the mailbox provider knows. */
export type ReadinessState = 'met' | 'not-met' | 'unknown' | 'needs-message' | 'provider-tools';

export interface ReadinessItem {
  id: string;
  requirement: string;
  appliesTo: string;
  state: ReadinessState;
  /** The badge's words when the state's usual ones do not fit (the DKIM area's own label, the same words). */
  label?: string;
  detail: string;
}

/**
 * The rows DNS can answer follow the areas' own statuses: an area that could not be checked makes its row "could
 * not check" with the same cause, so the card and the summary never disagree.
 */
export function bulkSenderReadiness(
  spf: SpfAnalysis,
  dmarc: DmarcAnalysis,
  dkim: DkimAnalysis,
  mx: MxAnalysis,
  areas: readonly AreaSummary[],
): ReadinessItem[] {
  const cause = (id: AreaId): string | null => {
    const area = areas.find((a) => a.id === id);
    return area?.status === 'unknown' ? (area.cause ?? 'DNS lookup failed') : null;
  };
  const couldNot = (id: AreaId) => `Could not check (${cause(id)}): a DNS failure, not a missing record.`;
  const spfState: ReadinessState =
    cause('spf') !== null
      ? 'unknown'
      : spf.root.status === 'ok' && !spf.findings.some((f) => f.severity === 'error')
        ? 'met'
        : 'not-met';
  const keys = dkim.selectors.filter((s) => s.status === 'found' && s.key && !s.key.revoked);
  const strongKey = keys.some(
    (s) => s.key?.key?.kind === 'ed25519' || (s.key?.key?.kind === 'rsa' && s.key.key.bits >= 1024),
  );
  // Names proven below _domainkey, or a record of its own there, leave the question open (leavesSelectorOpen): the
  // row says so in the DKIM area's words. A wildcard answers every name.
  const selectorOpen = keys.length === 0 && dkim.status === 'none' && leavesSelectorOpen(dkim.domainkeyNode);
  const dkimState: ReadinessState =
    keys.length > 0 && strongKey ? 'met' : cause('dkim') !== null || selectorOpen ? 'unknown' : 'not-met';
  const dkimUnproven = keys.length === 0 && dkim.domainkeyNode === 'wildcard';
  // RFC 7489 §6.6.3 and RFC 9989 §4.10.1: an invalid p=, sp= or np= with a valid rua is read as p=none, which is
  // what this row asks for; without one, receivers apply no DMARC. Other errors: receivers may not apply the
  // record as written.
  const issues = dmarc.parse?.issues ?? [];
  const fellBack = dmarc.parse !== null && !dmarc.parse.ok && dmarc.parse.fallback !== undefined;
  const dmarcState: ReadinessState =
    cause('dmarc') !== null ? 'unknown' : dmarc.policy || fellBack ? 'met' : 'not-met';
  const policyBroken = issues.some(
    (i) =>
      i.severity === 'error' && ['bad-p', 'bad-sp', 'bad-np', 'missing-p', 'policy-invalid'].includes(i.code),
  );
  const dmarcProblem =
    dmarc.status === 'invalid'
      ? policyBroken
        ? 'A policy tag is missing or invalid and rua= holds no valid address, so receivers apply no DMARC (RFC 7489 §6.6.3, RFC 9989 §4.10.1): fix the errors in the DMARC panel.'
        : 'The DMARC record has errors, so receivers may not apply it as written: fix them in the DMARC panel.'
      : dmarc.status === 'multiple'
        ? 'Several DMARC records: receivers ignore them all. Keep one.'
        : dmarc.discovery.author.bomRecord !== null
          ? 'The DMARC record starts with a byte-order mark, so receivers do not read it: publish it again without the mark.'
          : 'Publish a DMARC record.';
  return [
    {
      id: 'spf',
      requirement: 'SPF published and valid',
      appliesTo: 'Gmail, Yahoo (all senders: SPF or DKIM; bulk: both) · Outlook.com',
      state: spfState,
      detail:
        spfState === 'met'
          ? 'A valid SPF record within the lookup limit.'
          : spfState === 'unknown'
            ? couldNot('spf')
            : 'Fix the SPF findings below.',
    },
    {
      id: 'dkim',
      requirement: 'DKIM key of at least 1024 bits (2048 recommended)',
      appliesTo: 'Gmail, Yahoo (bulk) · Outlook.com',
      state: dkimState,
      ...(selectorOpen && cause('dkim') === null ? { label: SELECTOR_NEEDED } : {}),
      detail:
        dkimState === 'met'
          ? `Key${keys.length === 1 ? '' : 's'} found at ${keys.map((k) => k.selector).join(', ')}.`
          : dkimState === 'unknown'
            ? cause('dkim') !== null || !leavesSelectorOpen(dkim.domainkeyNode)
              ? couldNot('dkim')
              : selectorNeededSentence(dkim.domainkeyNode, dkim.tried)
            : dkimUnproven
              ? 'No DKIM key found at the common selectors, and the answer at _domainkey proves nothing about others. Name your selector under Options, or paste a message header.'
              : 'No usable DKIM key published.',
    },
    {
      id: 'dmarc',
      requirement: 'DMARC record (p=none is enough)',
      appliesTo: 'Gmail, Yahoo (bulk) · Outlook.com',
      state: dmarcState,
      detail:
        dmarcState === 'met'
          ? fellBack
            ? 'Met as p=none: the policy tag is invalid, but rua= holds a valid address, so receivers act as if the record said p=none (RFC 7489 §6.6.3, RFC 9989 §4.10.1). The record still does not say what you meant: fix the policy tag in the DMARC panel.'
            : `Policy ${dmarc.effectivePolicy}.`
          : dmarcState === 'unknown'
            ? couldNot('dmarc')
            : dmarcProblem,
    },
    {
      id: 'alignment',
      requirement: 'From domain aligned with SPF or DKIM',
      appliesTo: 'Gmail, Yahoo (bulk) · Outlook.com',
      state: 'needs-message',
      detail:
        'Only a real message shows which domains sign and bounce it. Paste its headers in Header analysis.',
    },
    {
      id: 'ptr',
      requirement: 'Sending IPs have forward-confirmed reverse DNS',
      appliesTo: 'Gmail, Yahoo (all senders)',
      state: 'needs-message',
      detail: `Sending servers are not the MX hosts${mx.hosts.length > 0 ? ' (those are checked in the MX panel)' : ''}; a message’s Received headers show the sending IP.`,
    },
    {
      id: 'tls',
      requirement: 'Mail sent over TLS',
      appliesTo: 'Gmail, Yahoo (all senders)',
      state: 'needs-message',
      detail: 'The Received headers of a delivered message show whether TLS was used.',
    },
    {
      id: 'unsubscribe',
      requirement: 'One-click unsubscribe (RFC 8058) for marketing mail',
      appliesTo: 'Gmail, Yahoo (bulk) · Outlook.com (recommended)',
      state: 'needs-message',
      detail:
        'List-Unsubscribe and List-Unsubscribe-Post headers, covered by DKIM, are visible only in a message.',
    },
    {
      id: 'spam-rate',
      requirement: 'Spam complaint rate under 0.3% (aim for 0.1%)',
      appliesTo: 'Gmail, Yahoo',
      state: 'provider-tools',
      detail: 'Measured by the mailbox providers: see Google Postmaster Tools and Yahoo’s feedback loop.',
    },
  ];
}
