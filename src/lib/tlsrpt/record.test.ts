import { describe, expect, it } from 'vitest';
import { isTlsRptRecord, parseTlsRptRecord, parseTlsRptRua } from './record';

describe('TLS-RPT record (RFC 8460 §3)', () => {
  it('parses mailto and https destinations', () => {
    expect(
      parseTlsRptRecord('v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example.com/tls'),
    ).toMatchObject({
      ok: true,
      record: { rua: [{ scheme: 'mailto' }, { scheme: 'https' }] },
    });
  });

  it('rejects a missing or bad rua and a late version', () => {
    expect(parseTlsRptRecord('v=TLSRPTv1;').ok).toBe(false);
    expect(parseTlsRptRecord('v=TLSRPTv1; rua=ftp://x.example').ok).toBe(false);
    expect(parseTlsRptRecord('rua=mailto:a@example.com; v=TLSRPTv1').ok).toBe(false);
  });

  it('reads built-in property names as ordinary extension fields', () => {
    const r = parseTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com; toString=1; valueOf=2');
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => `${i.severity}:${i.code}:${i.tag}`)).toEqual([
      'warning:unknown-field:toString',
      'warning:unknown-field:valueOf',
    ]);
    expect(r.ok && Object.keys(r.record.extensions)).toEqual(['toString', 'valueOf']);
    // RFC 8460 §3 tlsrpt-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
    const digitFirst = parseTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com; 9ext=1');
    expect(digitFirst.ok && Object.keys(digitFirst.record.extensions)).toEqual(['9ext']);
  });

  it('says where a bad destination is, and keeps the fields of an invalid record', () => {
    const text = 'v=TLSRPTv1; rua=ftp://reports.example';
    const r = parseTlsRptRecord(text);
    expect(r.issues).toEqual([
      {
        severity: 'error',
        code: 'bad-rua',
        message: 'rua “ftp://reports.example” must be a mailto: or https: URI.',
        tag: 'rua',
        start: 12,
        end: text.length,
      },
    ]);
    expect(r.tags.rua).toBe('ftp://reports.example');
  });

  it('reads rua lists once for every caller', () => {
    expect(parseTlsRptRua('mailto:a@example.com , https://r.example/x, nope')).toEqual({
      uris: [
        { uri: 'mailto:a@example.com', scheme: 'mailto' },
        { uri: 'https://r.example/x', scheme: 'https' },
      ],
      invalid: ['nope'],
    });
  });

  it('recognizes a record, near misses included', () => {
    expect(isTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com')).toBe(true);
    expect(isTlsRptRecord('v = tlsrptv1;')).toBe(true);
    expect(isTlsRptRecord('v=STSv1; id=1')).toBe(false);
  });
});
