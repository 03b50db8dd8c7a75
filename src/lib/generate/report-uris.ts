// Report destinations as people type them, for the DMARC rua/ruf (RFC 9989 §4.7) and TLS-RPT rua (RFC 8460 §3)
// fields of the generators: one reading for both.

/**
 * Addresses and URIs separated by commas, spaces, semicolons or lines; a bare address gets "mailto:". Anything
 * else is kept as typed, so the record's parser can say what is wrong with it.
 */
export function reportUriList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^[^:@\s/]+@[^:@\s/]+$/.test(s) ? `mailto:${s}` : s));
}
