import { describe, expect, it } from 'vitest';
import { KNOWN_SERVICES, serviceById, serviceForDomain, serviceForHost } from './services';

describe('known services', () => {
  it('names a sender from its reverse-DNS name, at a label boundary only', () => {
    expect(serviceForHost('mail-sor-f41.google.com')?.id).toBe('google');
    expect(serviceForHost('MAIL-EOPBGR.outbound.protection.outlook.com.')?.id).toBe('microsoft');
    expect(serviceForHost('a48-93.smtp-out.amazonses.com')?.id).toBe('amazon-ses');
    expect(serviceForHost('o1.ptr1234.sendgrid.net')?.id).toBe('sendgrid');
    expect(serviceForHost('mail12.suw41.mcdlv.net')?.id).toBe('mailchimp');
    // "notsendgrid.net" is not under sendgrid.net; an empty or unknown name is no one.
    expect(serviceForHost('notsendgrid.net')).toBeNull();
    expect(serviceForHost('sendgrid.net.attacker.example')).toBeNull();
    expect(serviceForHost('')).toBeNull();
    expect(serviceForHost('mx1.good.example')).toBeNull();
  });

  it('names a sender from the domain its mail authenticated as', () => {
    expect(serviceForDomain('bounces.sendgrid.net')?.name).toBe('SendGrid');
    expect(serviceForDomain('contoso.onmicrosoft.com')?.id).toBe('microsoft');
    expect(serviceForDomain('example-com.20230601.gappssmtp.com')?.id).toBe('google');
    expect(serviceForDomain('good.example')).toBeNull();
  });

  it('every service has an id, a name and host or domain suffixes; ids are unique and found again', () => {
    const ids = KNOWN_SERVICES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of KNOWN_SERVICES) {
      expect(s.name).not.toBe('');
      expect(s.hosts.length + s.domains.length).toBeGreaterThan(0);
      expect(serviceById(s.id)).toBe(s);
      for (const suffix of [...s.hosts, ...s.domains]) expect(suffix).toBe(suffix.toLowerCase());
    }
    expect(serviceById('nobody')).toBeNull();
  });
});
