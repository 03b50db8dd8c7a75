// State of the DMARC generator (RFC 9989): the form, the record it builds, import, the rollout guide and the
// live check with the report destinations.

import { parseDmarcRecord, type DmarcRequest } from '../../lib/dmarc/parse';
import {
  dmarcOptionsFromRecord,
  generateDmarc,
  reportUriList,
  type DmarcOptions,
} from '../../lib/generate/dmarc';
import { DMARC_ROLLOUT, rolloutStage } from '../../lib/generate/dmarc-guide';
import { dmarcNotes } from '../../lib/generate/draft-notes';
import { appServices, ImportingGeneratorState, type GeneratorServices, type Query } from './generator.svelte';
import type { ImportOutcome } from './record-import.svelte';

export type Inherit = '' | DmarcRequest;

/** A new draft: monitoring, as the rollout guide starts. */
const STARTER = 'v=DMARC1; p=none;';

export class DmarcGeneratorState extends ImportingGeneratorState<'dmarc'> {
  p = $state<DmarcRequest>('none');
  sp = $state<Inherit>('');
  np = $state<Inherit>('');
  adkim = $state<'r' | 's'>('r');
  aspf = $state<'r' | 's'>('r');
  ruaText = $state('');
  rufText = $state('');
  fo = $state<string[]>([]);
  testing = $state(false);
  psd = $state<'' | 'y' | 'n' | 'u'>('');
  pct = $state<number | null>(null);
  rf = $state('');
  ri = $state<number | null>(null);

  #options = $derived.by((): DmarcOptions => {
    const o: DmarcOptions = { p: this.p, rua: reportUriList(this.ruaText), ruf: reportUriList(this.rufText) };
    if (this.sp) o.sp = this.sp;
    if (this.np) o.np = this.np;
    // RFC 9989 §4.7: adkim and aspf default to relaxed and are left out then (an imported bad value stays, for
    // the parser to point at).
    if (this.adkim !== 'r') o.adkim = this.adkim;
    if (this.aspf !== 'r') o.aspf = this.aspf;
    // RFC 9989 §4.7: fo defaults to 0; a lone 0 is left out.
    if (this.fo.length > 0 && !(this.fo.length === 1 && this.fo[0] === '0')) o.fo = this.fo;
    if (this.testing) o.t = 'y';
    if (this.psd) o.psd = this.psd;
    if (this.pct !== null && Number.isFinite(this.pct)) o.pct = this.pct;
    if (this.rf.trim()) o.rf = this.rf.split(':').map((s) => s.trim());
    if (this.ri !== null && Number.isFinite(this.ri)) o.ri = this.ri;
    return o;
  });
  readonly record = $derived(generateDmarc(this.#options));
  readonly issues = $derived([...parseDmarcRecord(this.record).issues, ...dmarcNotes(this.#options)]);

  constructor(services: GeneratorServices = appServices()) {
    super('dmarc', services);
  }

  /** The rollout guide's stages and the one this draft is at (-1: none of them). */
  get stages() {
    return DMARC_ROLLOUT;
  }
  get stage(): number {
    return rolloutStage(this.p, this.testing);
  }

  applyStage(index: number): void {
    const stage = DMARC_ROLLOUT[index];
    if (!stage) return;
    this.p = stage.p;
    this.testing = stage.testing;
    // RFC 9989 drops pct: t=y is how a policy is tested now.
    this.pct = null;
  }

  setFo(value: string, on: boolean): void {
    this.fo = on ? [...this.fo.filter((v) => v !== value), value] : this.fo.filter((v) => v !== value);
  }

  /** Fill the form from a record; what the form cannot hold is listed. */
  loadRecord(record: string): ImportOutcome {
    const imported = dmarcOptionsFromRecord(record);
    if (!imported.ok) {
      const errors = imported.parse.ok ? [] : imported.parse.errors;
      return { ok: false, error: `This is not a DMARC record: ${errors.join(' ')}`.trim() };
    }
    const o = imported.options;
    this.p = o.p ?? 'none';
    this.sp = o.sp ?? '';
    this.np = o.np ?? '';
    this.adkim = o.adkim ?? 'r';
    this.aspf = o.aspf ?? 'r';
    this.ruaText = o.rua.join('\n');
    this.rufText = o.ruf.join('\n');
    this.fo = o.fo ?? [];
    this.testing = o.t === 'y';
    this.psd = o.psd ?? '';
    this.pct = o.pct ?? null;
    this.rf = o.rf?.join(':') ?? '';
    this.ri = o.ri ?? null;
    return {
      ok: true,
      notes: imported.dropped.map((tag) => `The tag “${tag}” is not a DMARC tag and was left out.`),
    };
  }

  get query(): Query {
    return { domain: this.domainText.trim(), record: this.record };
  }

  loadQuery(query: Record<string, string>): void {
    this.domainText = query.domain ?? '';
    this.loadRecord(query.record ?? STARTER);
  }

  /** Where the live record was found (RFC 9989 discovery), once checked. */
  get liveRecord() {
    return this.analysis('live')?.discovery.rfc9989 ?? null;
  }

  /** The draft's report destinations, as the domain check would check them. */
  get destinations() {
    return this.analysis('draft')?.destinations ?? [];
  }
}
