import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';
import { compareSpfRecheck, spfIpNowhere, spfRecheckInput } from './spf-recheck';

describe('compareSpfRecheck', () => {
  // RFC 7208 §2.6.6: temperror is a DNS failure, not a result; only two results can differ.
  it.each([
    ['pass', 'pass', 'same'],
    ['Pass', 'pass', 'same'],
    ['softfail', 'pass', 'changed'],
    ['pass', 'permerror', 'changed'],
    ['hardfail', 'fail', 'same'],
    ['pass', 'temperror', 'unchecked'],
    [null, 'temperror', 'unchecked'],
    ['temperror', 'pass', 'unknown-then'],
    ['error', 'fail', 'unknown-then'],
    [null, 'pass', 'not-said'],
    ['bestguesspass', 'pass', 'changed'],
  ] as const)('receiver said %s, today %s: %s', (said, today, expected) => {
    expect(compareSpfRecheck(said, today)).toBe(expected);
  });
  // Review 3, finding 13: a domain gone from DNS explains the difference; no edit of the record is guessed at.
  it('a domain that does not exist today is gone, not changed; the same result stays same', () => {
    expect(compareSpfRecheck('pass', 'none', true)).toBe('gone');
    expect(compareSpfRecheck('none', 'none', true)).toBe('same');
    expect(compareSpfRecheck(null, 'none', true)).toBe('not-said');
    expect(compareSpfRecheck('pass', 'none')).toBe('changed');
  });
});

const fixture = (name: string) => readFileSync(`tests/fixtures/headers/${name}`, 'utf8');
const input = (text: string) => spfRecheckInput(analyzeHeaders(text));

describe('spfRecheckInput: the connecting client’s IP as the receiver saw it (RFC 7208 §4.1)', () => {
  it('takes the hop the authserv-id host received, not a newer internal hop with a private address', () => {
    // A gateway's results above an internal relay to the mailbox server (the review's m3-privip layout).
    const r = input(
      `Received: from gateway.receiver.example (gateway.receiver.example [10.20.0.5])
	by mailbox.receiver.example with ESMTP id 99; Sat, 05 Dec 2026 10:00:05 +0000
Authentication-Results: gateway.receiver.example;
	spf=pass smtp.mailfrom=alice@good.example; dkim=none; dmarc=pass header.from=good.example
Received: from out.good.example (out.good.example [192.0.2.20])
	by gateway.receiver.example with ESMTPS id 42; Sat, 05 Dec 2026 10:00:02 +0000
From: Alice <alice@good.example>`,
    );
    expect(r).toMatchObject({ ip: '192.0.2.20', domain: 'good.example', said: 'pass' });
    expect(r?.ipSource).toBe('the Received field gateway.receiver.example wrote for hop 1');
  });

  it('says the IP is unknown when the authserv-id host wrote no Received (forwardemail over Yahoo’s 10.x hops)', () => {
    const r = input(fixture('forwardemail-yahoo-arc-syntax.eml'));
    expect(r).toMatchObject({ ip: null, domain: 'yahoo.com', said: 'pass' });
    expect(r?.ipSource).toMatch(/no Received field was written by mx1\.forwardemail\.net/);
  });

  it('says the IP is unknown when the receiving hop names only a private address', () => {
    const r = input(
      `Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=a@good.example
Received: from relay (relay.internal [10.1.2.3]) by mx.receiver.example; Sat, 05 Dec 2026 10:00:02 +0000
From: a@good.example`,
    );
    expect(r).toMatchObject({ ip: null });
    expect(r?.ipSource).toMatch(/10\.1\.2\.3, a private \(RFC 1918\) address: an internal hop/);
    // The same for a private smtp.remote-ip.
    const remote = input(
      'Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=a@good.example smtp.remote-ip=192.168.1.9\nFrom: a@good.example',
    );
    expect(remote).toMatchObject({ ip: null });
  });

  it('Gmail: the Received-SPF below the receiver’s own Received, not the earlier hop’s (mailauth arc-pass)', () => {
    // Two Received-SPF fields: 209.85.220.41 (the forwarder, as the final mx.google.com saw it) and
    // 217.146.68.193 further down (what the first mx.google.com saw before forwarding).
    expect(input(fixture('arc-pass.eml'))).toMatchObject({
      ip: '209.85.220.41',
      ipSource: 'Received-SPF client-ip=',
    });
  });

  it('an upstream Received-SPF that does not name the receiver is not used', () => {
    const r = input(
      `Authentication-Results: mx.final.example; spf=pass smtp.mailfrom=a@good.example
Received: from relay.fwd.example ([198.51.100.9]) by mx.final.example; Sat, 05 Dec 2026 10:00:05 +0000
Received-SPF: pass (fwd.example: domain of a@good.example designates 192.0.2.1) client-ip=192.0.2.1
Received: from out.good.example ([192.0.2.1]) by relay.fwd.example; Sat, 05 Dec 2026 10:00:02 +0000
From: a@good.example`,
    );
    expect(r).toMatchObject({
      ip: '198.51.100.9',
      ipSource: 'the Received field mx.final.example wrote for hop 2',
    });
  });

  // The IP the receiver saw connect, 198.51.100.9, whatever the sender wrote: its HELO literal (RFC 5321 §4.4
  // TCP-info holds the real address) or a Received-SPF naming the receiver outside the receiver's trace block.
  it.each([
    [
      'the TCP-info comment, not the sender’s HELO literal',
      'Received: from [192.0.2.55] (unknown [198.51.100.9]) by mx.receiver.example; Sat, 05 Dec 2026 10:00:02 +0000',
      1,
    ],
    [
      'not a Received-SPF naming the receiver below the sender’s own fields (the sender can write one)',
      `Received: from out.good.example (out.good.example [198.51.100.9]) by mx.receiver.example; Sat, 05 Dec 2026 10:00:02 +0000
Subject: hello
Received-SPF: pass (receiver.example: domain of a@good.example designates 192.0.2.1) client-ip=192.0.2.1`,
      1,
    ],
    [
      'not a forged Received-SPF below the nearest one in the receiver’s trace block',
      `Received: from out.good.example (out.good.example [198.51.100.9]) by mx.receiver.example; Sat, 05 Dec 2026 10:00:02 +0000
Received-SPF: pass (fwd.example: domain of a@good.example designates 198.51.100.9) client-ip=198.51.100.9
Received-SPF: pass (receiver.example: domain of a@good.example designates 192.0.2.1) client-ip=192.0.2.1
Received: from [10.0.0.2] (localhost [127.0.0.1]) by out.good.example; Sat, 05 Dec 2026 10:00:01 +0000`,
      2,
    ],
  ])('the IP the receiver saw connect: %s', (_, trace, hop) => {
    const r = input(
      `Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=a@good.example\n${trace}\nFrom: a@good.example`,
    );
    expect(r).toMatchObject({
      ip: '198.51.100.9',
      ipSource: `the Received field mx.receiver.example wrote for hop ${hop}`,
    });
  });

  it('no IP when the receiver recorded none: the HELO literal alone is the sender’s claim', () => {
    const r = input(
      `Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=a@good.example
Received: from [192.0.2.55] by mx.receiver.example; Sat, 05 Dec 2026 10:00:02 +0000
From: a@good.example`,
    );
    expect(r).toMatchObject({ ip: null });
    expect(r?.ipSource).toMatch(
      /records no connecting IP; the address after “from” is the sender’s own HELO claim/,
    );
  });

  it('Fastmail (Authentication Milter): the Received-SPF inside the receiver’s trace block, after its results', () => {
    expect(input(fixture('fastmail-bounce.eml'))).toMatchObject({
      ip: '66.111.4.25',
      ipSource: 'Received-SPF client-ip=',
    });
  });

  it('Microsoft: the IP in the receiver’s own SPF comment', () => {
    expect(input(fixture('outlook-compauth.eml'))).toMatchObject({
      ip: '198.51.100.44',
      ipSource: 'the receiver’s SPF comment',
    });
  });
});

describe('the SPF re-check and the hop list name the same IP (one rule: Received.ip)', () => {
  // Real receivers: the IP their own results name (client-ip=, "sender IP is") is the IP of the hop they wrote.
  it.each([
    ['gmail-zone-ee.eml', '85.234.244.117'],
    ['gmail-bimi.eml', '141.193.32.19'],
    ['gmail-authtest.eml', '217.146.67.33'],
    ['zonemx-gmail.eml', '209.85.167.179'],
    ['ethereal-mailgun.eml', '141.193.32.12'],
  ])('%s', (name, ip) => {
    const a = analyzeHeaders(fixture(name));
    expect(spfRecheckInput(a)?.ip).toBe(ip);
    const id = a.receiver.authservId!.toLowerCase();
    const own = a.hops.filter((h) => h.received.by?.toLowerCase() === id);
    expect(own.map((h) => h.received.ip)).toContain(ip);
  });

  it('a receiver’s Received with the HELO literal first: both read the address it recorded', () => {
    const a =
      analyzeHeaders(`Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=a@good.example
Received: from [192.0.2.55] (helo.good.example [198.51.100.9])
	by mx.receiver.example with ESMTPS id 1; Sat, 05 Dec 2026 10:00:02 +0000
From: a@good.example`);
    expect(a.hops[0]!.received.ip).toBe('198.51.100.9');
    expect(spfRecheckInput(a)).toMatchObject({ ip: '198.51.100.9' });
  });
});

describe('no Received field and no IP in the results: the IP cannot be known at all', () => {
  const pasted = (results: string) =>
    `Authentication-Results: mx.receiver.example; ${results}\nFrom: Shop <info@shop.example>`;

  it('no re-check card; said once, in plain words, on the SPF row', () => {
    const a = analyzeHeaders(pasted('spf=pass smtp.mailfrom=bounce@shop.example; dkim=none'));
    expect(spfRecheckInput(a)).toBeNull();
    const said =
      'The IP of the server that connected is not in these headers (there is no Received field, and the receiver’s results name none), so SPF cannot be re-checked here.';
    expect(spfIpNowhere(a)).toBe(said);
    const spf = a.alignment.find((r) => r.kind === 'spf')!;
    expect(spf.note).toBe(said);
    expect(a.alignment.filter((r) => r.note?.includes('connected is not in these headers'))).toHaveLength(1);
  });

  it('an IP the results name is still re-checked, and a private one still explained on the card', () => {
    const named = analyzeHeaders(
      pasted('spf=pass smtp.mailfrom=bounce@shop.example smtp.remote-ip=192.0.2.30; dkim=none'),
    );
    expect(spfRecheckInput(named)).toMatchObject({ ip: '192.0.2.30' });
    expect(spfIpNowhere(named)).toBeNull();
    const inner = analyzeHeaders(
      pasted('spf=pass smtp.mailfrom=bounce@shop.example smtp.remote-ip=10.0.0.9'),
    );
    expect(spfRecheckInput(inner)?.ipSource).toMatch(/an internal hop/);
    expect(spfIpNowhere(inner)).toBeNull();
  });

  it('no SPF result: nothing to say either way', () => {
    const a = analyzeHeaders(pasted('dkim=none'));
    expect(spfRecheckInput(a)).toBeNull();
    expect(spfIpNowhere(a)).toBeNull();
  });
});
