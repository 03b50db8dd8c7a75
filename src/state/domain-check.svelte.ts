// State of the Domain check page: one run at a time; a new run aborts the old one and stale answers are dropped.

import { dnsNotices, type DnsNotice, type QueryLogEntry } from '../lib/dns';
import type { AreaSummary, DomainReport } from '../lib/report';
import { AREA_ORDER, AREA_TITLES, type AreaId } from '../lib/report/types';
import { dns } from './app';

/** The report engines (and tldts) load on demand, so the first screen stays small. */
export function loadReportEngine() {
  return import('../lib/report');
}

export class DomainCheck {
  domain = $state<string | null>(null);
  running = $state(false);
  /** The last run was stopped by the person (Cancel), not finished. */
  cancelled = $state(false);
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

  /** The areas of the running check that have not answered yet, in report order. */
  get waiting(): { id: AreaId; title: string }[] {
    const done = this.progress.map((a) => a.id);
    return AREA_ORDER.filter((id) => !done.includes(id)).map((id) => ({ id, title: AREA_TITLES[id] }));
  }

  /** What went wrong with this run's DNS questions (nobody answering, some failing, a failover). */
  get notices(): DnsNotice[] {
    return this.running || this.report ? dnsNotices(this.queries) : [];
  }

  async run(domain: string, selectors: string[], options: { fresh?: boolean } = {}): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    if (options.fresh) dns.clearCache();
    this.#mark = dns.mark();
    this.#reset(domain);
    this.running = true;
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

  /** Stop the running check (its answers are dropped); what was shown before it stays cleared. */
  cancel(): void {
    if (this.running) this.cancelled = true;
    this.#controller?.abort();
    this.#controller = null;
    this.running = false;
  }

  /** Forget the last report and error (a new input, or the page without a domain): nothing stale stays on screen. */
  clear(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.running = false;
    this.#reset(null);
  }

  #reset(domain: string | null): void {
    this.domain = domain;
    this.cancelled = false;
    this.report = null;
    this.error = null;
    this.progress = [];
    this.wallMs = null;
  }
}
