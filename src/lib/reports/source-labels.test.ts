// Review 2, item 6: source labels agree with the counts (fix-first names the own-mail finding, "Forwarded" only
// when forwarding is most of what fails, mailing-list mail is neither spoofing nor the owner's failing mail).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { record, report } from '../../../tests/support/aggregate-scenario';
import { classify, failureSign, sourceTag, SUSPICIOUS } from './source-class';
import { serviceById } from './services';
import { OrgDomains } from './record-facts';
import { assessReadiness } from './readiness';
import { readReports } from './read';
import { emptyClasses, groupSources } from './sources';

const ZERO = emptyClasses();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = `${dir}/${n}`;
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

async function read(...dirs: string[]) {
  const names = dirs.flatMap((d) => files(`tests/fixtures/reports/aggregate/${d}`));
  return (await readReports(names.map((name) => ({ name, bytes: readFileSync(name) })))).reports;
}

describe('sourceTag: "Forwarded" only when forwarding is most of what fails', () => {
  it('forwarding as the largest but not the majority of failing mail does not name the source', () => {
    expect(sourceTag({ ...ZERO, forwarded: 5, spoofing: 4, 'unknown-authenticated': 3 })).toEqual({
      kind: 'fails',
      worst: 'spoofing',
    });
    expect(sourceTag({ ...ZERO, forwarded: 8, 'unknown-authenticated': 6, spoofing: 1 })).toEqual({
      kind: 'fails',
      worst: 'forwarded',
    });
  });

  it('a group at 90% pass with some forwarded mail mostly passes; it is not "Forwarded"', () => {
    expect(sourceTag({ ...ZERO, pass: 135, forwarded: 8, 'unknown-authenticated': 6, spoofing: 1 })).toEqual({
      kind: 'mostly-passes',
      failing: 15,
      forwardedOnly: false,
    });
  });
});

describe('mail a list re-signed (RFC 7960 §4.1.3)', () => {
  const orgs = new OrgDomains();
  const policy = report(0, []).policy;
  const list = record({
    sourceIp: '50.223.129.194',
    count: 1,
    authDkim: [
      { domain: 'ietf.org', selector: 'ietf1', result: 'pass' },
      { domain: 'good.example', selector: 's1', result: 'fail' },
    ],
    authSpf: [{ domain: 'ietf.org', scope: 'mfrom', result: 'pass' }],
  });

  it('the author’s broken signature next to a pass for an unknown other domain is forwarding when the receiver says so (local_policy)', () => {
    const vouched = { ...list, reasons: [{ type: 'local_policy' as const, comment: 'mailing list' }] };
    expect(failureSign(vouched, policy, orgs)).toBe('resigned');
    expect(classify('resigned', null, false)).toBe('forwarded');
  });

  it('without evidence it is only possibly a mailing list: suspicious, unless a known relay sent it', () => {
    expect(failureSign(list, policy, orgs)).toBe('maybe-resigned');
    expect(classify('maybe-resigned', null, false)).toBe('unknown-authenticated');
    expect(classify('maybe-resigned', serviceById('google'), false)).toBe('forwarded');
    expect(classify('maybe-resigned', serviceById('proofpoint'), false)).toBe('forwarded');
    // A sending service or a source that passes DMARC is the domain's own sender, not set up for this mail.
    expect(classify('maybe-resigned', serviceById('sendgrid'), false)).toBe('misaligned');
    expect(classify('maybe-resigned', null, true)).toBe('misaligned');
  });

  it('a spoofer’s fake DKIM-Signature naming the From domain beside its own signature is not forwarding', () => {
    // The spoofer's own domain passes DKIM and SPF; the fake d=good.example signature fails.
    const spoofer = <T extends { domain: string }>(d: T): T => ({
      ...d,
      domain: d.domain === 'ietf.org' ? 'attacker.example' : d.domain,
    });
    const spoof = {
      ...list,
      sourceIp: '203.0.113.66',
      count: 40,
      authDkim: list.authDkim.map(spoofer),
      authSpf: list.authSpf.map(spoofer),
    };
    const sign = failureSign(spoof, policy, orgs);
    expect(sign).toBe('maybe-resigned');
    expect(classify(sign, null, false)).toBe('unknown-authenticated');
    expect(SUSPICIOUS.has(classify(sign, null, false))).toBe(true);
    // On screen: someone else's mail, said to be possibly a mailing list, never "Forwarded".
    const [ip] = groupSources([report(0, [spoof])]).ips;
    expect(ip!.classes).toMatchObject({ 'unknown-authenticated': 40, forwarded: 0 });
    const finding = ip!.findings.find((f) => f.code === 'unknown-authenticated')!;
    expect(finding.severity).toBe('warning');
    expect(finding.detail).toBe(
      'The messages passed SPF or DKIM only for attacker.example. They also carry a signature for good.example that did not verify: possibly a mailing list that changed and re-signed your mail, but anyone can add such a signature, and no receiver said the mail was forwarded.',
    );
  });

  it('without the author’s signature, a pass for another domain is still someone else’s mail', () => {
    const other = { ...list, authDkim: list.authDkim.slice(0, 1) };
    expect(failureSign(other, policy, orgs)).toBe('other-domain');
    expect(classify('other-domain', null, false)).toBe('unknown-authenticated');
  });

  it('a sending service’s own pass beside a broken signature for the domain stays the owner’s to fix', () => {
    const ses = {
      ...list,
      authDkim: [
        { domain: 'amazonses.com', selector: 'x', result: 'pass' as const },
        { domain: 'good.example', selector: 's1', result: 'fail' as const },
      ],
      authSpf: [{ domain: 'amazonses.com', scope: 'mfrom' as const, result: 'pass' as const }],
    };
    expect(failureSign(ses, policy, orgs)).toBe('known-domain');
  });
});

describe('readiness on the public report corpus', () => {
  it('parsedmarc: "fix these sources first" names the finding about the failing own mail, not the spoofing', async () => {
    const [r] = assessReadiness(await read('parsedmarc'), { domains: ['example.com'] });
    expect(r).toMatchObject({ domain: 'example.com', legitimateFailing: 9 });
    const first = r!.fixFirst[0]!;
    expect(first.failing).toBe(9);
    expect(first.findings.map((f) => f.code)).toEqual(['dkim-broken']);
    expect(first.findings[0]!.title).toBe('Signed for example.com, but the signature did not verify');
  });

  it('stalw.art: mail a receiver says was forwarded (trusted_forwarder) is forwarded; ietf.org re-signed mail without such a reason stays suspicious', async () => {
    const [r] = assessReadiness(await read('mox', 'stalwart', 'dmarc-cat'), { domains: ['stalw.art'] });
    // The 8 topicbox.com messages carry trusted_forwarder reasons.
    expect(r).toMatchObject({ domain: 'stalw.art', legitimate: 2, legitimateFailing: 0, forwarded: 8 });
    // Left: one message authenticated only as amazon.nl with no signature of stalw.art, and three from ietf.org's
    // list server (a failing stalw.art signature and an ietf.org pass, no reason given), which a spoofer can forge.
    expect(r!.suspicious).toBe(4);
  });
});
