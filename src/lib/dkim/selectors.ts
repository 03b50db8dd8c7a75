// DKIM selectors that common mail services document for their customers (RFC 6376 §3.1: a selector names one key
// of a domain). DNS cannot list selectors, so a checker tries these plus any the user names.

export interface KnownSelector {
  selector: string;
  provider: string;
}

export const COMMON_SELECTORS: readonly KnownSelector[] = [
  { selector: 'google', provider: 'Google Workspace' },
  { selector: 'selector1', provider: 'Microsoft 365' },
  { selector: 'selector2', provider: 'Microsoft 365' },
  { selector: 'selector1-azurecomm-prod-net', provider: 'Azure Communication Services' },
  { selector: 'k1', provider: 'Mailchimp / Mailgun' },
  { selector: 'k2', provider: 'Mailchimp' },
  { selector: 'k3', provider: 'Mailchimp' },
  { selector: 'mte1', provider: 'Mandrill' },
  { selector: 'mte2', provider: 'Mandrill' },
  { selector: 's1', provider: 'SendGrid' },
  { selector: 's2', provider: 'SendGrid' },
  { selector: 'krs', provider: 'Mailgun' },
  { selector: 'smtp', provider: 'Mailgun' },
  { selector: 'mx', provider: 'Mailgun' },
  { selector: 'pm', provider: 'Postmark' },
  { selector: 'zmail', provider: 'Zoho Mail' },
  { selector: 'fm1', provider: 'Fastmail' },
  { selector: 'fm2', provider: 'Fastmail' },
  { selector: 'fm3', provider: 'Fastmail' },
  { selector: 'mesmtp', provider: 'Fastmail (old)' },
  { selector: 'protonmail', provider: 'Proton Mail' },
  { selector: 'protonmail2', provider: 'Proton Mail' },
  { selector: 'protonmail3', provider: 'Proton Mail' },
  { selector: 'brevo1', provider: 'Brevo' },
  { selector: 'brevo2', provider: 'Brevo' },
  { selector: 'hs1', provider: 'HubSpot' },
  { selector: 'hs2', provider: 'HubSpot' },
  { selector: 'kl', provider: 'Klaviyo' },
  { selector: 'kl2', provider: 'Klaviyo' },
  { selector: 'mail', provider: 'generic / Brevo (old)' },
  { selector: 'default', provider: 'generic' },
  { selector: 'dkim', provider: 'generic' },
  { selector: 'ed1', provider: 'generic (Ed25519)' },
];

/** Providers recognised from the CNAME target of a selector. */
const CNAME_PROVIDERS: ReadonlyArray<[RegExp, string]> = [
  [/\.onmicrosoft\.com$/, 'Microsoft 365'],
  [/\.dkim\.amazonses\.com$/, 'Amazon SES'],
  [/\.sendgrid\.net$/, 'SendGrid'],
  [/\.mcsv\.net$/, 'Mailchimp'],
  [/\.mandrillapp\.com$/, 'Mandrill'],
  [/\.mailgun\.org$/, 'Mailgun'],
  [/\.mtasv\.net$/, 'Postmark'],
  [/\.dkim\.fmhosted\.com$/, 'Fastmail'],
  [/\.domains\.proton\.ch$/, 'Proton Mail'],
  [/\.dkim\.brevo\.com$/, 'Brevo'],
  [/\.hubspotemail\.net$/, 'HubSpot'],
  [/\.sparkpostmail\.com$/, 'SparkPost'],
  [/\.zoho\.(?:com|eu)$/, 'Zoho'],
];

/** The provider a selector's CNAME target belongs to, when it is one this tool knows. */
export function providerOfTarget(cnameTarget: string): string | null {
  for (const [re, name] of CNAME_PROVIDERS) if (re.test(cnameTarget)) return name;
  return null;
}

/** The provider whose customers use this selector name: a hint only (any domain may use any name). */
export function providerOfSelectorName(selector: string): string | null {
  return COMMON_SELECTORS.find((s) => s.selector === selector)?.provider ?? null;
}

/** RFC 6376 §3.1: a selector is one or more dot-separated labels. */
export function isValidSelector(selector: string): boolean {
  return (
    /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/i.test(
      selector,
    ) && selector.length <= 200
  );
}
