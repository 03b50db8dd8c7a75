// State of the tools inside a domain report: the SPF "Test an IP" box and the MTA-STS "Fetch policy" button.

import type { Finding } from '../lib/findings';
import { evaluatePolicyFetch, type PolicyFetch } from '../lib/mtasts/analyze';
import type { MtaStsPolicy } from '../lib/mtasts/record';
import { checkHost, type CheckHostResult } from '../lib/spf';
import { dns } from './app';

/** The "Test an IP" box of the SPF panel: check_host() for one address, with the path that decided it. */
export class SpfIpTest {
  ip = $state('');
  sender = $state('');
  helo = $state('');
  running = $state(false);
  result = $state.raw<CheckHostResult | null>(null);
  error = $state<string | null>(null);
  #run = 0;

  async test(domain: string): Promise<void> {
    const ip = this.ip.trim();
    if (ip === '') {
      this.error = 'Type the IP address of the server that sent the mail.';
      return;
    }
    const sender = this.sender.trim() || `postmaster@${domain}`;
    const at = sender.lastIndexOf('@');
    const senderDomain = at >= 0 ? sender.slice(at + 1) : sender;
    const run = ++this.#run;
    this.running = true;
    this.error = null;
    const result = await checkHost(
      { ip, domain: senderDomain || domain, sender, helo: this.helo.trim() || domain },
      dns.resolver,
    );
    if (run !== this.#run) return;
    this.running = false;
    if (result.result === 'permerror' && result.lookups === 0 && result.trace.length === 0) {
      this.error = result.reason;
      this.result = null;
      return;
    }
    this.result = result;
  }
}

/** RFC 8461 §3.3: fetch the MTA-STS policy without following redirects; a CORS refusal reads as "blocked". */
async function fetchPolicy(url: string): Promise<PolicyFetch> {
  try {
    const response = await fetch(url, {
      mode: 'cors',
      redirect: 'manual',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
    if (response.type === 'opaqueredirect') {
      return { kind: 'ok', status: 0, contentType: null, redirected: true, body: '' };
    }
    return {
      kind: 'ok',
      status: response.status,
      contentType: response.headers.get('content-type'),
      redirected: response.redirected,
      body: (await response.text()).slice(0, 70_000),
    };
  } catch (error) {
    return { kind: 'blocked', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The "Fetch policy" button of the MTA-STS panel. */
export class PolicyCheck {
  running = $state(false);
  result = $state.raw<{ policy: MtaStsPolicy | null; findings: Finding[] } | null>(null);

  async fetch(domain: string, mxHosts: readonly string[]): Promise<void> {
    this.running = true;
    const fetched = await fetchPolicy(`https://mta-sts.${domain}/.well-known/mta-sts.txt`);
    this.result = evaluatePolicyFetch(domain, fetched, mxHosts);
    this.running = false;
  }
}
