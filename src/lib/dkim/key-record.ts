// RFC 6376 §3.6.1 DKIM key records, with RFC 8301 key-size rules and RFC 8463 Ed25519.

import { decodeBase64 } from '../encoding/base64';
import { describePublicKey, type PublicKeyInfo } from '../encoding/der';
import { makeFinding, type Finding, type Issue } from '../findings';
import { tagObject } from '../syntax/policy-record';
import { parseTagList, stripFws } from '../syntax/tag-list';
import { issuesOf, type DkimKeyFindingCode, type DkimKeyIssueCode } from './key-issues';

export { DKIM_KEY_FINDING_CODES, type DkimKeyFindingCode, type DkimKeyIssueCode } from './key-issues';

/** RFC 8301 §3.2: verifiers MUST NOT accept RSA keys under 1024 bits; signers SHOULD use 2048. */
export const MIN_RSA_BITS = 1024;
export const RECOMMENDED_RSA_BITS = 2048;
/** RFC 8301 §3.2: verifiers must handle up to 4096 bits; larger keys may not verify everywhere. */
export const MAX_VERIFIER_RSA_BITS = 4096;

export interface DkimKey {
  /** v= (if present), k=, h=, s=, t= … as published. */
  tags: Record<string, string>;
  keyType: string;
  revoked: boolean;
  key: PublicKeyInfo | null;
  /** The raw public key bytes (for verification), when p= decodes. */
  publicKey: Uint8Array | null;
  testing: boolean;
  strictSubdomains: boolean;
  hashes: string[] | null;
}

/**
 * `ok` is false when receivers cannot use the key; `record` (also `key`) is filled whenever the record could be
 * read. `findings` say what the domain check shows (good keys included); `issues` are the same problems as parser
 * issues, with the tag and its position.
 */
export type DkimKeyParse =
  | {
      ok: true;
      record: DkimKey;
      key: DkimKey;
      issues: Issue<DkimKeyIssueCode>[];
      findings: Finding<DkimKeyFindingCode>[];
    }
  | {
      ok: false;
      record: DkimKey | null;
      key: DkimKey | null;
      issues: Issue<DkimKeyIssueCode>[];
      findings: Finding<DkimKeyFindingCode>[];
    };

function f(
  severity: Finding['severity'],
  code: DkimKeyFindingCode,
  title: string,
  detail: string,
  fix?: string,
  spec = 'RFC 6376 §3.6.1',
): Finding<DkimKeyFindingCode> {
  return makeFinding(severity, code, title, detail, fix, spec);
}

export function parseDkimKeyRecord(text: string, where = 'this selector'): DkimKeyParse {
  const findings: Finding<DkimKeyFindingCode>[] = [];
  const list = parseTagList(text);
  const done = (key: DkimKey | null): DkimKeyParse => {
    const issues = issuesOf(findings, list.tags, list.ok ? null : list.position);
    return key && !findings.some((x) => x.severity === 'error')
      ? { ok: true, record: key, key, issues, findings }
      : { ok: false, record: key, key, issues, findings };
  };
  // RFC 6376 §3.2: a tag-list starts with a tag name (after optional FWS); a byte-order mark is neither.
  if (text.charCodeAt(0) === 0xfeff) {
    findings.push(
      f(
        'error',
        'key-bom',
        `The key record at ${where} starts with a byte-order mark`,
        'It begins with the bytes EF BB BF (U+FEFF) before the first tag, so receivers cannot read the key and signatures with this selector fail.',
        'Publish the record again without the invisible mark (retype its first characters in the DNS editor).',
      ),
    );
    return done(null);
  }
  if (!list.ok) {
    findings.push(
      f(
        'error',
        'key-syntax',
        `The key record at ${where} does not parse`,
        list.error,
        'Republish the record exactly as your provider gives it.',
      ),
    );
    return done(null);
  }
  const tags = tagObject(list.map);
  // RFC 6376 §3.6.1: v= is optional but, if present, must be first and exactly DKIM1.
  if (tags.v !== undefined && (list.tags[0]?.name !== 'v' || tags.v !== 'DKIM1')) {
    findings.push(
      f(
        'error',
        'key-version',
        `v=${tags.v} at ${where} is not valid`,
        'If present, v= must be the first tag and exactly “DKIM1”; receivers ignore the key otherwise.',
        'Start the record with v=DKIM1;',
      ),
    );
  }
  if (tags.p === undefined) {
    findings.push(
      f(
        'error',
        'key-no-p',
        `The record at ${where} has no p= (public key)`,
        'Without p= the record is not a DKIM key.',
        'Publish the full key record from your provider.',
      ),
    );
    return done(null);
  }
  const keyType = (tags.k ?? 'rsa').toLowerCase();
  if (keyType !== 'rsa' && keyType !== 'ed25519') {
    findings.push(
      f(
        'error',
        'key-type',
        `k=${tags.k} at ${where} is not a DKIM key type`,
        'DKIM keys are k=rsa (the default) or k=ed25519 (RFC 8463).',
        undefined,
        'RFC 8463 §4',
      ),
    );
  }
  const hashes = tags.h === undefined ? null : tags.h.split(':').map((h) => h.trim().toLowerCase());
  if (hashes && !hashes.includes('sha256')) {
    findings.push(
      f(
        'error',
        'key-sha1-only',
        `h=${tags.h} at ${where} excludes SHA-256`,
        'RFC 8301 forbids rsa-sha1, so a key limited to sha1 cannot verify any valid signature.',
        'Remove h= or set h=sha256.',
        'RFC 8301 §3.1',
      ),
    );
  }
  const flags = (tags.t ?? '').split(':').map((x) => x.trim().toLowerCase());
  const testing = flags.includes('y');
  if (testing)
    findings.push(
      f(
        'warning',
        'key-testing',
        `The key at ${where} is in test mode (t=y)`,
        'Receivers may treat signatures with this key as unsigned.',
        'Remove t=y once DKIM works.',
      ),
    );
  if (
    tags.s !== undefined &&
    !tags.s.split(':').some((s) => ['*', 'email'].includes(s.trim().toLowerCase()))
  ) {
    findings.push(
      f(
        'warning',
        'key-service',
        `s=${tags.s} at ${where} excludes email`,
        'A key whose service type is not * or email cannot be used for mail.',
        'Remove s= or set s=email.',
      ),
    );
  }
  if (tags.g !== undefined)
    findings.push(
      f(
        'info',
        'key-granularity',
        `g= at ${where} is obsolete`,
        'The g= tag was removed in RFC 6376; receivers ignore it.',
      ),
    );
  const p = stripFws(tags.p);
  if (p === '') {
    findings.push(
      f(
        'warning',
        'key-revoked',
        `The key at ${where} is revoked (empty p=)`,
        'Signatures made with this selector fail. That is right for a retired selector; make sure your mail is signed with another one.',
      ),
    );
    const key: DkimKey = {
      tags,
      keyType,
      revoked: true,
      key: null,
      publicKey: null,
      testing,
      strictSubdomains: flags.includes('s'),
      hashes,
    };
    return done(key);
  }
  const decoded = decodeBase64(p);
  if (!decoded.ok) {
    const quotes = /["']/.test(p)
      ? ' It contains quote marks: the record was probably pasted with its quotes.'
      : '';
    findings.push(
      f(
        'error',
        'key-base64',
        `The public key at ${where} is not valid base64`,
        `${decoded.error}${quotes}`,
        'Copy the key again from your provider, without quotes or line breaks.',
      ),
    );
    return done(null);
  }
  const info = describePublicKey(decoded.bytes);
  if (info.kind === 'unknown') {
    findings.push(
      f(
        'error',
        'key-unreadable',
        `The public key at ${where} cannot be read`,
        info.reason,
        'Copy the key again from your provider.',
      ),
    );
  } else if (info.kind !== keyType && (keyType === 'rsa' || keyType === 'ed25519')) {
    findings.push(
      f(
        'error',
        'key-mismatch',
        `k=${keyType} at ${where}, but the key is ${info.kind === 'rsa' ? 'an RSA' : 'an Ed25519'} key`,
        'The key type and the key do not match, so every signature fails.',
        `Set k=${info.kind}.`,
        'RFC 8463 §4',
      ),
    );
  } else if (info.kind === 'rsa') {
    if (info.bits < MIN_RSA_BITS) {
      findings.push(
        f(
          'error',
          'rsa-too-short',
          `RSA key of ${info.bits} bits at ${where}`,
          `RFC 8301 requires verifiers to reject keys under ${MIN_RSA_BITS} bits, so Gmail and others ignore these signatures.`,
          'Generate a 2048-bit key and publish it under a new selector.',
          'RFC 8301 §3.2',
        ),
      );
    } else if (info.bits < RECOMMENDED_RSA_BITS) {
      findings.push(
        f(
          'warning',
          'rsa-short',
          `RSA key of ${info.bits} bits at ${where}`,
          `Accepted today, but ${RECOMMENDED_RSA_BITS} bits is the recommended minimum.`,
          'Rotate to a 2048-bit key under a new selector.',
          'RFC 8301 §3.2',
        ),
      );
    } else if (info.bits > MAX_VERIFIER_RSA_BITS) {
      findings.push(
        f(
          'warning',
          'rsa-long',
          `RSA key of ${info.bits} bits at ${where}`,
          `Verifiers only have to handle up to ${MAX_VERIFIER_RSA_BITS} bits; some will not verify this key.`,
          'Use 2048 bits.',
          'RFC 8301 §3.2',
        ),
      );
    } else {
      findings.push(
        f(
          'ok',
          'rsa-ok',
          `RSA ${info.bits}-bit key at ${where}`,
          'A good key size.',
          undefined,
          'RFC 8301 §3.2',
        ),
      );
    }
    if (info.form === 'pkcs1') {
      findings.push(
        f(
          'info',
          'rsa-pkcs1',
          `The key at ${where} is a bare RSAPublicKey`,
          'RFC 6376 specifies SubjectPublicKeyInfo; most receivers accept both.',
        ),
      );
    }
  } else if (info.kind === 'ed25519') {
    if (info.form === 'spki') {
      findings.push(
        f(
          'error',
          'ed25519-spki',
          `The Ed25519 key at ${where} is wrapped in SubjectPublicKeyInfo`,
          'RFC 8463 publishes the raw 32-byte key; receivers will not read this form.',
          'Publish only the last 32 bytes of the key, base64-encoded.',
          'RFC 8463 §4',
        ),
      );
    } else
      findings.push(
        f(
          'ok',
          'ed25519-ok',
          `Ed25519 key at ${where}`,
          'A modern key type (RFC 8463).',
          undefined,
          'RFC 8463',
        ),
      );
  }
  const key: DkimKey = {
    tags,
    keyType,
    revoked: false,
    key: info,
    publicKey: decoded.bytes,
    testing,
    strictSubdomains: flags.includes('s'),
    hashes,
  };
  return done(key);
}
