// State of the tools inside a domain report: the SPF "Test an IP" box and the MTA-STS "Fetch policy" button.

import type { Finding } from '../lib/findings';
import { evaluatePolicyFetch, type MtaStsPolicyFindingCode, type PolicyFetch } from '../lib/mtasts/analyze';
import type { DomainReport } from '../lib/report';
import { withFetchedPolicy } from '../lib/report/policy-fetched';
import type { MtaStsPolicy } from '../lib/mtasts/record';
import type { Resolver } from '../lib/dns';
import { checkHost, type CheckHostResult } from '../lib/spf';
import { splitSender } from '../lib/spf/macro';
import { dns } from './app';
import { Task } from './task.svelte';

/** The "Test an IP" box of the SPF panel: check_host() for one address, with the path that decided it. */
export class SpfIpTest {
  ip = $state('');
  sender = $state('');
  helo = $state('');
  readonly #task = new Task();
  #result = $state.raw<CheckHostResult | null>(null);
  readonly #resolver: () => Resolver;

  constructor(resolver: () => Resolver = () => dns.resolver) {
    this.#resolver = resolver;
  }

  get running(): boolean {
    return this.#task.running;
  }
  get result(): CheckHostResult | null {
    return this.#result;
  }
  get error(): string | null {
    return this.#task.error;
  }

  /** Run check_host() for the typed IP against `domain`'s policy; a newer test aborts an older one. */
  async test(domain: string): Promise<void> {
    const ip = this.ip.trim();
    if (ip === '') return this.#task.fail('Type the IP address of the server that sent the mail.');
    // The box is optional: without a MAIL FROM the test checks the domain's own policy for postmaster@domain.
    const sender = this.sender.trim() || `postmaster@${domain}`;
    const senderDomain = splitSender(sender).domain || domain;
    await this.#task.run(
      async (signal) => {
        const result = await checkHost(
          { ip, domain: senderDomain, sender, helo: this.helo.trim() || domain },
          this.#resolver(),
          { signal },
        );
        if (signal.aborted) return;
        // check_host() refuses an input it cannot evaluate (not an IP) before any DNS: that is a typing error.
        if (result.result === 'permerror' && result.lookups === 0 && result.trace.length === 0) {
          this.#task.fail(result.reason);
          this.#result = null;
        } else this.#result = result;
      },
      (message) => `The test stopped unexpectedly: ${message}`,
    );
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
  readonly #task = new Task();
  #result = $state.raw<PolicyResult | null>(null);
  readonly #fetch: (url: string) => Promise<PolicyFetch>;

  constructor(fetcher: (url: string) => Promise<PolicyFetch> = fetchPolicy) {
    this.#fetch = fetcher;
  }

  get running(): boolean {
    return this.#task.running;
  }
  get result(): PolicyResult | null {
    return this.#result;
  }

  /**
   * The report as the page shows it: once this domain's policy file is read, its findings replace the "not yet
   * checked" one, and the MTA-STS area, the grade and the readiness follow them.
   */
  applied(report: DomainReport): DomainReport {
    const result = this.#result;
    return result && result.domain === report.domain ? withFetchedPolicy(report, result.findings) : report;
  }

  /** RFC 8461 §3.3: fetch and judge the policy; a newer fetch replaces an older one's answer. */
  async run(domain: string, mxHosts: readonly string[]): Promise<void> {
    await this.#task.run(async (signal) => {
      const fetched = await this.#fetch(`https://mta-sts.${domain}/.well-known/mta-sts.txt`);
      if (!signal.aborted) this.#result = { domain, ...evaluatePolicyFetch(domain, fetched, mxHosts) };
    });
  }
}

export interface PolicyResult {
  domain: string;
  policy: MtaStsPolicy | null;
  findings: Finding<MtaStsPolicyFindingCode>[];
}
