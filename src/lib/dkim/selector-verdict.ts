// RFC 6376 §3.6.2.2 and RFC 8301 §3.2: what one probed selector amounts to, as one badge. A key is "published"
// only when receivers can use it; revoked, too short and unreadable keys say so, so no view paints them green.

import type { Finding, Severity } from '../findings';

export interface SelectorVerdict {
  /** A few words for a badge ("published", "revoked", "too short"). */
  label: string;
  severity: Severity;
}

type SelectorStatus = 'found' | 'not-found' | 'error' | 'multiple' | 'dangling-cname' | 'not-dkim';

const OTHER: Record<Exclude<SelectorStatus, 'found'>, SelectorVerdict> = {
  'not-found': { label: 'not found', severity: 'error' },
  error: { label: 'could not check', severity: 'unknown' },
  multiple: { label: 'several records', severity: 'error' },
  'dangling-cname': { label: 'CNAME to nowhere', severity: 'error' },
  'not-dkim': { label: 'not a DKIM key', severity: 'warning' },
};

/** The words of the first error that makes a published key unusable. */
const UNUSABLE: Record<string, string> = {
  'rsa-too-short': 'too short',
  'key-base64': 'unreadable',
  'key-unreadable': 'unreadable',
  'key-syntax': 'unreadable',
  'key-bom': 'unreadable',
  'key-no-p': 'no key',
};

export function selectorVerdict(s: {
  status: SelectorStatus;
  key: { revoked: boolean } | null;
  findings: readonly Finding[];
}): SelectorVerdict {
  if (s.status !== 'found') return OTHER[s.status];
  if (s.key?.revoked) return { label: 'revoked', severity: 'warning' };
  const error = s.findings.find((f) => f.severity === 'error');
  if (error || !s.key) return { label: (error && UNUSABLE[error.code]) ?? 'unusable', severity: 'error' };
  return {
    label: 'published',
    severity: s.findings.some((f) => f.severity === 'warning') ? 'warning' : 'ok',
  };
}
