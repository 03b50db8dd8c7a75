import { describe, expect, it } from 'vitest';
import { record, report } from '../../../tests/support/aggregate-scenario';
import { groupSources } from './sources';

describe('source findings name the domains they are about', () => {
  it('in a group of several From domains, "signed but did not verify" names the domains whose signature failed', () => {
    const group = groupSources([
      report(0, [
        // The group's most common From domain, passing through its own signature.
        record({ sourceIp: '192.0.2.40', count: 50, dkim: 'pass',
          authDkim: [{ domain: 'good.example', selector: 's1', result: 'pass' }] }),
        // Another of the person's domains, whose signature fails.
        record({ sourceIp: '192.0.2.41', count: 3, headerFrom: 'other.example',
          authDkim: [{ domain: 'other.example', selector: 's2', result: 'fail' }] }),
        // A mailing list that re-signed good.example's mail: forwarded, so its selector is not the fix's.
        record({ sourceIp: '192.0.2.42', count: 2, reasons: [{ type: 'local_policy', comment: null }],
          authDkim: [{ domain: 'good.example', selector: 'list', result: 'fail' },
            { domain: 'lists.example.org', selector: 'x', result: 'pass' }] }),
      ]),
    ]).groups[0]!; // prettier-ignore
    const broken = group.findings.find((f) => f.code === 'dkim-broken')!;
    expect(broken).toMatchObject({
      messages: 3,
      title: 'Signed for other.example, but the signature did not verify',
    });
    expect(broken.fix).toBe("Check the selectors' keys in the domain check: s2._domainkey.other.example.");
    expect(broken.items).toEqual(['s2._domainkey.other.example']);
    expect(group.classes.forwarded).toBe(2);
  });
});
