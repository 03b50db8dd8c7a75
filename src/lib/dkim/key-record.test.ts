import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDkimKeyRecord } from './key-record';
import { parseTagList } from '../syntax/tag-list';

// RFC 8463 Appendix A.2 key records (tests/fixtures/dkim/rfc8463-dns.json, IETF TLP).
const dns = JSON.parse(readFileSync('tests/fixtures/dkim/rfc8463-dns.json', 'utf8')) as Record<
  string,
  { TXT: string[][] }
>;
const ed = dns['brisbane._domainkey.football.example.com']!.TXT[0]!.join('');
const rsa = dns['test._domainkey.football.example.com']!.TXT[0]!.join('');

const codes = (text: string) => parseDkimKeyRecord(text).findings.map((f) => `${f.severity}:${f.code}`);

describe('parseDkimKeyRecord', () => {
  it('reads the RFC 8463 Ed25519 key', () => {
    const r = parseDkimKeyRecord(ed);
    expect(r.ok).toBe(true);
    expect(r.key?.key).toEqual({ kind: 'ed25519', form: 'raw' });
    expect(r.key?.publicKey).toHaveLength(32);
  });

  it('reads the RFC 8463 RSA key and its size (1024 bits: a warning)', () => {
    const r = parseDkimKeyRecord(rsa);
    expect(r.key?.key).toEqual({ kind: 'rsa', bits: 1024, exponent: 65537, form: 'spki' });
    expect(codes(rsa)).toEqual(['warning:rsa-short']);
  });

  it('tolerates whitespace inside p= (folded records)', () => {
    expect(parseDkimKeyRecord(rsa.replace(/(.{40})/g, '$1 \t')).key?.key).toMatchObject({ bits: 1024 });
  });

  it('flags revoked, test-mode, sha1-only and service-restricted keys', () => {
    expect(codes('v=DKIM1; k=rsa; p=')).toEqual(['warning:key-revoked']);
    expect(codes(`${ed}; t=y`)).toContain('warning:key-testing');
    expect(codes(`v=DKIM1; h=sha1; p=${rsa.split('p=')[1]}`)).toContain('error:key-sha1-only');
    expect(codes(`v=DKIM1; s=tlsrpt; p=${rsa.split('p=')[1]}`)).toContain('warning:key-service');
  });

  it('flags key/type mismatches, bad base64, unknown types and misplaced versions', () => {
    expect(codes(`v=DKIM1; k=rsa; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=`)).toContain(
      'error:key-mismatch',
    );
    expect(codes('v=DKIM1; p="MIGfMA0"')).toContain('error:key-base64');
    expect(codes('v=DKIM1; k=dsa; p=AAAA')).toContain('error:key-type');
    expect(codes(`k=rsa; v=DKIM1; p=${rsa.split('p=')[1]}`)).toContain('error:key-version');
    expect(codes('v=DKIM1; k=rsa')).toEqual(['error:key-no-p']);
    expect(codes('v=DKIM1; p=AAAA; p=BBBB')).toEqual(['error:key-syntax']);
  });
});

describe('parseTagList', () => {
  it('keeps tag names case-sensitive and trims values', () => {
    const r = parseTagList(' v = 1 ; a=rsa-sha256;\r\n\tB=x; ');
    expect(r.ok && [...r.map.entries()]).toEqual([
      ['v', '1'],
      ['a', 'rsa-sha256'],
      ['B', 'x'],
    ]);
  });
  it('rejects a tag without “=” and duplicate tags', () => {
    expect(parseTagList('v=1; a').ok).toBe(false);
    expect(parseTagList('a=1; a=2').ok).toBe(false);
  });
});

describe('parseDkimKeyRecord issues', () => {
  it('are the problems among the findings, each with the tag and its span', () => {
    const text = 'v=DKIM1; k=rsa; t=y; p=';
    const r = parseDkimKeyRecord(text, 's1');
    expect(r.ok).toBe(true);
    expect(r.record?.revoked).toBe(true);
    expect(r.issues.map((i) => [i.code, i.tag, text.slice(i.start, i.end)])).toEqual([
      ['key-testing', 't', 't=y'],
      ['key-revoked', 'p', 'p='],
    ]);
    expect(r.issues[1]?.message).toMatch(/^The key at s1 is revoked \(empty p=\): Signatures/);
    expect(Object.getPrototypeOf(r.record!.tags)).toBeNull();
  });

  it('point at the scanner’s position when the record does not parse', () => {
    const r = parseDkimKeyRecord('v=DKIM1; p');
    expect(r.ok).toBe(false);
    expect(r.issues).toMatchObject([{ code: 'key-syntax', start: 10 }]);
  });
});
