// IPv4 (RFC 791) and IPv6 (RFC 4291) addresses: parsing, prefixes, RFC 5952 text form and reverse-DNS names.

export type IpAddress = { version: 4; bytes: Uint8Array } | { version: 6; bytes: Uint8Array };

/**
 * Dotted-quad IPv4. `strict` follows RFC 7208's qnum: decimal 0–255 without leading zeros (as SPF requires);
 * otherwise leading zeros are tolerated (as found in mail headers).
 */
export function parseIpv4(text: string, strict = true): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (p.length === 0 || p.length > 3) return null;
    for (let j = 0; j < p.length; j++) {
      const c = p.charCodeAt(j);
      if (c < 48 || c > 57) return null;
    }
    if (strict && p.length > 1 && p[0] === '0') return null;
    const n = Number(p);
    if (n > 255) return null;
    bytes[i] = n;
  }
  return bytes;
}

function parseHextet(text: string): number | null {
  if (text.length === 0 || text.length > 4) return null;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return null;
    n = n * 16 + d;
  }
  return n;
}

/** RFC 4291 §2.2 text forms, including "::" and a trailing embedded IPv4 address. */
export function parseIpv6(text: string): Uint8Array | null {
  if (text.length < 2 || text.length > 45) return null;
  const double = text.indexOf('::');
  if (double !== -1 && text.indexOf('::', double + 1) !== -1) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g, false);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      const h = parseHextet(g);
      if (h === null) return null;
      out.push(h);
    }
    return out;
  };
  let words: number[];
  if (double === -1) {
    const all = parse(text);
    if (!all || all.length !== 8) return null;
    words = all;
  } else {
    const head = parse(text.slice(0, double));
    const tail = parse(text.slice(double + 2));
    if (!head || !tail) return null;
    // An embedded IPv4 address may only end the address.
    if (text.slice(0, double).includes('.')) return null;
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  }
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  return bytes;
}

/** Parse either family; IPv6 may carry a zone id ("%eth0"), which is dropped. */
export function parseIp(text: string): IpAddress | null {
  const t = text.trim();
  if (t.includes(':')) {
    const bytes = parseIpv6(t.replace(/%[^%]*$/, ''));
    return bytes ? { version: 6, bytes } : null;
  }
  const bytes = parseIpv4(t, false);
  return bytes ? { version: 4, bytes } : null;
}

/** RFC 4291 §2.5.5.2: an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it carries. */
export function unmapIpv4(address: IpAddress): IpAddress {
  if (address.version !== 6) return address;
  const b = address.bytes;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return address;
  if (b[10] !== 0xff || b[11] !== 0xff) return address;
  return { version: 4, bytes: b.slice(12) };
}

/** Does `address` fall inside `network`/`prefix`? Families must match. */
export function inNetwork(address: IpAddress, network: IpAddress, prefix: number): boolean {
  if (address.version !== network.version) return false;
  const a = address.bytes;
  const n = network.bytes;
  const fullBytes = prefix >> 3;
  for (let i = 0; i < fullBytes; i++) if (a[i] !== n[i]) return false;
  const rest = prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (a[fullBytes]! & mask) === (n[fullBytes]! & mask);
}

/** True when `network` has bits set beyond `prefix` (e.g. 192.0.2.1/24). */
export function hasHostBits(network: IpAddress, prefix: number): boolean {
  const b = network.bytes;
  for (let bit = prefix; bit < b.length * 8; bit++) if ((b[bit >> 3]! >> (7 - (bit & 7))) & 1) return true;
  return false;
}

/** Clear the bits beyond `prefix`. */
export function networkAddress(network: IpAddress, prefix: number): IpAddress {
  const bytes = network.bytes.slice();
  for (let bit = prefix; bit < bytes.length * 8; bit++)
    bytes[bit >> 3] = bytes[bit >> 3]! & ~(1 << (7 - (bit & 7)));
  return { version: network.version, bytes } as IpAddress;
}

/** RFC 5952 §4: lower-case, leading zeros dropped, the longest run of two or more zero groups as "::". */
export function formatIp(address: IpAddress): string {
  const b = address.bytes;
  if (address.version === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i]! << 8) | b[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** RFC 1035 §3.5 / RFC 3596 §2.5: the PTR query name of an address. */
export function reverseName(address: IpAddress): string {
  const b = address.bytes;
  if (address.version === 4) return `${b[3]}.${b[2]}.${b[1]}.${b[0]}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (let i = 15; i >= 0; i--) nibbles.push((b[i]! & 0xf).toString(16), (b[i]! >> 4).toString(16));
  return `${nibbles.join('.')}.ip6.arpa`;
}

/** RFC 7208 §7.3: IPv6 as 32 dot-separated nibbles (the "i" macro); IPv4 as dotted quad. */
export function dottedNibbles(address: IpAddress): string {
  if (address.version === 4) return formatIp(address);
  const nibbles: string[] = [];
  for (const byte of address.bytes) nibbles.push((byte >> 4).toString(16), (byte & 0xf).toString(16));
  return nibbles.join('.');
}

/** RFC 1918, RFC 6598, loopback, link-local, documentation and other addresses that are not on the Internet. */
export function isNonPublic(address: IpAddress): string | null {
  const a = unmapIpv4(address);
  const b = a.bytes;
  if (a.version === 4) {
    if (b[0] === 10 || (b[0] === 172 && (b[1]! & 0xf0) === 16) || (b[0] === 192 && b[1] === 168)) {
      return 'a private (RFC 1918) address';
    }
    if (b[0] === 127) return 'a loopback address';
    if (b[0] === 0) return 'an unspecified address';
    if (b[0] === 169 && b[1] === 254) return 'a link-local address';
    if (b[0] === 100 && (b[1]! & 0xc0) === 64) return 'a carrier-grade NAT (RFC 6598) address';
    if (b[0]! >= 224) return 'a multicast or reserved address';
    return null;
  }
  if (b.every((x, i) => (i === 15 ? x === 1 : x === 0))) return 'the IPv6 loopback address';
  if (b.every((x) => x === 0)) return 'the unspecified IPv6 address';
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'a link-local IPv6 address';
  if ((b[0]! & 0xfe) === 0xfc) return 'a unique-local (private) IPv6 address';
  if (b[0] === 0xff) return 'a multicast IPv6 address';
  return null;
}
