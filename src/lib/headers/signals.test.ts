import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';

const fixture = (name: string) => readFileSync(`tests/fixtures/headers/${name}`, 'utf8');
const codes = (text: string) => analyzeHeaders(text).findings.map((f) => f.code);

describe('phishing signals', () => {
  it('a second From, Sender or Subject is an error', () => {
    const c = codes(
      'From: ceo@shop.example\nFrom: attacker@evil.example\nSubject: a\nSubject: b\nSender: x@shop.example\nSender: y@evil.example',
    );
    expect(c).toEqual(expect.arrayContaining(['duplicate-from', 'duplicate-subject', 'duplicate-sender']));
    expect(analyzeHeaders('From: a@shop.example\nFrom: b@evil.example').findings[0]?.severity).toBe('error');
  });

  it('Reply-To in another organization; the same organization is fine', () => {
    expect(codes('From: ceo@shop.example\nReply-To: ceo.shop@freemail.example')).toContain(
      'reply-to-elsewhere',
    );
    expect(codes('From: ceo@shop.example\nReply-To: help@support.shop.example')).not.toContain(
      'reply-to-elsewhere',
    );
  });

  it('a mail loop and an hour-long hop are flagged on the timeline', () => {
    const loop = Array.from(
      { length: 30 },
      (_, i) =>
        `Received: from a.example by relay${i % 2}.loop.example; Mon, 1 Jan 2024 10:00:${String(59 - i).padStart(2, '0')} +0000`,
    ).join('\n');
    expect(codes(`${loop}\nFrom: a@x.example`)).toContain('mail-loop');
    const a = analyzeHeaders(
      [
        'Received: from mx.a.example by mx.b.example; Mon, 1 Jan 2024 12:30:00 +0000',
        'Received: from out.a.example by mx.a.example; Mon, 1 Jan 2024 10:00:00 +0000',
        'From: a@a.example',
      ].join('\n'),
    );
    expect(a.hops[1]).toMatchObject({ slow: true });
    expect(a.findings.map((f) => f.code)).toContain('slow-hop');
  });
});

describe('Microsoft anti-spam headers', () => {
  it('decodes Forefront, Antispam and Mailbox-Delivery values in plain words (corpus stalwart 103)', () => {
    const a = analyzeHeaders(fixture('stalwart-microsoft-dmarc-report.txt'));
    const row = (k: string) => a.microsoft?.rows.find((r) => r.key === k);
    expect(row('SCL')).toMatchObject({ value: '1', meaning: expect.stringMatching(/Not spam/) });
    expect(row('SFV')?.meaning).toMatch(/not spam/);
    expect(row('IPV')?.meaning).toMatch(/no reputation list/);
    expect(row('BCL')?.meaning).toMatch(/Not from a bulk sender/);
    expect(row('CAT')?.meaning).toMatch(/No protection policy/);
  });

  it('explains action=oreject and the mailbox delivery folder', () => {
    const a = analyzeHeaders(
      [
        'Authentication-Results: spf=fail (sender IP is 203.0.113.5) smtp.mailfrom=bank.example; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=bank.example;compauth=fail reason=000',
        'X-Forefront-Antispam-Report: CIP:203.0.113.5;CTRY:NL;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:evil.example;PTR:(null);CAT:SPOOF;SFTY:9.25;DIR:INB;',
        'X-Microsoft-Antispam: BCL:0;PCL:5;',
        'X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;auth:0;dest:J;OFR:SpamFilterAuthJ;ENG:(910001)(944506478);',
        'From: security@bank.example',
      ].join('\n'),
    );
    const row = (k: string) => a.microsoft?.rows.find((r) => r.key === k)?.meaning;
    expect(row('action')).toMatch(/Override reject/);
    expect(row('dest')).toMatch(/Junk Email/);
    expect(row('OFR')).toMatch(/failed authentication/);
    expect(row('CAT')).toMatch(/Spoofing/);
    expect(row('SFTY')).toMatch(/First contact/);
    expect(row('PCL')).toMatch(/likely phishing/);
    expect(row('PTR')).toMatch(/no reverse DNS/);
    expect(a.microsoft?.summary).toMatch(/SCL 5: Spam/);
  });
});

describe('bulk-sender card', () => {
  const signed = (h: string, result: string) =>
    [
      `Authentication-Results: mx.google.com; dkim=${result} header.d=shop.example header.s=s1; spf=pass smtp.mailfrom=bounce.shop.example; dmarc=pass header.from=shop.example`,
      `DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; s=s1; h=${h}; bh=AA==; b=BB==`,
      'List-Unsubscribe: <mailto:u@shop.example>, <https://shop.example/u/123>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'From: news@shop.example',
    ].join('\n');
  it('passes when both fields are signed by a verified, aligned signature and DMARC is published', () => {
    const b = analyzeHeaders(signed('from:list-unsubscribe:list-unsubscribe-post', 'pass')).bulkSender!;
    expect(b.checks.map((c) => [c.id, c.state])).toEqual([
      ['list-unsubscribe', 'pass'],
      ['one-click', 'pass'],
      ['signed', 'pass'],
      ['aligned-dkim', 'pass'],
      ['dmarc', 'pass'],
    ]);
    expect(b.domain).toBe('shop.example');
  });
  it('fails the signing check when h= leaves out List-Unsubscribe-Post; no card for personal mail', () => {
    const b = analyzeHeaders(signed('from:list-unsubscribe', 'pass')).bulkSender!;
    expect(b.checks.find((c) => c.id === 'signed')?.state).toBe('fail');
    expect(analyzeHeaders('From: a@shop.example\nSubject: hi').bulkSender).toBeNull();
  });
});

describe('forwarding and mailing-list stories', () => {
  const list = (dmarc: string) =>
    [
      `Authentication-Results: mx.final.example; dkim=fail header.d=author.example; spf=pass smtp.mailfrom=lists.example.org; dmarc=${dmarc} header.from=author.example`,
      'Received: from mail.lists.example.org by mx.final.example; Mon, 1 Jan 2024 10:00:05 +0000',
      'List-Id: Users <users.lists.example.org>',
      'List-Unsubscribe: <https://lists.example.org/u>',
      'Authentication-Results: mail.lists.example.org; dkim=pass header.d=author.example; spf=pass smtp.mailfrom=author.example; dmarc=pass header.from=author.example',
      'Received: from out.author.example by mail.lists.example.org; Mon, 1 Jan 2024 10:00:00 +0000',
      'DKIM-Signature: v=1; a=rsa-sha256; d=author.example; s=s1; h=from:subject:to:date; bh=AA==; b=BB==',
      'Subject: [users] hello',
      'From: a@author.example',
    ].join('\n');

  it('Mailman-style list: the list broke DKIM; the fix is the list’s; the list’s own results are a claim', () => {
    const a = analyzeHeaders(list('fail'));
    expect(a.forwarding).toMatchObject({ kind: 'mailing-list', via: 'users.lists.example.org' });
    // The story is told once, in its own card; the verdict gives its fix as its own.
    expect(a.forwarding!.sentence).toMatch(/came through the list users\.lists\.example\.org/);
    expect(a.verdict.sentence).not.toContain(a.forwarding!.sentence);
    expect(a.forwarding!.fixInVerdict).toBe(true);
    // RFC 8601 §5: the list's own Authentication-Results are upstream claims, never told as what happened.
    expect(a.forwarding!.sentence).not.toMatch(/passed at the first hop/);
    expect(a.verdict.fix).toMatch(/nothing to change/);
    expect(a.verdict.fix).not.toMatch(/turn on DKIM|Authorize the sending server/);
    // The author signed before the list added List-Unsubscribe: no advice to sign it.
    expect(a.signatures[0]!.findings.map((f) => f.title).join()).not.toMatch(/list-unsubscribe/);
  });

  it('Google Groups: recognised from its headers', () => {
    const a = analyzeHeaders(
      list('fail').replace(
        'List-Id: Users <users.lists.example.org>',
        'Mailing-list: list users@googlegroups.com; contact users+owners@googlegroups.com\nX-Google-Group-Id: 123',
      ),
    );
    expect(a.forwarding).toMatchObject({ kind: 'mailing-list', via: 'users@googlegroups.com' });
  });

  it('forwarder without ARC: an upstream spf=pass is a claim, so no forwarding story is told from it', () => {
    const a = analyzeHeaders(
      [
        'Authentication-Results: mx.final.example; dkim=none; spf=fail smtp.mailfrom=author.example; dmarc=fail header.from=author.example',
        'Received: from relay.fwd.example by mx.final.example; Mon, 1 Jan 2024 10:00:05 +0000',
        'Authentication-Results: relay.fwd.example; spf=pass smtp.mailfrom=author.example',
        'Received: from out.author.example by relay.fwd.example; Mon, 1 Jan 2024 10:00:00 +0000',
        'From: a@author.example',
      ].join('\n'),
    );
    expect(a.authResults.map((r) => r.trust)).toEqual(['receiver', 'upstream']);
    expect(a.forwarding).toBeNull();
    expect(a.verdict).toMatchObject({ computed: 'fail', reported: 'fail' });
    expect(a.verdict.sentence).not.toMatch(/relay\.fwd\.example/);
  });

  it('forwarder with ARC (Gmail-forwarded, mailauth arc-pass)', () => {
    const a = analyzeHeaders(fixture('arc-pass.eml'));
    expect(a.arc.narrative).toMatch(/^The message was forwarded/);
  });

  it('a receiver’s own ARC seal on the final hop is not “forwarded”', () => {
    const a = analyzeHeaders(
      [
        'ARC-Seal: i=1; a=rsa-sha256; d=receiver.example; s=arc; cv=none; b=AA==',
        'ARC-Message-Signature: i=1; a=rsa-sha256; d=receiver.example; s=arc; h=from; bh=AA==; b=AA==',
        'ARC-Authentication-Results: i=1; mx.receiver.example; dkim=pass header.d=shop.example',
        'Authentication-Results: mx.receiver.example; dkim=pass header.d=shop.example; dmarc=pass',
        'Received: from out.shop.example by mx.receiver.example; Mon, 1 Jan 2024 10:00:00 +0000',
        'From: a@shop.example',
      ].join('\n'),
    );
    expect(a.arc.narrative).not.toMatch(/^The message was forwarded/);
    expect(a.forwarding).toBeNull();
  });
});

describe('what is not a header section', () => {
  it('random binary gets “this does not look like message headers”, not a verdict', () => {
    let seed = 7;
    const bytes = Array.from({ length: 3000 }, () =>
      String.fromCharCode((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256),
    );
    const a = analyzeHeaders(`From: a@b.example\n${bytes.join('')}`);
    expect(a.fields).toEqual([]);
    expect(a.findings[0]?.title).toBe('This does not look like message headers');
  });

  it('Gmail’s “Show original” summary is recognized and not read as a second From', () => {
    const a = analyzeHeaders(
      [
        'Original message',
        'Message ID\t<CAF123@mail.gmail.com>',
        'Created at:\tMon, Jan 1, 2024 at 11:00 AM (Delivered after 5 seconds)',
        'From:\tAlice <a@shop.example>',
        'To:\tb@gmail.com',
        'Subject:\thello',
        'SPF:\tPASS with IP 198.51.100.7 Learn more',
        "DKIM:\t'PASS' with domain shop.example Learn more",
        "DMARC:\t'PASS' Learn more",
        'Download original\tCopy to clipboard',
        '',
        'Authentication-Results: mx.google.com; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example',
        'Received: from out.shop.example by mx.google.com; Mon, 1 Jan 2024 10:00:00 +0000',
        'From: Alice <a@shop.example>',
        'Subject: hello',
      ].join('\n'),
    );
    expect(a.fields.filter((f) => f.lname === 'from')).toHaveLength(1);
    expect(a.findings.map((f) => f.code)).not.toContain('duplicate-from');
    expect(a.warnings.join()).toMatch(/Show original.*DKIM 'PASS' with domain shop\.example/);
    expect(a.verdict.computed).toBe('pass');
  });
});
