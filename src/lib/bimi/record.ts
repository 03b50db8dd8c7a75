// BIMI assertion record (draft-brand-indicators-for-message-identification): v=BIMI1; l=; a=; avp=; lps=

export interface BimiRecord {
  logo: string | null;
  authority: string | null;
  avp: 'brand' | 'personal' | null;
  lps: string | null;
  /** l= and a= both empty: the domain declines to show a logo. */
  declined: boolean;
  tags: Record<string, string>;
}

export type BimiParse =
  { ok: true; record: BimiRecord; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

export function parseBimiRecord(text: string): BimiParse {
  const errors: string[] = [];
  const warnings: string[] = [];
  const parts = text.split(';').map((p) => p.trim());
  if (parts[parts.length - 1] === '') parts.pop();
  if (!/^v\s*=\s*BIMI1$/i.test(parts[0] ?? ''))
    return { ok: false, errors: ['The record must start with “v=BIMI1”.'], warnings };
  const tags: Record<string, string> = {};
  for (const part of parts.slice(1)) {
    const m = /^([A-Za-z]+)\s*=\s*(.*)$/s.exec(part);
    if (!m) {
      errors.push(`“${part.slice(0, 60)}” is not a tag=value pair.`);
      continue;
    }
    const name = m[1]!.toLowerCase();
    if (name in tags) errors.push(`The tag “${name}” appears twice.`);
    tags[name] = m[2]!;
  }
  const logo = tags.l ?? null;
  const authority = tags.a ?? null;
  if (logo === null) errors.push('The record has no l= tag (the logo URL; leave it empty to decline).');
  if (logo) {
    for (const url of logo.split(',')) {
      if (!/^https:\/\/\S+$/i.test(url.trim())) errors.push(`l=${url} must be an https:// URL.`);
      else if (!/\.svgz?(\?|$)/i.test(url.trim()))
        warnings.push(`l=${url} does not end in .svg; the logo must be SVG Tiny Portable/Secure.`);
    }
  }
  if (authority && !/^https:\/\/\S+$/i.test(authority))
    errors.push(`a=${authority} must be an https:// URL of a PEM certificate (VMC or CMC).`);
  const avp = tags.avp?.toLowerCase() ?? null;
  if (avp !== null && avp !== 'brand' && avp !== 'personal')
    errors.push(`avp=${tags.avp} must be brand or personal.`);
  if (tags.lps !== undefined && !/^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$/.test(tags.lps))
    errors.push(`lps=${tags.lps} must be a comma-separated list of local-part prefixes.`);
  for (const name of Object.keys(tags)) {
    if (!['l', 'a', 'avp', 'lps'].includes(name)) warnings.push(`Unknown tag “${name}” is ignored.`);
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  return {
    ok: true,
    record: {
      logo: logo || null,
      authority: authority || null,
      avp: avp as BimiRecord['avp'],
      lps: tags.lps ?? null,
      declined: logo === '' && !authority,
      tags,
    },
    warnings,
  };
}
