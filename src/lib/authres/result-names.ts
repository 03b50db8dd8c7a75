// RFC 8601 §2.7 and §2.3: the IANA result names per method and the property types of Authentication-Results.

/** IANA "Email Authentication Result Names" per method (RFC 8601 §2.7, RFC 8617, RFC 7489, BIMI draft). */
export const RESULT_NAMES: ReadonlyMap<string, readonly string[]> = new Map([
  ['auth', ['none', 'pass', 'fail', 'temperror', 'permerror']],
  ['dkim', ['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror']],
  ['domainkeys', ['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror']],
  [
    'sender-id',
    ['none', 'pass', 'fail', 'softfail', 'policy', 'neutral', 'temperror', 'permerror', 'hardfail'],
  ],
  ['spf', ['none', 'pass', 'fail', 'softfail', 'policy', 'neutral', 'temperror', 'permerror', 'hardfail']],
  ['iprev', ['pass', 'fail', 'temperror', 'permerror']],
  ['dmarc', ['none', 'pass', 'fail', 'temperror', 'permerror']],
  ['arc', ['none', 'pass', 'fail']],
  ['bimi', ['pass', 'none', 'fail', 'temperror', 'declined', 'skipped']],
  ['dkim-adsp', ['none', 'pass', 'unknown', 'fail', 'discard', 'nxdomain', 'temperror', 'permerror']],
  ['dkim-atps', ['none', 'pass', 'fail', 'temperror', 'permerror']],
  ['vbr', ['none', 'pass', 'fail', 'temperror', 'permerror']],
  ['rrvs', ['none', 'unknown', 'pass', 'fail', 'temperror', 'permerror']],
  ['smime', ['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror']],
  ['dnswl', ['pass', 'none', 'temperror', 'permerror']],
]);

/** RFC 8601 §2.3 and RFC 8904: the property types. */
export const PTYPES: readonly string[] = ['smtp', 'header', 'body', 'policy', 'dns'];

/**
 * Property names some receivers write for a registered one (RFC 8601 §2.7.2 names smtp.mailfrom): dkimpy's
 * authheaders and the ARC test suite write smtp.mfrom. Read as the registered name so SPF's domain is known.
 */
export const PROPERTY_ALIASES: ReadonlyMap<string, string> = new Map([['smtp.mfrom', 'mailfrom']]);
