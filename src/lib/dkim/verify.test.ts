import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../dns/zone';
import { encodeBase64 } from '../encoding/base64';
import { signDkim, verifyDkim } from './verify';

const message =
  'From: Joe <joe@example.com>\nTo: sue@example.net\nSubject: Hello  there \nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <1@example.com>\n\nHi Sue,  \r\nsee you soon.\n\n\n';

async function keyPair(kind: 'rsa' | 'ed25519') {
  const subtle = globalThis.crypto.subtle;
  if (kind === 'ed25519') {
    const k = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    return {
      k,
      p: encodeBase64(new Uint8Array(await subtle.exportKey('raw', k.publicKey))),
      record: 'k=ed25519; ',
    };
  }
  const k = (await subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  return { k, p: encodeBase64(new Uint8Array(await subtle.exportKey('spki', k.publicKey))), record: '' };
}

describe('signDkim → verifyDkim', () => {
  for (const kind of ['rsa', 'ed25519'] as const) {
    for (const canon of ['relaxed/relaxed', 'simple/simple'] as const) {
      it(`${kind} ${canon}: a fresh signature verifies, and a changed body or subject does not`, async () => {
        const { k, p, record } = await keyPair(kind);
        const zone = new ZoneResolver({
          records: { 's1._domainkey.example.com': { TXT: [`v=DKIM1; ${record}p=${p}`] } },
        });
        const signed = await signDkim(message, {
          domain: 'example.com',
          selector: 's1',
          privateKey: k.privateKey,
          algorithm: kind === 'rsa' ? 'rsa-sha256' : 'ed25519-sha256',
          canonicalization: canon,
        });
        expect((await verifyDkim(signed, zone))[0]).toMatchObject({
          result: 'pass',
          domain: 'example.com',
          selector: 's1',
        });
        expect((await verifyDkim(signed.replace('see you soon', 'send money'), zone))[0]).toMatchObject({
          result: 'fail',
          bodyHashOk: false,
        });
        expect((await verifyDkim(signed.replace('Subject: Hello', 'Subject: Help'), zone))[0]).toMatchObject({
          result: 'fail',
          bodyHashOk: true,
        });
      });
    }
  }

  /** The message signed by example.com (s1) with a fresh Ed25519 key that no zone publishes. */
  const signedEd25519 = async () =>
    signDkim(message, {
      domain: 'example.com',
      selector: 's1',
      privateKey: (await keyPair('ed25519')).k.privateKey,
      algorithm: 'ed25519-sha256',
    });

  it('reads a DNS failure as temperror and a missing key as permerror', async () => {
    const signed = await signedEd25519();
    expect(
      (
        await verifyDkim(
          signed,
          new ZoneResolver({ records: { 's1._domainkey.example.com': { $rcode: 'SERVFAIL' } } }),
        )
      )[0]?.result,
    ).toBe('temperror');
    expect((await verifyDkim(signed, new ZoneResolver({ records: {} })))[0]?.result).toBe('permerror');
  });

  it('a signing domain that does not exist at all is said so, not read as a missing key (RFC 8020)', async () => {
    const signed = await signedEd25519();
    const [gone] = await verifyDkim(signed, new ZoneResolver({ records: {} }));
    expect(gone).toMatchObject({
      result: 'permerror',
      domainMissing: true,
      reason: 'example.com does not exist in DNS (NXDOMAIN), so it publishes no key.',
    });
    const zone = new ZoneResolver({ records: { 'example.com': { TXT: ['v=spf1 -all'] } } });
    const [noKey] = await verifyDkim(signed, zone);
    expect(noKey).toMatchObject({ result: 'permerror', reason: 'No key at s1._domainkey.example.com.' });
    expect(noKey?.domainMissing).toBeUndefined();
  });

  it('never throws on arbitrary messages', async () => {
    const zone = new ZoneResolver({ records: {} });
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
        await verifyDkim(`DKIM-Signature: ${s}\n${s}\n\n${s}`, zone);
      }),
      { numRuns: 500 },
    );
  });
});
