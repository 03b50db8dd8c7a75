// Mailbox providers recognised from MX host names.

const MX_PROVIDERS: ReadonlyArray<[RegExp, string]> = [
  [/(^|\.)(aspmx\.l\.google\.com|googlemail\.com|google\.com|smtp\.google\.com)$/, 'Google Workspace'],
  [/\.mail\.protection\.outlook\.com$/, 'Microsoft 365'],
  [/(^|\.)outlook\.com$|(^|\.)hotmail\.com$/, 'Microsoft (Outlook.com)'],
  [/(^|\.)zoho\.(com|eu|in|com\.au)$/, 'Zoho Mail'],
  [/(^|\.)messagingengine\.com$/, 'Fastmail'],
  [/(^|\.)protonmail\.ch$/, 'Proton Mail'],
  [/(^|\.)mimecast\.com$/, 'Mimecast'],
  [/(^|\.)pphosted\.com$|(^|\.)ppe-hosted\.com$/, 'Proofpoint'],
  [/(^|\.)barracudanetworks\.com$/, 'Barracuda'],
  [/(^|\.)mx\.cloudflare\.net$/, 'Cloudflare Email Routing'],
  [/^inbound-smtp\.[a-z0-9-]+\.amazonaws\.com$/, 'Amazon SES (inbound)'],
  [/(^|\.)mail\.icloud\.com$/, 'iCloud Mail'],
  [/(^|\.)yandex\.(net|ru)$/, 'Yandex Mail'],
  [/(^|\.)secureserver\.net$/, 'GoDaddy'],
  [/(^|\.)privateemail\.com$/, 'Namecheap Private Email'],
  [/(^|\.)mailgun\.org$/, 'Mailgun'],
  [/(^|\.)mx\.ovh\.net$|(^|\.)ovh\.net$/, 'OVHcloud'],
  [/(^|\.)ionos\.[a-z.]+$|(^|\.)1and1\.[a-z.]+$/, 'IONOS'],
];

export function mxProvider(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const [re, provider] of MX_PROVIDERS) if (re.test(name)) return provider;
  return null;
}
