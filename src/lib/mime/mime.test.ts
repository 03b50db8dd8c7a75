import { describe, expect, it } from 'vitest';
import { parseHeaderValue } from './content-type';
import { entityBody, entityHeaderText, parseMime, walkEntities } from './entity';
import { splitMbox } from './mbox';
import { decodeBase64Body, decodeQuotedPrintable } from './transfer';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('parseHeaderValue', () => {
  it('reads types, quoted parameters, comments and RFC 2231 continuations and charsets', () => {
    const ct = parseHeaderValue(
      'Multipart/Report; report-type=feedback-report; (comment) boundary="a;b\\"c"',
    );
    expect(ct.value).toBe('multipart/report');
    expect(Object.fromEntries(ct.params)).toEqual({ 'report-type': 'feedback-report', boundary: 'a;b"c' });
    const cd = parseHeaderValue(
      "attachment; filename*0*=UTF-8''r%C3%A9port; filename*1=.xml.gz; filename=plain.gz",
    );
    expect(cd.params.get('filename')).toBe('réport.xml.gz');
  });
});

describe('transfer encodings', () => {
  it('decodes base64 leniently (line breaks, junk, URL-safe letters, several padded blocks)', () => {
    expect(dec(decodeBase64Body(enc('aGVs\r\nbG8=\r\n')))).toBe('hello');
    expect(dec(decodeBase64Body(enc('aGk=aGk=')))).toBe('hihi');
    expect(dec(decodeBase64Body(enc('aG!!Vs bG8')))).toBe('hello');
  });

  it('decodes quoted-printable with soft line breaks, keeping a bad "=" as written', () => {
    expect(dec(decodeQuotedPrintable(enc('caf=C3=A9 =\r\nau lait=\n! 100=%')))).toBe('café au lait! 100=%');
  });
});

describe('parseMime', () => {
  const message = [
    'From: a@b.example',
    'Content-Type: multipart/mixed; boundary="XX"',
    '',
    'preamble',
    '--XX',
    'Content-Type: text/plain',
    '',
    'hello',
    '--XX',
    'Content-Type: message/rfc822',
    '',
    'Subject: inner',
    'From: c@d.example',
    '',
    'inner body',
    '--XX',
    'Content-Type: application/gzip; name="r.xml.gz"',
    'Content-Transfer-Encoding: base64',
    '',
    'aGVsbG8=',
    '--XX--',
    'epilogue',
  ].join('\r\n');

  it('splits parts at their boundary, opens message/rfc822 and decodes bodies on demand', () => {
    const { root, warnings } = parseMime(enc(message));
    expect(warnings).toEqual([]);
    expect(root.parts.map((p) => p.contentType.value)).toEqual([
      'text/plain',
      'message/rfc822',
      'application/gzip',
    ]);
    expect(dec(entityBody(root.parts[0]!))).toBe('hello');
    expect(entityHeaderText(root.parts[1]!.parts[0]!)).toBe('Subject: inner\r\nFrom: c@d.example');
    expect(root.parts[2]!.filename).toBe('r.xml.gz');
    expect(dec(entityBody(root.parts[2]!))).toBe('hello');
    expect([...walkEntities(root)]).toHaveLength(5);
  });

  it('reads a part with no header fields, and a multipart that never closes', () => {
    const open = parseMime(
      enc(
        'Content-Type: multipart/mixed; boundary=b\n\n--b\n\nno headers\n--b\nContent-Type: text/x\n\nlast',
      ),
    );
    expect(open.root.parts.map((p) => [p.contentType.value, dec(entityBody(p))])).toEqual([
      ['text/plain', 'no headers'],
      ['text/x', 'last'],
    ]);
    expect(open.warnings[0]).toMatch(/no closing boundary/);
  });

  it('opens a base64-encoded message/rfc822 part', () => {
    const inner = Buffer.from('Subject: wrapped\r\n\r\nbody').toString('base64');
    const m = parseMime(
      enc(
        `Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n${inner}\r\n--q--\r\n`,
      ),
    );
    expect(entityHeaderText(m.root.parts[0]!.parts[0]!)).toBe('Subject: wrapped');
  });

  it('caps nesting depth and part count without throwing', () => {
    let body = 'x';
    for (let i = 0; i < 40; i++)
      body = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
    expect(parseMime(enc(body)).warnings.join(' ')).toMatch(/nested deeper/);
    const many = `Content-Type: multipart/mixed; boundary=z\r\n\r\n${'--z\r\n\r\nx\r\n'.repeat(2000)}--z--`;
    expect(parseMime(enc(many)).warnings.join(' ')).toMatch(/first 1000/);
  });
});

describe('splitMbox', () => {
  it('splits at "From " separator lines after an empty line, not at body text starting with "From "', () => {
    const mbox = enc(
      'From a@b Mon Jan  1 10:00:00 2026\nSubject: 1\n\nFrom here on, text\n\nFrom c@d Tue Jan  2 11:00:00 2026\nSubject: 2\n\nbody\n',
    );
    const { messages } = splitMbox(mbox, 10);
    expect(messages.map(([s, e]) => dec(mbox.subarray(s, e)))).toEqual([
      'Subject: 1\n\nFrom here on, text\n\n',
      'Subject: 2\n\nbody\n',
    ]);
  });
});
