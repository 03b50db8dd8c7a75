import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseMailDate } from './date';
import { parseReceived } from './received';
import { splitHeaders } from './split';

const iso = (s: string) => new Date(parseMailDate(s)!.epoch).toISOString();

describe('parseReceived dialects', () => {
  it('Postfix with TLS details', () => {
    const r = parseReceived(
      'from mailout.nyi.internal (outbound1.nyi.internal [10.202.2.181])\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n\t(No client certificate requested)\r\n\tby mailmx.nyi.internal (Postfix) with ESMTPS id 62B9B1F2005A\r\n\tfor <a@fastmail.com>; Mon, 10 Oct 2022 01:37:22 -0400 (EDT)',
    );
    expect(r).toMatchObject({
      from: 'mailout.nyi.internal',
      by: 'mailmx.nyi.internal',
      with: 'ESMTPS',
      id: '62B9B1F2005A',
      for: 'a@fastmail.com',
      ip: '10.202.2.181',
    });
    expect(r.tls).toBe('TLS 1.3, TLS_AES_256_GCM_SHA384');
    expect(new Date(r.date!.epoch).toISOString()).toBe('2022-10-10T05:37:22.000Z');
  });

  it('Postfix local submission and qmail are noted, not errors', () => {
    expect(
      parseReceived(
        'by mailuser.nyi.internal (Postfix, from userid 501) id 0A24FC60091; Mon, 10 Oct 2022 01:37:21 -0400 (EDT)',
      ).notes[0],
    ).toMatch(/from userid/);
    const q = parseReceived('(qmail 12345 invoked from network); 10 Oct 2022 01:37:22 -0000');
    expect(q.notes[0]).toMatch(/qmail/);
    expect(q.date).not.toBeNull();
  });

  it.each<{ name: string; received: string; ips: string[]; tls?: string }>([
    {
      name: 'Gmail: bracketed IP with trailing dot host, UTF8SMTPS and TLS comment after for',
      received:
        'from m32-19.eu.mailgun.net (m32-19.eu.mailgun.net. [141.193.32.19]) by mx.google.com with UTF8SMTPS id g1si832311edh.491.2020.11.06.04.54.05 for <x@gmail.com> (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128); Fri, 06 Nov 2020 04:54:06 -0800 (PST)',
      ips: ['141.193.32.19'],
      tls: 'TLS 1.3, TLS_AES_128_GCM_SHA256',
    },
    {
      name: 'does not mistake Gmail ids with dots for IPv4 addresses',
      received:
        'from a.example (a.example [192.0.2.1]) by mx.google.com with ESMTPS id a1si123.2023.12.14.06.48.20 for <x@gmail.com>; Thu, 14 Dec 2023 06:48:20 -0800 (PST)',
      ips: ['192.0.2.1'],
    },
    {
      name: 'Exchange: unbracketed IPv6 in a comment, Microsoft SMTP Server TLS',
      received:
        'from BN9PR03CA0412.namprd03.prod.outlook.com (2603:10b6:408:111::27) by DM8PR11MB5669.namprd11.prod.outlook.com (2603:10b6:8:3f::9) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7970.19; Mon, 16 Nov 2026 09:12:40 +0000',
      ips: ['2603:10b6:408:111::27'],
      tls: 'TLS 1.2, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    },
  ])('$name', ({ received, ips, tls }) => {
    const r = parseReceived(received);
    expect(r.ips).toEqual(ips);
    if (tls !== undefined) expect(r.tls).toBe(tls);
  });

  // RFC 5321 §4.4: the TCP-info comment holds the address the receiver saw; the from word is the client's HELO.
  it.each<[string, string, string[]]>([
    [
      'HELO literal, Postfix TCP-info',
      'from [192.0.2.55] (unknown [198.51.100.9]) by mx.receiver.example',
      ['198.51.100.9'],
    ],
    ['Gmail', 'from a.example (a.example. [192.0.2.1]) by mx.google.com with ESMTPS id x', ['192.0.2.1']],
    [
      'Postfix',
      'from helo.example (rdns.example [203.0.113.7]) by mx.example (Postfix) with ESMTPS id 1',
      ['203.0.113.7'],
    ],
    [
      'Exchange',
      'from out-44.mailer.example (198.51.100.44) by BN2PEPF000044A0.mail.protection.outlook.com',
      ['198.51.100.44'],
    ],
    [
      'qmail: the HELO comment is skipped',
      'from unknown (HELO [192.0.2.55]) (198.51.100.9) by mx.example with SMTP',
      ['198.51.100.9'],
    ],
    [
      'Exim: address first, HELO as helo=',
      'from [198.51.100.9] (port=4321 helo=[192.0.2.55]) by mx.example with esmtp',
      ['198.51.100.9'],
    ],
    ['no TCP-info: nothing recorded', 'from [192.0.2.55] by mx.example with SMTP', []],
    [
      'an address after the HELO name (RFC 822-era layout): the receiver wrote it',
      'from client1.football.example.com [192.0.2.1] by submitserver.example.com with SUBMISSION',
      ['192.0.2.1'],
    ],
    [
      'Yahoo: the address first, the EHLO in the comment',
      'from 54.240.13.19 (EHLO a13-19.smtp-out.amazonses.com) by 10.253.231.22 with SMTPs',
      ['54.240.13.19'],
    ],
    [
      'an EHLO literal in the comment is the client’s claim',
      'from mx.example (EHLO [203.0.113.9]) (198.51.100.9) by mx.receiver.example with ESMTP',
      ['198.51.100.9'],
    ],
    ['a bare word is the HELO, not a recorded address', 'from 10.253.231.22 by mx.example with HTTP', []],
  ])('connectedIps, %s', (_, received, ips) => {
    const r = parseReceived(`${received}; Mon, 1 Jan 2024 00:00:00 +0000`);
    expect(r.connectedIps).toEqual(ips);
    expect(r.ip).toBe(ips[0] ?? null);
  });

  // The hop's IP is the connected client as the receiver recorded it (RFC 5321 §4.4 TCP-info), the address the
  // SPF re-check uses, never the client's HELO/EHLO argument: real receivers' layouts from the fixtures.
  it.each<[string, string, string, string | null]>([
    ['Gmail', 'headers/gmail-zone-ee.eml', 'by mx.google.com', '85.234.244.117'],
    ['Microsoft 365', 'headers/outlook-compauth.eml', 'from out-44.mailer.example', '198.51.100.44'],
    ['Postfix, HELO literal [127.0.0.1]', 'headers/gmail-bimi.eml', '134-247-159-217', '217.159.247.134'],
    ['Postfix', 'dkim/stalwart-mail-auth/003.txt', 'from bsa2.jck.com', '70.88.254.51'],
    ['Exim, helo= in the comment', 'dkim/stalwart-mail-auth/003.txt', 'helo=PSB', '198.252.137.10'],
    ['Sendmail', 'authres/rfc8601-appendix-b/example-B4.eml', 'by mail-router.example.com', '192.0.2.200'],
    [
      'Yahoo, EHLO in the comment',
      'headers/forwardemail-yahoo-arc-syntax.eml',
      '(EHLO a13-19',
      '54.240.13.19',
    ],
    ['ZoneMTA, HELO then [ip]', 'arc/mailauth/arc-fail.eml', 'from foo [127.0.0.1]', '127.0.0.1'],
    [
      'HELO literal, the address seen in the comment',
      'dkim/stalwart-mail-auth/006.txt',
      '10.34.27.159',
      '10.34.140.5',
    ],
    [
      'ecelerity, local injection: none recorded',
      'reports/failure/parsedmarc/dmarc_ruf_report_linkedin.eml',
      '([local])',
      null,
    ],
  ])('hop IP, %s', (_, file, marker, ip) => {
    const received = receivedIn(file, marker);
    expect(parseReceived(received).ip).toBe(ip);
  });

  it('IPv6 with a zone id and IPv6: literal', () => {
    expect(parseReceived('from x ([fe80::1%4]) by y; Mon, 1 Jan 2024 00:00:00 +0000').ips).toEqual([
      'fe80::1',
    ]);
    expect(parseReceived('from x ([IPv6:2001:db8::25]) by y; Mon, 1 Jan 2024 00:00:00 +0000').ips).toEqual([
      '2001:db8::25',
    ]);
  });

  it('SendGrid: no semicolon before an ISO date with nanoseconds and a zone name', () => {
    const r = parseReceived(
      'by filter0225p1mdw1.sendgrid.net with SMTP id filter0225p1mdw1-13399-5ADBF7C3-2B 2018-04-22 02:54:17.028704749 +0000 UTC',
    );
    expect(r.by).toBe('filter0225p1mdw1.sendgrid.net');
    expect(new Date(r.date!.epoch).toISOString()).toBe('2018-04-22T02:54:17.028Z');
  });

  it('capitalised From/By keywords; the IP is the recorded one, not a public address in the HELO comment', () => {
    const r = parseReceived(
      'From relay.example (unknown [10.0.0.5]) (helo [203.0.113.7]) By mx.example With ESMTP; Tue, 2 Jan 2024 10:00:00 +0100',
    );
    expect(r.from).toBe('relay.example');
    expect(r.by).toBe('mx.example');
    expect(r.ip).toBe('10.0.0.5');
  });
});

describe('parseMailDate', () => {
  it('reads RFC 5322 dates, obsolete zones and comments', () => {
    expect(iso('Mon, 10 Oct 2022 01:37:22 -0400 (EDT)')).toBe('2022-10-10T05:37:22.000Z');
    expect(iso('10 Oct 2022 01:37:22 PDT')).toBe('2022-10-10T08:37:22.000Z');
    expect(iso('Thu, 11 Apr 2024 06:19:46 GMT')).toBe('2024-04-11T06:19:46.000Z');
    expect(iso('Wed, 5 Jun 24 9:05:07 +0530')).toBe('2024-06-05T03:35:07.000Z');
  });
  it('strips fractional seconds and Go monotonic suffixes', () => {
    expect(iso('Mon, 1 Jan 2024 00:00:00.123456 +0000')).toBe('2024-01-01T00:00:00.123Z');
    expect(iso('2024-01-01 00:00:00.5 +0000 UTC m=+555016.72')).toBe('2024-01-01T00:00:00.500Z');
  });
  it('assumes UTC without a zone, and reads US and ISO forms', () => {
    expect(parseMailDate('Mon, 1 Jan 2024 12:00:00')).toMatchObject({ assumedUtc: true });
    expect(iso('4/22/2018 2:54:17 PM')).toBe('2018-04-22T14:54:17.000Z');
    expect(iso('2018-04-22T02:54:17Z')).toBe('2018-04-22T02:54:17.000Z');
  });
  it('returns null for nonsense', () => {
    expect(parseMailDate('yesterday')).toBeNull();
    expect(parseMailDate('32 Foo 2024 99:99:99')).toBeNull();
  });
  it('formats durations', () => {
    expect(formatDuration(3_000)).toBe('3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_840_000)).toBe('1 h 4 min');
    expect(formatDuration(-2_000)).toBe('2 s');
  });
});

describe('OpenSSL’s protocol family name', () => {
  it('“TLSv1/SSLv3” is not read as TLS 1', () => {
    const r = parseReceived(
      'from a.example (a.example [192.0.2.1]) (using TLSv1/SSLv3 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)) by mx.b.example (Postfix) with ESMTPS id 1; Mon, 1 Jan 2024 10:00:00 +0000',
    );
    expect(r.tls).toBe('TLS (version not named: “TLSv1/SSLv3”), ECDHE-RSA-AES256-GCM-SHA384');
  });
});

/** The Received field of a fixture that contains `marker`. */
function receivedIn(file: string, marker: string): string {
  const text = readFileSync(`tests/fixtures/${file}`, 'utf8');
  const found = splitHeaders(text).fields.find((f) => f.lname === 'received' && f.value.includes(marker));
  if (!found) throw new Error(`no Received with ${marker} in ${file}`);
  return found.value;
}
