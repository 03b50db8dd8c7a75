// RFC 8461 §3.1 MTA-STS TXT record grammar (the policy file, §3.2, is in policy.ts).

import { hasErrors, makeIssue } from '../findings/issue';
import { readFieldRecord, readIssueCodes, tagSpan, type TaggedRecordParse } from '../syntax/policy-record';

export {
  MAX_POLICY_AGE,
  MAX_POLICY_BYTES,
  MTASTS_POLICY_ISSUE_CODES,
  mxMatches,
  parseMtaStsPolicy,
  type MtaStsPolicy,
  type MtaStsPolicyIssueCode,
  type MtaStsPolicyParse,
  type StsMode,
} from './policy';

export interface MtaStsTxt {
  id: string;
  /** Extension fields (none are defined yet), as a null-prototype object. */
  extensions: Record<string, string>;
}

export const MTASTS_TXT_ISSUE_CODES = [...readIssueCodes('field'), 'bad-id', 'no-id', 'bad-value'] as const;
export type MtaStsTxtIssueCode = (typeof MTASTS_TXT_ISSUE_CODES)[number];

/** `tags`: every field as published (a null-prototype object), also when the record is invalid. */
export type MtaStsTxtParse = TaggedRecordParse<MtaStsTxt, MtaStsTxtIssueCode>;

/** No MTA-STS record comes near this (a version and a 32-character id); longer text is refused unread. */
const MAX_TXT_LENGTH = 2048;

/** The characters of `value` outside `allowed`, each once, for a message that names them. */
function offending(value: string, allowed: RegExp): string {
  const bad = [...new Set([...value].filter((ch) => !allowed.test(ch)))];
  return bad.map((ch) => (ch === ' ' ? 'space' : `“${ch}”`)).join(', ');
}

/**
 * RFC 8461 §3.1 "v=STSv1" records. Receivers discard records that do not begin with "v=STSv1;"; near misses
 * (another case, spaces around "=") are recognized here too, so a check can say what is wrong with them.
 */
export function isMtaStsRecord(text: string): boolean {
  return /^v\s*=\s*STSv1/i.test(text);
}

/** RFC 8461 §3.1: sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim] */
export function parseMtaStsTxt(text: string): MtaStsTxtParse {
  let id: string | null = null;
  // RFC 8461 §3.1: sts-version = %s"v=STSv1", first and exactly so.
  const grammar = { name: 'MTA-STS', version: 'v=STSv1', maxLength: MAX_TXT_LENGTH };
  const read = readFieldRecord<MtaStsTxtIssueCode>(text, grammar, (tag, issues) => {
    const at = tagSpan(tag);
    if (tag.name === 'id') {
      // RFC 8461 §3.1: sts-id = %s"id=" 1*32(ALPHA / DIGIT)
      const bad = offending(tag.value, /[A-Za-z0-9]/);
      if (bad !== '')
        issues.push(
          makeIssue(
            'error',
            'bad-id',
            `id=${tag.value} contains characters other than letters and digits (${bad}).`,
            {
              ...at,
              fix: 'Use 1 to 32 letters or digits, such as the date and time of the policy change.',
            },
          ),
        );
      else if (tag.value.length < 1 || tag.value.length > 32)
        issues.push(makeIssue('error', 'bad-id', `id=${tag.value} must be 1 to 32 letters or digits.`, at));
      else id = tag.value;
      return true;
    }
    // RFC 8461 §3.1: sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E), no spaces or "=".
    const bad = offending(tag.value, /[\x21-\x3a\x3c\x3e-\x7e]/);
    if (tag.value !== '' && bad === '' && tag.name.length <= 32) return false;
    issues.push(
      makeIssue(
        'error',
        'bad-value',
        `“${tag.name}=${tag.value.slice(0, 60)}” is not a valid extension field.`,
        at,
      ),
    );
    return true;
  });
  if (!read.ok) return read;
  const { issues, tags, extensions } = read;
  if (id === null && !hasErrors(issues))
    issues.push(
      makeIssue(
        'error',
        'no-id',
        'The record has no id= field (1 to 32 letters or digits, changed with every policy update).',
      ),
    );
  if (id === null || hasErrors(issues)) return { ok: false, issues, tags };
  return { ok: true, record: { id, extensions }, issues, tags };
}
