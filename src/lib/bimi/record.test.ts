import { describe, expect, it } from 'vitest';
import { isBimiRecord, parseBimiRecord } from './record';

describe('BIMI record', () => {
  it('parses a record and a declination', () => {
    expect(
      parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem'),
    ).toMatchObject({ ok: true, record: { logo: 'https://example.com/logo.svg' } });
    expect(parseBimiRecord('v=BIMI1; l=; a=;')).toMatchObject({ ok: true, record: { declined: true } });
  });

  it('rejects http logos, bad avp and a missing l=', () => {
    expect(parseBimiRecord('v=BIMI1; l=http://example.com/logo.svg').ok).toBe(false);
    expect(parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; avp=corporate').ok).toBe(false);
    expect(parseBimiRecord('v=BIMI1; a=https://example.com/vmc.pem').ok).toBe(false);
  });

  it('reads built-in property names as ordinary (unknown) tags', () => {
    const r = parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; constructor=x; toString=y');
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => i.code)).toEqual(['unknown-tag', 'unknown-tag']);
    expect(Object.getPrototypeOf(r.tags)).toBeNull();
    expect(r.tags.constructor).toBe('x');
  });

  it('gives each issue its tag and position, and keeps the tags of an invalid record', () => {
    const text = 'v=BIMI1; l=http://example.com/logo.png;; l=x';
    const r = parseBimiRecord(text);
    expect(r.ok).toBe(false);
    const bad = r.issues.find((i) => i.code === 'bad-logo')!;
    expect([bad.tag, text.slice(bad.start, bad.end)]).toEqual(['l', 'l=http://example.com/logo.png']);
    expect(r.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['empty-tag', 'duplicate-tag']));
    expect(r.tags.l).toBe('http://example.com/logo.png');
  });

  it('recognizes a record by its version tag', () => {
    expect(isBimiRecord('v=BIMI1; l=')).toBe(true);
    expect(isBimiRecord('V = bimi1;')).toBe(true);
    expect(isBimiRecord('v=spf1 -all')).toBe(false);
  });
});
