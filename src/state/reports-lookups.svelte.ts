// The Reports page's DNS steps, each run only when the person asks: reverse DNS with forward confirmation and
// IP-to-ASN for source addresses (every address becomes DNS questions to the chosen provider, so both are opt-in),
// and "Re-check today" (SPF check_host() for each source against the domain's current record). Batched, cached,
// cancellable, with progress.

import type {
  AsnInfo,
  PtrInfo,
  RecheckTally,
  ReportFilter,
  SourceEnrichment,
  SpfRecheck,
} from '../lib/reports';
import type { SourceIp } from '../lib/reports/sources';
import type { DnsPort } from './dns.svelte';
import type { Step } from './step';

// The DNS steps (and the SPF engine) load when the person first asks for one, not with the page.
const steps = () =>
  Promise.all([
    import('../lib/reports/resolve'),
    import('../lib/reports/asn'),
    import('../lib/reports/recheck'),
    import('./policy-hint'),
  ]).then(([resolve, asn, recheck, hint]) => ({
    reverseLookup: resolve.reverseLookup,
    lookupAsn: asn.lookupAsn,
    recheckSpf: recheck.recheckSpf,
    tallyRecheck: recheck.tallyRecheck,
    isForwarder: recheck.isForwarder,
    lookupPolicyHint: hint.lookupPolicyHint,
  }));

/** Addresses looked up per run (the busiest first): a month can hold a hundred thousand spoofing sources. */
export const MAX_LOOKUP_SOURCES = 500;
/** Addresses re-checked against SPF per run (each check may make up to 10 lookups, RFC 7208 §4.6.4). */
export const MAX_RECHECK_SOURCES = 100;

export type LookupRun =
  | { state: 'idle' }
  | { state: 'running'; step: 'reverse DNS' | 'ASN'; done: number; total: number }
  | { state: 'done' | 'cancelled'; resolved: number; total: number; failed: number };

export type RecheckRun = Step<
  { domain: string; done: number; total: number },
  {
    domain: string;
    /** The domain's DMARC record today (null when none or the lookup failed). */
    dmarcRecord: string | null;
    /** forwarder: the reports say this address forwards mail (not one to add to SPF). */
    rows: Array<SpfRecheck & { messages: number; failingInReports: number; forwarder: boolean }>;
    /** Authorized, not authorized, and could not check (temperror/permerror), counted apart. */
    tally: RecheckTally;
  },
  { domain: string }
>;

/** How the lookups reach the reports (the Worker, through the page state). */
export interface LookupHost {
  enrich(sources: Array<[string, SourceEnrichment]>, liveRecords: Array<[string, string]>): Promise<void>;
  ips(filter: ReportFilter, limit: number): Promise<SourceIp[]>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class SourceLookups {
  /** Opt-in choices, off until the person ticks them. */
  reverseDns = $state(false);
  asn = $state(false);
  #run = $state.raw<LookupRun>({ state: 'idle' });
  #recheck = $state.raw<RecheckRun>({ state: 'idle' });
  #controller: AbortController | null = null;
  // Caches and working maps, not reactive state: the page shows what the Worker answers after `enrich`.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  readonly #ptr = new Map<string, PtrInfo>();
  readonly #asn = new Map<string, AsnInfo>();
  /* eslint-enable svelte/prefer-svelte-reactivity */
  readonly #dns: DnsPort;
  readonly #providers: () => readonly string[];
  readonly #host: LookupHost;

  constructor(dns: DnsPort, providers: () => readonly string[], host: LookupHost) {
    this.#dns = dns;
    this.#providers = providers;
    this.#host = host;
  }

  /** Where the questions go, named for the opt-in notice. */
  get providers(): readonly string[] {
    return this.#providers();
  }

  get run(): LookupRun {
    return this.#run;
  }
  get recheck(): RecheckRun {
    return this.#recheck;
  }
  get busy(): boolean {
    return this.#run.state === 'running' || this.#recheck.state === 'running';
  }

  #start(): AbortSignal {
    this.#controller?.abort();
    this.#controller = new AbortController();
    return this.#controller.signal;
  }

  /** Stop the running step; what was answered so far is kept. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** New files: runs stop and their results go (the caches stay: an address's PTR does not change per file). */
  reset(): void {
    this.#controller?.abort();
    this.#run = { state: 'idle' };
    this.#recheck = { state: 'idle' };
  }

  /** Reverse DNS and/or ASN for the busiest sources of the filter, as the person opted in. */
  async lookup(filter: ReportFilter): Promise<void> {
    if (!this.reverseDns && !this.asn) return;
    const signal = this.#start();
    const { reverseLookup, lookupAsn } = await steps();
    const ips = (await this.#host.ips({ ...filter, sources: [] }, MAX_LOOKUP_SOURCES)).map((s) => s.ip);
    const { resolver } = this.#dns;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a working map, sent to the Worker
    const out = new Map<string, SourceEnrichment>(ips.map((ip) => [ip, {}]));
    const progress = (step: 'reverse DNS' | 'ASN') => (done: number, total: number) => {
      if (!signal.aborted) this.#run = { state: 'running', step, done, total };
    };
    let failed = 0;
    try {
      if (this.reverseDns) {
        this.#run = { state: 'running', step: 'reverse DNS', done: 0, total: ips.length };
        const found = await reverseLookup(ips, resolver, {
          signal,
          cache: this.#ptr,
          onProgress: progress('reverse DNS'),
        });
        for (const [ip, info] of found) {
          out.get(ip)!.ptr = info;
          if (info.status === 'error') failed++;
        }
      }
      if (this.asn && !signal.aborted) {
        this.#run = { state: 'running', step: 'ASN', done: 0, total: ips.length };
        const found = await lookupAsn(ips, resolver, {
          signal,
          cache: this.#asn,
          onProgress: progress('ASN'),
        });
        for (const [ip, info] of found) out.get(ip)!.asn = info;
      }
    } catch {
      // A transport failure of the whole run: what was answered is still merged in.
      if (!signal.aborted) failed = ips.length;
    }
    const answered = [...out].filter(([, e]) => e.ptr !== undefined || e.asn !== undefined);
    await this.#host.enrich(answered, []);
    this.#run = {
      state: signal.aborted ? 'cancelled' : 'done',
      resolved: answered.length,
      total: ips.length,
      failed,
    };
  }

  /**
   * "Re-check today": check_host() for each source of `domain` against its SPF record as published now, and the
   * domain's DMARC record today (so the next step is built from it).
   */
  async recheckDomain(domain: string, filter: ReportFilter): Promise<void> {
    const signal = this.#start();
    const { resolver } = this.#dns;
    this.#recheck = { state: 'running', domain, done: 0, total: 0 };
    try {
      const { recheckSpf, tallyRecheck, isForwarder, lookupPolicyHint } = await steps();
      const sources = await this.#host.ips({ ...filter, domains: [domain] }, MAX_RECHECK_SOURCES);
      const ips = sources.map((s) => s.ip);
      this.#recheck = { state: 'running', domain, done: 0, total: ips.length };
      const [checked, policy] = await Promise.all([
        recheckSpf(domain, ips, resolver, {
          signal,
          onProgress: (done, total) => {
            if (!signal.aborted) this.#recheck = { state: 'running', domain, done, total };
          },
        }),
        lookupPolicyHint(domain, resolver, signal).catch(() => null),
      ]);
      if (signal.aborted) {
        this.#recheck = { state: 'idle' };
        return;
      }
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup table, not state
      const bySource = new Map(sources.map((s) => [s.ip, s]));
      const dmarcRecord = policy?.record ?? null;
      if (dmarcRecord !== null) await this.#host.enrich([], [[domain, dmarcRecord]]);
      this.#recheck = {
        state: 'done',
        domain,
        dmarcRecord,
        rows: checked.map((r) => ({
          ...r,
          messages: bySource.get(r.ip)?.messages ?? 0,
          failingInReports: (bySource.get(r.ip)?.messages ?? 0) - (bySource.get(r.ip)?.dmarcPass ?? 0),
          forwarder: bySource.has(r.ip) && isForwarder(bySource.get(r.ip)!),
        })),
        tally: tallyRecheck(checked),
      };
    } catch (error) {
      if (!signal.aborted) this.#recheck = { state: 'error', domain, message: message(error) };
    }
  }
}
