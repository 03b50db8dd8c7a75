// The record generators' own words: each one's tab on the Generate page, and the name and domain box of its form.

import type { GeneratorId } from '../../state/routes';

export interface GeneratorTool {
  /** The tab, and the page title ("DMARC generator"). */
  name: string;
  /** One sentence under the tabs. */
  what: string;
  /** The form's accessible name ("DMARC record"). */
  form: string;
  /** The domain input's id, and what the domain is used for. */
  domainId: string;
  domainHint: string;
}

export const GENERATOR_TOOLS: Record<GeneratorId, GeneratorTool> = {
  dmarc: {
    name: 'DMARC',
    what: 'Tell receivers what to do with mail that fails authentication.',
    form: 'DMARC record',
    domainId: 'dmarc-domain',
    domainHint: 'The domain in your From: addresses. Used for the host name and the live checks.',
  },
  spf: {
    name: 'SPF',
    what: 'List the servers and services allowed to send as your domain.',
    form: 'SPF record',
    domainId: 'spf-domain',
    domainHint:
      'The domain in your envelope sender (MAIL FROM). Used for the host name and to count lookups live.',
  },
  dkim: {
    name: 'DKIM key',
    what: 'Make a signing key pair in your browser and the record to publish.',
    form: 'DKIM key',
    domainId: 'dkim-domain',
    domainHint: 'The d= domain your mail will be signed with.',
  },
  'mta-sts': {
    name: 'MTA-STS',
    what: 'Require TLS for mail to your domain.',
    form: 'MTA-STS policy',
    domainId: 'sts-domain',
    domainHint: 'The domain that receives your mail.',
  },
  'tls-rpt': {
    name: 'TLS-RPT',
    what: 'Get reports when TLS to your mail servers fails.',
    form: 'TLS-RPT record',
    domainId: 'tlsrpt-domain',
    domainHint: 'The domain that receives your mail.',
  },
  bimi: {
    name: 'BIMI',
    what: 'Show your logo next to authenticated mail.',
    form: 'BIMI record',
    domainId: 'bimi-domain',
    domainHint: 'The domain in your From: addresses.',
  },
};
