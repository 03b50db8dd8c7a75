// RFC 6376 §3.6.1 key records: every finding the key check reports, and the same problems as parser issues with
// the tag (and its position) each one is about.

import { makeIssue, type Finding, type Issue } from '../findings';
import type { Tag } from '../syntax/tag-list';

export const DKIM_KEY_FINDING_CODES = [
  'key-syntax',
  'key-bom',
  'key-version',
  'key-no-p',
  'key-type',
  'key-sha1-only',
  'key-testing',
  'key-service',
  'key-granularity',
  'key-revoked',
  'key-base64',
  'key-unreadable',
  'key-mismatch',
  'rsa-too-short',
  'rsa-short',
  'rsa-long',
  'rsa-ok',
  'rsa-pkcs1',
  'ed25519-spki',
  'ed25519-ok',
] as const;
export type DkimKeyFindingCode = (typeof DKIM_KEY_FINDING_CODES)[number];
/** The findings that are problems or notes (not the "good key" ones) are also the parser's issues. */
export type DkimKeyIssueCode = Exclude<DkimKeyFindingCode, 'rsa-ok' | 'ed25519-ok'>;

/** The tag each issue is about (its position is that tag's). */
const ISSUE_TAG: Record<DkimKeyIssueCode, string | null> = {
  'key-syntax': null,
  'key-bom': null,
  'key-version': 'v',
  'key-no-p': null,
  'key-type': 'k',
  'key-sha1-only': 'h',
  'key-testing': 't',
  'key-service': 's',
  'key-granularity': 'g',
  'key-revoked': 'p',
  'key-base64': 'p',
  'key-unreadable': 'p',
  'key-mismatch': 'k',
  'rsa-too-short': 'p',
  'rsa-short': 'p',
  'rsa-long': 'p',
  'rsa-pkcs1': 'p',
  'ed25519-spki': 'p',
};

/** The problems and notes among the findings, as parser issues with the position of the tag they are about. */
export function issuesOf(
  findings: readonly Finding<DkimKeyFindingCode>[],
  tags: readonly Tag[],
  syntaxAt: number | null,
): Issue<DkimKeyIssueCode>[] {
  const out: Issue<DkimKeyIssueCode>[] = [];
  for (const x of findings) {
    const { code, severity } = x;
    if (code === 'rsa-ok' || code === 'ed25519-ok' || severity === 'ok' || severity === 'unknown') continue;
    const name = ISSUE_TAG[code];
    const tag = name === null ? undefined : tags.find((t) => t.name === name);
    const at = tag
      ? { tag: tag.name, start: tag.start, end: tag.valueEnd }
      : syntaxAt === null
        ? {}
        : { start: syntaxAt, end: syntaxAt };
    out.push(makeIssue(severity, code, `${x.title}: ${x.detail}`, { ...at, fix: x.fix }));
  }
  return out;
}
