// A minimal ASN.1 DER reader (ITU-T X.690) for public keys: SubjectPublicKeyInfo and PKCS #1 RSAPublicKey.

export interface DerNode {
  tag: number;
  /** Offset of the contents within the input. */
  start: number;
  end: number;
}

function readNode(bytes: Uint8Array, offset: number, limit: number): DerNode | null {
  if (offset + 2 > limit) return null;
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let pos = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || pos + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
  }
  if (pos + length > limit) return null;
  return { tag, start: pos, end: pos + length };
}

/** The children of a constructed node (SEQUENCE), or null when they do not parse. */
export function children(bytes: Uint8Array, node: DerNode): DerNode[] | null {
  const out: DerNode[] = [];
  let pos = node.start;
  while (pos < node.end) {
    const child = readNode(bytes, pos, node.end);
    if (!child) return null;
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function root(bytes: Uint8Array): DerNode | null {
  const node = readNode(bytes, 0, bytes.length);
  return node && node.end === bytes.length ? node : null;
}

const RSA_ENCRYPTION = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]; // 1.2.840.113549.1.1.1
const ED25519 = [0x2b, 0x65, 0x70]; // 1.3.101.112

export type PublicKeyInfo =
  | { kind: 'rsa'; bits: number; exponent: number | null; form: 'spki' | 'pkcs1' }
  | { kind: 'ed25519'; form: 'raw' | 'spki' }
  | { kind: 'unknown'; reason: string };

function bitLength(bytes: Uint8Array, node: DerNode): number {
  let start = node.start;
  while (start < node.end && bytes[start] === 0) start++;
  if (start === node.end) return 0;
  return (node.end - start - 1) * 8 + (32 - Math.clz32(bytes[start]!));
}

function rsaFromSequence(bytes: Uint8Array, seq: DerNode, form: 'spki' | 'pkcs1'): PublicKeyInfo | null {
  const parts = children(bytes, seq);
  if (!parts || parts.length !== 2 || parts[0]!.tag !== 0x02 || parts[1]!.tag !== 0x02) return null;
  const e = parts[1]!;
  let exponent: number | null = null;
  if (e.end - e.start <= 6) {
    exponent = 0;
    for (let i = e.start; i < e.end; i++) exponent = exponent * 256 + bytes[i]!;
  }
  return { kind: 'rsa', bits: bitLength(bytes, parts[0]!), exponent, form };
}

function sameBytes(bytes: Uint8Array, node: DerNode, expected: number[]): boolean {
  if (node.end - node.start !== expected.length) return false;
  return expected.every((b, i) => bytes[node.start + i] === b);
}

/** Identify a public key from its DER bytes (or a raw 32-byte Ed25519 key). */
export function describePublicKey(bytes: Uint8Array): PublicKeyInfo {
  if (bytes.length === 32) return { kind: 'ed25519', form: 'raw' };
  const top = root(bytes);
  if (!top || top.tag !== 0x30) return { kind: 'unknown', reason: 'The key is not DER-encoded.' };
  const parts = children(bytes, top);
  if (!parts) return { kind: 'unknown', reason: 'The key’s DER structure is broken.' };
  // PKCS #1 RSAPublicKey: SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  if (parts.length === 2 && parts[0]!.tag === 0x02) {
    return rsaFromSequence(bytes, top, 'pkcs1') ?? { kind: 'unknown', reason: 'Not an RSA public key.' };
  }
  // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }
  if (parts.length === 2 && parts[0]!.tag === 0x30 && parts[1]!.tag === 0x03) {
    const alg = children(bytes, parts[0]!);
    const oid = alg?.[0];
    if (!oid || oid.tag !== 0x06) return { kind: 'unknown', reason: 'The key has no algorithm identifier.' };
    const bitString = parts[1]!;
    const inner = { tag: 0x03, start: bitString.start + 1, end: bitString.end };
    if (sameBytes(bytes, oid, RSA_ENCRYPTION)) {
      const seq = readNode(bytes, inner.start, inner.end);
      return (
        (seq && seq.tag === 0x30 && rsaFromSequence(bytes, seq, 'spki')) || {
          kind: 'unknown',
          reason: 'Broken RSA key.',
        }
      );
    }
    if (sameBytes(bytes, oid, ED25519)) return { kind: 'ed25519', form: 'spki' };
    return { kind: 'unknown', reason: 'The key uses an algorithm DKIM does not define.' };
  }
  return { kind: 'unknown', reason: 'The key is neither SubjectPublicKeyInfo nor an RSA public key.' };
}
