// DKIM key pairs made in the browser with WebCrypto (RSA per RFC 8301 sizes, Ed25519 per RFC 8463), the TXT record
// to publish, the private key as PKCS#8 PEM, and a self-test that signs and verifies a sample message.

import { ZoneResolver } from '../dns/zone';
import { signDkim, verifyDkim, type DkimVerification } from '../dkim/verify';
import { encodeBase64 } from '../encoding/base64';

export type DkimKeyAlgorithm = 'rsa-2048' | 'rsa-1024' | 'rsa-4096' | 'ed25519';

export interface GeneratedDkimKey {
  algorithm: DkimKeyAlgorithm;
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"): keep it secret, install it in the signing server. */
  privateKeyPem: string;
  /** The p= value. */
  publicKey: string;
  /** The TXT record value for <selector>._domainkey.<domain>. */
  record: string;
  privateKey: CryptoKey;
}

export const KEY_NOTES: Record<DkimKeyAlgorithm, string> = {
  'rsa-2048': 'Recommended: accepted everywhere (RFC 8301 asks signers for at least 2048 bits).',
  'rsa-1024':
    'Weak: still accepted, but RFC 8301 recommends 2048 bits. Use only if your DNS host cannot store a longer record.',
  'rsa-4096':
    'Verifiers only have to support up to 4096 bits, and the record needs several strings; 2048 is enough.',
  ed25519:
    'Modern and short (RFC 8463), but not every receiver verifies it yet: sign with an RSA key as well.',
};

function pem(label: string, der: ArrayBuffer): string {
  const b64 = encodeBase64(new Uint8Array(der));
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** The key as the generator shows it: the private key to install, the public key and its DNS record. */
async function generated(
  algorithm: DkimKeyAlgorithm,
  k: 'rsa' | 'ed25519',
  pair: CryptoKeyPair,
  publicKey: string,
  subtle: SubtleCrypto,
): Promise<GeneratedDkimKey> {
  return {
    algorithm,
    privateKeyPem: pem('PRIVATE KEY', await subtle.exportKey('pkcs8', pair.privateKey)),
    publicKey,
    record: `v=DKIM1; k=${k}; p=${publicKey}`,
    privateKey: pair.privateKey,
  };
}

export async function generateDkimKey(
  algorithm: DkimKeyAlgorithm,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<GeneratedDkimKey> {
  if (algorithm === 'ed25519') {
    const pair = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    return generated(algorithm, 'ed25519', pair, encodeBase64(raw), subtle);
  }
  const bits = Number(algorithm.slice(4));
  const pair = (await subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: bits,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
  return generated(algorithm, 'rsa', pair, encodeBase64(spki), subtle);
}

/** Sign a sample message with the new private key and verify it against the record as it would be published. */
export async function selfTestDkimKey(
  key: GeneratedDkimKey,
  domain: string,
  selector: string,
  now: () => Date = () => new Date(),
): Promise<{ signed: string; result: DkimVerification }> {
  const sample = [
    `From: DKIM self-test <test@${domain}>`,
    `To: you@${domain}`,
    'Subject: DKIM key self-test',
    `Date: ${now().toUTCString()}`,
    `Message-ID: <selftest@${domain}>`,
    '',
    'This message was signed in your browser with the key you just generated.',
    '',
  ].join('\r\n');
  const signed = await signDkim(sample, {
    domain,
    selector,
    privateKey: key.privateKey,
    algorithm: key.algorithm === 'ed25519' ? 'ed25519-sha256' : 'rsa-sha256',
    now,
  });
  const zone = new ZoneResolver({ records: { [`${selector}._domainkey.${domain}`]: { TXT: [key.record] } } });
  const [result] = await verifyDkim(signed, zone, { now });
  return { signed, result: result! };
}
