// Microsoft's composite authentication (compauth) reason codes, from Microsoft's "Anti-spam message headers"
// documentation on learn.microsoft.com. 5xx is undocumented.

export interface CompauthReason {
  code: string;
  meaning: string;
  kind: 'fail' | 'pass' | 'softpass' | 'not-checked' | 'bypassed' | 'unknown';
}

export function explainCompauth(reason: string | undefined): CompauthReason | null {
  if (!reason || !/^\d{3}$/.test(reason)) return null;
  const code = reason;
  const exact: Record<string, [string, CompauthReason['kind']]> = {
    '000': [
      'Explicit failure: the message failed DMARC and the sender’s policy is quarantine or reject.',
      'fail',
    ],
    '001': [
      'Implicit failure: the sender has no or weak authentication records (such as ~all, ?all or DMARC p=none), and the message did not authenticate.',
      'fail',
    ],
    '002': ['The organization’s admin blocked this sender/domain pair from spoofing.', 'fail'],
    '010': [
      'The message failed DMARC with quarantine or reject, and the domain is one of the organization’s own accepted domains (intra-org spoofing).',
      'fail',
    ],
    '130': [
      'ARC overrode a DMARC failure: a trusted forwarder’s ARC seal vouched that the message authenticated before it was forwarded.',
      'pass',
    ],
  };
  if (exact[code]) return { code, meaning: exact[code]![0], kind: exact[code]![1] };
  switch (code[0]) {
    case '1':
    case '7':
      return {
        code,
        meaning: 'The message passed composite authentication (explicitly or implicitly).',
        kind: 'pass',
      };
    case '2':
      return {
        code,
        meaning:
          'Soft pass: authentication was not conclusive, but Microsoft’s reputation checks passed the sender.',
        kind: 'softpass',
      };
    case '3':
      return {
        code,
        meaning: 'Not checked: composite authentication was not evaluated for this message.',
        kind: 'not-checked',
      };
    case '4':
    case '9':
      return {
        code,
        meaning: 'Bypassed: a rule or an allow entry skipped composite authentication.',
        kind: 'bypassed',
      };
    case '6':
      return {
        code,
        meaning: 'Implicit failure for one of the organization’s own accepted domains.',
        kind: 'fail',
      };
    default:
      return { code, meaning: 'This reason code is not documented by Microsoft.', kind: 'unknown' };
  }
}
