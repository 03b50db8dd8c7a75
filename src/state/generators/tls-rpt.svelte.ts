// State of the TLS-RPT generator (RFC 8460 §3): where reports go, import, and the live check.

import { tlsRptIntent, type DraftIntent } from '../../lib/generate/draft-intent';
import { generateTlsRpt, tlsRptOptionsFromRecord } from '../../lib/generate/records';
import { reportUriList } from '../../lib/generate/report-uris';
import { parseTlsRptRecord } from '../../lib/tlsrpt/record';
import { appServices, ImportingGeneratorState, type GeneratorServices, type Query } from './generator.svelte';
import type { ImportOutcome } from './record-import.svelte';

export class TlsRptGeneratorState extends ImportingGeneratorState<'tls-rpt'> {
  /** Report addresses or https:// URLs, one per line. */
  ruaText = $state('');
  #rua = $derived(reportUriList(this.ruaText));
  readonly record = $derived(generateTlsRpt({ rua: this.#rua }));
  readonly issues = $derived(parseTlsRptRecord(this.record).issues);

  constructor(services: GeneratorServices = appServices()) {
    super('tls-rpt', services);
  }

  protected override intent(): DraftIntent | null {
    return tlsRptIntent({ rua: this.#rua });
  }

  loadRecord(text: string): ImportOutcome {
    this.ruaText = tlsRptOptionsFromRecord(text).rua.join('\n');
    return { ok: true, notes: [] };
  }

  get query(): Query {
    return { domain: this.domainText.trim(), rua: this.#rua.join(',') };
  }

  loadQuery(query: Record<string, string>): void {
    this.domainText = query.domain ?? '';
    this.ruaText = (query.rua ?? '').split(',').join('\n');
  }

  /** The record published today, once checked. */
  get live() {
    return this.analysis('live');
  }
}
