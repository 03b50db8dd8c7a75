// Senders people recognise by name, found from a source's reverse-DNS name or from the domains its mail
// authenticated as (DKIM d=, SPF MAIL FROM). The include is what each documents for SPF; null where the service
// gives each customer its own (or none).

export type ServiceKind = 'mailbox' | 'esp' | 'gateway' | 'crm';

export interface KnownService {
  id: string;
  name: string;
  /** mailbox providers and gateways forward mail; ESPs and CRMs send it for you. */
  kind: ServiceKind;
  /** Host name suffixes of its outbound servers (PTR names). */
  hosts: readonly string[];
  /** Domains its mail authenticates as when not set up with the customer's own domain. */
  domains: readonly string[];
  /** The SPF include it documents, or null. */
  spf: string | null;
}

// prettier-ignore
export const KNOWN_SERVICES: readonly KnownService[] = [
  { id: 'google', name: 'Google (Gmail, Workspace)', kind: 'mailbox', hosts: ['google.com', 'googlemail.com'], domains: ['google.com', 'googlemail.com', 'gappssmtp.com', 'gmail.com'], spf: '_spf.google.com' },
  { id: 'microsoft', name: 'Microsoft 365 / Outlook', kind: 'mailbox', hosts: ['outbound.protection.outlook.com', 'protection.outlook.com', 'outlook.com', 'hotmail.com'], domains: ['onmicrosoft.com', 'outlook.com', 'hotmail.com', 'microsoft.com'], spf: 'spf.protection.outlook.com' },
  { id: 'amazon-ses', name: 'Amazon SES', kind: 'esp', hosts: ['amazonses.com'], domains: ['amazonses.com'], spf: 'amazonses.com' },
  { id: 'sendgrid', name: 'SendGrid', kind: 'esp', hosts: ['sendgrid.net'], domains: ['sendgrid.net', 'sendgrid.com'], spf: 'sendgrid.net' },
  { id: 'mailchimp', name: 'Mailchimp / Mandrill', kind: 'esp', hosts: ['mcsv.net', 'mcdlv.net', 'rsgsv.net', 'mandrillapp.com'], domains: ['mcsv.net', 'mcdlv.net', 'rsgsv.net', 'mandrillapp.com', 'mailchimpapp.net'], spf: 'servers.mcsv.net' },
  { id: 'mailgun', name: 'Mailgun', kind: 'esp', hosts: ['mailgun.net', 'mailgun.org'], domains: ['mailgun.org', 'mailgun.net'], spf: 'mailgun.org' },
  { id: 'postmark', name: 'Postmark', kind: 'esp', hosts: ['mtasv.net'], domains: ['mtasv.net', 'postmarkapp.com'], spf: 'spf.mtasv.net' },
  { id: 'sparkpost', name: 'SparkPost', kind: 'esp', hosts: ['sparkpostmail.com'], domains: ['sparkpostmail.com'], spf: 'sparkpostmail.com' },
  { id: 'brevo', name: 'Brevo (Sendinblue)', kind: 'esp', hosts: ['sendinblue.com', 'brevo.com'], domains: ['sendinblue.com', 'brevo.com'], spf: 'spf.brevo.com' },
  { id: 'mailjet', name: 'Mailjet', kind: 'esp', hosts: ['mailjet.com'], domains: ['mailjet.com'], spf: 'spf.mailjet.com' },
  { id: 'salesforce', name: 'Salesforce', kind: 'crm', hosts: ['salesforce.com', 'exacttarget.com'], domains: ['salesforce.com', 'exacttarget.com', 'force.com'], spf: '_spf.salesforce.com' },
  { id: 'zendesk', name: 'Zendesk', kind: 'crm', hosts: ['zendesk.com'], domains: ['zendesk.com'], spf: 'mail.zendesk.com' },
  { id: 'hubspot', name: 'HubSpot', kind: 'crm', hosts: ['hubspotemail.net', 'hubspot.net'], domains: ['hubspotemail.net', 'hubspot.com', 'hubspot.net'], spf: null },
  { id: 'zoho', name: 'Zoho Mail', kind: 'mailbox', hosts: ['zoho.com', 'zoho.eu', 'zohomail.com'], domains: ['zoho.com', 'zoho.eu', 'zohomail.com'], spf: 'zohomail.com' },
  { id: 'yahoo', name: 'Yahoo / AOL', kind: 'mailbox', hosts: ['yahoo.com', 'yahoo.net', 'yahoodns.net', 'aol.com'], domains: ['yahoo.com', 'aol.com'], spf: null },
  { id: 'apple', name: 'Apple iCloud Mail', kind: 'mailbox', hosts: ['icloud.com', 'me.com', 'apple.com'], domains: ['icloud.com', 'me.com'], spf: 'icloud.com' },
  { id: 'fastmail', name: 'Fastmail', kind: 'mailbox', hosts: ['messagingengine.com', 'fastmail.com'], domains: ['messagingengine.com', 'fastmail.com'], spf: 'spf.messagingengine.com' },
  { id: 'proofpoint', name: 'Proofpoint', kind: 'gateway', hosts: ['pphosted.com', 'ppe-hosted.com'], domains: ['pphosted.com'], spf: null },
  { id: 'mimecast', name: 'Mimecast', kind: 'gateway', hosts: ['mimecast.com', 'mimecast-offshore.com'], domains: ['mimecast.com'], spf: null },
] as const;

/** Is `name` equal to, or under, `suffix`? */
function under(name: string, suffix: string): boolean {
  return (
    name === suffix || (name.endsWith(suffix) && name.charCodeAt(name.length - suffix.length - 1) === 0x2e)
  );
}

function find(name: string, pick: (s: KnownService) => readonly string[]): KnownService | null {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === '') return null;
  return KNOWN_SERVICES.find((s) => pick(s).some((suffix) => under(n, suffix))) ?? null;
}

/** The service whose outbound servers carry this reverse-DNS name. */
export function serviceForHost(name: string): KnownService | null {
  return find(name, (s) => s.hosts);
}

/** The service whose mail authenticates as this domain (DKIM d= or SPF MAIL FROM, when not the customer's). */
export function serviceForDomain(domain: string): KnownService | null {
  return find(domain, (s) => s.domains);
}

export function serviceById(id: string): KnownService | null {
  return KNOWN_SERVICES.find((s) => s.id === id) ?? null;
}
