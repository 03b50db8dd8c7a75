// Microsoft 365 / Exchange Online anti-spam headers in plain words, from Microsoft's "Anti-spam message headers in
// Microsoft 365" (learn.microsoft.com, defender-office-365/message-headers-eop-mdo): X-Forefront-Antispam-Report,
// X-Microsoft-Antispam, X-Microsoft-Antispam-Mailbox-Delivery and the dmarc action= of Authentication-Results.

import type { HeaderField } from './split';

export interface AntispamRow {
  /** The header field the value came from. */
  field: string;
  key: string;
  value: string;
  /** What the value means and why it was set; null when Microsoft documents no meaning. */
  meaning: string | null;
}

/** Values a person needs to see first: the verdicts. */
export interface MicrosoftAntispam {
  rows: AntispamRow[];
  /** SCL, SFV and CAT in one sentence. */
  summary: string | null;
}

/** `table[key]` for keys the headers bring: only the table's own entries ("hasOwnProperty" is not one). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const SFV: Record<string, string> = {
  BLK: 'Filtering was skipped and the message was blocked: the sender is on the recipient’s Blocked Senders list.',
  NSPM: 'The spam filter judged the message not spam.',
  SFE: 'Filtering was skipped and the message allowed: the sender is on the recipient’s Safe Senders list.',
  SKA: 'Filtering was skipped: the sender is on an allowed-senders or allowed-domains list of an anti-spam policy.',
  SKB: 'Marked as spam: the sender is on a blocked-senders or blocked-domains list of an anti-spam policy.',
  SKI: 'Filtering was skipped: the message stayed inside the organization (intra-organization).',
  SKN: 'Marked not spam before filtering (for example by a mail flow rule).',
  SKQ: 'The message was released from quarantine and sent to the recipient.',
  SKS: 'Marked as spam before filtering (for example by a mail flow rule).',
  SPM: 'The spam filter judged the message spam.',
};

const CAT: Record<string, string> = {
  AMP: 'Anti-malware',
  BIMP: 'Brand impersonation',
  BULK: 'Bulk mail',
  DIMP: 'Domain impersonation',
  FTBP: 'Anti-malware common attachments filter',
  GIMP: 'Mailbox intelligence impersonation',
  HPHSH: 'High confidence phishing',
  HPHISH: 'High confidence phishing',
  HSPM: 'High confidence spam',
  INTOS: 'Intra-organization phishing',
  MALW: 'Malware',
  NONE: 'No protection policy matched',
  OSPM: 'Outbound spam',
  PHSH: 'Phishing',
  SAP: 'Safe Attachments',
  SPM: 'Spam',
  SPOOF: 'Spoofing (the sender failed composite authentication)',
  UIMP: 'User impersonation',
};

function scl(v: string): string {
  const n = Number(v);
  if (v === '-1')
    return 'Spam filtering was skipped (a safe sender, an allow rule or mail inside the organization): Inbox.';
  if (n >= 0 && n <= 1) return 'Not spam: delivered to the Inbox.';
  if (n >= 5 && n <= 6) return 'Spam: delivered to the Junk Email folder (or as the anti-spam policy says).';
  if (n >= 7 && n <= 9)
    return 'High confidence spam: Junk Email folder or quarantine, as the anti-spam policy says.';
  return 'A spam confidence level Microsoft does not document.';
}

function bcl(v: string): string {
  const n = Number(v);
  if (n === 0) return 'Not from a bulk sender.';
  if (n >= 1 && n <= 3) return 'From a bulk sender that draws few complaints.';
  if (n >= 4 && n <= 7) return 'From a bulk sender that draws a mixed number of complaints.';
  if (n >= 8 && n <= 9)
    return 'From a bulk sender that draws many complaints; filtered as bulk at the default threshold (7).';
  return 'A bulk complaint level Microsoft does not document.';
}

const FORE: Record<string, (v: string) => string | null> = {
  CIP: (v) => `The connecting IP address that Microsoft judged (${v}).`,
  CTRY: (v) =>
    v ? `The country of the connecting IP address (${v}).` : 'No country was found for the connecting IP.',
  LANG: (v) => `The language Microsoft detected in the message (${v}).`,
  SCL: scl,
  SRV: (v) => (v === 'BULK' ? 'Identified as bulk mail (its BCL is above the policy’s threshold).' : null),
  IPV: (v) =>
    v === 'CAL'
      ? 'The connecting IP is on the connection filter’s IP Allow List: spam filtering was skipped.'
      : v === 'NLI'
        ? 'The connecting IP is on no reputation list.'
        : null,
  SFV: (v) => own(SFV, v) ?? null,
  PTR: (v) =>
    v
      ? `The reverse DNS (PTR) name of the connecting IP: ${v}.`
      : 'The connecting IP has no reverse DNS name.',
  H: (v) => `The name the sending server gave in HELO/EHLO: ${v}.`,
  CAT: (v) => {
    const cat = own(CAT, v);
    return cat ? `The protection policy that applied: ${cat}.` : null;
  },
  SFTY: (v) =>
    v.startsWith('9.19')
      ? 'Phishing: domain impersonation (a safety tip was shown).'
      : v.startsWith('9.20')
        ? 'Phishing: user impersonation (a safety tip was shown).'
        : v.startsWith('9.25')
          ? 'First contact safety tip: the recipient rarely or never gets mail from this sender.'
          : 'The message was identified as phishing.',
  DIR: (v) =>
    ({ INB: 'Inbound: from outside the organization.', OUT: 'Outbound.', INT: 'Inside the organization.' })[
      v
    ] ?? null,
};

const DELIVERY: Record<string, (v: string) => string | null> = {
  dest: (v) =>
    own(
      {
        I: 'Delivered to the Inbox.',
        J: 'Delivered to the Junk Email folder.',
        C: 'Delivered to a custom folder.',
      },
      v,
    ) ?? null,
  ucf: (v) =>
    v === '0' ? 'No user custom flag applied.' : 'A user custom flag applied (undocumented by Microsoft).',
  jmr: (v) =>
    v === '0'
      ? 'The recipient’s junk mail rule did not move the message.'
      : 'The recipient’s junk mail rule (Safe/Blocked Senders) moved the message.',
  OFR: (v) =>
    v === 'CustomRules'
      ? 'An Inbox rule of the recipient chose the folder.'
      : v.startsWith('SpamFilterAuth')
        ? 'The spam filter chose the folder because the sender failed authentication (composite authentication).'
        : `The rule that chose the folder: ${v}.`,
  auth: (v) => (v === '0' ? null : 'The recipient’s mailbox treated the sender as authenticated.'),
};

const ACTION: Record<string, string> = {
  oreject:
    'Override reject: the From domain’s DMARC policy is p=reject and the message failed DMARC, but Microsoft 365 did not reject it; it marked it as spam instead (Junk Email folder).',
  'o.reject':
    'Override reject: the From domain’s DMARC policy is p=reject and the message failed DMARC, but Microsoft 365 marked it as spam instead of rejecting it.',
  'pct.quarantine':
    'The message failed DMARC under p=quarantine, but fell outside the policy’s pct= share, so it was delivered anyway.',
  'pct.reject':
    'The message failed DMARC under p=reject, but fell outside the policy’s pct= share, so it was quarantined instead.',
  quarantine: 'The message failed DMARC and the policy p=quarantine was applied.',
  reject: 'The message failed DMARC and the policy p=reject was applied.',
  none: 'No DMARC action: the message passed, or the policy is p=none.',
  permerror: 'The DMARC record could not be read (permanent error).',
  temperror: 'DMARC could not be checked (temporary DNS error).',
};

/** "KEY:value;KEY:value" with Microsoft’s quirks: "(null)", ";;", missing final ";", parentheses in values. */
function pairs(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of value.replace(/\s+/g, ' ').split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const key = part.slice(0, colon).trim();
    const v = part.slice(colon + 1).trim();
    if (/^[A-Za-z][\w-]*$/.test(key)) out.push([key, v === '(null)' ? '' : v]);
  }
  return out;
}

/** The Microsoft anti-spam verdicts of a message, or null when it passed through no Microsoft filter. */
export function decodeMicrosoftAntispam(
  fields: readonly HeaderField[],
  dmarcAction: string | null,
): MicrosoftAntispam | null {
  const rows: AntispamRow[] = [];
  const add = (field: string, table: Record<string, (v: string) => string | null>) => {
    const lname = field.toLowerCase();
    const f = fields.find((x) => x.lname === lname);
    if (!f) return;
    for (const [key, value] of pairs(f.value)) {
      const explain = own(table, key) ?? own(table, key.toUpperCase());
      rows.push({ field, key, value, meaning: explain ? explain(value) : null });
    }
  };
  add('X-Forefront-Antispam-Report', FORE);
  add('X-Microsoft-Antispam', {
    BCL: bcl,
    PCL: (v) =>
      Number(v) <= 3
        ? 'Phishing confidence level: not likely phishing.'
        : 'Phishing confidence level: likely phishing.',
  });
  add('X-Microsoft-Antispam-Mailbox-Delivery', DELIVERY);
  if (dmarcAction)
    rows.push({
      field: 'Authentication-Results',
      key: 'action',
      value: dmarcAction,
      meaning: own(ACTION, dmarcAction.toLowerCase()) ?? null,
    });
  if (rows.length === 0) return null;
  const get = (k: string) => rows.find((r) => r.key.toUpperCase() === k)?.value;
  const parts = [
    get('SCL') !== undefined ? `SCL ${get('SCL')}: ${scl(get('SCL')!)}` : null,
    own(SFV, get('SFV') ?? '') ?? null,
    get('CAT') !== 'NONE' && own(CAT, get('CAT') ?? '') ? `Policy: ${own(CAT, get('CAT')!)}.` : null,
  ].filter((p): p is string => p !== null);
  return { rows, summary: parts.length > 0 ? parts.join(' ') : null };
}
