import { describe, expect, it } from 'vitest';
import { mailFromAdvice, misplacedIncludeNotes, SPF_PRESETS } from './spf-presets';

/** shared/reference/domain-checks.md, table (c): each provider's SPF include. */
const REFERENCE_INCLUDES: Record<string, string> = {
  google: '_spf.google.com',
  microsoft: 'spf.protection.outlook.com',
  mailchimp: 'servers.mcsv.net',
  mandrill: 'spf.mandrillapp.com',
  sendgrid: 'sendgrid.net',
  ses: 'amazonses.com',
  mailgun: 'mailgun.org',
  postmark: 'spf.mtasv.net',
  zoho: 'zoho.com',
  fastmail: 'spf.messagingengine.com',
  proton: '_spf.protonmail.ch',
  brevo: 'spf.brevo.com',
  zendesk: 'mail.zendesk.com',
  salesforce: '_spf.salesforce.com',
};

describe('SPF presets (RFC 7208 §2.4: SPF checks the MAIL FROM domain)', () => {
  it('each preset’s include is the reference’s', () => {
    for (const p of SPF_PRESETS)
      if (REFERENCE_INCLUDES[p.id] !== undefined) expect(p.include, p.id).toBe(REFERENCE_INCLUDES[p.id]);
  });

  it('providers that bounce from another domain by default are not root includes', () => {
    expect(SPF_PRESETS.filter((p) => p.mailFrom).map((p) => p.id)).toEqual([
      'mailchimp',
      'sendgrid',
      'ses',
      'postmark',
    ]);
    const ses = SPF_PRESETS.find((p) => p.id === 'ses')!;
    expect(mailFromAdvice(ses, 'good.example')).toBe(
      'Amazon SES sends with MAIL FROM a subdomain of amazonses.com, so receivers check SPF there, not at good.example. With a custom MAIL FROM subdomain (e.g. bounce.good.example), publish “v=spf1 include:amazonses.com -all” at that subdomain (with the MX record SES asks for), not at the root.',
    );
    expect(
      mailFromAdvice(
        SPF_PRESETS.find((p) => p.id === 'google')!,
        'good.example',
      ),
    ).toBeNull();
  });

  it('a root include of such a provider is a warning on its term, saying where it belongs', () => {
    const notes = misplacedIncludeNotes(
      [
        { mechanism: 'include', value: '_spf.google.com' },
        { mechanism: 'include', value: 'AmazonSES.com' },
        { mechanism: 'include', value: 'sendgrid.net' },
      ],
      'good.example',
    );
    expect(notes.map((n) => [n.severity, n.tag, n.message])).toEqual([
      [
        'warning',
        'include:AmazonSES.com',
        'include:amazonses.com costs lookups here for nothing: Amazon SES mail is not checked against this record by default',
      ],
      [
        'warning',
        'include:sendgrid.net',
        'include:sendgrid.net costs lookups here for nothing: SendGrid mail is not checked against this record by default',
      ],
    ]);
    expect(notes[1]!.fix).toMatch(/em1234\.good\.example/);
  });
});
