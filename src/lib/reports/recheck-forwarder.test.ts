import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReports } from './read';
import { isForwarder } from './recheck';
import { groupSources } from './sources';

const REJECTED = 'tests/fixtures/reports/written/google.com!good.example!1764460800!1764547199.xml';

describe('sources a person reads in the re-check and the unidentified group', () => {
  it('marks the address the receiver called a forwarder, and only that one', async () => {
    const name = REJECTED.split('/').at(-1)!;
    const read = await readReports([{ name, bytes: readFileSync(REJECTED) }]);
    const sources = groupSources(read.reports);
    const forwarders = sources.ips.filter(isForwarder).map((s) => s.ip);
    expect(forwarders).toEqual(['209.85.220.41']);
    expect(sources.ips.find((s) => s.ip === '209.85.220.41')!.forwardedByReason).toBe(30);
  });

  it('a forwarder is an address whose mail the receivers mostly called forwarded', () => {
    expect(isForwarder({ messages: 10, forwardedByReason: 5 })).toBe(true);
    expect(isForwarder({ messages: 10, forwardedByReason: 4 })).toBe(false);
    expect(isForwarder({ messages: 0, forwardedByReason: 0 })).toBe(false);
  });

  it('the unidentified group’s spoofing sentence can be read in one go', async () => {
    const name = REJECTED.split('/').at(-1)!;
    const read = await readReports([{ name, bytes: readFileSync(REJECTED) }]);
    const group = groupSources(read.reports).groups.find((g) => g.key === 'unidentified')!;
    const spoofing = group.findings.find((f) => f.code === 'spoofing')!;
    expect(spoofing.detail).toMatch(
      /\. 14 other messages had no DKIM signature and passed SPF for no domain, and came from addresses that never send mail passing DMARC\.$/,
    );
  });
});
