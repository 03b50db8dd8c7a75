import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';

const fixture = (name: string) => readFileSync(`tests/fixtures/headers/${name}`, 'utf8');

describe('analyzeHeaders on real messages', () => {
  it('Gmail: summary, hops in order with delays, trusted results, aligned but no policy known yet', () => {
    const a = analyzeHeaders(fixture('gmail-authtest.eml'));
    expect(a.summary.from[0]?.domain).toBe('ekiri.ee');
    expect(a.hops.map((h) => h.received.by)).toEqual([
      'uvn-67-33.tll01.zonevs.eu',
      'mx.google.com',
      '2002:a67:f8c8:0:0:0:0:0',
    ]);
    expect(a.hops[1]!.delayMs).toBe(16_000);
    expect(a.receiver.authservId).toBe('mx.google.com');
    // No dmarc= from the receiver and no policy looked up: aligned, but not a DMARC pass (RFC 9989 §4.10.1).
    expect(a.verdict).toMatchObject({ computed: 'unknown', reported: null });
    expect(a.verdict.sentence).toMatch(/^The receiver reported spf=pass for ekiri\.ee, which is the same as/);
    expect(a.alignment.find((r) => r.kind === 'dkim')).toMatchObject({
      domain: 'ekiri.ee',
      result: 'pass',
      relaxed: true,
      strict: true,
      counts: true,
    });
  });

  it('Outlook: no authserv-id, compauth reason explained, unaligned ESP → DMARC fail with a fix', () => {
    const a = analyzeHeaders(fixture('outlook-compauth.eml'));
    expect(a.authResults[0]).toMatchObject({ authservId: null, trust: 'receiver' });
    expect(a.receiver.compauth?.explained).toMatchObject({ code: '000', kind: 'fail' });
    expect(a.receiver.dmarc?.extras).toEqual({ action: 'quarantine' });
    expect(a.verdict).toMatchObject({ computed: 'fail', reported: 'fail' });
    expect(a.verdict.fix).toMatch(/sign with DKIM for shop\.example/);
    expect(a.summary.subject?.text).toBe('Your weekly deals – 20% off');
    expect(a.findings.map((f) => f.code)).toContain('compauth');
  });

  it('forwarded with ARC: sets by instance and a narrative', () => {
    const a = analyzeHeaders(fixture('arc-pass.eml'));
    expect(a.arc.sets.map((s) => [s.instance, s.cv])).toEqual([
      [1, 'none'],
      [2, 'pass'],
    ]);
    expect(a.arc.result).toBe('pass');
    expect(a.arc.narrative).toMatch(/forwarded/);
    const broken = analyzeHeaders(fixture('arc-fail3.eml'));
    expect(broken.arc.result).toBe('fail');
    expect(broken.findings.map((f) => f.code)).toContain('arc-cv-fail');
  });

  it('treats Authentication-Results below every Received field as the sender’s own claim', () => {
    const text = [
      'Authentication-Results: mx.receiver.example; spf=fail smtp.mailfrom=victim.example; dkim=none',
      'Received: from evil.example ([203.0.113.9]) by mx.receiver.example; Mon, 1 Jan 2024 10:00:00 +0000',
      'Authentication-Results: mx.receiver.example; dkim=pass header.d=victim.example; spf=pass smtp.mailfrom=victim.example',
      'From: boss@victim.example',
    ].join('\n');
    const a = analyzeHeaders(text);
    expect(a.authResults.map((r) => r.trust)).toEqual(['receiver', 'untrusted']);
    // The forged pass does not count: nothing aligns. With no dmarc= and no policy known that is not yet a fail
    // (RFC 9989 §4.10.1); under a published policy it is.
    expect(a.verdict.computed).toBe('unknown');
    expect(a.verdict.sentence).toMatch(/^Not aligned: SPF fail for victim\.example/);
    const policy = { adkim: 'r', aspf: 'r', p: 'reject', source: '_dmarc.victim.example' } as const;
    expect(analyzeHeaders(text, { policy }).verdict.computed).toBe('fail');
    expect(a.findings.map((f) => f.code)).toContain('forged-authres');
  });

  it('marks results from another organization as upstream claims', () => {
    const a = analyzeHeaders(
      [
        'Authentication-Results: mx.final.example; dkim=pass header.d=shop.example',
        'Received: from relay.forwarder.example by mx.final.example; Mon, 1 Jan 2024 10:00:05 +0000',
        'Authentication-Results: relay.forwarder.example; spf=pass smtp.mailfrom=shop.example',
        'Received: from out.shop.example by relay.forwarder.example; Mon, 1 Jan 2024 10:00:00 +0000',
        'From: a@shop.example',
      ].join('\n'),
    );
    expect(a.authResults.map((r) => r.trust)).toEqual(['receiver', 'upstream']);
    expect(a.receiver.spf).toBeNull();
  });

  it('shows clock skew as skew, not as a 23-hour delay', () => {
    const a = analyzeHeaders(
      [
        'Received: from b by c; Mon, 1 Jan 2024 10:00:00 +0000',
        'Received: from a by b; Mon, 1 Jan 2024 10:05:00 +0000',
        'From: x@example.com',
      ].join('\n'),
    );
    expect(a.hops[1]).toMatchObject({ skew: true, delayMs: -300_000 });
    expect(a.findings.map((f) => f.code)).toContain('clock-skew');
  });

  it('flags Mailsploit control characters and display names that show another address', () => {
    const a = analyzeHeaders('From: =?utf-8?Q?support@bank.example=00?= <attacker@evil.example>\nSubject: x');
    expect(a.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['control-characters', 'display-name-address']),
    );
  });

  it('uses the policy’s strict alignment when given', () => {
    const text =
      'Authentication-Results: mx.example; dkim=pass header.d=mail.shop.example; spf=none\nFrom: a@shop.example';
    const policy = { adkim: 'r', aspf: 'r', p: 'reject', source: 'test' } as const;
    expect(analyzeHeaders(text).verdict.computed).toBe('unknown');
    expect(analyzeHeaders(text, { policy }).verdict.computed).toBe('pass');
    expect(analyzeHeaders(text, { policy: { ...policy, adkim: 's', aspf: 's' } }).verdict.computed).toBe(
      'fail',
    );
  });

  it('says plainly when there is nothing to analyse', () => {
    expect(analyzeHeaders('hello world').findings.map((f) => f.code)).toEqual(['no-headers']);
    expect(analyzeHeaders('From: a@example.com').verdict.computed).toBe('unknown');
  });

  it('lints DKIM signatures: rsa-sha1, l=, expiry, i outside d, over-signing', () => {
    const a = analyzeHeaders(
      'DKIM-Signature: v=1; a=rsa-sha1; d=example.com; s=s1; i=@other.example; l=100; t=1700000000; x=1700000100; h=from:from:subject:subject; bh=AA==; b=BB==\nFrom: a@example.com\nSubject: s\nReceived: from a by b; Mon, 1 Jan 2024 10:00:00 +0000',
    );
    const codes = a.signatures[0]!.findings.map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'sig-rsa-sha1',
        'sig-length',
        'sig-expired',
        'sig-i-outside-d',
        'sig-oversigned',
      ]),
    );
  });
});

describe('receivers’ property aliases', () => {
  it('smtp.mfrom (dkimpy, forwardemail arc-none.txt) names SPF’s domain', () => {
    const a = analyzeHeaders(readFileSync('tests/fixtures/arc/forwardemail/arc-none.txt', 'utf8'));
    expect(a.alignment.find((r) => r.kind === 'spf')).toMatchObject({ domain: 'd1.example', result: 'pass' });
    expect(`${a.verdict.sentence}`).not.toMatch(/do not say for which domain/);
  });
});
