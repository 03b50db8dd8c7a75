import { describe, expect, it } from 'vitest';
import { parseTlsRptRecord } from '../tlsrpt/record';
import {
  bimiOptionsFromRecord,
  generateBimi,
  generateTlsRpt,
  mtaStsMxList,
  tlsRptOptionsFromRecord,
} from './records';
import { reportUriList } from './report-uris';

describe('TLS-RPT import', () => {
  it('reads rua as the parser does for a valid record, and round-trips', () => {
    const text = 'v=TLSRPTv1; rua=mailto:tls@example.com, https://r.example/v1';
    const parsed = parseTlsRptRecord(text);
    if (!parsed.ok) throw new Error('fixture must parse');
    const options = tlsRptOptionsFromRecord(text);
    expect(options.rua).toEqual(parsed.record.rua.map((r) => r.uri));
    expect(generateTlsRpt(options)).toBe('v=TLSRPTv1; rua=mailto:tls@example.com,https://r.example/v1');
  });

  it('keeps an invalid rua so the person can fix it, and reads quoted or odd-cased records', () => {
    expect(tlsRptOptionsFromRecord('v=TLSRPTv1; rua=tls@example.com,ftp://x').rua).toEqual([
      'tls@example.com',
      'ftp://x',
    ]);
    expect(tlsRptOptionsFromRecord('"v=TLSRPTv1; RUA=mailto:a@b.example;"').rua).toEqual([
      'mailto:a@b.example',
    ]);
    expect(tlsRptOptionsFromRecord('nonsense').rua).toEqual([]);
  });

  it('typed addresses use the one report-URI rule shared with DMARC', () => {
    expect(reportUriList('tls@example.com\nhttps://r.example/v1; x@y.example')).toEqual([
      'mailto:tls@example.com',
      'https://r.example/v1',
      'mailto:x@y.example',
    ]);
  });
});

describe('BIMI import', () => {
  it('reads l=, a= and avp=, with names in any case, and round-trips', () => {
    const options = bimiOptionsFromRecord('v=BIMI1; L=https://e.example/l.svg; a=; AVP=Personal');
    expect(options).toEqual({ logo: 'https://e.example/l.svg', authority: '', avp: 'personal' });
    expect(bimiOptionsFromRecord(generateBimi(options))).toEqual(options);
  });

  it('treats built-in object names as tag names, never as inherited properties', () => {
    expect(bimiOptionsFromRecord('v=BIMI1; constructor=x; l=')).toEqual({ logo: '', authority: '' });
    expect(bimiOptionsFromRecord('v=BIMI1; avp=toString')).toEqual({ logo: '', authority: '' });
  });
});

describe('MTA-STS mx list', () => {
  it('splits lines and commas, lower-cases and drops the root dot', () => {
    expect(mtaStsMxList('MX1.Example.com.\n*.mail.example.com, ,mx2.example.com')).toEqual([
      'mx1.example.com',
      '*.mail.example.com',
      'mx2.example.com',
    ]);
  });
});
