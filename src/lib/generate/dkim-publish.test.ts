import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../dns/zone';
import { checkPublishedKey, defaultSelector, readSelector } from './dkim-publish';

describe('DKIM selector', () => {
  it('defaults to the year and month, from the injected clock', () => {
    expect(defaultSelector(new Date('2026-07-31T23:59:00Z'))).toBe('s202607');
  });

  it('uses the DKIM engine’s selector rule (underscores allowed, lower-cased)', () => {
    expect(readSelector(' Mail_2026.EU ')).toEqual({ ok: true, selector: 'mail_2026.eu' });
    expect(readSelector('')).toMatchObject({ ok: false, error: 'Type a selector.' });
    expect(readSelector('bad selector')).toMatchObject({ ok: false });
    expect(readSelector('-lead')).toMatchObject({ ok: false });
  });
});

describe('checkPublishedKey', () => {
  const zone = new ZoneResolver({
    records: {
      's1._domainkey.example.com': { TXT: ['v=DKIM1; k=rsa; p=AB CD\r\n EF'] },
      's2._domainkey.example.com': { TXT: ['v=DKIM1; p=OTHER'] },
      's3._domainkey.example.com': { $rcode: 'SERVFAIL' },
    },
  });
  it('finds the key with folding whitespace in p=', async () => {
    expect(await checkPublishedKey(zone, 'example.com', 's1', 'ABCDEF')).toEqual({
      state: 'same',
      name: 's1._domainkey.example.com',
    });
  });
  it('tells a different key, no record and a DNS failure apart', async () => {
    expect((await checkPublishedKey(zone, 'example.com', 's2', 'ABCDEF')).state).toBe('different');
    expect((await checkPublishedKey(zone, 'example.com', 's9', 'ABCDEF')).state).toBe('none');
    expect((await checkPublishedKey(zone, 'example.com', 's3', 'ABCDEF')).state).toBe('error');
  });
});
