// RFC 9989 §4.7–§4.8 DMARC Policy Record grammar and tag validation, with an RFC 7489 strict mode.

import { makeIssue, type Issue } from '../findings/issue';
import { isAlphaChar, scanPolicyRecord, tagObject } from '../syntax/policy-record';
import {
  REQUESTS,
  type DmarcIssueCode,
  type DmarcMode,
  type DmarcParse,
  type DmarcParseOptions,
  type DmarcPolicy,
  type DmarcRequest,
} from './types';
import { trimWsp, uriList } from './uri';
import { validateTags, type AddIssue } from './validate';

export * from './types';

/** No DMARC record is anywhere near this long; longer text is refused before scanning. */
const MAX_LENGTH = 8192;

/**
 * Parse and validate a DMARC record. Never throws. `tags` holds the tags as published (lower-cased names, values
 * trimmed, a null-prototype object); `policy` (also `record`) the effective values a receiver applies; `issues`
 * each problem with its code, the tag it is about and its position.
 */
export function parseDmarcRecord(text: string, options: DmarcParseOptions = {}): DmarcParse {
  const mode = options.mode ?? 'rfc9989';
  const kind = options.kind ?? 'policy';
  const issues: Issue<DmarcIssueCode>[] = [];
  const tags = new Map<string, string>();
  const spans = new Map<string, { start: number; end: number }>();
  const add: AddIssue = (severity, code, tag, message, fix) => {
    const span = tag === null ? undefined : spans.get(tag);
    issues.push(makeIssue(severity, code, message, { fix, tag: tag ?? undefined, ...span }));
  };
  /** An error about a span of the text rather than a tag's value. */
  const addAt = (
    code: DmarcIssueCode,
    message: string,
    span: { start: number; end: number },
    fix?: string,
    tag?: string,
  ) => issues.push(makeIssue('error', code, message, { fix, tag, start: span.start, end: span.end }));
  const finish = (): DmarcParse => {
    const published = tagObject(tags);
    const errors = issues.filter((i) => i.severity === 'error').map((i) => i.message);
    const warnings = issues.filter((i) => i.severity !== 'error').map((i) => i.message);
    if (errors.length > 0) {
      const failed = { ok: false as const, errors, warnings, issues, tags: published };
      const fellBack = issues.some((i) => i.code === 'policy-fallback');
      return fellBack ? { ...failed, fallback: effective(tags, issues, mode) } : failed;
    }
    const policy = effective(tags, issues, mode);
    return { ok: true, record: policy, policy, tags: published, warnings, issues };
  };
  const whole = { start: 0, end: text.length };

  if (text.length > MAX_LENGTH) {
    addAt('too-long', `The record is ${text.length} characters long; that cannot be DMARC.`, whole);
    return finish();
  }
  if (/^v=spf1\b/i.test(text.trim())) {
    addAt(
      'spf-in-dmarc',
      'This is an SPF record, not DMARC. It belongs on the domain itself, not at _dmarc.',
      whole,
      'Publish a DMARC record here instead, such as “v=DMARC1; p=none; rua=mailto:dmarc@yourdomain”.',
    );
    return finish();
  }
  if (text.startsWith(' ') || text.startsWith('\t')) {
    addAt(
      'leading-space',
      'The record starts with a space; receivers only recognise records that begin exactly with “v=DMARC1”.',
      { start: 0, end: 1 },
      'Remove the leading space.',
    );
    return finish();
  }
  const firstSemi = text.indexOf(';');
  const head = { start: 0, end: firstSemi === -1 ? text.length : firstSemi };
  // RFC 9989 §4.8: dmarc-version = "v" equals %s"DMARC1" (the value is case-sensitive).
  const version = /^([vV])[ \t]*=[ \t]*(.*)$/s.exec(text.slice(head.start, head.end));
  const versionValue = version ? trimWsp(version[2]!) : null;
  if (versionValue !== 'DMARC1') {
    spans.set('v', head);
    if (versionValue !== null && versionValue.toUpperCase() === 'DMARC1') {
      add(
        'error',
        'version-case',
        'v',
        `The version must be written “DMARC1” in capitals; “${versionValue}” is ignored.`,
        'Write v=DMARC1.',
      );
    } else if (versionValue !== null && /^DMARC1\b/.test(versionValue)) {
      add(
        'error',
        'missing-separator',
        'v',
        `“${versionValue}”: tags must be separated by “;”.`,
        'Write v=DMARC1; p=…',
      );
    } else {
      add(
        'error',
        'no-version',
        'v',
        'A DMARC record must start with “v=DMARC1”.',
        'Start the record with v=DMARC1;',
      );
    }
    return finish();
  }
  tags.set('v', 'DMARC1');
  spans.set('v', head);
  const scan = scanPolicyRecord(text, { lowerCaseNames: true, nameChar: isAlphaChar });
  for (const field of scan.fields.slice(1)) {
    if (field.problem === 'empty') {
      addAt('empty-tag', 'Two “;” in a row: a tag is missing between them.', field, 'Remove the extra “;”.');
      continue;
    }
    const tag = field.tag;
    if (!tag) {
      addAt('bad-tag', `“${field.text.slice(0, 60)}” is not a tag=value pair.`, field);
      continue;
    }
    const name = tag.name;
    if (!spans.has(name)) spans.set(name, { start: tag.start, end: tag.valueEnd });
    if (tag.value === '') {
      add('error', 'empty-value', name, `The tag “${name}=” has no value.`);
      continue;
    }
    // dmarc-value is printable ASCII; tabs may surround list separators (dmarc-urilist, dmarc-fo).
    if (/[^\x20-\x7e\t]/.test(field.text)) {
      add(
        'error',
        'bad-character',
        name,
        `The value of “${name}” contains a control or non-ASCII character.`,
      );
      continue;
    }
    if (tags.has(name)) {
      addAt(
        'duplicate-tag',
        `The tag “${name}” appears more than once; receivers may ignore the record.`,
        { start: tag.start, end: tag.valueEnd },
        `Keep one ${name}=.`,
        name,
      );
      continue;
    }
    tags.set(name, tag.value);
    spans.set(name, { start: tag.start, end: tag.valueEnd });
  }
  validateTags(tags, mode, kind, add);
  return finish();
}

function request(value: string | undefined): DmarcRequest | null {
  const v = value?.toLowerCase();
  return v && REQUESTS.includes(v as DmarcRequest) ? (v as DmarcRequest) : null;
}

/** RFC 9989 §4.7 defaults: sp from p, np from sp; §4.10.1: an invalid policy with a valid rua acts as none. */
function effective(
  tags: ReadonlyMap<string, string>,
  issues: readonly Issue<DmarcIssueCode>[],
  mode: DmarcMode,
): DmarcPolicy {
  const fellBackToNone = issues.some((i) => i.code === 'policy-fallback');
  const get = (tag: string) => tags.get(tag);
  const p = fellBackToNone ? 'none' : (request(get('p')) ?? 'none');
  const sp = fellBackToNone ? 'none' : (request(get('sp')) ?? p);
  const np = fellBackToNone ? 'none' : (request(get('np')) ?? sp);
  const uris = (tag: 'rua' | 'ruf') => {
    const value = get(tag);
    return value === undefined ? [] : uriList(value, mode).filter((u) => u.valid);
  };
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
  const list = (v: string | undefined) => v?.split(':').map((s) => trimWsp(s).toLowerCase());
  const psd = get('psd')?.toLowerCase();
  return {
    p,
    pExplicit: tags.has('p'),
    sp,
    spExplicit: tags.has('sp'),
    np,
    npExplicit: tags.has('np'),
    adkim: get('adkim')?.toLowerCase() === 's' ? 's' : 'r',
    aspf: get('aspf')?.toLowerCase() === 's' ? 's' : 'r',
    fo: list(get('fo')) ?? ['0'],
    rua: uris('rua'),
    ruf: uris('ruf'),
    t: get('t')?.toLowerCase() === 'y' ? 'y' : 'n',
    psd: psd === 'y' || psd === 'n' ? psd : 'u',
    pct: num(get('pct')),
    rf: list(get('rf')) ?? null,
    ri: num(get('ri')),
    fellBackToNone,
  };
}

/** RFC 9989 §4.10 step 2: a TXT record is a DMARC record when it starts with the version tag v=DMARC1. */
export function isDmarcRecord(text: string): boolean {
  return /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/.test(text);
}

/** Near misses receivers discard ("v=dmarc1", a leading space): worth telling the owner about. */
export function looksLikeDmarc(text: string): boolean {
  return /^\s*v\s*=\s*dmarc/i.test(text);
}
