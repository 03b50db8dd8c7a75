import { describe, expect, it } from 'vitest';
import { aligned, pslOrganizationalDomain } from './org-domain';

describe('pslOrganizationalDomain', () => {
  it('uses the Public Suffix List, not the last two labels', () => {
    expect(pslOrganizationalDomain('mail.example.co.uk')).toBe('example.co.uk');
    expect(pslOrganizationalDomain('a.b.example.com')).toBe('example.com');
    expect(pslOrganizationalDomain('Example.COM.')).toBe('example.com');
  });
  it('treats private suffixes as public (two customers are two organizations)', () => {
    expect(pslOrganizationalDomain('alice.github.io')).toBe('alice.github.io');
  });
  it('handles reserved test TLDs with the default rule', () => {
    expect(pslOrganizationalDomain('mx1.good.example')).toBe('good.example');
  });
});

describe('aligned', () => {
  it('relaxed: same organizational domain', () => {
    expect(aligned('mail.example.co.uk', 'example.co.uk', 'r')).toBe(true);
    expect(aligned('bounce.mailer.example.net', 'example.com', 'r')).toBe(false);
    expect(aligned('a.github.io', 'b.github.io', 'r')).toBe(false);
  });
  it('strict: identical names only', () => {
    expect(aligned('mail.example.com', 'example.com', 's')).toBe(false);
    expect(aligned('Example.com.', 'example.com', 's')).toBe(true);
  });
});
