// Report URIs as people type them, for DMARC rua/ruf (RFC 9989 §4.7) and TLS-RPT rua (RFC 8460 §3).

/** A bare address (local@domain, no scheme) that gets "mailto:" in front. */
const BARE_ADDRESS = /^[^:@\s/]+@[^:@\s/]+$/;

/**
 * Report addresses as people type them (commas, semicolons, spaces or lines between; "mailto:" optional for an
 * address) into URIs. Anything that is not an address is kept as typed, so the parser can say what is wrong.
 * RFC 8460 §3 and RFC 9989 §4.7: URIs in one tag are separated by ","; ";" ends the tag, so it never belongs to one.
 */
export function reportUriList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (BARE_ADDRESS.test(s) ? `mailto:${s}` : s));
}
