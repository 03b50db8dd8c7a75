import { describe, expect, it } from 'vitest';
import { decodeTxtData, encodeTxtPresentation, splitTxtOctets } from './txt';

describe('decodeTxtData', () => {
  it('reads Cloudflare presentation form with one quoted string', () => {
    const t = decodeTxtData('"v=spf1 include:_spf.google.com ~all"');
    expect(t).toEqual({
      strings: ['v=spf1 include:_spf.google.com ~all'],
      octets: [35],
      text: 'v=spf1 include:_spf.google.com ~all',
      quoted: true,
      bom: false,
    });
  });

  it('joins several character-strings with no separator (RFC 7208 §3.3)', () => {
    const t = decodeTxtData('"v=spf1 ip4:192.0.2.0/24 " "-all"');
    expect(t.strings).toEqual(['v=spf1 ip4:192.0.2.0/24 ', '-all']);
    expect(t.text).toBe('v=spf1 ip4:192.0.2.0/24 -all');
    expect(t.octets).toEqual([24, 4]);
  });

  it('joins strings split mid-word exactly', () => {
    expect(decodeTxtData('"v=DKIM1; k=rsa; p=MIIBIjAN" "BgkqhkiG9w0"').text).toBe(
      'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0',
    );
  });

  it('unescapes \\" and \\\\', () => {
    expect(decodeTxtData('"say \\"hi\\" c:\\\\dir"').text).toBe('say "hi" c:\\dir');
  });

  it('unescapes \\DDD decimal escapes as octets, then UTF-8', () => {
    expect(decodeTxtData('"a\\059b"').text).toBe('a;b');
    // "é" is C3 A9 = 195 169
    expect(decodeTxtData('"caf\\195\\169"').text).toBe('café');
    expect(decodeTxtData('"caf\\195\\169"').octets).toEqual([5]);
  });

  it('joins the bytes before decoding, so a UTF-8 character split across two strings stays whole', () => {
    const t = decodeTxtData('"caf\\195" "\\169"');
    expect(t.text).toBe('café');
    expect(t.octets).toEqual([4, 1]);
  });

  it('keeps and reports a leading byte-order mark instead of dropping it', () => {
    const t = decodeTxtData('"\\239\\187\\191v=spf1 -all"');
    expect(t.bom).toBe(true);
    expect(t.text).toBe('\uFEFFv=spf1 -all');
    expect(decodeTxtData('\uFEFFv=spf1 -all')).toMatchObject({ bom: true, quoted: false });
    expect(decodeTxtData('"v=spf1 \\239\\187\\191-all"').bom).toBe(false);
  });

  it('keeps an empty character-string', () => {
    expect(decodeTxtData('""')).toMatchObject({ strings: [''], text: '', quoted: true });
  });

  it('takes Google raw text verbatim', () => {
    const t = decodeTxtData('v=spf1 include:_spf.google.com ~all');
    expect(t).toEqual({
      strings: ['v=spf1 include:_spf.google.com ~all'],
      octets: null,
      text: 'v=spf1 include:_spf.google.com ~all',
      quoted: false,
      bom: false,
    });
  });

  it('takes Google text that merely contains quotes verbatim', () => {
    expect(decodeTxtData('v=spf1 "odd" -all').text).toBe('v=spf1 "odd" -all');
  });

  it('falls back to raw text when quotes do not close', () => {
    expect(decodeTxtData('"v=spf1 -all').text).toBe('"v=spf1 -all');
  });

  it('falls back to raw text when a \\DDD escape is out of range', () => {
    expect(decodeTxtData('"\\999"').quoted).toBe(false);
  });

  it('handles tabs and several spaces between strings', () => {
    expect(decodeTxtData('"a"\t  "b"').strings).toEqual(['a', 'b']);
  });
});

describe('encodeTxtPresentation', () => {
  it('round-trips through decodeTxtData', () => {
    for (const text of ['v=spf1 -all', 'quote " and \\ backslash', 'ünïcödé', 'x'.repeat(600)]) {
      expect(decodeTxtData(encodeTxtPresentation(text)).text).toBe(text);
    }
  });

  it('splits text over 255 octets into several strings', () => {
    const encoded = encodeTxtPresentation('a'.repeat(300));
    expect(decodeTxtData(encoded).octets).toEqual([255, 45]);
  });

  it('never splits a multi-byte character', () => {
    const chunks = splitTxtOctets('é'.repeat(200));
    for (const c of chunks) expect(new TextDecoder('utf-8', { fatal: true }).decode(c)).toBeTruthy();
  });
});
