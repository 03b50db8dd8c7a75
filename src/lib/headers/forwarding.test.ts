// Who can fix forwarded and list mail, from what the message shows (RFC 7960 §4.1.1, RFC 8617 §7.2): the author
// is told to sign with aligned DKIM only when it has no aligned signature; a forwarder is not told to do what it
// did; a receiver is not told about its own seal. Real receivers' layouts from the fixtures.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';
import { headerReportMarkdown } from './report';

const fixture = (path: string) => readFileSync(`tests/fixtures/${path}`, 'utf8');

describe('forwarding advice goes to the party who can act', () => {
  it('mailauth arc-fail (tr.ee forwards zone.ee through Gmail): zone.ee signs only as zonevs.eu, so it is told to sign as zone.ee', () => {
    const a = analyzeHeaders(fixture('headers/arc-fail.eml'));
    const fix = a.forwarding!.fix;
    expect(fix).toMatch(/^zone\.ee should sign its mail with DKIM for zone\.ee \(d=zone\.ee\)/);
    expect(fix).toMatch(/signed only by zonevs\.eu and srs3\.zonevs\.eu/);
    expect(fix).toMatch(/RFC 7960 §4\.1\.1/);
    expect(fix).not.toMatch(/zone\.ee has nothing to change/);
    // The forwarder sealed (i=1) and sent from tr.ee: not told to do either.
    expect(fix).toMatch(
      /The forwarder already ARC-sealed the message \(mx\.google\.com\) and sent it from its own envelope domain \(tr\.ee\): it has nothing more to do/,
    );
    expect(fix).not.toMatch(/should ARC-seal|rewrite the envelope sender/);
    // The sealer is the receiver's own organization (google.com): no advice to Gmail about its own seal.
    expect(fix).not.toMatch(/trusted ARC sealers/);
    // The verdict carries the same advice.
    expect(a.verdict.fix).toBe(fix);
  });

  it('Gmail-forwarded with the author’s aligned DKIM intact (mailauth arc-pass): nothing to change for anyone', () => {
    const fix = analyzeHeaders(fixture('headers/arc-pass.eml')).forwarding!.fix;
    expect(fix).toMatch(
      /^ekiri\.ee has nothing to change: the message carries its aligned DKIM signature \(d=ekiri\.ee\), which survived/,
    );
    expect(fix).not.toMatch(/should sign/);
  });

  it('a list and a message with no DKIM signature (dkim_verifier): no “breaks the author’s signature”; the author is told to sign', () => {
    const a = analyzeHeaders(fixture('headers/dkim_verifier-multiple_spf_and_dmarc_results.eml'));
    expect(a.forwarding).toMatchObject({ kind: 'mailing-list', via: 'list.example.org' });
    expect(a.forwarding!.sentence).not.toMatch(/breaks the author’s DKIM signature/);
    expect(a.forwarding!.sentence).toBe(
      'The message came through the list list.example.org, whose servers are not in football.example.com’s SPF: nothing aligned with football.example.com is left for DMARC.',
    );
    expect(a.forwarding!.fix).toMatch(
      /^football\.example\.com should sign its mail with DKIM for football\.example\.com \(d=football\.example\.com\)\. An aligned signature/,
    );
    // "No DKIM signature" is a reason of the verdict, said there once: not again in the story or the fix.
    expect(a.verdict.sentence).toBe('DMARC fails: SPF fail, and the message has no DKIM signature.');
    const screen = [a.verdict.sentence, a.verdict.fix, a.forwarding!.sentence].join(' ');
    expect(screen.match(/no DKIM signature/g)).toHaveLength(1);
    expect(a.forwarding!.fixInVerdict).toBe(true);
    // The report tells the story in its own line and the fix once, with the verdict.
    const report = headerReportMarkdown(a);
    expect(report).toContain('**Sent through a mailing list: list.example.org.** The message came through');
    expect(report.split('should sign its mail with DKIM')).toHaveLength(2);
    expect(a.forwarding!.fix).toMatch(/The list should rewrite From to its own address/);
    expect(a.forwarding!.fix).not.toMatch(/stop modifying messages/);
  });

  it('a list that broke the author’s signature (Stalwart through jmap.ietf.org): the list’s fix, the author’s nothing', () => {
    const a = analyzeHeaders(fixture('arc/stalwart/001.txt'));
    expect(a.forwarding!.sentence).toMatch(
      /the author’s DKIM signature \(d=stalw\.art\) no longer verifies \(the receiver reported dkim=neutral\)/,
    );
    const fix = a.forwarding!.fix;
    expect(fix).toMatch(/^stalw\.art has nothing to change/);
    expect(fix).toMatch(
      /The list already sent it from its own envelope domain \(ietf\.org\); it should also stop modifying messages/,
    );
    // Only Gmail's own seal is on the message: the list is told to seal, the receiver nothing about trusting it.
    expect(fix).toMatch(/and ARC-seal what it sends\./);
    expect(fix).not.toMatch(/trusted ARC sealers|trust the list’s ARC seal/);
  });

  it('a forwarder outside the receiver’s organization that kept the author’s envelope', () => {
    const text = readFileSync('tests/fixtures/headers/arc-fail.eml', 'utf8')
      // The final receiver becomes mx.final.example; the i=1 sealer stays Google (another organization).
      .replace(/ARC-Seal: i=2[\s\S]*?(?=Return-Path: <andris\+caf)/, '')
      .replace(
        /mx\.google\.com;\n(\s+dkim=pass header\.i=@zonevs\.eu header\.s=oct2016 header\.b=0ZgeYqhD;\n\s+dkim=pass header\.i=@srs3\.zonevs\.eu header\.s=oct2016 header\.b=u8s6EKdV;\n\s+arc=pass)/,
        'mx.final.example;\n$1',
      )
      .replace('smtp.mailfrom="andris+caf_=andris.reinman=gmail.com@tr.ee"', 'smtp.mailfrom=andris@zone.ee')
      .replace('by mx.google.com with SMTPS id e21sor', 'by mx.final.example with SMTPS id e21sor');
    const a = analyzeHeaders(text);
    expect(a.receiver.authservId).toBe('mx.final.example');
    const fix = a.forwarding!.fix;
    expect(fix).toMatch(/it should also rewrite the envelope sender \(SRS\): it kept zone\.ee’s/);
    expect(fix).toMatch(/The receiver can add mx\.google\.com to its trusted ARC sealers/);
  });
});

describe('a forwarder’s ARC seal counts only when the receiver validated the chain (RFC 8617 §5.2)', () => {
  // A list that sealed (i=1) and broke the author's signature; the final receiver reports arc=….
  const listMail = (arc: string) =>
    analyzeHeaders(`Authentication-Results: mx.final.example; dkim=fail header.d=author.example;
	spf=pass smtp.mailfrom=lists.example.org; dmarc=fail header.from=author.example; arc=${arc}
Received: from mail.lists.example.org (mail.lists.example.org [198.51.100.20])
	by mx.final.example with ESMTPS id 4A1; Mon, 1 Jan 2024 10:00:05 +0000
ARC-Seal: i=1; a=rsa-sha256; cv=none; d=lists.example.org; s=arc; t=1704103200; b=AAAA
ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=lists.example.org; s=arc; t=1704103200;
	h=from:to:subject; bh=AAAA; b=AAAA
ARC-Authentication-Results: i=1; lists.example.org; dkim=pass header.d=author.example;
	spf=pass smtp.mailfrom=author.example; dmarc=pass header.from=author.example
Received: from out.author.example (out.author.example [192.0.2.10])
	by mail.lists.example.org with ESMTPS id 77; Mon, 1 Jan 2024 10:00:01 +0000
List-Id: Users <users.lists.example.org>
DKIM-Signature: v=1; a=rsa-sha256; d=author.example; s=s1; h=from; bh=AAAA; b=AAAA
From: a@author.example`).forwarding!.fix;

  it('arc=fail: the list is told to check its seal, not that it has already sealed', () => {
    const fix = listMail('fail');
    expect(fix).not.toMatch(/already ARC-sealed/);
    expect(fix).toMatch(
      /and check its ARC seal \(lists\.example\.org\): the receiver reported arc=fail, so the seal did not count\./,
    );
    expect(fix).not.toMatch(/trusted ARC sealers/);
  });

  it('arc=pass: the seal counts', () => {
    expect(listMail('pass')).toMatch(/The list already ARC-sealed the message \(lists\.example\.org\)/);
  });

  it('no arc= result from the receiver: nothing said about the seal either way', () => {
    const fix = listMail('none');
    expect(fix).not.toMatch(/ARC-seal/);
  });
});

describe('the verdict’s fix: a domain with an aligned signature is not told to add one', () => {
  it('forwardemail over Yahoo: the message carries d=amazon.com, which the receiver did not report passing', () => {
    const v = analyzeHeaders(fixture('headers/forwardemail-yahoo-arc-syntax.eml')).verdict;
    expect(v.fix).not.toMatch(/sign with DKIM for amazon\.com/);
    expect(v.fix).toMatch(
      /^The message carries a DKIM signature of amazon\.com, aligned with amazon\.com, but the receiver did not report it passing/,
    );
  });
});

describe('the author’s signature, when the paste leaves the DKIM-Signature field out', () => {
  it('the receiver’s dkim=fail for the author’s domain means the message was signed', () => {
    const a = analyzeHeaders(
      `Authentication-Results: mx.final.example; dkim=fail header.d=author.example; spf=pass smtp.mailfrom=lists.example.org; dmarc=fail header.from=author.example
Received: from mail.lists.example.org by mx.final.example; Mon, 1 Jan 2024 10:00:05 +0000
List-Id: Users <users.lists.example.org>
From: a@author.example`,
    );
    expect(a.forwarding!.sentence).toMatch(
      /the author’s DKIM signature \(d=author\.example\) no longer verifies \(the receiver reported dkim=fail\)/,
    );
    expect(a.forwarding!.fix).toMatch(/^author\.example has nothing to change/);
  });
});
