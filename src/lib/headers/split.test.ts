import { describe, expect, it } from 'vitest';
import { parseAddressList } from './address';
import { decodeEncodedWords } from './rfc2047';
import { decodeMessageBytes, splitHeaders } from './split';
import { visibleControls } from './text';

describe('splitHeaders', () => {
  it('unfolds CRLF, LF and CR line ends alike', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const { fields } = splitHeaders(`Subject: one${eol} two${eol}From: a@example.com${eol}`);
      expect(fields.map((f) => [f.name, f.value])).toEqual([
        ['Subject', 'one two'],
        ['From', 'a@example.com'],
      ]);
    }
  });

  it('stops at the body of a whole message', () => {
    const r = splitHeaders('From: a@example.com\nSubject: hi\n\nBody line\nNot-A-Header: x\n');
    expect(r.fields.map((f) => f.name)).toEqual(['From', 'Subject']);
    expect(r.hadBody).toBe(true);
  });

  it('joins continuation lines that lost their indentation (Outlook copies)', () => {
    const r = splitHeaders(
      'Authentication-Results: spf=pass (sender IP is 192.0.2.1)\nsmtp.mailfrom=example.com; dkim=none\nFrom: a@example.com',
    );
    expect(r.fields[0]!.value).toBe('spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dkim=none');
    expect(r.warnings.join(' ')).toMatch(/lost their indentation|lost its indentation/);
  });

  it('does not read a time or a URL on a continuation line as a field', () => {
    const r = splitHeaders(
      'Received: from a by b; Mon, 1 Jan 2024\n16:20:05 -0400\nX-Link: see\nhttp://example.com/x',
    );
    expect(r.fields.map((f) => f.name)).toEqual(['Received', 'X-Link']);
    expect(r.fields[1]!.value).toBe('see http://example.com/x');
  });

  it('skips leading junk, blank lines, an mbox From line and NULs', () => {
    const r = splitHeaders(
      '\n\nFrom someone@example Mon Jan  1 00:00:00 2024\nHere are my headers:\nSubject: x\u0000y\n',
    );
    expect(r.fields.map((f) => [f.name, f.value])).toEqual([['Subject', 'xy']]);
    expect(r.warnings.join(' ')).toMatch(/NUL/);
    expect(r.warnings.join(' ')).toMatch(/skipped/);
  });

  it('reads non-UTF-8 files as Windows-1252', () => {
    const r = decodeMessageBytes(Uint8Array.from([0x53, 0x75, 0x62, 0x3a, 0x20, 0xe9]));
    expect(r.text).toBe('Sub: é');
    expect(r.note).toMatch(/Windows-1252/);
  });
});

describe('RFC 2047', () => {
  it('decodes Q and B words and joins adjacent ones', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Caf=C3=A9_au_lait?=').text).toBe('Café au lait');
    expect(decodeEncodedWords('=?utf-8?B?w4lsw6h2ZQ==?= =?utf-8?B?IGTDqWrDoA==?=').text).toBe('Élève déjà');
    expect(decodeEncodedWords('Hello =?ISO-8859-1?Q?J=F6rg?=!').text).toBe('Hello Jörg!');
  });
  it('tolerates charset typos and unknown charsets', () => {
    expect(decodeEncodedWords('=?UTF 8?Q?ok?=').text).toBe('ok');
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=').text).toBe('abc');
  });
  it('decodes Mailsploit payloads and shows the control characters', () => {
    const d = decodeEncodedWords(
      '=?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3YiIDx0ZXN0PkBleGFtcGxlLmNvbT4=?==?utf-8?Q?=00?==?utf-8?Q?=0A?=<attacker@evil.example>',
    );
    expect(d.text).toContain('potus@whitehouse.gov');
    expect(visibleControls(d.text)).toContain('⟨NUL⟩⟨LF⟩');
    expect(visibleControls('a\u202Eb')).toBe('a⟨U+202E⟩b');
  });
  it('leaves broken words alone', () => {
    expect(decodeEncodedWords('=?utf-8?B?***?=').text).toBe('=?utf-8?B?***?=');
  });
});

describe('parseAddressList', () => {
  it('reads display names, comments, groups and bare addresses', () => {
    expect(parseAddressList('"Doe, Jane" <jane@Example.com>, bob@example.org (Bob)')).toEqual([
      { name: 'Doe, Jane', address: 'jane@Example.com', domain: 'example.com' },
      { name: 'Bob', address: 'bob@example.org', domain: 'example.org' },
    ]);
    expect(parseAddressList('Team: a@x.example, b@y.example;').map((m) => m.domain)).toEqual([
      'x.example',
      'y.example',
    ]);
    expect(parseAddressList('Undisclosed recipients:;')).toEqual([]);
  });
});
