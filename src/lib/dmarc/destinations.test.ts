// RFC 7489 §7.1 / RFC 9990 §3: the authorization record names the domain whose DMARC record was applied.
import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { ZoneResolver } from '../dns/zone';
import { authorizationsToPublish } from '../generate/report-destinations';
import { analyzeDmarc } from './analyze';
import { reportAuthorizationName } from './destinations';

const zone = new ZoneResolver(fixtureZone());

describe('report authorization of an inherited policy', () => {
  it.each([
    // inherited from the organizational domain
    ['mail.bimi-inherit.example', 'bimi-inherit.example'],
    // RFC 9989 tree walk: the record of a parent below the public suffix
    ['x.dept.dmarc-walk.example', 'dept.dmarc-walk.example'],
  ])('%s: the lookup, the finding and the record to publish all name %s', async (domain, policyDomain) => {
    const a = await analyzeDmarc(domain, zone);
    expect(a.discovery.rfc9989.domain).toBe(policyDomain);
    const name = reportAuthorizationName(policyDomain, 'codes.example');
    expect(name).toBe(`${policyDomain}._report._dmarc.codes.example`);
    expect(a.destinations.map((d) => [d.policyDomain, d.authorizationName, d.authorization])).toEqual([
      [policyDomain, name, 'missing'],
    ]);
    const finding = a.findings.find((f) => f.code === 'external-unauthorized')!;
    expect(finding.title).toBe(`codes.example has not authorized reports for ${policyDomain}`);
    expect(finding.fix).toContain(` ${name} `);
    expect(authorizationsToPublish(a.destinations)).toEqual([
      {
        zone: 'codes.example',
        label: `${policyDomain}._report._dmarc`,
        value: 'v=DMARC1;',
        policyDomain,
      },
    ]);
    // Nothing names the checked domain, whose name would authorize nothing.
    expect(JSON.stringify(a)).not.toContain(`${domain}._report`);
  });

  it('a policy at the domain itself names that domain', async () => {
    const a = await analyzeDmarc('bimi-inherit.example', zone);
    expect(a.destinations[0]?.authorizationName).toBe('bimi-inherit.example._report._dmarc.codes.example');
  });
});
