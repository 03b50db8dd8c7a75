// RFC 9989 §4.4 identifier alignment for one message: From vs MAIL FROM vs each DKIM d=, from the receiver's own
// results (verdict.ts turns the rows into the DMARC verdict).

import { pslOrganizationalDomain } from '../domain/org-domain';
import type { AuthResResult } from '../authres';

export type Outcome =
  | 'pass'
  | 'fail'
  | 'softfail'
  | 'neutral'
  | 'none'
  | 'temperror'
  | 'permerror'
  | 'policy'
  | 'unknown'
  | string;

export interface AlignmentRow {
  kind: 'from' | 'spf' | 'dkim';
  /** What the row is: "From (RFC5322.From)", "MAIL FROM (Return-Path)", "DKIM d=…". */
  label: string;
  domain: string | null;
  result: Outcome | null;
  relaxed: boolean | null;
  strict: boolean | null;
  /** This identifier makes DMARC pass (passed and aligned under the policy's mode). */
  counts: boolean;
  note: string | null;
}

export interface DmarcPolicyHint {
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  p: string | null;
  /** Where the policy came from ("_dmarc.example.com" or "Authentication-Results"). */
  source: string;
  /**
   * The lookup found no usable DMARC record (RFC 9989 §4.10.1: DMARC does not apply); adkim/aspf are then the
   * defaults. Absent when a record was found. A failed lookup is no hint at all (null), not this.
   */
  noRecord?: true;
  /** The record says t=y (RFC 9989 §4.7 testing): receivers apply one step less, so nothing is sure to be enforced. */
  testing?: true;
}

export interface Verdict {
  /** Computed from the receiver's SPF and DKIM results and alignment. */
  computed: 'pass' | 'fail' | 'none' | 'unknown';
  /** What the receiver itself reported in dmarc=, if it did. */
  reported: string | null;
  /** The headline sentence: short, the conclusion first. */
  sentence: string;
  /** What explains it, shown below the headline, when there is more than the headline says. */
  detail?: string;
  fix: string | null;
}

export interface AlignmentInput {
  fromDomains: string[];
  mailFrom: string | null;
  mailFromSource: string;
  helo: string | null;
  spf: AuthResResult | null;
  dkim: AuthResResult[];
  /** d= of DKIM-Signature fields, for when the receiver reported no DKIM results. */
  signatureDomains: string[];
  dmarc: AuthResResult | null;
  policy: DmarcPolicyHint | null;
  /** The lookup of the From domain's policy was tried and failed (DNS error): the policy could not be checked. */
  policyLookupFailed?: boolean;
  /** DKIM-Signature fields (d= and b=), to name the signing domain when the receiver gave only i= or b=. */
  signatures?: ReadonlyArray<{ domain: string; b: string }>;
}

function prop(r: AuthResResult | null, ptype: string, property: string): string | null {
  return r?.properties.find((p) => p.ptype === ptype && p.property === property)?.value ?? null;
}

function domainOf(value: string | null): string | null {
  if (!value) return null;
  const v = value.replace(/^<|>$/g, '').trim();
  const at = v.lastIndexOf('@');
  const d = (at === -1 ? v : v.slice(at + 1)).toLowerCase().replace(/\.$/, '');
  return d === '' || d === 'none' ? null : d;
}

/** Signatures searched for a header.b prefix (real messages carry a handful; keeps hostile pastes linear). */
const MAX_B_MATCH = 50;

/**
 * The signing domain d= of a DKIM result (RFC 7489 §3.1.1 aligns d=, not i=): header.d, else the signature whose
 * b= starts with header.b, else the domain of header.i (which lies inside d=).
 */
export function dkimDomain(
  r: AuthResResult,
  signatures: ReadonlyArray<{ domain: string; b: string }> = [],
): string | null {
  const d = domainOf(prop(r, 'header', 'd'));
  if (d) return d;
  const b = prop(r, 'header', 'b');
  const signed =
    b && b.length >= 8 ? signatures.slice(0, MAX_B_MATCH).find((s) => s.b.startsWith(b)) : undefined;
  return signed?.domain.toLowerCase() ?? domainOf(prop(r, 'header', 'i'));
}

/** RFC 9989 §4.4: relaxed (same organizational domain) and strict (identical) alignment of two domains. */
export function align(
  a: string | null,
  b: string | null,
): { relaxed: boolean | null; strict: boolean | null } {
  if (!a || !b) return { relaxed: null, strict: null };
  return { relaxed: pslOrganizationalDomain(a) === pslOrganizationalDomain(b), strict: a === b };
}

/**
 * The alignment rows: the From domain, then SPF's identifier, then each DKIM signing domain, judged under the
 * policy's modes.
 */
export function alignmentRows(input: AlignmentInput): AlignmentRow[] {
  const from = input.fromDomains[0] ?? null;
  const adkim = input.policy?.adkim ?? 'r';
  const aspf = input.policy?.aspf ?? 'r';
  const rows: AlignmentRow[] = [
    {
      kind: 'from',
      label: 'From (RFC5322.From)',
      domain: from,
      result: null,
      relaxed: null,
      strict: null,
      counts: false,
      note:
        input.fromDomains.length > 1
          ? `Several From addresses (${input.fromDomains.join(', ')}): receivers may reject the message.`
          : null,
    },
  ];
  // RFC 7208 §2.4 / RFC 9989 §4.4.2: the SPF identifier is MAIL FROM, or HELO for a null sender.
  const spfDomain =
    domainOf(prop(input.spf, 'smtp', 'mailfrom')) ??
    input.mailFrom ??
    domainOf(prop(input.spf, 'smtp', 'helo')) ??
    input.helo;
  const spfResult = input.spf?.result ?? null;
  const spfAlign = align(spfDomain, from);
  const heloOnly = !input.mailFrom && !domainOf(prop(input.spf, 'smtp', 'mailfrom'));
  rows.push({
    kind: 'spf',
    label: heloOnly
      ? spfDomain
        ? `SPF for the HELO name ${spfDomain}`
        : 'MAIL FROM (not in the pasted headers)'
      : `MAIL FROM (${input.mailFromSource})`,
    domain: spfDomain,
    result: spfResult,
    ...spfAlign,
    counts: spfResult === 'pass' && (aspf === 's' ? spfAlign.strict === true : spfAlign.relaxed === true),
    note:
      spfResult === null
        ? 'The receiver reported no SPF result.'
        : heloOnly && spfDomain
          ? `No Return-Path in the pasted headers; SPF was checked for the HELO name ${spfDomain}.`
          : null,
  });
  const dkimRows: AlignmentRow[] = input.dkim.map((r) => {
    const d = dkimDomain(r, input.signatures);
    const a = align(d, from);
    // RFC 8601 §2.7.1: dkim=none means the message was not signed (or no signature was evaluated): no signer.
    const unsigned = r.result === 'none' && d === null;
    return {
      kind: 'dkim',
      label: unsigned
        ? 'DKIM (no signature evaluated)'
        : `DKIM d=${d ?? '(unknown)'}${prop(r, 'header', 's') ? ` s=${prop(r, 'header', 's')}` : ''}`,
      domain: d,
      result: r.result,
      ...a,
      counts: r.result === 'pass' && (adkim === 's' ? a.strict === true : a.relaxed === true),
      note: unsigned
        ? 'The receiver reported dkim=none: it evaluated no DKIM signature.'
        : d === null
          ? 'The receiver did not say which domain signed.'
          : null,
    };
  });
  if (dkimRows.length === 0) {
    for (const d of input.signatureDomains) {
      rows.push({
        kind: 'dkim',
        label: `DKIM d=${d}`,
        domain: d,
        ...align(d, from),
        result: null,
        counts: false,
        note: 'Signature present; the receiver reported no DKIM result for it.',
      });
    }
  }
  rows.push(...dkimRows);
  return rows;
}
