// RFC 9989 §4.7 dmarc-uri: report destinations in rua= and ruf=, with RFC 7489's obsolete "!size" suffix.

import type { DmarcMode, DmarcUri } from './types';

function isWsp(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Remove the spaces and tabs DMARC allows around values and list separators (RFC 9989 §4.8 *WSP). */
export function trimWsp(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWsp(s[a])) a++;
  while (b > a && isWsp(s[b - 1])) b--;
  return s.slice(a, b);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** RFC 3986 §3.1 scheme, then something; no spaces, commas or "!" (they must be percent-encoded in DMARC URIs). */
export function parseUri(raw: string, mode: DmarcMode): DmarcUri {
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

/** A dmarc-urilist value (RFC 9989 §4.7): comma-separated URIs, spaces around the commas allowed. */
export function uriList(value: string, mode: DmarcMode): DmarcUri[] {
  return value.split(',').map((raw) => parseUri(trimWsp(raw), mode));
}
