// State of the Domain check page: one run at a time; a new run aborts the old one and stale answers are dropped.

import type { QueryLogEntry } from '../lib/dns';
import type { AreaSummary, DomainReport } from '../lib/report';
import { dns } from './app';

/** The report engines (and tldts) load on demand, so the first screen stays small. */
export function loadReportEngine() {
  return import('../lib/report');
}

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
      const { checkDomain } = await loadReportEngine();
      if (this.#controller !== controller) return;
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
