// State of the Domain check page: one run at a time; a new run aborts the old one and stale answers are dropped.

import type { QueryLogEntry } from '../lib/dns';
import { checkDomain, type AreaSummary, type DomainReport } from '../lib/report';
import { checkHost, type CheckHostResult } from '../lib/spf';
import { dns } from './app';

export class DomainCheck {
  domain = $state<string | null>(null);
  running = $state(false);
  report = $state.raw<DomainReport | null>(null);
  error = $state<string | null>(null);
  progress = $state.raw<AreaSummary[]>([]);
  wallMs = $state<number | null>(null);
  #mark = $state(0);
  #controller: AbortController | null = null;

  /** DNS queries of the current run. */
  get queries(): readonly QueryLogEntry[] {
    return dns.since(this.#mark);
  }

  async run(domain: string, selectors: string[], options: { fresh?: boolean } = {}): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    if (options.fresh) dns.clearCache();
    this.#mark = dns.mark();
    this.domain = domain;
    this.running = true;
    this.error = null;
    this.report = null;
    this.progress = [];
    this.wallMs = null;
    const started = performance.now();
    try {
      const result = await checkDomain(domain, dns.resolver, {
        signal: controller.signal,
        dkimSelectors: selectors,
        onArea: (area) => {
          if (this.#controller === controller) this.progress = [...this.progress, area];
        },
      });
      if (this.#controller !== controller) return;
      if (result.ok) this.report = result.report;
      else this.error = result.error;
    } catch (error) {
      if (this.#controller !== controller || controller.signal.aborted) return;
      this.error = `The check stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      if (this.#controller === controller) {
        this.running = false;
        this.wallMs = performance.now() - started;
      }
    }
  }

  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.running = false;
  }
}

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
