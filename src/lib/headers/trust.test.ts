import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';

const fixture = (name: string) => readFileSync(`tests/fixtures/headers/${name}`, 'utf8');
const trusts = (text: string) => analyzeHeaders(text).authResults.map((r) => [r.authservId, r.trust]);

// Layouts as real receivers write them (fictional .example hosts unless a corpus file is named).
describe('RFC 8601 §5 trust boundary on real layouts', () => {
  it('Postfix with a milter: the receiver’s field just below its own Received, no sender Received', () => {
    const a = analyzeHeaders(
      [
        'Received: from out.shop.example (out.shop.example [198.51.100.7])',
        '\tby mx1.receiver.example (Postfix) with ESMTPS id 4Xyz; Mon, 1 Jan 2024 10:00:02 +0000 (UTC)',
        'Authentication-Results: mx1.receiver.example; dkim=pass header.d=shop.example header.s=s1;',
        '\tspf=pass smtp.mailfrom=bounce.shop.example; dmarc=pass header.from=shop.example',
        'From: news@shop.example',
      ].join('\n'),
    );
    expect(a.authResults.map((r) => r.trust)).toEqual(['receiver']);
    expect(a.verdict.computed).toBe('pass');
    expect(a.findings.map((f) => f.code)).not.toContain('forged-authres');
  });

  it('Yahoo writes its result below its Received; forwardemail.net’s on top is the final receiver (corpus arc-syntax)', () => {
    const a = analyzeHeaders(fixture('forwardemail-yahoo-arc-syntax.eml'));
    expect(a.authResults[0]).toMatchObject({ authservId: 'mx1.forwardemail.net', trust: 'receiver' });
    const yahoo = a.authResults.find((r) => r.authservId === 'atlas209.free.mail.gq1.yahoo.com');
    expect(yahoo?.trust).toBe('upstream');
    expect(a.findings.map((f) => f.code)).not.toContain('forged-authres');
  });

  it('a sending provider’s field below the Received into the final receiver is upstream (corpus stalwart 103)', () => {
    const a = analyzeHeaders(fixture('stalwart-microsoft-dmarc-report.txt'));
    expect(a.authResults.map((r) => r.trust)).toEqual(['upstream']);
    expect(a.receiver.dmarc).toBeNull();
    expect(a.verdict.computed).toBe('unknown');
    expect(a.verdict.sentence).toMatch(/final receiver \(stalw\.art\) added no Authentication-Results/);
    expect(a.verdict.fix ?? '').not.toMatch(/SPF|DKIM/);
  });

  it('Exchange Online: the field without authserv-id inside Microsoft’s hops is the receiver’s', () => {
    const a = analyzeHeaders(fixture('outlook-compauth.eml'));
    expect(a.authResults[0]).toMatchObject({ authservId: null, trust: 'receiver' });
  });

  it('Gmail: mx.google.com below an internal “by 2002:…” Received is the receiver', () => {
    const a = analyzeHeaders(fixture('gmail-authtest.eml'));
    expect(a.authResults.find((r) => r.authservId === 'mx.google.com')?.trust).toBe('receiver');
  });

  it('an unreadable topmost field is not replaced by one from the middle', () => {
    const t = trusts(
      [
        'Authentication-Results: mx.final.example; dkim=pass (unclosed',
        'Received: from relay.list.example by mx.final.example; Mon, 1 Jan 2024 10:00:05 +0000',
        'Authentication-Results: relay.list.example; dkim=pass header.d=shop.example; dmarc=pass',
        'Received: from out.shop.example by relay.list.example; Mon, 1 Jan 2024 10:00:00 +0000',
        'From: a@shop.example',
      ].join('\n'),
    );
    expect(t).toEqual([
      [null, 'untrusted'],
      ['relay.list.example', 'upstream'],
    ]);
  });

  it('a lone field whose authserv-id names no hop passes only with a note that it cannot be tied', () => {
    const a = analyzeHeaders(
      [
        'Authentication-Results: filter.elsewhere.example; dkim=pass header.d=shop.example; dmarc=pass',
        'Received: from out.shop.example by mx.final.example; Mon, 1 Jan 2024 10:00:00 +0000',
        'From: a@shop.example',
      ].join('\n'),
    );
    expect(a.authResults[0]).toMatchObject({ trust: 'receiver', tied: false });
    expect(a.findings.map((f) => f.code)).toContain('authres-untied');
    expect(a.verdict.sentence).toMatch(/cannot be tied/);
  });

  it('a copy of the receiver’s own authserv-id lower in the message is a forgery', () => {
    expect(
      trusts(
        [
          'Authentication-Results: mx.receiver.example; spf=fail smtp.mailfrom=victim.example',
          'Received: from evil.example ([203.0.113.9]) by mx.receiver.example; Mon, 1 Jan 2024 10:00:00 +0000',
          'Received: from laptop by evil.example; Mon, 1 Jan 2024 09:59:00 +0000',
          'Authentication-Results: mx.receiver.example; dkim=pass header.d=victim.example',
          'From: boss@victim.example',
        ].join('\n'),
      ),
    ).toEqual([
      ['mx.receiver.example', 'receiver'],
      ['mx.receiver.example', 'untrusted'],
    ]);
  });

  it('strict alignment compares d=, not i=; the DKIM row names the signature’s d=', () => {
    const a = analyzeHeaders(
      [
        'Authentication-Results: mx.google.com; dkim=pass header.i=@mail.shop.example header.s=s1 header.b=AbCdEfGh',
        'DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; i=@mail.shop.example; s=s1; h=from; bh=AA==; b=AbCdEfGhIjKl',
        'From: a@shop.example',
      ].join('\n'),
      { policy: { adkim: 's', aspf: 's', p: 'reject', source: 'test' } },
    );
    expect(a.alignment.find((r) => r.kind === 'dkim')).toMatchObject({
      domain: 'shop.example',
      strict: true,
    });
    expect(a.verdict.computed).toBe('pass');
  });

  it('dmarc=none and bestguesspass headline “no policy”, keeping the receiver’s words', () => {
    for (const said of ['none', 'bestguesspass']) {
      const a = analyzeHeaders(
        `Authentication-Results: mx.example; spf=fail smtp.mailfrom=x.example; dkim=none; dmarc=${said} header.from=x.example\nFrom: a@x.example`,
      );
      expect(a.verdict).toMatchObject({ computed: 'none', reported: said });
      expect(a.verdict.sentence).toMatch(/publishes no DMARC policy/);
      expect(a.verdict.sentence).toMatch(/Gmail and Yahoo/);
    }
  });

  it('a null sender reads as SPF checked for the HELO name, not “SPF passed for null”', () => {
    const a = analyzeHeaders(
      'Authentication-Results: mx.example; spf=pass smtp.helo=out.shop.example; dkim=none; dmarc=fail header.from=shop.example\nReturn-Path: <>\nFrom: a@shop.example',
    );
    const spf = a.alignment.find((r) => r.kind === 'spf')!;
    expect(spf.label).toBe('SPF for the HELO name out.shop.example');
    expect(spf.note).toMatch(/No Return-Path/);
    expect(a.verdict.sentence).not.toMatch(/null|\?/);
  });

  it('contradictory results from the same receiver are shown, not reduced', () => {
    const a = analyzeHeaders(
      'Authentication-Results: mx.example; spf=pass smtp.mailfrom=shop.example; spf=fail smtp.mailfrom=shop.example; dmarc=pass; dmarc=fail\nFrom: a@shop.example',
    );
    const f = a.findings.find((x) => x.code === 'contradictory-results');
    expect(f?.detail).toMatch(/spf=pass.*spf=fail/);
    expect(f?.detail).toMatch(/dmarc=pass.*dmarc=fail/);
  });
});

describe('internal hops that name no server', () => {
  it('Fastmail: site-local hops (compute5.internal, sloti…) do not hide messagingengine.com as the receiver', () => {
    const a = analyzeHeaders(fixture('fastmail-bounce.eml'));
    expect(a.authResults.every((r) => r.trust === 'receiver')).toBe(true);
    expect(a.verdict.computed).toBe('pass');
  });

  it('Gmail without its entry Received (stalwart 001): mx.google.com above the list’s hops is the receiver', () => {
    const a = analyzeHeaders(readFileSync('tests/fixtures/arc/stalwart/001.txt', 'latin1'));
    expect(a.authResults.map((r) => [r.authservId, r.trust])).toEqual([
      ['mx.google.com', 'receiver'],
      ['ietfa.amsl.com', 'upstream'],
    ]);
    expect(a.verdict).toMatchObject({ computed: 'fail', reported: 'fail' });
  });
});

describe('a pass the receiver disagrees with', () => {
  it('names strict alignment as the likely reason, until the policy is looked up', () => {
    const text =
      'Authentication-Results: mx.example; spf=pass smtp.mailfrom=bounce.shop.example; dkim=none; dmarc=fail header.from=shop.example\nFrom: a@shop.example';
    expect(analyzeHeaders(text).verdict.sentence).toMatch(/probably asks for strict alignment/);
    const strict = analyzeHeaders(text, { policy: { adkim: 's', aspf: 's', p: 'reject', source: 'test' } });
    expect(strict.verdict.computed).toBe('fail');
  });
});
