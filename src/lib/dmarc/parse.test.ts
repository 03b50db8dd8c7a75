import { describe, expect, it } from 'vitest';
import { isDmarcRecord, looksLikeDmarc, parseDmarcRecord } from './parse';

describe('parseDmarcRecord', () => {
  it('reads built-in property names as unknown tags, not as repeated ones', () => {
    const r = parseDmarcRecord('v=DMARC1; p=none; constructor=x; toString=y');
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => `${i.code}:${i.tag}`)).toEqual([
      'unknown-tag:constructor',
      'unknown-tag:tostring',
    ]);
    expect(Object.getPrototypeOf(r.tags)).toBeNull();
    expect(Object.keys(r.tags)).toEqual(['v', 'p', 'constructor', 'tostring']);
  });

  it('an invalid policy beside a valid rua= is invalid, and says receivers read it as p=none (RFC 7489 §6.6.3)', () => {
    const r = parseDmarcRecord('v=DMARC1; p=nonsense; adkim=s; rua=mailto:a@example.com');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fallback).toMatchObject({
      p: 'none',
      sp: 'none',
      np: 'none',
      adkim: 's',
      fellBackToNone: true,
    });
    const noRua = parseDmarcRecord('v=DMARC1; p=nonsense');
    expect(!noRua.ok && noRua.fallback).toBeUndefined();
  });

  it('gives each issue the tag and the span it is about', () => {
    const text = 'v=DMARC1; p=bogus; rua=mailto:a@example.com;; x';
    const r = parseDmarcRecord(text);
    const at = (code: string) => {
      const i = r.issues.find((x) => x.code === code)!;
      return [i.tag, text.slice(i.start, i.end)];
    };
    expect(at('bad-p')).toEqual(['p', 'p=bogus']);
    expect(at('empty-tag')).toEqual([undefined, '']);
    expect(at('bad-tag')).toEqual([undefined, 'x']);
  });

  it('keeps reading after a bad field, and the contract fields', () => {
    const r = parseDmarcRecord('v=DMARC1; p=none; junk; rua=mailto:a@example.com');
    expect(r).toMatchObject({ ok: false, errors: ['“junk” is not a tag=value pair.'] });
    expect(r.tags.rua).toBe('mailto:a@example.com');
    const ok = parseDmarcRecord('v=DMARC1; p=reject');
    expect(ok.ok && ok.record).toBe(ok.ok && ok.policy);
    expect(ok).toMatchObject({ ok: true, warnings: [], tags: { v: 'DMARC1', p: 'reject' } });
  });

  it('recognizes records by their first tag; near misses are told apart', () => {
    expect(isDmarcRecord('v=DMARC1; p=none')).toBe(true);
    expect(isDmarcRecord('v=dmarc1; p=none')).toBe(false);
    expect(looksLikeDmarc('v=dmarc1; p=none')).toBe(true);
  });
});
