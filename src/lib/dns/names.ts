// Domain names as DNS asks for them: RFC 1035 §2.3.4 length limits, IDNA labels sent as Punycode (RFC 5890).

import { punycodeDecode, punycodeEncode } from './punycode';

/** RFC 1035 §2.3.4: a label is at most 63 octets. */
export const MAX_LABEL_LENGTH = 63;
/** RFC 1035 §2.3.4: a name is at most 255 octets on the wire, i.e. 253 characters in text without the root dot. */
export const MAX_NAME_LENGTH = 253;

export type NameResult = { ok: true; name: string } | { ok: false; error: string };

/** UTS #46 §2.3: these full stops separate labels too. */
const LABEL_SEPARATORS = /[\u3002\uFF0E\uFF61]/g;

/** Remove one trailing root dot and lower-case ASCII; does not validate. */
export function canonicalName(name: string): string {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  return trimmed.toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}

/**
 * Turn a name into the ASCII form DNS is asked with: Unicode labels are NFKC-folded, lower-cased and
 * Punycode-encoded; label and name lengths are checked.
 */
export function toAsciiName(input: string): NameResult {
  let name = input.trim().replace(LABEL_SEPARATORS, '.');
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') return { ok: false, error: 'The name is empty.' };
  const labels = name.split('.');
  const out: string[] = [];
  for (const [index, raw] of labels.entries()) {
    if (raw === '') {
      return { ok: false, error: `Label ${index + 1} is empty (two dots in a row, or a leading dot).` };
    }
    let label = raw;
    if (/[^\x00-\x7f]/.test(label)) {
      const folded = label.normalize('NFKC').toLowerCase();
      const encoded = punycodeEncode(folded);
      if (encoded === null) return { ok: false, error: `Label “${raw.slice(0, 20)}…” is far too long.` };
      label = `xn--${encoded}`;
    } else {
      label = label.toLowerCase();
    }
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (c <= 0x20 || c === 0x7f) {
        return { ok: false, error: `Label “${raw}” contains a space or control character.` };
      }
    }
    if (label.length > MAX_LABEL_LENGTH) {
      return {
        ok: false,
        error: `Label “${label.slice(0, 20)}…” is ${label.length} characters long; DNS allows at most ${MAX_LABEL_LENGTH}.`,
      };
    }
    out.push(label);
  }
  const ascii = out.join('.');
  if (ascii.length > MAX_NAME_LENGTH) {
    return {
      ok: false,
      error: `The name is ${ascii.length} characters long; DNS allows at most ${MAX_NAME_LENGTH}.`,
    };
  }
  return { ok: true, name: ascii };
}

/** Show Punycode labels in Unicode where they decode; otherwise leave them as they are. */
export function toUnicodeName(name: string): string {
  return name
    .split('.')
    .map((label) => {
      if (!/^xn--/i.test(label)) return label;
      return punycodeDecode(label.slice(4).toLowerCase()) ?? label;
    })
    .join('.');
}

/**
 * A name as a title shows it: an IDN once in Unicode and once as the Punycode that DNS (and every finding) uses,
 * "bücher.example (xn--bcher-kva.example)"; any other name as it is.
 */
export function displayName(ascii: string): string {
  const unicode = toUnicodeName(ascii);
  return unicode === ascii ? ascii : `${unicode} (${ascii})`;
}

/** Host-name syntax (RFC 952/1123 LDH labels, allowing a leading underscore for service labels). */
export function isHostnameSyntax(name: string): boolean {
  const labels = canonicalName(name).split('.');
  if (labels.length < 1) return false;
  return labels.every((l) => /^_?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(l) || /^_?[a-z0-9]$/i.test(l));
}

export type DomainInput =
  | {
      ok: true;
      domain: string;
      display: string;
      /**
       * The input looked like a web address (a scheme such as https://, a path, or a first label "www"): the host
       * of a website, which is often not the domain that sends mail.
       */
      webAddress: boolean;
    }
  | { ok: false; error: string };

/**
 * Read what a person typed into a "domain" box: tolerate a pasted URL, an e-mail address or surrounding
 * spaces, and say plainly what is wrong otherwise.
 */
export function parseDomainInput(input: string): DomainInput {
  let text = input.trim();
  if (text === '') return { ok: false, error: 'Type a domain name, for example example.com.' };
  if (text.length > 1024) return { ok: false, error: 'That is far too long to be a domain name.' };
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  if (scheme) text = text.slice(scheme[0].length);
  const beforePath = text;
  text = text.replace(/[/?#].*$/s, '');
  // A bare trailing slash is not a path ("example.com/"), but any more is.
  const hadPath = text !== beforePath && beforePath !== `${text}/`;
  const at = text.lastIndexOf('@');
  if (at >= 0) text = text.slice(at + 1);
  text = text.replace(/:\d+$/, '');
  if (/\s/.test(text)) return { ok: false, error: 'A domain name cannot contain spaces.' };
  if (/^\[?[0-9a-f:.]+\]?$/i.test(text) && (text.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(text))) {
    return { ok: false, error: 'That is an IP address; type the domain name that sends the mail.' };
  }
  const ascii = toAsciiName(text);
  if (!ascii.ok) return ascii;
  if (!ascii.name.includes('.')) {
    return { ok: false, error: `“${ascii.name}” has no dot; type a full domain such as ${ascii.name}.com.` };
  }
  if (!isHostnameSyntax(ascii.name)) {
    return {
      ok: false,
      error:
        'A domain name may hold only letters, digits and hyphens between the dots (a hyphen not first or last).',
    };
  }
  const webAddress = scheme !== null || hadPath || ascii.name.startsWith('www.');
  return { ok: true, domain: ascii.name, display: toUnicodeName(ascii.name), webAddress };
}
