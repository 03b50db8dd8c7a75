// Reads report files off the main thread (decompression, XML, MIME) and answers the reports page in views and
// pages, so a month of records never crosses to the page in one message. One run at a time; a new start or a
// cancel stops the run in progress. A drop adds to what earlier drops read, until the page clears it.

import {
  readReports,
  warnedReports,
  type ReadDrop,
  type ReadError,
  type ReadProgress,
  type ReadStats,
  type Report,
  type ReportFilter,
  type SourceEnrichment,
  type WarnedReport,
} from '../lib/reports';
import { ReportStore, type Page, type ReportHeader, type ReportsView } from '../lib/reports/store';
import type { ExportRow } from '../lib/reports/export';
import type { SourceGroup, SourceIp } from '../lib/reports/sources';

export type ReportsRequest =
  /**
   * Read these files (their buffers are transferred). With `add`, they are added to what was read before (a report
   * read again counts once); without, they replace it.
   */
  | { type: 'start'; id: number; files: Array<{ name: string; bytes: Uint8Array }>; add?: boolean }
  | { type: 'cancel'; id: number }
  | { type: 'view'; id: number; filter: ReportFilter }
  | { type: 'records'; id: number; filter: ReportFilter; offset: number; limit: number; report?: number }
  | { type: 'sources'; id: number; filter: ReportFilter; offset: number; limit: number; group?: string }
  | { type: 'groups'; id: number; filter: ReportFilter; offset: number; limit: number }
  | { type: 'reports'; id: number; filter: ReportFilter; offset: number; limit: number }
  | { type: 'report'; id: number; index: number }
  /** Reverse-DNS / ASN answers and live DMARC records from the page's resolver steps. */
  | {
      type: 'enrich';
      id: number;
      sources: Array<[string, SourceEnrichment]>;
      liveRecords?: Array<[string, string]>;
    }
  | { type: 'export'; id: number; filter: ReportFilter; format: 'csv' | 'json' }
  /** Forget everything read (the page's "clear"). */
  | { type: 'clear'; id: number };

export interface ReadSummary {
  /** Every drop together: reports held, duplicates skipped, errors, stats. */
  reports: number;
  duplicates: number;
  errors: ReadError[];
  /** Errors past MAX_ERRORS_LISTED: counted, shown as "and N more". */
  errorsUnlisted: number;
  /** Reports read despite malformed content: how many, and the first ones with their warnings. */
  warned: { total: number; listed: WarnedReport[] };
  cancelled: boolean;
  stats: ReadStats;
  drops: number;
  /** The latest drop alone: its files, the reports it added and the duplicates it skipped. */
  drop: ReadDrop;
}

export type ReportsResponse =
  | { type: 'progress'; id: number; progress: ReadProgress }
  | { type: 'done'; id: number; summary: ReadSummary }
  | { type: 'view'; id: number; view: ReportsView }
  | { type: 'records'; id: number; page: Page<ExportRow> }
  | { type: 'sources'; id: number; page: Page<SourceIp> }
  | { type: 'groups'; id: number; page: Page<SourceGroup> }
  | { type: 'reports'; id: number; page: Page<ReportHeader> }
  | { type: 'report'; id: number; report: Report | null }
  | { type: 'export'; id: number; blob: Blob; filename: string }
  | { type: 'ok'; id: number }
  /** A read stopped by a clear or by a newer read: it has no result, and the page shows no error for it. */
  | { type: 'stopped'; id: number }
  | { type: 'error'; id: number; error: string };

/** Progress messages at most this often, so posting does not slow reading. */
const PROGRESS_INTERVAL_MS = 100;

let store: ReportStore | null = null;
let running: { id: number; controller: AbortController } | null = null;

const post = (message: ReportsResponse) => (self as unknown as Worker).postMessage(message);

async function start(
  id: number,
  files: Array<{ name: string; bytes: Uint8Array }>,
  add: boolean,
): Promise<void> {
  running?.controller.abort();
  const controller = new AbortController();
  running = { id, controller };
  // What was read stays answerable while a drop is added to it; the new store replaces it when the drop is done.
  if (!add) store = null;
  const previous = store;
  let last = 0;
  const result = await readReports(files, {
    ...(previous ? { held: previous.result } : {}),
    signal: controller.signal,
    onProgress: (progress) => {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS && progress.file !== null) return;
      last = now;
      post({ type: 'progress', id, progress });
    },
  });
  // Stopped by a clear or a newer read: its caller still waits for an answer, but gets no result.
  if (running?.id !== id) return post({ type: 'stopped', id });
  running = null;
  store = new ReportStore(result, previous);
  const { reports, duplicates, errors, errorsUnlisted, cancelled, stats, drops, drop } = result;
  const warned = warnedReports(reports);
  post({
    type: 'done',
    id,
    summary: {
      reports: reports.length,
      duplicates,
      errors,
      errorsUnlisted,
      warned,
      cancelled,
      stats,
      drops,
      drop,
    },
  });
}

function exportBlob(id: number, filter: ReportFilter, format: 'csv' | 'json'): void {
  const parts = [...store!.export(filter, format)];
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
  post({ type: 'export', id, blob: new Blob(parts, { type }), filename: `dmarc-records.${format}` });
}

function answer(message: ReportsRequest): void | Promise<void> {
  const { id } = message;
  if (message.type === 'start') return start(id, message.files, message.add === true);
  if (message.type === 'cancel') {
    running?.controller.abort();
    return post({ type: 'ok', id });
  }
  if (message.type === 'clear') {
    running?.controller.abort();
    // The run stopped here must not come back as the store when it finishes.
    running = null;
    store = null;
    return post({ type: 'ok', id });
  }
  if (store === null) return post({ type: 'error', id, error: 'No reports have been read yet.' });
  switch (message.type) {
    case 'view':
      return post({ type: 'view', id, view: store.view(message.filter) });
    case 'records':
      return post({
        type: 'records',
        id,
        page: store.records(message.filter, message.offset, message.limit, message.report),
      });
    case 'sources':
      return post({
        type: 'sources',
        id,
        page: store.sources(message.filter, message.offset, message.limit, message.group),
      });
    case 'groups':
      return post({ type: 'groups', id, page: store.groups(message.filter, message.offset, message.limit) });
    case 'reports':
      return post({
        type: 'reports',
        id,
        page: store.headers(message.filter, message.offset, message.limit),
      });
    case 'report':
      return post({ type: 'report', id, report: store.report(message.index) });
    case 'enrich':
      store.enrich(message.sources, message.liveRecords ?? []);
      return post({ type: 'ok', id });
    case 'export':
      return exportBlob(id, message.filter, message.format);
  }
}

self.onmessage = (event: MessageEvent<ReportsRequest>) => {
  const message = event.data;
  try {
    void Promise.resolve(answer(message)).catch((error: unknown) =>
      post({ type: 'error', id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  } catch (error) {
    post({ type: 'error', id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
};
