// RFC 6376 §6 DKIM verification (with RFC 8301 algorithms and RFC 8463 Ed25519), through WebCrypto and the
// injected Resolver. Also signs (for the key generator's self-test).

import { sha256 } from '@noble/hashes/sha2.js';
import { lookup, txtRecords } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { decodeBase64, encodeBase64 } from '../encoding/base64';
import { binaryToBytes } from '../encoding/bytes';
import { canonicalHeader, selectHeaders, signatureFieldForHash, type HeaderField } from './canonicalize';
import { parseDkimKeyRecord, type DkimKey } from './key-record';
import type { BodyHashOptions } from './body-hash';
import { prepareMessage, type PreparedMessage } from './message';
import { parseDkimSignature } from './signature';

export type DkimResult = 'pass' | 'fail' | 'neutral' | 'policy' | 'permerror' | 'temperror';

export interface DkimVerification {
  result: DkimResult;
  domain: string;
  selector: string;
  reason?: string;
  /** The body hash matched (null when not computed). */
  bodyHashOk?: boolean | null;
  /** RFC 8020: the signing domain itself does not exist in DNS (NXDOMAIN), so it publishes no key at all. */
  domainMissing?: true;
}

/** `signal` also cancels DNS lookups; `onProgress` reports body hashing (see BodyHashOptions). */
export interface VerifyOptions extends BodyHashOptions {
  now?: () => Date;
}

function wrapPkcs1(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  // SubjectPublicKeyInfo { AlgorithmIdentifier rsaEncryption NULL, BIT STRING { RSAPublicKey } }
  const len = (n: number) => (n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
  const bitString = [0x03, ...len(pkcs1.length + 1), 0x00, ...pkcs1];
  const alg = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
  const body = [...alg, ...bitString];
  return Uint8Array.from([0x30, ...len(body.length), ...body]);
}

async function importKey(subtle: SubtleCrypto, key: DkimKey): Promise<CryptoKey> {
  const bytes = Uint8Array.from(key.publicKey!);
  if (key.key?.kind === 'ed25519') {
    return subtle.importKey('raw', bytes, { name: 'Ed25519' }, false, ['verify']);
  }
  const spki = key.key?.kind === 'rsa' && key.key.form === 'pkcs1' ? wrapPkcs1(bytes) : bytes;
  return subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
}

/** The data a DKIM signature covers (RFC 6376 §3.7): the selected header fields, then the signature field. */
export function signedData(
  message: Pick<PreparedMessage, 'named'>,
  field: { raw: string },
  headers: readonly string[],
  canon: string,
): Uint8Array<ArrayBuffer> {
  const selected = selectHeaders((lname) => message.named(lname), headers, field);
  const data =
    selected.map((raw) => canonicalHeader(raw, canon)).join('') + signatureFieldForHash(field.raw, canon);
  return binaryToBytes(data);
}

export type KeyFetch =
  | { ok: true; key: DkimKey }
  | { ok: false; result: 'temperror' | 'permerror'; reason: string; domainMissing?: true };

/** RFC 6376 §3.6.2: the key record at <selector>._domainkey.<domain>, checked against the signature's algorithm
 * (also used for ARC seals and message signatures, RFC 8617 §5.1). */
export async function fetchVerificationKey(
  resolver: Resolver,
  selector: string,
  domain: string,
  algorithm: string | null,
  signal?: AbortSignal,
): Promise<KeyFetch> {
  const fail = (reason: string): KeyFetch => ({ ok: false, result: 'permerror', reason });
  const keyName = `${selector}._domainkey.${domain}`;
  const result = await lookup(resolver, keyName, 'TXT', signal);
  if (result.kind === 'error')
    return { ok: false, result: 'temperror', reason: `Key lookup for ${keyName} failed: ${result.message}` };
  const texts = txtRecords(result).map((t) => t.text);
  if (texts.length === 0) {
    // RFC 8020 §2: NXDOMAIN at the key's name may be the selector alone; one query of the domain tells whether
    // the whole domain is gone, so the page says that instead of guessing at a rotated key.
    const whole = result.kind === 'nxdomain' ? await lookup(resolver, domain, 'TXT', signal) : null;
    if (whole?.kind === 'nxdomain')
      return {
        ok: false,
        result: 'permerror',
        reason: `${domain} does not exist in DNS (NXDOMAIN), so it publishes no key.`,
        domainMissing: true,
      };
    return fail(`No key at ${keyName}.`);
  }
  if (texts.length > 1) return fail(`Several TXT records at ${keyName}.`);
  const keyParse = parseDkimKeyRecord(texts[0]!, selector);
  const key = keyParse.key;
  if (!key) return fail(keyParse.findings[0]?.detail ?? 'The key record is invalid.');
  if (key.revoked) return fail('The key has been revoked (empty p=).');
  if (!keyParse.ok)
    return fail(keyParse.findings.find((f) => f.severity === 'error')?.title ?? 'The key record is invalid.');
  const sigKind = algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa';
  if (key.key?.kind !== sigKind || (key.keyType !== sigKind && key.tags.k !== undefined))
    return fail(`The signature uses ${algorithm} but the key is ${key.key?.kind ?? key.keyType}.`);
  if (key.hashes && !key.hashes.includes('sha256')) return fail('The key does not allow SHA-256 (h=).');
  // RFC 6376 §3.6.1: s= lists the service types the key may be used for.
  if (
    key.tags.s !== undefined &&
    !key.tags.s.split(':').some((x) => ['*', 'email'].includes(x.trim().toLowerCase()))
  )
    return fail(`The key is for s=${key.tags.s}, not email.`);
  return { ok: true, key };
}

/** Check a base64 signature over `data` with a key record's public key (RSA PKCS#1 v1.5 or Ed25519 over SHA-256). */
export async function verifySignatureBytes(
  key: DkimKey,
  kind: 'rsa' | 'ed25519',
  signatureBase64: string,
  data: Uint8Array<ArrayBuffer>,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<{ ok: boolean; error?: string }> {
  const signature = decodeBase64(signatureBase64);
  if (!signature.ok) return { ok: false, error: 'b= is not valid base64.' };
  try {
    const cryptoKey = await importKey(subtle, key);
    const sigBytes = Uint8Array.from(signature.bytes);
    const ok =
      kind === 'ed25519'
        ? // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the data.
          await subtle.verify({ name: 'Ed25519' }, cryptoKey, sigBytes, Uint8Array.from(sha256(data)))
        : await subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, cryptoKey, sigBytes, data);
    return { ok };
  } catch (error) {
    return {
      ok: false,
      error: `The key could not be used: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

async function verifyOne(
  message: PreparedMessage,
  field: HeaderField,
  resolver: Resolver,
  options: VerifyOptions,
): Promise<DkimVerification> {
  const value = field.raw.slice(field.raw.indexOf(':') + 1);
  const parsed = parseDkimSignature(value);
  if (!parsed.ok)
    return {
      result: 'permerror',
      domain: '',
      selector: '',
      reason: `The signature does not parse: ${parsed.error}`,
    };
  const sig = parsed.signature;
  const domain = sig.domain ?? '';
  const selector = sig.selector ?? '';
  const out = (result: DkimResult, reason: string, bodyHashOk: boolean | null = null): DkimVerification => ({
    result,
    domain,
    selector,
    reason,
    bodyHashOk,
  });
  // RFC 6376 §6.1.1: required tags and their basic sanity.
  const missing = ['v', 'a', 'b', 'bh', 'd', 'h', 's'].filter((t) => !sig.tags[t]?.trim());
  if (missing.length > 0)
    return out('permerror', `Missing required tag${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.`);
  if (sig.version?.trim() !== '1') return out('permerror', `v=${sig.version} is not 1.`);
  if (!sig.headers.includes('from')) return out('permerror', 'h= does not include From.');
  if (sig.identity) {
    const idDomain = sig.identity.slice(sig.identity.lastIndexOf('@') + 1).toLowerCase();
    if (idDomain !== domain && !idDomain.endsWith(`.${domain}`))
      return out('permerror', `i=${sig.identity} is outside d=${domain}.`);
  }
  if (sig.algorithm === 'rsa-sha1')
    return out('policy', 'rsa-sha1 signatures are not accepted (RFC 8301 §3.1).');
  if (sig.algorithm !== 'rsa-sha256' && sig.algorithm !== 'ed25519-sha256')
    return out('permerror', `Unsupported algorithm ${sig.algorithm}.`);
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (sig.expiration !== null && sig.expiration < now)
    return out('permerror', `The signature expired (x=${sig.expiration}).`);
  // RFC 6376 §3.7: the body hash (shared with other signatures and ARC) runs while the key is looked up and the
  // signature over the header fields is checked; the body hash decides first.
  const hashing = message.bodyHash(sig.canonBody, sig.bodyLength, options);
  // Awaited below; this only keeps an early return from leaving a cancelled hash unhandled.
  hashing.catch(() => undefined);
  const fetched = await fetchVerificationKey(resolver, selector, domain, sig.algorithm, options.signal);
  if (!fetched.ok)
    return fetched.domainMissing
      ? { ...out(fetched.result, fetched.reason), domainMissing: true }
      : out(fetched.result, fetched.reason);
  const key = fetched.key;
  const sigKind = sig.algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa';
  if (key.strictSubdomains && sig.identity) {
    const idDomain = sig.identity.slice(sig.identity.lastIndexOf('@') + 1).toLowerCase();
    if (idDomain !== domain) return out('permerror', 'The key has t=s, so i= must be in exactly d=.');
  }
  const checking = verifySignatureBytes(
    key,
    sigKind,
    sig.signature ?? '',
    signedData(message, field, sig.headers, sig.canonHeader),
    options.subtle,
  );
  if ((await hashing) !== sig.bodyHash)
    return out('fail', 'The body hash does not match: the body was changed after signing.', false);
  const checked = await checking;
  if (checked.error) return out('permerror', checked.error, true);
  const ok = checked.ok;
  return ok
    ? out('pass', 'The signature verifies.', true)
    : out(
        'fail',
        'The signature does not verify: a signed header field was changed, or the wrong key is published.',
        true,
      );
}

/**
 * RFC 6376 §6: verify every DKIM-Signature of a message, top first. Never throws for bad input; rejects only when
 * `options.signal` is aborted. Pass a PreparedMessage to share the message's reading and body hashes with verifyArc.
 */
export async function verifyDkim(
  message: string | Uint8Array | PreparedMessage,
  resolver: Resolver,
  options: VerifyOptions = {},
): Promise<DkimVerification[]> {
  options.signal?.throwIfAborted();
  const prepared = prepareMessage(message);
  const fields = prepared.named('dkim-signature');
  return Promise.all(fields.map((f) => verifyOne(prepared, f, resolver, options)));
}

export interface SignOptions {
  domain: string;
  selector: string;
  /** PKCS#8 private key (RSA or Ed25519) as a CryptoKey. */
  privateKey: CryptoKey;
  algorithm: 'rsa-sha256' | 'ed25519-sha256';
  headers?: string[];
  canonicalization?: 'relaxed/relaxed' | 'simple/simple' | 'relaxed/simple';
  now?: () => Date;
  subtle?: SubtleCrypto;
}

/** RFC 6376 §5: sign a message; returns the message (line ends as CRLF) with a DKIM-Signature field on top. */
export async function signDkim(message: string, options: SignOptions): Promise<string> {
  const subtle = options.subtle ?? globalThis.crypto.subtle;
  const text = message.replace(/\r\n|\r|\n/g, '\r\n');
  const prepared = prepareMessage(text);
  const [hc = 'relaxed', bc = 'relaxed'] = (options.canonicalization ?? 'relaxed/relaxed').split('/');
  const headers =
    options.headers ??
    ['from', 'to', 'subject', 'date', 'message-id'].filter((h) => prepared.named(h).length > 0);
  const bh = await prepared.bodyHash(bc, null, { subtle });
  const t = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const unsigned = `DKIM-Signature: v=1; a=${options.algorithm}; c=${hc}/${bc}; d=${options.domain}; s=${options.selector}; t=${t}; h=${headers.join(':')}; bh=${bh}; b=\r\n`;
  const data = signedData(prepared, { raw: unsigned }, headers, hc);
  const signature =
    options.algorithm === 'ed25519-sha256'
      ? await subtle.sign({ name: 'Ed25519' }, options.privateKey, Uint8Array.from(sha256(data)))
      : await subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, options.privateKey, data);
  return unsigned.replace(/b=\r\n$/, `b=${encodeBase64(new Uint8Array(signature))}\r\n`) + text;
}
