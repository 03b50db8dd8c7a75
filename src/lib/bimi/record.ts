// BIMI assertion record (draft-brand-indicators-for-message-identification): v=BIMI1; l=; a=; avp=; lps=

import { hasErrors, makeIssue } from '../findings/issue';
import {
  isAlphaChar,
  readIssueCodes,
  readVersionedRecord,
  tagSpan,
  type TaggedRecordParse,
} from '../syntax/policy-record';

export interface BimiRecord {
  logo: string | null;
  authority: string | null;
  avp: 'brand' | 'personal' | null;
  lps: string | null;
  /** l= and a= both empty: the domain declines to show a logo. */
  declined: boolean;
  /** The tags as published (lower-cased names), a null-prototype object. */
  tags: Record<string, string>;
}

export const BIMI_ISSUE_CODES = [
  ...readIssueCodes('tag'),
  'no-logo',
  'bad-logo',
  'logo-not-svg',
  'bad-authority',
  'bad-avp',
  'bad-lps',
] as const;
export type BimiIssueCode = (typeof BIMI_ISSUE_CODES)[number];

/** `tags`: the tags as published (a null-prototype object), also when the record is invalid. */
export type BimiParse = TaggedRecordParse<BimiRecord, BimiIssueCode>;

/** No BIMI record comes near this (two URLs and a few tags); longer text is refused unread. */
const MAX_RECORD_LENGTH = 8192;
const KNOWN_TAGS = ['l', 'a', 'avp', 'lps'];

/** A BIMI assertion record starts with its version tag v=BIMI1 (names and the version are case-insensitive). */
export function isBimiRecord(text: string): boolean {
  return /^v\s*=\s*BIMI1/i.test(text);
}

export function parseBimiRecord(text: string): BimiParse {
  const read = readVersionedRecord(text, {
    name: 'BIMI',
    version: 'v=BIMI1',
    // The version's name and value are case-insensitive, like the tag names.
    isVersion: (f) => f.tag?.name === 'v' && /^BIMI1$/i.test(f.tag.value),
    maxLength: MAX_RECORD_LENGTH,
    noun: 'tag',
    scan: { lowerCaseNames: true, nameChar: isAlphaChar },
    known: KNOWN_TAGS,
  });
  if (!read.ok) return read;
  const { map, tags } = read;
  const issues: BimiParse['issues'] = read.issues;
  const spans = new Map(read.named.map((tag) => [tag.name, tagSpan(tag)]));
  const add = (severity: 'error' | 'warning', code: BimiIssueCode, tag: string | null, message: string) =>
    issues.push(makeIssue(severity, code, message, tag === null ? {} : (spans.get(tag) ?? { tag })));
  const logo = map.get('l') ?? null;
  const authority = map.get('a') ?? null;
  if (logo === null)
    add('error', 'no-logo', null, 'The record has no l= tag (the logo URL; leave it empty to decline).');
  if (logo) {
    for (const url of logo.split(',')) {
      if (!/^https:\/\/\S+$/i.test(url.trim()))
        add('error', 'bad-logo', 'l', `l=${url} must be an https:// URL.`);
      else if (!/\.svgz?(\?|$)/i.test(url.trim()))
        add(
          'warning',
          'logo-not-svg',
          'l',
          `l=${url} does not end in .svg; the logo must be SVG Tiny Portable/Secure.`,
        );
    }
  }
  if (authority && !/^https:\/\/\S+$/i.test(authority))
    add(
      'error',
      'bad-authority',
      'a',
      `a=${authority} must be an https:// URL of a PEM certificate (VMC or CMC).`,
    );
  const avpValue = map.get('avp');
  const avp = avpValue?.toLowerCase() ?? null;
  if (avp !== null && avp !== 'brand' && avp !== 'personal')
    add('error', 'bad-avp', 'avp', `avp=${avpValue} must be brand or personal.`);
  const lps = map.get('lps');
  if (lps !== undefined && !/^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$/.test(lps))
    add('error', 'bad-lps', 'lps', `lps=${lps} must be a comma-separated list of local-part prefixes.`);
  if (hasErrors(issues)) return { ok: false, issues, tags };
  return {
    ok: true,
    record: {
      logo: logo || null,
      authority: authority || null,
      avp: avp as BimiRecord['avp'],
      lps: lps ?? null,
      declined: logo === '' && !authority,
      tags,
    },
    issues,
    tags,
  };
}
