import { describe, expect, it } from 'vitest';
import { isMtaStsRecord, mxMatches, parseMtaStsPolicy, parseMtaStsTxt } from './record';

describe('MTA-STS TXT record (RFC 8461 §3.1)', () => {
  it('parses the TXT record and rejects a bad id', () => {
    expect(parseMtaStsTxt('v=STSv1; id=20260101T000000;')).toMatchObject({
      ok: true,
      record: { id: '20260101T000000' },
    });
    expect(parseMtaStsTxt('v=STSv1; id=bad id!').ok).toBe(false);
    expect(parseMtaStsTxt('v=STSv1;').ok).toBe(false);
    expect(parseMtaStsTxt('id=1; v=STSv1').ok).toBe(false);
  });

  it('says an id with a space has invalid characters, not that it is no key=value field', () => {
    const text = 'v=STSv1; id=bad id!';
    const r = parseMtaStsTxt(text);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({
      code: 'bad-id',
      tag: 'id',
      message: 'id=bad id! contains characters other than letters and digits (space, “!”).',
    });
    expect(text.slice(r.issues[0]!.start, r.issues[0]!.end)).toBe('id=bad id!');
    expect(parseMtaStsTxt(`v=STSv1; id=${'a'.repeat(33)}`).issues[0]?.message).toMatch(/1 to 32/);
  });

  it('keeps extension fields in a null-prototype object', () => {
    const r = parseMtaStsTxt('v=STSv1; id=1; constructor=x');
    expect(r.ok && r.record.extensions.constructor).toBe('x');
    expect(r.issues.map((i) => i.code)).toEqual(['unknown-field']);
  });

  it('reads an extension name that starts with a digit (RFC 8461 §3.1 sts-ext-name), not a first letter only', () => {
    const r = parseMtaStsTxt('v=STSv1; id=20260101; 2fa.ext-name_1=on');
    expect(r.ok).toBe(true);
    expect(r.ok && { ...r.record.extensions }).toEqual({ '2fa.ext-name_1': 'on' });
    expect(parseMtaStsTxt('v=STSv1; id=1; -x=on').ok).toBe(false);
  });

  it('recognizes a record, near misses included', () => {
    expect(isMtaStsRecord('v=STSv1; id=1')).toBe(true);
    expect(isMtaStsRecord('v = stsv1; id=1')).toBe(true);
    expect(isMtaStsRecord('v=TLSRPTv1;')).toBe(false);
  });
});

describe('MTA-STS policy file (RFC 8461 §3.2)', () => {
  it('parses a policy and matches MX patterns (one wildcard label only)', () => {
    const r = parseMtaStsPolicy(
      'version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n',
    );
    expect(r).toMatchObject({
      ok: true,
      record: { mode: 'enforce', mx: ['mx1.example.com', '*.example.net'], maxAge: 604800 },
    });
    expect(mxMatches('a.example.net', '*.example.net')).toBe(true);
    expect(mxMatches('a.b.example.net', '*.example.net')).toBe(false);
    expect(mxMatches('example.net', '*.example.net')).toBe(false);
    expect(mxMatches('MX1.example.com.', 'mx1.example.com')).toBe(true);
  });

  it('rejects policies with missing or invalid fields', () => {
    expect(parseMtaStsPolicy('version: STSv1\nmode: enforce\nmax_age: 86400\n')).toMatchObject({ ok: false });
    expect(parseMtaStsPolicy('version: STSv1\nmode: on\nmx: a.example\nmax_age: 86400\n').ok).toBe(false);
    expect(parseMtaStsPolicy('version: STSv1\nmode: testing\nmx: a.example\nmax_age: 99999999\n').ok).toBe(
      false,
    );
    expect(
      parseMtaStsPolicy('version: STSv1\nmode: testing\nmx: a.example\nmax_age: 86400\n').issues[0]?.message,
    ).toMatch(/LF only/);
  });

  it('gives each issue its line', () => {
    const text = 'version: STSv1\r\nmode: on\r\nmx: a.example\r\nmax_age: 86400\r\n';
    const bad = parseMtaStsPolicy(text).issues.find((i) => i.code === 'bad-mode')!;
    expect([bad.tag, text.slice(bad.start, bad.end)]).toEqual(['mode', 'mode: on']);
  });
});
