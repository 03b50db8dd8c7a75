// RFC 8617 §5.2 ARC chain validation with cryptography: structure and cv= rules (structure.ts), then the newest
// ARC-Message-Signature, then every ARC-Seal from the newest down. Keys are DKIM key records (RFC 8617 §4.1.2).

import { relaxedHeader, signatureFieldForHash, type HeaderField } from '../dkim/canonicalize';
import type { BodyHashOptions } from '../dkim/body-hash';
import { prepareMessage, type PreparedMessage } from '../dkim/message';
import { parseDkimSignature } from '../dkim/signature';
import { fetchVerificationKey, signedData, verifySignatureBytes } from '../dkim/verify';
import type { Resolver } from '../dns/types';
import { binaryToBytes } from '../encoding/bytes';
import { parseTagList, stripFws } from '../syntax/tag-list';
import { analyzeArcStructure } from './structure';

export type ArcResult = 'none' | 'pass' | 'fail';

export interface ArcVerification {
  result: ArcResult;
  /** The highest instance (N) when there are ARC sets. */
  instance?: number;
  reason?: string;
  /** A DNS failure decided the result (a retry may give another answer). */
  temporary?: boolean;
}

/** `signal` also cancels DNS lookups; `onProgress` reports body hashing (see BodyHashOptions). */
export interface ArcVerifyOptions extends BodyHashOptions {
  now?: () => Date;
}

type Field = HeaderField;

const ARC_NAMES = new Set(['arc-seal', 'arc-message-signature', 'arc-authentication-results']);
/** RFC 8617 §4.1.3 / RFC 8301: the algorithms a seal or message signature may use. */
const ALGORITHMS = new Set(['rsa-sha256', 'ed25519-sha256']);

function valueOf(field: Field): string {
  return field.raw.slice(field.raw.indexOf(':') + 1);
}

function instanceOf(field: Field): number | null {
  const m = /(?:^|;)\s*i\s*=\s*(\d{1,3})\s*(?:;|$)/.exec(valueOf(field).replace(/\r\n/g, ''));
  return m ? Number(m[1]) : null;
}

/** RFC 8617 §5.1.2: verify the ARC-Message-Signature of one instance, like a DKIM signature. */
async function verifyMessageSignature(
  message: PreparedMessage,
  field: Field,
  resolver: Resolver,
  options: ArcVerifyOptions,
): Promise<{ ok: true } | { ok: false; reason: string; temporary?: boolean }> {
  const parsed = parseDkimSignature(valueOf(field), 'ams');
  if (!parsed.ok) return { ok: false, reason: `It does not parse: ${parsed.error}` };
  const sig = parsed.signature;
  // h= must be there but may be empty (the seal's own field is still signed), as the ARC reference suite has it.
  const missing = ['a', 'b', 'bh', 'd', 's', 'i'].filter((t) => !sig.tags[t]?.trim());
  if (sig.tags.h === undefined) missing.push('h');
  if (missing.length > 0)
    return { ok: false, reason: `Missing tag${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.` };
  if (!sig.algorithm || !ALGORITHMS.has(sig.algorithm))
    return { ok: false, reason: `a=${sig.algorithm} is not allowed.` };
  if (!['simple', 'relaxed'].includes(sig.canonHeader) || !['simple', 'relaxed'].includes(sig.canonBody))
    return { ok: false, reason: `c=${sig.tags.c} is not a canonicalization.` };
  if (sig.tags.t !== undefined && sig.timestamp === null)
    return { ok: false, reason: `t=${sig.tags.t} is not a time.` };
  const fetched = await fetchVerificationKey(
    resolver,
    sig.selector ?? '',
    sig.domain ?? '',
    sig.algorithm,
    options.signal,
  );
  if (!fetched.ok) return { ok: false, reason: fetched.reason, temporary: fetched.result === 'temperror' };
  // Without c=, DKIM's default is simple/simple (RFC 6376 §3.5) while the ARC reference implementation (dkimpy)
  // and its test suite use relaxed/relaxed; a signature valid under either is accepted.
  const canons = sig.tags.c === undefined ? ['simple', 'relaxed'] : [sig.canonHeader];
  let reason = 'The body hash does not match: the body changed after this hop signed it.';
  for (const canon of canons) {
    const bodyCanon = sig.tags.c === undefined ? canon : sig.canonBody;
    if ((await message.bodyHash(bodyCanon, sig.bodyLength, options)) !== sig.bodyHash) continue;
    const checked = await verifySignatureBytes(
      fetched.key,
      sig.algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa',
      sig.signature ?? '',
      signedData(message, field, sig.headers, canon),
      options.subtle,
    );
    if (checked.ok) return { ok: true };
    reason = checked.error ?? 'The signature does not verify: a signed header changed.';
    if (checked.error) break;
  }
  return { ok: false, reason };
}

/** RFC 8617 §5.1.1: the data an ARC-Seal of instance `i` covers — every set up to i, AAR, AMS, AS in that order,
 * relaxed, with the b= of the seal being verified emptied and its final CRLF dropped. */
function sealData(sets: Map<number, Record<string, Field>>, upTo: number): Uint8Array<ArrayBuffer> {
  let data = '';
  for (let i = 1; i <= upTo; i++) {
    const set = sets.get(i)!;
    data += relaxedHeader(set['arc-authentication-results']!.raw);
    data += relaxedHeader(set['arc-message-signature']!.raw);
    data +=
      i === upTo
        ? signatureFieldForHash(set['arc-seal']!.raw, 'relaxed')
        : relaxedHeader(set['arc-seal']!.raw);
  }
  return binaryToBytes(data);
}

async function verifySeal(
  sets: Map<number, Record<string, Field>>,
  instance: number,
  resolver: Resolver,
  options: ArcVerifyOptions,
): Promise<{ ok: true } | { ok: false; reason: string; temporary?: boolean }> {
  const field = sets.get(instance)!['arc-seal']!;
  const list = parseTagList(valueOf(field));
  if (!list.ok) return { ok: false, reason: `It does not parse: ${list.error}` };
  const t = Object.fromEntries(list.map);
  const missing = ['a', 'b', 'cv', 'd', 'i', 's'].filter((k) => !t[k]?.trim());
  if (missing.length > 0)
    return { ok: false, reason: `Missing tag${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.` };
  const algorithm = t.a!.trim().toLowerCase();
  if (!ALGORITHMS.has(algorithm)) return { ok: false, reason: `a=${t.a} is not allowed.` };
  if (t.t !== undefined && !/^\d{1,12}$/.test(t.t.trim()))
    return { ok: false, reason: `t=${t.t} is not a time.` };
  const fetched = await fetchVerificationKey(
    resolver,
    t.s!.trim().toLowerCase(),
    t.d!.trim().toLowerCase(),
    algorithm,
    options.signal,
  );
  if (!fetched.ok) return { ok: false, reason: fetched.reason, temporary: fetched.result === 'temperror' };
  const checked = await verifySignatureBytes(
    fetched.key,
    algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa',
    stripFws(t.b!),
    sealData(sets, instance),
    options.subtle,
  );
  if (!checked.ok)
    return { ok: false, reason: checked.error ?? 'The seal does not verify: an ARC field changed.' };
  return { ok: true };
}

/**
 * RFC 8617 §5.2: validate the ARC chain of a whole message. Never throws for bad input; rejects only when
 * `options.signal` is aborted. Pass a PreparedMessage to share the message's reading and body hashes with verifyDkim.
 */
export async function verifyArc(
  message: string | Uint8Array | PreparedMessage,
  resolver: Resolver,
  options: ArcVerifyOptions = {},
): Promise<ArcVerification> {
  options.signal?.throwIfAborted();
  const parsed = prepareMessage(message);
  const arcFields = parsed.fields.filter((f) => ARC_NAMES.has(f.lname));
  if (arcFields.length === 0) return { result: 'none' };
  // Steps 1–3: sets, the newest cv=, structure.
  const structure = analyzeArcStructure(
    arcFields.map((f) => ({ lname: f.lname, value: valueOf(f).replace(/\r\n/g, '') })),
  );
  const n = Math.max(0, ...arcFields.map((f) => instanceOf(f) ?? 0));
  const fail = (reason: string, temporary = false): ArcVerification =>
    temporary ? { result: 'fail', instance: n, reason, temporary } : { result: 'fail', instance: n, reason };
  if (structure.result !== 'pass') return fail(structure.reason ?? 'The ARC chain is not well formed.');
  const sets = new Map<number, Record<string, Field>>();
  for (const f of arcFields) {
    const i = instanceOf(f)!;
    sets.set(i, { ...sets.get(i), [f.lname]: f });
  }
  // Step 4: the newest ARC-Message-Signature.
  const ams = await verifyMessageSignature(parsed, sets.get(n)!['arc-message-signature']!, resolver, options);
  if (!ams.ok) return fail(`ARC-Message-Signature i=${n}: ${ams.reason}`, ams.temporary);
  // Step 6: every seal, newest first.
  for (let i = n; i >= 1; i--) {
    const seal = await verifySeal(sets, i, resolver, options);
    if (!seal.ok) return fail(`ARC-Seal i=${i}: ${seal.reason}`, seal.temporary);
  }
  return { result: 'pass', instance: n };
}
