// RFC 9989 §4.7–§4.8 DMARC Policy Record grammar and tag validation, with an RFC 7489 strict mode.

export type DmarcRequest = 'none' | 'quarantine' | 'reject';
export type DmarcMode = 'rfc9989' | 'rfc7489';
export type DmarcRecordKind = 'policy' | 'report-authorization';

export interface DmarcUri {
  raw: string;
  uri: string;
  scheme: string;
  /** For mailto: the address and its domain (lower-cased). */
  address: string | null;
  domain: string | null;
  /** RFC 7489 "!size" suffix (obsolete in RFC 9989). */
  maxSize: number | null;
  unit: 'k' | 'm' | 'g' | 't' | null;
  valid: boolean;
  problem: string | null;
}

/** The record's effective values, defaults applied (RFC 9989 §4.7). */
export interface DmarcPolicy {
  p: DmarcRequest;
  pExplicit: boolean;
  sp: DmarcRequest;
  spExplicit: boolean;
  np: DmarcRequest;
  npExplicit: boolean;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  fo: string[];
  rua: DmarcUri[];
  ruf: DmarcUri[];
  t: 'y' | 'n';
  psd: 'y' | 'n' | 'u';
  /** Historic in RFC 9989 (Appendix A.6); kept for RFC 7489 receivers. */
  pct: number | null;
  rf: string[] | null;
  ri: number | null;
  /** RFC 9989 §4.10.1: an invalid p/sp/np with a valid rua makes receivers act as if p=none. */
  fellBackToNone: boolean;
}

export interface DmarcIssue {
  severity: 'error' | 'warning' | 'info';
  code: string;
  tag: string | null;
  message: string;
  fix?: string;
}

export type DmarcParse =
  | { ok: true; tags: Record<string, string>; warnings: string[]; issues: DmarcIssue[]; policy: DmarcPolicy }
  | { ok: false; errors: string[]; warnings: string[]; issues: DmarcIssue[]; tags: Record<string, string> };

export interface DmarcParseOptions {
  /** rfc9989 (default) validates as a checker: any invalid tag is an error. rfc7489 follows a strict RFC 7489 receiver. */
  mode?: DmarcMode;
  /** Report-authorization records (`<domain>._report._dmarc.<dest>`) need no p= tag. */
  kind?: DmarcRecordKind;
}

/** No DMARC record is anywhere near this long. */
const MAX_LENGTH = 8192;
const REQUESTS: readonly DmarcRequest[] = ['none', 'quarantine', 'reject'];
export const KNOWN_TAGS = [
  'v',
  'p',
  'sp',
  'np',
  'adkim',
  'aspf',
  'fo',
  'rua',
  'ruf',
  't',
  'psd',
  'pct',
  'rf',
  'ri',
] as const;
export const HISTORIC_TAGS = ['pct', 'rf', 'ri'] as const;

function isWsp(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function trimWsp(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWsp(s[a])) a++;
  while (b > a && isWsp(s[b - 1])) b--;
  return s.slice(a, b);
}

/** RFC 3986 §3.1 scheme, then something; no spaces, commas or "!" (they must be percent-encoded in DMARC URIs). */
function parseUri(raw: string, mode: DmarcMode): DmarcUri {
  const out: DmarcUri = {
    raw,
    uri: raw,
    scheme: '',
    address: null,
    domain: null,
    maxSize: null,
    unit: null,
    valid: false,
    problem: null,
  };
  const bang = raw.indexOf('!');
  if (bang !== -1) {
    out.uri = raw.slice(0, bang);
    // RFC 7489 §6.4 / RFC 9989 obs-dmarc-report-size = "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]
    const m = /^!(\d+)([kmgt])?$/i.exec(raw.slice(bang));
    if (!m) {
      out.problem = `“${raw}”: after “!” comes a size such as !10m; “!” itself must be written %21.`;
      return out;
    }
    const size = Number(m[1]);
    if (mode === 'rfc7489' && (!Number.isSafeInteger(size) || size > 2 ** 32)) {
      out.problem = `“${raw}”: the size limit ${m[1]} is too large to be a number receivers can use.`;
      return out;
    }
    out.maxSize = Number.isSafeInteger(size) ? size : null;
    out.unit = (m[2]?.toLowerCase() as DmarcUri['unit']) ?? null;
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(.+)$/s.exec(out.uri);
  if (!scheme) {
    out.problem = /^[^:@\s]+@[^:@\s]+$/.test(out.uri)
      ? `“${out.uri}” is missing “mailto:”; write mailto:${out.uri}.`
      : `“${out.uri}” is not a URI (it needs a scheme such as mailto:).`;
    return out;
  }
  out.scheme = scheme[1]!.toLowerCase();
  const rest = scheme[2]!;
  if (/[\s<>"{}|\\^`]/.test(rest)) {
    out.problem = `“${out.uri}” contains characters not allowed in a URI.`;
    return out;
  }
  if (out.scheme === 'mailto') {
    const address = decodeURIComponentSafe(rest.split('?')[0]!);
    const at = address.lastIndexOf('@');
    const domain = at > 0 ? address.slice(at + 1).toLowerCase() : '';
    if (at <= 0 || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(domain)) {
      out.problem = `“${out.uri}” is not a valid mailto: address.`;
      return out;
    }
    out.address = address;
    out.domain = domain;
  }
  out.valid = true;
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Parse and validate a DMARC record. Never throws. `tags` holds the tags as published (lower-cased names, values
 * trimmed); `policy` the effective values a receiver applies.
 */
export function parseDmarcRecord(text: string, options: DmarcParseOptions = {}): DmarcParse {
  const mode = options.mode ?? 'rfc9989';
  const kind = options.kind ?? 'policy';
  const issues: DmarcIssue[] = [];
  const tags: Record<string, string> = {};
  const add = (
    severity: DmarcIssue['severity'],
    code: string,
    tag: string | null,
    message: string,
    fix?: string,
  ) => {
    issues.push(fix === undefined ? { severity, code, tag, message } : { severity, code, tag, message, fix });
  };
  const finish = (): DmarcParse => {
    const errors = issues.filter((i) => i.severity === 'error').map((i) => i.message);
    const warnings = issues.filter((i) => i.severity !== 'error').map((i) => i.message);
    if (errors.length > 0) return { ok: false, errors, warnings, issues, tags };
    return { ok: true, tags, warnings, issues, policy: effective(tags, issues, mode) };
  };

  if (text.length > MAX_LENGTH) {
    add('error', 'too-long', null, `The record is ${text.length} characters long; that cannot be DMARC.`);
    return finish();
  }
  if (/^v=spf1\b/i.test(text.trim())) {
    add(
      'error',
      'spf-in-dmarc',
      null,
      'This is an SPF record, not DMARC. It belongs on the domain itself, not at _dmarc.',
      'Publish a DMARC record here instead, such as “v=DMARC1; p=none; rua=mailto:dmarc@yourdomain”.',
    );
    return finish();
  }
  if (text !== '' && isWsp(text[0])) {
    add(
      'error',
      'leading-space',
      null,
      'The record starts with a space; receivers only recognise records that begin exactly with “v=DMARC1”.',
      'Remove the leading space.',
    );
    return finish();
  }
  const parts = text.split(';');
  // RFC 9989 §4.8: dmarc-version = "v" equals %s"DMARC1" (the value is case-sensitive).
  const version = /^([vV])[ \t]*=[ \t]*(.*)$/s.exec(parts[0] ?? '');
  const versionValue = version ? trimWsp(version[2]!) : null;
  if (versionValue !== 'DMARC1') {
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
  tags.v = 'DMARC1';
  const order: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const part = trimWsp(parts[i]!);
    if (part === '') {
      if (i === parts.length - 1) continue; // a trailing ";" is allowed
      add(
        'error',
        'empty-tag',
        null,
        'Two “;” in a row: a tag is missing between them.',
        'Remove the extra “;”.',
      );
      continue;
    }
    const m = /^([A-Za-z]+)[ \t]*=[ \t]*(.*)$/s.exec(part);
    if (!m) {
      add('error', 'bad-tag', null, `“${part.slice(0, 60)}” is not a tag=value pair.`);
      continue;
    }
    const name = m[1]!.toLowerCase();
    const value = m[2]!;
    if (value === '') {
      add('error', 'empty-value', name, `The tag “${name}=” has no value.`);
      continue;
    }
    // dmarc-value is printable ASCII; tabs may surround list separators (dmarc-urilist, dmarc-fo).
    if (/[^\x20-\x7e\t]/.test(value)) {
      add(
        'error',
        'bad-character',
        name,
        `The value of “${name}” contains a control or non-ASCII character.`,
      );
      continue;
    }
    if (name in tags) {
      add(
        'error',
        'duplicate-tag',
        name,
        `The tag “${name}” appears more than once; receivers may ignore the record.`,
        `Keep one ${name}=.`,
      );
      continue;
    }
    tags[name] = value;
    order.push(name);
  }
  validateTags(tags, order, mode, kind, add);
  return finish();
}

type Add = (
  severity: DmarcIssue['severity'],
  code: string,
  tag: string | null,
  message: string,
  fix?: string,
) => void;

function validateTags(
  tags: Record<string, string>,
  order: string[],
  mode: DmarcMode,
  kind: DmarcRecordKind,
  add: Add,
) {
  const strict = mode === 'rfc7489';
  const historic = (tag: string, message: string) => {
    if (strict) add('error', `bad-${tag}`, tag, message);
    else
      add(
        'warning',
        `bad-${tag}`,
        tag,
        `${message} (${tag} is historic in RFC 9989 and ignored by its receivers).`,
      );
  };
  let policyBroken = false;
  for (const tag of ['p', 'sp', 'np'] as const) {
    const v = tags[tag];
    if (v !== undefined && !REQUESTS.includes(v.toLowerCase() as DmarcRequest)) {
      policyBroken = true;
      add(
        strict ? 'warning' : 'error',
        `bad-${tag}`,
        tag,
        `${tag}=${v} is not a policy: use none, quarantine or reject.`,
        `Write ${tag}=quarantine or ${tag}=reject.`,
      );
    }
  }
  for (const tag of ['adkim', 'aspf'] as const) {
    const v = tags[tag];
    if (v !== undefined && !['r', 's'].includes(v.toLowerCase())) {
      add('error', `bad-${tag}`, tag, `${tag}=${v} is not valid: use r (relaxed) or s (strict).`);
    }
  }
  for (const tag of ['t', 'psd'] as const) {
    const v = tags[tag];
    const allowed = tag === 't' ? ['y', 'n'] : ['y', 'n', 'u'];
    if (v !== undefined && !allowed.includes(v.toLowerCase())) {
      add('error', `bad-${tag}`, tag, `${tag}=${v} is not valid: use ${allowed.join(' or ')}.`);
    }
  }
  if (tags.fo !== undefined) {
    const values = tags.fo.split(':').map((s) => trimWsp(s).toLowerCase());
    const bad = values.filter((v) => !['0', '1', 'd', 's'].includes(v));
    if (bad.length > 0)
      add('error', 'bad-fo', 'fo', `fo=${tags.fo} is not valid: use 0, 1, d or s, separated by “:”.`);
    else if (values.includes('0') && values.includes('1')) {
      add(
        'warning',
        'fo-redundant',
        'fo',
        'fo lists both 0 and 1; 1 (report any failure) already includes 0, so 0 is redundant.',
        'Keep fo=1.',
      );
    }
  }
  for (const tag of ['rua', 'ruf'] as const) {
    if (tags[tag] === undefined) continue;
    for (const raw of tags[tag].split(',').map(trimWsp)) {
      const uri = parseUri(raw, mode);
      if (!uri.valid) add('error', `bad-${tag}`, tag, `${tag}: ${uri.problem}`);
      else if (uri.maxSize !== null || raw.includes('!')) {
        add(
          'info',
          'size-suffix',
          tag,
          `“${raw}” has a size limit (!…), which RFC 9989 made obsolete; receivers ignore it.`,
        );
      }
      if (uri.valid && uri.scheme !== 'mailto') {
        add(
          'warning',
          'non-mailto',
          tag,
          `“${uri.uri}”: receivers only have to support mailto: report addresses.`,
          'Use a mailto: address.',
        );
      }
    }
  }
  if (tags.pct !== undefined) {
    if (!/^\d{1,3}$/.test(tags.pct) || Number(tags.pct) > 100)
      historic('pct', `pct=${tags.pct} is not a percentage from 0 to 100`);
    else if (!strict)
      add(
        'info',
        'historic-pct',
        'pct',
        'The pct tag was removed in RFC 9989 (historic); newer receivers ignore it and apply the policy to all failing mail.',
      );
  }
  if (tags.ri !== undefined) {
    if (!/^\d{1,10}$/.test(tags.ri) || Number(tags.ri) > 2 ** 31 - 1)
      historic('ri', `ri=${tags.ri} is not a number of seconds`);
    else if (!strict)
      add(
        'info',
        'historic-ri',
        'ri',
        'The ri tag was removed in RFC 9989 (historic); receivers send aggregate reports daily regardless.',
      );
  }
  if (tags.rf !== undefined) {
    const formats = tags.rf.split(':').map(trimWsp);
    if (formats.some((f) => !/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(f)))
      historic('rf', `rf=${tags.rf} is not a list of report formats`);
    else if (!strict)
      add(
        'info',
        'historic-rf',
        'rf',
        'The rf tag was removed in RFC 9989 (historic); failure reports always use AFRF.',
      );
  }
  for (const name of order) {
    if (!(KNOWN_TAGS as readonly string[]).includes(name)) {
      add(
        'warning',
        'unknown-tag',
        name,
        `Unknown DMARC tag “${name}”; receivers ignore it.`,
        'Check the spelling or remove it.',
      );
    }
  }
  if (kind === 'report-authorization') return;
  const hasValidRua =
    tags.rua !== undefined && tags.rua.split(',').some((raw) => parseUri(trimWsp(raw), mode).valid);
  if (tags.p === undefined) {
    if (hasValidRua) {
      add(
        'warning',
        'missing-p',
        'p',
        'There is no p= tag, so receivers treat the record as p=none (monitoring only).',
        'Add p=none, p=quarantine or p=reject right after v=DMARC1.',
      );
    } else {
      add(
        'error',
        'missing-p',
        'p',
        'There is no p= tag and no valid rua=, so receivers apply no DMARC at all (RFC 9989 §4.10.1).',
        'Add p=none (to start monitoring) and a rua= address for reports.',
      );
    }
  } else if (order[0] !== 'p') {
    if (strict)
      add(
        'error',
        'p-not-first',
        'p',
        'RFC 7489 requires p= to come directly after v=DMARC1.',
        'Move p= right after v=DMARC1.',
      );
    else
      add(
        'info',
        'p-not-first',
        'p',
        'The p tag does not immediately follow the v tag; RFC 9989 allows that, but older RFC 7489 receivers may reject the record.',
        'Move p= right after v=DMARC1.',
      );
  }
  if (policyBroken) {
    if (hasValidRua) {
      add(
        'warning',
        'policy-fallback',
        'p',
        'Because a policy tag is invalid, receivers act as if the record said p=none (RFC 9989 §4.10.1).',
      );
    } else if (strict) {
      add(
        'error',
        'policy-invalid',
        'p',
        'A policy tag is invalid and there is no valid rua=, so receivers apply no DMARC at all.',
      );
    }
  }
}

function request(value: string | undefined): DmarcRequest | null {
  const v = value?.toLowerCase();
  return v && REQUESTS.includes(v as DmarcRequest) ? (v as DmarcRequest) : null;
}

function effective(tags: Record<string, string>, issues: DmarcIssue[], mode: DmarcMode): DmarcPolicy {
  const fellBackToNone = issues.some((i) => i.code === 'policy-fallback');
  const p = fellBackToNone ? 'none' : (request(tags.p) ?? 'none');
  const sp = fellBackToNone ? 'none' : (request(tags.sp) ?? p);
  const np = fellBackToNone ? 'none' : (request(tags.np) ?? sp);
  const uris = (tag: 'rua' | 'ruf') =>
    tags[tag] === undefined
      ? []
      : tags[tag]
          .split(',')
          .map((raw) => parseUri(trimWsp(raw), mode))
          .filter((u) => u.valid);
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
  return {
    p,
    pExplicit: tags.p !== undefined,
    sp,
    spExplicit: tags.sp !== undefined,
    np,
    npExplicit: tags.np !== undefined,
    adkim: tags.adkim?.toLowerCase() === 's' ? 's' : 'r',
    aspf: tags.aspf?.toLowerCase() === 's' ? 's' : 'r',
    fo: tags.fo === undefined ? ['0'] : tags.fo.split(':').map((s) => trimWsp(s).toLowerCase()),
    rua: uris('rua'),
    ruf: uris('ruf'),
    t: tags.t?.toLowerCase() === 'y' ? 'y' : 'n',
    psd: (['y', 'n'].includes(tags.psd?.toLowerCase() ?? '')
      ? tags.psd!.toLowerCase()
      : 'u') as DmarcPolicy['psd'],
    pct: num(tags.pct),
    rf: tags.rf === undefined ? null : tags.rf.split(':').map((s) => trimWsp(s).toLowerCase()),
    ri: num(tags.ri),
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
