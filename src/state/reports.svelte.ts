// State of the Reports page: the files read (in a Worker, with progress and cancel), the filters, the view the
// Worker answers, drill-down pages, export, the opt-in DNS steps (reverse DNS, ASN, SPF re-check) and "keep on
// this device". Failure reports hand their original headers to the header analysis in memory, never via the URL.

import type { ReadProgress, ReportFilter } from '../lib/reports';
import type { ExportRow } from '../lib/reports/export';
import { KeptFiles } from '../lib/reports/kept-files';
import type { Page, ReportsView } from '../lib/reports/store';
import type { SourceIp } from '../lib/reports/sources';
import type { ReadSummary } from '../workers/reports.worker';
import { dns } from './app';
import type { DnsPort } from './dns.svelte';
import { IndexedDbKeep, type KeepStore, type KeptFile } from './reports-keep';
import { SourceLookups } from './reports-lookups.svelte';
import { ReportsChannel } from './reports-worker';
import { router } from './router.svelte';
import type { Route } from './routes';

export type ReportsTab = 'overview' | 'sources' | 'records' | 'tls' | 'failures';
export type ResultFilter = NonNullable<ReportFilter['result']>;

/** Rows per drill-down page. */
export const PAGE_SIZE = 50;

export interface ReportsServices {
  dns: DnsPort;
  /** The DoH providers questions go to, for the opt-in notice ("cloudflare-dns.com"). */
  providers: () => readonly string[];
  channel: ReportsChannel;
  keep: KeepStore;
  /** Show these headers in the header analysis and go there (in memory: never the URL, never storage). */
  openHeaders: (text: string) => Promise<void>;
  go: (route: Route) => void;
}

async function openInHeaderAnalysis(text: string): Promise<void> {
  const { headerAnalysis } = await import('./header-analysis.svelte');
  router.go({ page: 'headers', shared: null });
  await headerAnalysis.loadText(text);
}

function appServices(): ReportsServices {
  return {
    dns,
    providers: () => dns.providers,
    channel: new ReportsChannel(),
    keep: new IndexedDbKeep(),
    openHeaders: openInHeaderAnalysis,
    go: (route) => router.go(route),
  };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** "2026-03-01" → epoch seconds at 00:00 UTC, or null. */
const day = (text: string) => {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  return Number.isFinite(t) ? t / 1000 : null;
};

export class ReportsState {
  tab = $state<ReportsTab>('overview');
  /** Filter inputs: dates as yyyy-mm-dd (the "to" day included), one domain, reporter and source each. */
  from = $state('');
  to = $state('');
  domain = $state('');
  reporter = $state('');
  source = $state('');
  result = $state<ResultFilter>('any');

  #reading = $state(false);
  /** Cancel came while the files were still being loaded or kept: the Worker is not started. */
  #stopBeforeStart = false;
  #progress = $state.raw<ReadProgress | null>(null);
  #summary = $state.raw<ReadSummary | null>(null);
  #view = $state.raw<ReportsView | null>(null);
  #error = $state<string | null>(null);
  #openGroup = $state<string | null>(null);
  #groupIps = $state.raw<Page<SourceIp> | null>(null);
  #records = $state.raw<Page<ExportRow> | null>(null);
  #keep = $state(false);
  #keepNote = $state<string | null>(null);
  /** Files kept on this device from the drops read now (not reactive: said through keepNote). */
  #kept = 0;
  /** Which files are kept, by their bytes: a file dropped again is stored once. */
  readonly #keptFiles = new KeptFiles();
  #viewSeq = 0;
  #groupSeq = 0;
  #recordSeq = 0;
  #restored = false;
  readonly lookups: SourceLookups;
  readonly #services: ReportsServices;

  constructor(services: ReportsServices = appServices()) {
    this.#services = services;
    this.lookups = new SourceLookups(services.dns, services.providers, {
      enrich: async (sources, liveRecords) => {
        await services.channel.ask({ type: 'enrich', sources, liveRecords }, 'ok');
        await this.refresh();
      },
      ips: async (filter, limit) =>
        (await services.channel.ask({ type: 'sources', filter, offset: 0, limit }, 'sources')).page.items,
    });
  }

  get reading(): boolean {
    return this.#reading;
  }
  get progress(): ReadProgress | null {
    return this.#progress;
  }
  get summary(): ReadSummary | null {
    return this.#summary;
  }
  get view(): ReportsView | null {
    return this.#view;
  }
  get error(): string | null {
    return this.#error;
  }
  get openGroup(): string | null {
    return this.#openGroup;
  }
  get groupIps(): Page<SourceIp> | null {
    return this.#groupIps;
  }
  get records(): Page<ExportRow> | null {
    return this.#records;
  }
  get keep(): boolean {
    return this.#keep;
  }
  /** What "keep on this device" did, in words. */
  get keepNote(): string | null {
    return this.#keepNote;
  }

  /** The filter the inputs describe, as the engine takes it. */
  get filter(): ReportFilter {
    const from = day(this.from);
    const to = day(this.to);
    const f: ReportFilter = { result: this.result };
    if (from !== null) f.from = from;
    if (to !== null) f.to = to + 86_400;
    if (this.domain) f.domains = [this.domain];
    if (this.reporter) f.reporters = [this.reporter];
    if (this.source.trim()) f.sources = [this.source.trim()];
    return f;
  }

  /**
   * Read files (a drop, the picker or a folder), added to what was read before: a week's reports come in several
   * drops, and a report read again counts once. `startOver` clears what was read.
   */
  async read(files: ReadonlyArray<File | KeptFile>): Promise<void> {
    if (files.length === 0) return;
    const add = this.#summary !== null;
    // Reading from the first await: the drop zone waits while the files are loaded and kept, and a Cancel then
    // stops the read before the Worker starts.
    this.#reading = true;
    this.#stopBeforeStart = false;
    this.#error = null;
    this.#progress = null;
    try {
      const loaded: KeptFile[] = await Promise.all(
        files.map(async (f) =>
          f instanceof Blob
            ? { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }
            : { name: f.name, bytes: f.bytes },
        ),
      );
      if (this.#keep) await this.#saveKept(loaded, add);
      if (this.#stopBeforeStart) return;
      // Copies go to the Worker when the originals are kept; otherwise the buffers move there.
      const sent = this.#keep ? loaded.map((f) => ({ name: f.name, bytes: f.bytes.slice() })) : loaded;
      this.lookups.reset();
      this.#closeDrill();
      const done = await this.#services.channel.ask({ type: 'start', files: sent, add }, 'done', {
        transfer: sent.map((f) => f.bytes.buffer),
        progress: (p) => (this.#progress = p),
      });
      this.#summary = done.summary;
      if (done.summary.reports > 0) await this.refresh();
      else this.#view = null;
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError'))
        this.#error = `The files could not be read: ${message(error)}`;
    } finally {
      this.#reading = false;
    }
  }

  /** Stop reading: what was read so far is kept and shown. */
  async cancel(): Promise<void> {
    if (!this.#reading) return;
    this.#stopBeforeStart = true;
    await this.#services.channel.ask({ type: 'cancel' }, 'ok');
  }

  /** Ask the Worker for the view of the current filter; an older answer arriving late is dropped. */
  async refresh(): Promise<void> {
    if (this.#summary === null) return;
    const seq = ++this.#viewSeq;
    try {
      const { view } = await this.#services.channel.ask({ type: 'view', filter: this.filter }, 'view');
      if (seq !== this.#viewSeq) return;
      this.#view = view;
      if (this.#openGroup !== null) await this.showGroup(this.#openGroup);
      if (this.#records !== null) await this.showRecords(0);
    } catch (error) {
      if (seq === this.#viewSeq) this.#error = message(error);
    }
  }

  clearFilters(): void {
    this.from = this.to = this.domain = this.reporter = this.source = '';
    this.result = 'any';
    void this.refresh();
  }

  /** Narrow the view to one source address and show its records (from a source's row). */
  async filterSource(ip: string): Promise<void> {
    this.source = ip;
    this.tab = 'records';
    this.#records = null;
    await this.refresh();
  }

  /** The addresses of one source group, with why each failed. */
  async showGroup(key: string | null, offset = 0): Promise<void> {
    this.#openGroup = key;
    if (key === null) return void (this.#groupIps = null);
    const seq = ++this.#groupSeq;
    const { page } = await this.#services.channel.ask(
      { type: 'sources', filter: this.filter, offset, limit: PAGE_SIZE, group: key },
      'sources',
    );
    if (seq === this.#groupSeq && this.#openGroup === key) this.#groupIps = page;
  }

  /** The filtered records, a page at a time (the raw record of each can be opened). */
  async showRecords(offset: number): Promise<void> {
    const seq = ++this.#recordSeq;
    const { page } = await this.#services.channel.ask(
      { type: 'records', filter: this.filter, offset, limit: PAGE_SIZE },
      'records',
    );
    if (seq === this.#recordSeq) this.#records = page;
  }

  #closeDrill(): void {
    this.#openGroup = null;
    this.#groupIps = null;
    this.#records = null;
  }

  /** The filtered records as a file to download. */
  async exportRecords(format: 'csv' | 'json'): Promise<{ blob: Blob; filename: string }> {
    const { blob, filename } = await this.#services.channel.ask(
      { type: 'export', filter: this.filter, format },
      'export',
    );
    return { blob, filename };
  }

  /** A failure report's original headers, shown in the header analysis. */
  async openFailure(index: number): Promise<void> {
    const { report } = await this.#services.channel.ask({ type: 'report', index }, 'report');
    if (report?.kind !== 'dmarc-failure' || !report.originalHeaders) {
      this.#error = 'This failure report does not include the original message headers.';
      return;
    }
    await this.#services.openHeaders(report.originalHeaders);
  }

  /** Open a report file dropped elsewhere (the header analysis): read it here and go to this page. */
  async openFrom(files: readonly File[]): Promise<void> {
    this.#services.go({ page: 'reports' });
    await this.read(files);
  }

  /** Links to other tools. */
  domainLink(domain: string, selectors: readonly string[] = []): Route {
    return { page: 'domain', domain, selectors: [...selectors] };
  }

  /** Turn "keep on this device" on (saves what is read now) or off (deletes what was kept). */
  async setKeep(on: boolean): Promise<void> {
    this.#keep = on;
    this.#keepNote = null;
    if (!on) {
      await this.#forgetKept();
      this.#keepNote = 'Nothing is kept on this device.';
    } else if (this.#summary !== null)
      this.#keepNote = 'Files read before this was turned on are not kept: drop them again to keep them.';
  }

  /**
   * Keep these files on this device; `add`: next to those kept from earlier drops. A file whose bytes are kept
   * already (dropped again) is stored once, as its reports count once.
   */
  async #saveKept(files: KeptFile[], add: boolean): Promise<void> {
    try {
      if (!add) this.#keptFiles.clear();
      const { fresh, repeated, digests } = await this.#keptFiles.sift(files);
      if (!add) await this.#services.keep.save(fresh);
      else if (fresh.length > 0) await this.#services.keep.add(fresh);
      this.#keptFiles.remember(digests);
      this.#kept = (add ? this.#kept : 0) + fresh.length;
      const again =
        repeated.length === 0
          ? ''
          : repeated.length === 1
            ? ` ${repeated[0]!.name} was already kept, so it is stored once.`
            : ` ${repeated.length} of these files were already kept, so each is stored once.`;
      this.#keepNote = `${this.#kept} file${this.#kept === 1 ? ' is' : 's are'} kept on this device.${again}`;
    } catch (error) {
      this.#keepNote = `The files could not be kept on this device: ${message(error)}`;
    }
  }

  async #forgetKept(): Promise<void> {
    this.#keptFiles.clear();
    this.#kept = 0;
    await this.#services.keep.forget().catch(() => undefined);
  }

  /** Read what was kept on this device, once per visit (only if the person chose to keep files). */
  async restore(): Promise<void> {
    if (this.#restored) return;
    this.#restored = true;
    const files = await this.#services.keep.load().catch(() => null);
    if (files === null || files.length === 0) return;
    this.#keep = true;
    await this.read(files);
    // Read back and saved again, each file once: copies an older version kept twice go now.
    const copies = this.#kept > 0 ? files.length - this.#kept : 0;
    this.#keepNote = `Read ${files.length} file${files.length === 1 ? '' : 's'} kept on this device.${copies > 0 ? ` ${copies} of them ${copies === 1 ? 'was a copy' : 'were copies'} of another, now stored once.` : ''}`;
  }

  /**
   * Start over: what was read goes (the Worker's reports, lookups, filters), and so do files kept on this device,
   * which would otherwise come back on the next visit; "keep on this device" stays as chosen for the next drop.
   */
  async startOver(): Promise<void> {
    await this.#clear();
    if (this.#keep) {
      await this.#forgetKept();
      this.#keepNote = 'Nothing is kept on this device yet: the files you read next will be.';
    }
  }

  /** Forget everything: the files, what the Worker read, lookups, and anything kept on this device. */
  async forgetAll(): Promise<void> {
    await this.#clear();
    await this.#forgetKept();
    this.#keep = false;
    this.#keepNote = 'Everything was forgotten: nothing is kept on this device or in this page.';
  }

  async #clear(): Promise<void> {
    this.lookups.reset();
    await this.#services.channel.ask({ type: 'clear' }, 'ok').catch(() => undefined);
    this.#summary = null;
    this.#view = null;
    this.#progress = null;
    this.#error = null;
    this.#closeDrill();
    this.from = this.to = this.domain = this.reporter = this.source = '';
    this.result = 'any';
    this.tab = 'overview';
  }
}

/** One per session: leaving the page and coming back keeps what was read (in memory unless kept). */
export const reports = new ReportsState();
