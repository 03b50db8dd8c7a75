import { describe, expect, it } from 'vitest';
import type { ReportDestination } from '../dmarc/analyze';
import {
  authorizationLook,
  authorizationsToPublish,
  authorizationToPublish,
  mailLook,
} from './report-destinations';

const dest = (over: Partial<ReportDestination>): ReportDestination => ({
  tag: 'rua',
  uri: 'mailto:agg@vendor.example',
  domain: 'vendor.example',
  policyDomain: 'shop.example',
  external: true,
  authorizationName: 'shop.example._report._dmarc.vendor.example',
  authorization: 'missing',
  mail: 'mx',
  ...over,
});

describe('report destinations', () => {
  it('a DNS failure reads “could not check”, never as missing or authorized', () => {
    expect(authorizationLook(dest({ authorization: 'error' }))).toEqual({
      severity: 'unknown',
      label: 'Could not check',
    });
    expect(mailLook(dest({ mail: 'error' })).severity).toBe('unknown');
  });

  it('a destination that receives no mail is a warning', () => {
    expect(mailLook(dest({ mail: 'null-mx' })).severity).toBe('warning');
    expect(mailLook(dest({ mail: 'none' })).severity).toBe('warning');
    expect(mailLook(dest({ mail: 'implicit-a' })).severity).toBe('ok');
  });

  it('names the authorization record only when it is missing (RFC 9990 §3)', () => {
    expect(authorizationToPublish(dest({}))).toEqual({
      zone: 'vendor.example',
      label: 'shop.example._report._dmarc',
      value: 'v=DMARC1;',
      policyDomain: 'shop.example',
    });
    expect(authorizationToPublish(dest({ authorization: 'authorized' }))).toBeNull();
  });

  it('lists each missing authorization once, even when rua and ruf share the destination', () => {
    const list = authorizationsToPublish([
      dest({}),
      dest({ tag: 'ruf', uri: 'mailto:f@vendor.example' }),
      dest({ domain: 'ok.example', authorization: 'authorized' }),
    ]);
    expect(list.map((r) => r.zone)).toEqual(['vendor.example']);
  });
});
