// State of the Domain check page: the form, the route it follows (the URL is the state: a permalink re-runs its
// check), and one run at a time: a new run aborts the old one, stale answers are dropped, Cancel stops it.

import { untrack } from 'svelte';
import { dnsNotices, parseDomainInput, type DnsNotice, type QueryLogEntry } from '../lib/dns';
import type { AreaSummary, DomainReport } from '../lib/report';
import { AREA_ORDER, AREA_TITLES, type AreaId } from '../lib/report/types';
import { dns } from './app';
import type { ProviderHealth } from '../lib/dns/doh-client';
import type { DnsPort } from './dns.svelte';
import { router } from './router.svelte';
import { routeHash, type Route } from './routes';
import { Task } from './task.svelte';

/** The report engines (and tldts) load on demand, so the first screen stays small. */
export function loadReportEngine() {
  return import('../lib/report');
}

export interface DomainCheckServices {
  dns: DnsPort & { clearCache(): void };
  router: { go(route: Route, options?: { replace?: boolean }): void };
  /** The page's address without the fragment, for the permalink. */
  baseUrl: () => string;
  now: () => number;
}

function appServices(): DomainCheckServices {
  return {
    dns,
    router,
    baseUrl: () => `${location.origin}${location.pathname}`,
    now: () => performance.now(),
  };
}

/** DKIM selectors as typed: commas or spaces between, lower-cased (RFC 6376 §3.1 selectors are DNS labels). */
export function readSelectors(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

export class DomainCheck {
  /** The domain box as typed. */
  input = $state('');
  /** Extra DKIM selectors, as typed. */
  selectorsInput = $state('');
  #inputError = $state<string | null>(null);
  #domain = $state<string | null>(null);
  readonly #task = new Task();
  #report = $state.raw<DomainReport | null>(null);
  #progress = $state.raw<AreaSummary[]>([]);
  #wallMs = $state<number | null>(null);
  #mark = $state(0);
  #route = $state.raw<{ domain: string | null; selectors: string[] }>({ domain: null, selectors: [] });
  /** The domain last submitted from a web address (https://…, a path, www.): its report may offer another name. */
  #fromWebAddress: string | null = null;
  #suggestion = $state<string | null>(null);
  readonly #services: DomainCheckServices;

  constructor(services: DomainCheckServices = appServices()) {
    this.#services = services;
  }

  /** The DoH providers' state, for the notice when some or all of them are not answering. */
  get providerHealth(): readonly ProviderHealth[] {
    return this.#services.dns.health ?? [];
  }

  get inputError(): string | null {
    return this.#inputError;
  }
  /**
   * The organizational domain (Public Suffix List) to offer when the person pasted a web address whose host is
   * another name ("Did you mean good.example?" for https://www.good.example/contact); null otherwise.
   */
  get suggestion(): { domain: string; href: string } | null {
    const domain = this.#suggestion;
    return domain ? { domain, href: routeHash({ page: 'domain', domain, selectors: [] }) } : null;
  }
  /** The domain being checked or last checked. */
  get domain(): string | null {
    return this.#domain;
  }
  get running(): boolean {
    return this.#task.running;
  }
  get report(): DomainReport | null {
    return this.#report;
  }
  get error(): string | null {
    return this.#task.error;
  }
  /** The last run was stopped by the person (Cancel): a status, not an error. */
  get cancelled(): boolean {
    return this.#task.cancelled;
  }
  /** Areas finished so far in the current run. */
  get progress(): readonly AreaSummary[] {
    return this.#progress;
  }
  get wallMs(): number | null {
    return this.#wallMs;
  }
  /** DNS queries of the current run. */
  get queries(): readonly QueryLogEntry[] {
    return this.#services.dns.since(this.#mark);
  }
  /** The areas of the running check that have not answered yet, in report order. */
  get waiting(): { id: AreaId; title: string }[] {
    const done = this.#progress.map((a) => a.id);
    return AREA_ORDER.filter((id) => !done.includes(id)).map((id) => ({ id, title: AREA_TITLES[id] }));
  }

  /** What went wrong with this run's DNS questions (nobody answering, some failing, a failover). */
  get notices(): DnsNotice[] {
    return this.#task.running || this.#report ? dnsNotices(this.queries) : [];
  }

  get routeDomain(): string | null {
    return this.#route.domain;
  }
  /** A link that re-runs this check. */
  get permalink(): string {
    const report = this.#report;
    if (!report) return '';
    const hash = routeHash({ page: 'domain', domain: report.domain, selectors: this.#route.selectors });
    return `${this.#services.baseUrl()}${hash}`;
  }

  /** Follow the URL (call while the component initialises): a permalink or a reload runs the check it names. */
  connect(route: () => Route): void {
    $effect(() => {
      const r = route();
      const domain = r.page === 'domain' ? r.domain : null;
      const selectors = r.page === 'domain' ? r.selectors : [];
      // Only the route drives this effect; whatever the run reads must not re-trigger it.
      untrack(() => this.followRoute(domain, selectors));
    });
  }

  /** The URL names this domain (or none): show it in the form and check it. */
  followRoute(domain: string | null, selectors: string[]): void {
    this.#route = { domain, selectors };
    if (!domain) {
      this.cancel();
      this.#clearResult();
      return;
    }
    const parsed = parseDomainInput(domain);
    this.input = parsed.ok ? parsed.display : domain;
    this.selectorsInput = selectors.join(', ');
    if (!parsed.ok) {
      this.#refuse(parsed.error);
      return;
    }
    this.#inputError = null;
    void this.run(parsed.domain, selectors);
  }

  /** The form was submitted: a new domain goes to its permalink; the same one is checked again, fresh. */
  submit(): void {
    const parsed = parseDomainInput(this.input);
    if (!parsed.ok) {
      this.#refuse(parsed.error);
      return;
    }
    this.#inputError = null;
    this.#fromWebAddress = parsed.webAddress ? parsed.domain : null;
    const selectors = readSelectors(this.selectorsInput);
    const route = this.#route;
    if (parsed.domain === route.domain && selectors.join(',') === route.selectors.join(','))
      void this.run(parsed.domain, selectors, { fresh: true });
    else this.#services.router.go({ page: 'domain', domain: parsed.domain, selectors });
  }

  /** Check the shown domain again, with an empty DNS cache. */
  recheck(): void {
    const report = this.#report;
    if (report) void this.run(report.domain, this.#route.selectors, { fresh: true });
  }

  async run(domain: string, selectors: string[], options: { fresh?: boolean } = {}): Promise<void> {
    if (options.fresh) this.#services.dns.clearCache();
    this.#mark = this.#services.dns.mark();
    this.#domain = domain;
    this.#clearResult();
    const started = this.#services.now();
    const outcome = await this.#task.run(
      async (signal) => {
        const { checkDomain, pslOrganizationalDomain } = await loadReportEngine();
        if (signal.aborted) return;
        const org = this.#fromWebAddress === domain ? pslOrganizationalDomain(domain) : domain;
        this.#suggestion = org !== domain ? org : null;
        const result = await checkDomain(domain, this.#services.dns.resolver, {
          signal,
          dkimSelectors: selectors,
          onArea: (area) => {
            if (!signal.aborted) this.#progress = [...this.#progress, area];
          },
        });
        if (signal.aborted) return;
        if (result.ok) this.#report = result.report;
        else this.#task.fail(result.error);
      },
      (message) => `The check stopped unexpectedly: ${message}`,
    );
    if (outcome) this.#wallMs = this.#services.now() - started;
  }

  /** Stop the running check; what it found so far is dropped. */
  cancel(): void {
    this.#task.cancel();
  }

  /** Input that cannot be checked: say why, and show no report of another domain under the message. */
  #refuse(error: string): void {
    this.cancel();
    this.#inputError = error;
    this.#clearResult();
  }

  #clearResult(): void {
    this.#task.reset();
    this.#report = null;
    this.#suggestion = null;
    this.#progress = [];
    this.#wallMs = null;
  }
}
