// The SPF generator's provider presets (shared/reference domain-checks.md, table c), and where each provider's
// include belongs. RFC 7208 §2.4: receivers check SPF against the MAIL FROM (Return-Path) domain, so a provider that
// bounces from its own domain or from a subdomain of yours needs nothing in your root record.

import { makeIssue, type Issue } from '../findings/issue';

export interface SpfPreset {
  id: string;
  name: string;
  /** The provider's SPF include, as its setup guide names it. */
  include: string;
  /** A variant some accounts need (e.g. Zoho's EU data centre). */
  note?: string;
  /**
   * Set when the provider sends with a MAIL FROM domain other than yours by default: its include does nothing in
   * your root record. `byDefault`: the MAIL FROM it uses; `custom`: where its include goes when you set up a
   * custom MAIL FROM (Return-Path) subdomain, or that its own DNS records carry it.
   */
  mailFrom?: { byDefault: string; custom: string };
}

/** Common senders' SPF includes; their lookup cost is resolved live, never hard-coded. */
export const SPF_PRESETS: readonly SpfPreset[] = [
  { id: 'google', name: 'Google Workspace', include: '_spf.google.com' },
  { id: 'microsoft', name: 'Microsoft 365', include: 'spf.protection.outlook.com' },
  {
    id: 'mailchimp',
    name: 'Mailchimp',
    include: 'servers.mcsv.net',
    mailFrom: {
      byDefault: 'Mailchimp’s own bounce domain (mcsv.net, mcdlv.net)',
      custom:
        'Mailchimp offers no custom MAIL FROM, so its include belongs nowhere: DMARC passes with its DKIM for your domain (CNAMEs k2, k3).',
    },
  },
  { id: 'mandrill', name: 'Mandrill (Mailchimp Transactional)', include: 'spf.mandrillapp.com' },
  {
    id: 'sendgrid',
    name: 'SendGrid',
    include: 'sendgrid.net',
    mailFrom: {
      byDefault: 'a return-path subdomain of yours (em1234.<domain>) with automated security on, the default',
      custom:
        'That subdomain is a CNAME to SendGrid, which publishes its SPF: nothing to add. With automated security off, put include:sendgrid.net in the return-path subdomain’s SPF record, not the root.',
    },
  },
  {
    id: 'ses',
    name: 'Amazon SES',
    include: 'amazonses.com',
    mailFrom: {
      byDefault: 'a subdomain of amazonses.com',
      custom:
        'With a custom MAIL FROM subdomain (e.g. bounce.<domain>), publish “v=spf1 include:amazonses.com -all” at that subdomain (with the MX record SES asks for), not at the root.',
    },
  },
  { id: 'mailgun', name: 'Mailgun', include: 'mailgun.org' },
  {
    id: 'postmark',
    name: 'Postmark',
    include: 'spf.mtasv.net',
    mailFrom: {
      byDefault: 'Postmark’s own pm.mtasv.net',
      custom:
        'A custom Return-Path (pm-bounces.<domain>) is a CNAME to pm.mtasv.net, which carries the SPF record: nothing to add.',
    },
  },
  { id: 'zoho', name: 'Zoho Mail', include: 'zoho.com', note: 'EU accounts use zoho.eu.' },
  { id: 'fastmail', name: 'Fastmail', include: 'spf.messagingengine.com' },
  { id: 'proton', name: 'Proton Mail', include: '_spf.protonmail.ch' },
  { id: 'brevo', name: 'Brevo', include: 'spf.brevo.com' },
  { id: 'zendesk', name: 'Zendesk', include: 'mail.zendesk.com' },
  { id: 'salesforce', name: 'Salesforce', include: '_spf.salesforce.com' },
  { id: 'freshdesk', name: 'Freshdesk', include: 'email.freshdesk.com' },
];

/** Where a provider that bounces from another domain needs its include, with `domain` filled in. */
export function mailFromAdvice(preset: SpfPreset, domain: string | null): string | null {
  if (!preset.mailFrom) return null;
  const d = domain ?? 'your domain';
  const custom = preset.mailFrom.custom.replaceAll('<domain>', domain ?? 'example.com');
  return `${preset.name} sends with MAIL FROM ${preset.mailFrom.byDefault.replaceAll('<domain>', domain ?? 'example.com')}, so receivers check SPF there, not at ${d}. ${custom}`;
}

/**
 * RFC 7208 §2.4: an include in the root record of a provider that bounces from another domain by default is never
 * checked there, yet costs its lookups. A warning on the term, saying where it belongs.
 */
export function misplacedIncludeNotes(
  terms: readonly { mechanism: string; value: string }[],
  domain: string | null,
): Issue<'include-not-mail-from'>[] {
  const out: Issue<'include-not-mail-from'>[] = [];
  for (const t of terms) {
    if (t.mechanism !== 'include') continue;
    const preset = SPF_PRESETS.find((p) => p.mailFrom && p.include === t.value.trim().toLowerCase());
    const advice = preset && mailFromAdvice(preset, domain);
    if (advice)
      out.push(
        makeIssue(
          'warning',
          'include-not-mail-from',
          `include:${preset.include} costs lookups here for nothing: ${preset.name} mail is not checked against this record by default`,
          { tag: `include:${t.value.trim()}`, fix: advice },
        ),
      );
  }
  return out;
}
