// RFC 8460 §3: the TLS-RPT TXT record at _smtp._tls.<domain>.

export interface TlsRptRecord {
  rua: Array<{ uri: string; scheme: 'mailto' | 'https' }>;
  extensions: Record<string, string>;
}

export type TlsRptParse =
  { ok: true; record: TlsRptRecord; warnings: string[] } | { ok: false; errors: string[] };

export function parseTlsRptRecord(text: string): TlsRptParse {
  const errors: string[] = [];
  const warnings: string[] = [];
  const fields = text.split(';').map((f) => f.trim());
  if (fields[fields.length - 1] === '') fields.pop();
  // RFC 8460 §3: tlsrpt-version = %s"v=TLSRPTv1" and must come first.
  if (fields[0] !== 'v=TLSRPTv1') return { ok: false, errors: ['The record must start with “v=TLSRPTv1”.'] };
  let rua: TlsRptRecord['rua'] | null = null;
  const extensions: Record<string, string> = {};
  for (const field of fields.slice(1)) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(.+)$/s.exec(field);
    if (!m) {
      errors.push(`“${field.slice(0, 60)}” is not a key=value field.`);
      continue;
    }
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'rua') {
      if (rua !== null) {
        errors.push('The rua field appears twice.');
        continue;
      }
      rua = [];
      for (const raw of value.split(',').map((u) => u.trim())) {
        const scheme = /^(mailto|https):/i.exec(raw)?.[1]?.toLowerCase();
        if (scheme === 'mailto' && /^mailto:[^@\s]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/i.test(raw))
          rua.push({ uri: raw, scheme: 'mailto' });
        else if (scheme === 'https' && /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(\/\S*)?$/i.test(raw))
          rua.push({ uri: raw, scheme: 'https' });
        else errors.push(`rua “${raw}” must be a mailto: or https: URI.`);
      }
    } else {
      if (key in extensions) errors.push(`The field “${key}” appears twice.`);
      extensions[key] = value;
      warnings.push(`Unknown field “${key}” is ignored.`);
    }
  }
  if (rua === null) errors.push('The record has no rua= field, so reports have nowhere to go.');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, record: { rua: rua!, extensions }, warnings };
}
