// RFC 6376 §3.5 DKIM-Signature fields: every tag decoded and linted (RFC 8301 algorithms, §5.4 over-signing,
// l=, t/x expiry, i within d). Also used for ARC-Message-Signature (RFC 8617 §4.1.2, i= instead of v=).

import { makeFinding, type Finding } from '../findings';
import { parseTagList, stripFws } from '../syntax/tag-list';

export interface DkimSignature {
  tags: Record<string, string>;
  version: string | null;
  algorithm: string | null;
  /** c= header and body canonicalization (RFC 6376 §3.5: default simple/simple). */
  canonHeader: 'simple' | 'relaxed' | string;
  canonBody: 'simple' | 'relaxed' | string;
  domain: string | null;
  selector: string | null;
  /** h= as listed (lower-cased names, in order). */
  headers: string[];
  bodyHash: string | null;
  signature: string | null;
  identity: string | null;
  bodyLength: number | null;
  timestamp: number | null;
  expiration: number | null;
  /** ARC instance (ARC-Message-Signature only). */
  instance: number | null;
}

export type DkimSignatureParse =
  | { ok: true; signature: DkimSignature; findings: Finding[] }
  | { ok: false; error: string; findings: Finding[] };

/** RFC 6376 §5.4.1 and common practice: fields worth signing, and over-signing so nobody can add a second copy. */
export const OVERSIGN_RECOMMENDED = [
  'from',
  'subject',
  'date',
  'to',
  'cc',
  'reply-to',
  'list-unsubscribe',
  'list-unsubscribe-post',
];

function f(
  severity: Finding['severity'],
  code: string,
  title: string,
  detail: string,
  fix?: string,
  spec = 'RFC 6376 §3.5',
): Finding {
  return makeFinding(severity, code, title, detail, fix, spec);
}

export function parseDkimSignature(value: string, kind: 'dkim' | 'ams' = 'dkim'): DkimSignatureParse {
  const list = parseTagList(value);
  if (!list.ok)
    return {
      ok: false,
      error: list.error,
      findings: [f('error', 'sig-syntax', 'The signature does not parse', list.error)],
    };
  const t = Object.fromEntries(list.map);
  const [canonHeader = 'simple', canonBody = 'simple'] = (t.c ?? 'simple/simple').toLowerCase().split('/');
  const num = (v: string | undefined) =>
    v !== undefined && /^\d{1,12}$/.test(v.trim()) ? Number(v.trim()) : null;
  const signature: DkimSignature = {
    tags: t,
    version: t.v ?? null,
    algorithm: t.a?.toLowerCase() ?? null,
    canonHeader,
    canonBody,
    domain: t.d?.trim().toLowerCase() ?? null,
    selector: t.s?.trim().toLowerCase() ?? null,
    headers: (t.h ?? '')
      .split(':')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    bodyHash: t.bh === undefined ? null : stripFws(t.bh),
    signature: t.b === undefined ? null : stripFws(t.b),
    identity: t.i?.trim() ?? null,
    bodyLength: num(t.l),
    timestamp: num(t.t),
    expiration: num(t.x),
    instance: kind === 'ams' ? num(t.i) : null,
  };
  return { ok: true, signature, findings: [] };
}

/** How often each lower-cased field name occurs in a message: counted once, shared by every signature's lint. */
export function countHeaderNames(names: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/** Fields a signer should cover (RFC 6376 §5.4), reported when present and unsigned. */
const SHOULD_SIGN = ['subject', 'to', 'date', 'reply-to', 'list-unsubscribe', 'list-unsubscribe-post'];

/**
 * Lint a parsed DKIM-Signature against the message's field-name counts (countHeaderNames, for over-signing) and
 * the time. Work is linear in the signature alone, so linting every signature of a message stays linear.
 */
export function lintDkimSignature(
  sig: DkimSignature,
  present: ReadonlyMap<string, number>,
  now: Date,
): Finding[] {
  const out: Finding[] = [];
  const t = sig.tags;
  // RFC 6376 §3.5: required tags.
  const missing = ['v', 'a', 'b', 'bh', 'd', 'h', 's'].filter(
    (k) => t[k] === undefined || t[k]!.trim() === '',
  );
  if (missing.length > 0) {
    out.push(
      f(
        'error',
        'sig-missing-tags',
        `Missing required tag${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`,
        'Receivers treat a signature without these tags as invalid (permerror).',
      ),
    );
  }
  if (sig.version !== null && sig.version.trim() !== '1')
    out.push(f('error', 'sig-version', `v=${sig.version} is not 1`, 'Only v=1 exists.'));
  if (sig.algorithm === 'rsa-sha1') {
    out.push(
      f(
        'error',
        'sig-rsa-sha1',
        'Signed with rsa-sha1',
        'RFC 8301 §3.1: rsa-sha1 must not be used for signing or verifying; receivers treat it as failing.',
        'Sign with rsa-sha256 (or ed25519-sha256).',
        'RFC 8301 §3.1',
      ),
    );
  } else if (sig.algorithm && sig.algorithm !== 'rsa-sha256' && sig.algorithm !== 'ed25519-sha256') {
    out.push(
      f(
        'error',
        'sig-algorithm',
        `Unknown algorithm a=${sig.algorithm}`,
        'DKIM defines rsa-sha256 and ed25519-sha256.',
        undefined,
        'RFC 8463',
      ),
    );
  }
  for (const [part, value] of [
    ['header', sig.canonHeader],
    ['body', sig.canonBody],
  ] as const) {
    if (value !== 'simple' && value !== 'relaxed')
      out.push(
        f(
          'error',
          'sig-canon',
          `Unknown ${part} canonicalization “${value}”`,
          'c= takes simple or relaxed.',
          undefined,
          'RFC 6376 §3.4',
        ),
      );
  }
  if (sig.headers.length > 0 && !sig.headers.includes('from')) {
    out.push(
      f(
        'error',
        'sig-no-from',
        'h= does not include From',
        'RFC 6376 §5.4 requires the From field to be signed; receivers reject such signatures.',
        undefined,
        'RFC 6376 §5.4',
      ),
    );
  }
  // RFC 6376 §5.4.2: listing a name more times than it occurs signs its absence ("over-signing").
  const listed = new Map<string, number>();
  for (const h of sig.headers) listed.set(h, (listed.get(h) ?? 0) + 1);
  const notOversigned = OVERSIGN_RECOMMENDED.filter(
    (h) => (present.get(h) ?? 0) > 0 && (listed.get(h) ?? 0) <= (present.get(h) ?? 0),
  );
  const oversigned = [...listed.entries()].filter(([h, n]) => n > (present.get(h) ?? 0)).map(([h]) => h);
  if (oversigned.length > 0) {
    out.push(
      f(
        'ok',
        'sig-oversigned',
        `Over-signed: ${oversigned.join(', ')}`,
        'These fields are listed more often than they occur, so nobody can add another copy without breaking the signature.',
        undefined,
        'RFC 6376 §5.4.2',
      ),
    );
  }
  if (notOversigned.includes('from') || notOversigned.includes('subject')) {
    out.push(
      f(
        'info',
        'sig-not-oversigned',
        `Not over-signed: ${notOversigned.join(', ')}`,
        'A second From or Subject could be added to this message without breaking the signature; some clients would show the added one.',
        'List From and Subject (and other key fields) one extra time in h=.',
        'RFC 6376 §8.15',
      ),
    );
  }
  const unsigned = SHOULD_SIGN.filter((h) => present.has(h) && !listed.has(h));
  if (unsigned.length > 0) {
    out.push(
      f(
        'warning',
        'sig-unsigned-fields',
        `Not signed: ${unsigned.join(', ')}`,
        'These fields can be changed in transit without breaking the signature.',
        'Add them to h=.',
        'RFC 6376 §5.4',
      ),
    );
  }
  if (sig.bodyLength !== null) {
    out.push(
      f(
        'warning',
        'sig-length',
        `l=${sig.bodyLength}: only part of the body is signed`,
        'Anyone can append content after the signed length and the signature still verifies.',
        'Remove l= from the signer’s settings.',
        'RFC 6376 §8.2',
      ),
    );
  }
  const nowSec = Math.floor(now.getTime() / 1000);
  if (sig.timestamp !== null && sig.timestamp > nowSec + 300) {
    out.push(
      f(
        'warning',
        'sig-future',
        'The signature is dated in the future',
        `t=${sig.timestamp} is ${new Date(sig.timestamp * 1000).toISOString()}; receivers may reject it (RFC 6376 §3.5).`,
      ),
    );
  }
  if (sig.expiration !== null) {
    if (sig.timestamp !== null && sig.expiration <= sig.timestamp)
      out.push(
        f(
          'error',
          'sig-x-before-t',
          'x= is not after t=',
          'The expiration must be later than the signing time; the signature is invalid.',
        ),
      );
    else if (sig.expiration < nowSec)
      out.push(
        f(
          'warning',
          'sig-expired',
          `Expired at ${new Date(sig.expiration * 1000).toISOString()}`,
          'Receivers that check x= now treat this signature as failing. That is normal for old mail.',
          undefined,
          'RFC 6376 §3.5',
        ),
      );
  }
  if (sig.identity && sig.domain) {
    const at = sig.identity.lastIndexOf('@');
    const idDomain = sig.identity.slice(at + 1).toLowerCase();
    if (idDomain !== sig.domain && !idDomain.endsWith(`.${sig.domain}`)) {
      out.push(
        f(
          'error',
          'sig-i-outside-d',
          `i=${sig.identity} is outside d=${sig.domain}`,
          'The identity must be the signing domain or a subdomain of it; receivers fail the signature.',
        ),
      );
    }
  }
  if (t.q !== undefined && t.q.trim().toLowerCase() !== 'dns/txt')
    out.push(f('error', 'sig-query', `q=${t.q} is not dns/txt`, 'Only dns/txt key lookup exists.'));
  return out;
}
