// RFC 8461 §3.1 MTA-STS TXT record and §3.2 policy file grammar, and §4.1 MX pattern matching.

export interface MtaStsTxt {
  id: string;
  extensions: Record<string, string>;
}

export type MtaStsTxtParse =
  { ok: true; record: MtaStsTxt; warnings: string[] } | { ok: false; errors: string[] };

/** RFC 8461 §3.1: sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim] */
export function parseMtaStsTxt(text: string): MtaStsTxtParse {
  const errors: string[] = [];
  const warnings: string[] = [];
  const fields = text.split(';').map((f) => f.trim());
  if (fields[fields.length - 1] === '') fields.pop();
  if (fields[0] !== 'v=STSv1') return { ok: false, errors: ['The record must start with “v=STSv1”.'] };
  let id: string | null = null;
  const extensions: Record<string, string> = {};
  for (const field of fields.slice(1)) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,31})=([\x21-\x3a\x3c\x3e-\x7e]{1,})$/.exec(field);
    if (!m) {
      errors.push(`“${field.slice(0, 60)}” is not a key=value field.`);
      continue;
    }
    if (m[1] === 'id') {
      if (id !== null) errors.push('The id field appears twice.');
      else if (!/^[A-Za-z0-9]{1,32}$/.test(m[2]!))
        errors.push(`id=${m[2]} must be 1 to 32 letters or digits.`);
      else id = m[2]!;
    } else {
      extensions[m[1]!] = m[2]!;
      warnings.push(`Unknown field “${m[1]}” is ignored.`);
    }
  }
  if (id === null && errors.length === 0)
    errors.push('The record has no id= field (1 to 32 letters or digits, changed with every policy update).');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, record: { id: id!, extensions }, warnings };
}

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

export type MtaStsPolicyParse =
  | { ok: true; policy: MtaStsPolicy; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

export function parseMtaStsPolicy(text: string): MtaStsPolicyParse {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (text.length > MAX_POLICY_BYTES)
    return {
      ok: false,
      errors: [`The policy is ${text.length} bytes; at most ${MAX_POLICY_BYTES} are allowed.`],
      warnings,
    };
  if (/[^\r]\n/.test(text) || text.startsWith('\n'))
    warnings.push('Lines end in LF only; RFC 8461 specifies CRLF (erratum 6253 lets receivers accept LF).');
  const values = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const m = /^([A-Za-z0-9_.-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m) {
      errors.push(`“${line.slice(0, 60)}” is not a “key: value” line.`);
      continue;
    }
    values.set(m[1]!, [...(values.get(m[1]!) ?? []), m[2]!]);
  }
  const one = (key: string) => values.get(key)?.[0];
  const version = one('version');
  if (version !== 'STSv1')
    errors.push(
      version === undefined ? 'There is no “version: STSv1” line.' : `version: ${version} must be STSv1.`,
    );
  const mode = one('mode');
  if (mode !== 'enforce' && mode !== 'testing' && mode !== 'none')
    errors.push(
      mode === undefined ? 'There is no “mode:” line.' : `mode: ${mode} must be enforce, testing or none.`,
    );
  const maxAgeText = one('max_age');
  const maxAge = maxAgeText !== undefined && /^\d{1,10}$/.test(maxAgeText) ? Number(maxAgeText) : NaN;
  if (Number.isNaN(maxAge))
    errors.push(
      maxAgeText === undefined
        ? 'There is no “max_age:” line.'
        : `max_age: ${maxAgeText} must be a number of seconds.`,
    );
  else if (maxAge > MAX_POLICY_AGE)
    errors.push(`max_age: ${maxAge} exceeds the maximum of ${MAX_POLICY_AGE} seconds.`);
  const mx = values.get('mx') ?? [];
  for (const pattern of mx) {
    if (!/^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.?$/.test(pattern))
      errors.push(`mx: ${pattern} is not a host name or *.domain pattern.`);
  }
  if (mx.length === 0 && mode !== 'none' && mode !== undefined)
    errors.push('A policy in enforce or testing mode needs at least one “mx:” line.');
  for (const key of values.keys()) {
    if (!['version', 'mode', 'mx', 'max_age'].includes(key))
      warnings.push(`Unknown field “${key}” is ignored.`);
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, policy: { version: version!, mode: mode as StsMode, mx, maxAge }, warnings };
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
