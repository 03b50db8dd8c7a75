// RFC 8461 §3.2 MTA-STS policy file grammar, and §4.1 MX pattern matching.

import { makeIssue, type Issue, type RecordParse } from '../findings/issue';

export type StsMode = 'enforce' | 'testing' | 'none';

export interface MtaStsPolicy {
  version: string;
  mode: StsMode;
  mx: string[];
  maxAge: number;
}

/** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
export const MAX_POLICY_AGE = 31_557_600;
/** RFC 8461 §3.3: policy bodies over 64 KiB are refused. */
export const MAX_POLICY_BYTES = 65_536;

export const MTASTS_POLICY_ISSUE_CODES = [
  'too-large',
  'lf-only',
  'bad-line',
  'bad-version',
  'bad-mode',
  'bad-max-age',
  'max-age-too-large',
  'bad-mx',
  'no-mx',
  'unknown-field',
] as const;
export type MtaStsPolicyIssueCode = (typeof MTASTS_POLICY_ISSUE_CODES)[number];

export type MtaStsPolicyParse = RecordParse<MtaStsPolicy, MtaStsPolicyIssueCode>;

interface Line {
  key: string;
  value: string;
  start: number;
  end: number;
}

/** RFC 8461 §3.2: `key: value` with optional blanks around the value; a scan, linear in the line. */
function splitPolicyLine(line: string): { key: string; value: string } | null {
  const colon = line.indexOf(':');
  if (colon <= 0 || !/^[A-Za-z0-9_.-]+$/.test(line.slice(0, colon))) return null;
  const blank = (c: number) => c === 0x20 || c === 0x09;
  let a = colon + 1;
  let b = line.length;
  while (a < b && blank(line.charCodeAt(a))) a++;
  while (b > a && blank(line.charCodeAt(b - 1))) b--;
  return { key: line.slice(0, colon), value: line.slice(a, b) };
}

/** RFC 8461 §3.2: "key: value" lines, CRLF-separated (erratum 6253 lets receivers accept LF). */
export function parseMtaStsPolicy(text: string): MtaStsPolicyParse {
  const issues: Issue<MtaStsPolicyIssueCode>[] = [];
  if (text.length > MAX_POLICY_BYTES) {
    issues.push(
      makeIssue(
        'error',
        'too-large',
        `The policy is ${text.length} bytes; at most ${MAX_POLICY_BYTES} are allowed.`,
      ),
    );
    return { ok: false, issues };
  }
  if (/[^\r]\n/.test(text) || text.startsWith('\n'))
    issues.push(
      makeIssue(
        'warning',
        'lf-only',
        'Lines end in LF only; RFC 8461 specifies CRLF (erratum 6253 lets receivers accept LF).',
      ),
    );
  const values = new Map<string, Line[]>();
  let at = 0;
  for (const raw of text.split('\n')) {
    const start = at;
    at += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const m = splitPolicyLine(line);
    const end = start + line.length;
    if (!m) {
      issues.push(
        makeIssue('error', 'bad-line', `“${line.slice(0, 60)}” is not a “key: value” line.`, { start, end }),
      );
      continue;
    }
    values.set(m.key, [...(values.get(m.key) ?? []), { key: m.key, value: m.value, start, end }]);
  }
  const first = (key: string) => values.get(key)?.[0];
  const about = (line: Line | undefined) => (line ? { tag: line.key, start: line.start, end: line.end } : {});
  const version = first('version');
  if (version?.value !== 'STSv1')
    issues.push(
      makeIssue(
        'error',
        'bad-version',
        version === undefined
          ? 'There is no “version: STSv1” line.'
          : `version: ${version.value} must be STSv1.`,
        about(version),
      ),
    );
  const mode = first('mode');
  const modeValue = mode?.value;
  if (modeValue !== 'enforce' && modeValue !== 'testing' && modeValue !== 'none')
    issues.push(
      makeIssue(
        'error',
        'bad-mode',
        mode === undefined
          ? 'There is no “mode:” line.'
          : `mode: ${mode.value} must be enforce, testing or none.`,
        about(mode),
      ),
    );
  const maxAgeLine = first('max_age');
  const maxAge = maxAgeLine && /^\d{1,10}$/.test(maxAgeLine.value) ? Number(maxAgeLine.value) : NaN;
  if (Number.isNaN(maxAge))
    issues.push(
      makeIssue(
        'error',
        'bad-max-age',
        maxAgeLine === undefined
          ? 'There is no “max_age:” line.'
          : `max_age: ${maxAgeLine.value} must be a number of seconds.`,
        about(maxAgeLine),
      ),
    );
  else if (maxAge > MAX_POLICY_AGE)
    issues.push(
      makeIssue(
        'error',
        'max-age-too-large',
        `max_age: ${maxAge} exceeds the maximum of ${MAX_POLICY_AGE} seconds.`,
        about(maxAgeLine),
      ),
    );
  const mxLines = values.get('mx') ?? [];
  for (const line of mxLines) {
    if (!/^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.?$/.test(line.value))
      issues.push(
        makeIssue(
          'error',
          'bad-mx',
          `mx: ${line.value} is not a host name or *.domain pattern.`,
          about(line),
        ),
      );
  }
  if (mxLines.length === 0 && modeValue !== 'none' && modeValue !== undefined)
    issues.push(
      makeIssue('error', 'no-mx', 'A policy in enforce or testing mode needs at least one “mx:” line.'),
    );
  for (const [key, lines] of values) {
    if (!['version', 'mode', 'mx', 'max_age'].includes(key))
      issues.push(
        makeIssue('warning', 'unknown-field', `Unknown field “${key}” is ignored.`, about(lines[0])),
      );
  }
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  return {
    ok: true,
    record: { version: 'STSv1', mode: modeValue as StsMode, mx: mxLines.map((l) => l.value), maxAge },
    issues,
  };
}

/** RFC 8461 §4.1: an MX host matches a pattern exactly, or a "*." pattern matches exactly one leftmost label. */
export function mxMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (p.startsWith('*.')) {
    const suffix = p.slice(1);
    if (!h.endsWith(suffix)) return false;
    const label = h.slice(0, h.length - suffix.length);
    return label.length > 0 && !label.includes('.');
  }
  return h === p;
}
