// State of the SPF generator (RFC 7208): the ordered term editor, provider presets, import, and the live check
// that counts the draft's DNS lookups against the limit.

import { spfTermCosts, type SpfTermCost } from '../../lib/generate/spf-costs';
import {
  generateSpf,
  mailFromAdvice,
  misplacedIncludeNotes,
  SPF_PRESETS,
  type SpfPreset,
  spfDraftFromText,
  spfOptionsFromRecord,
  spfFieldIssues,
  termValueText,
  type SpfOptions,
  type SpfTermOption,
} from '../../lib/generate/spf';
import type { Issue } from '../../lib/findings/issue';
import { lintSpfRecord, parseSpf, type Qualifier } from '../../lib/spf';
import { appServices, ImportingGeneratorState, type GeneratorServices, type Query } from './generator.svelte';
import type { ImportOutcome } from './record-import.svelte';

export type SpfMechanismChoice = SpfTermOption['mechanism'];

/** One row of the term editor. */
export interface SpfRow {
  id: number;
  qualifier: Qualifier;
  mechanism: SpfMechanismChoice;
  /** What the person typed after "mechanism:", with any /cidr. */
  text: string;
}

/** A new draft: the domain's own MX hosts, everything else fails. */
const STARTER = 'v=spf1 mx -all';

export class SpfGeneratorState extends ImportingGeneratorState<'spf'> {
  rows = $state<SpfRow[]>([]);
  all = $state<Qualifier | 'none'>('-');
  redirect = $state('');
  exp = $state('');
  #nextId = 0;

  #options = $derived<SpfOptions>({
    terms: this.rows.map((r) => ({ qualifier: r.qualifier, mechanism: r.mechanism, value: r.text.trim() })),
    all: this.all === 'none' ? null : this.all,
    redirect: this.redirect.trim() || null,
    exp: this.exp.trim() || null,
  });
  readonly record = $derived(generateSpf(this.#options));
  /** The draft's issues about each field of the editor (rows in order, redirect, exp, all). */
  #fieldIssues = $derived(spfFieldIssues(this.#options, this.validity.issues));
  readonly issues = $derived.by(() => {
    const parse = parseSpf(this.record);
    return parse.ok
      ? [
          ...parse.issues,
          ...lintSpfRecord(parse.record),
          ...misplacedIncludeNotes(this.#options.terms, this.domain),
        ]
      : parse.issues;
  });

  constructor(services: GeneratorServices = appServices()) {
    super('spf', services);
  }

  /** The issues to show next to the term editor's row `index` (syntax errors, an include that does not resolve). */
  rowIssues(index: number): Issue[] {
    return this.#fieldIssues.terms[index] ?? [];
  }

  /** The issues about the redirect=, exp= or all field. */
  partIssues(part: 'redirect' | 'exp' | 'all'): Issue[] {
    return this.#fieldIssues[part];
  }

  /** The presets whose include goes in the root record (ticked into the draft). */
  get rootPresets(): readonly SpfPreset[] {
    return SPF_PRESETS.filter((p) => !p.mailFrom);
  }

  /** The providers that bounce from another domain by default, each with where its include belongs. */
  get mailFromPresets(): Array<{ preset: SpfPreset; advice: string }> {
    return SPF_PRESETS.flatMap((preset) => {
      const advice = mailFromAdvice(preset, this.domain);
      return advice ? [{ preset, advice }] : [];
    });
  }

  hasPreset(include: string): boolean {
    return this.rows.some((r) => r.mechanism === 'include' && r.text.trim().toLowerCase() === include);
  }

  /** Tick or untick a provider: its include goes after the domain's own servers, in the order picked. */
  setPreset(include: string, on: boolean): void {
    if (on) {
      if (!this.hasPreset(include))
        this.rows = [
          ...this.rows,
          { id: this.#nextId++, qualifier: '+', mechanism: 'include', text: include },
        ];
    } else {
      this.rows = this.rows.filter(
        (r) => !(r.mechanism === 'include' && r.text.trim().toLowerCase() === include),
      );
    }
  }

  addRow(): void {
    this.rows = [...this.rows, { id: this.#nextId++, qualifier: '+', mechanism: 'ip4', text: '' }];
  }

  removeRow(id: number): void {
    this.rows = this.rows.filter((r) => r.id !== id);
  }

  /** Move a row up (-1) or down (+1): receivers check terms in order. */
  move(id: number, by: number): void {
    const i = this.rows.findIndex((r) => r.id === id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= this.rows.length) return;
    const next = [...this.rows];
    [next[i], next[j]] = [next[j]!, next[i]!];
    this.rows = next;
  }

  /** Fill the form from a record: it must parse; what the editor cannot hold is listed. */
  loadRecord(record: string): ImportOutcome {
    const imported = spfOptionsFromRecord(record);
    if (!imported.ok)
      return { ok: false, error: `This record could not be loaded: ${imported.errors.join(' ')}` };
    this.#show(imported.options);
    return { ok: true, notes: imported.notes };
  }

  #show(options: SpfOptions): void {
    this.rows = options.terms.map((t) => ({
      id: this.#nextId++,
      qualifier: t.qualifier,
      mechanism: t.mechanism,
      text: termValueText(t),
    }));
    this.all = options.all ?? 'none';
    this.redirect = options.redirect ?? '';
    this.exp = options.exp ?? '';
  }

  get query(): Query {
    return { domain: this.domainText.trim(), record: this.record };
  }

  loadQuery(query: Record<string, string>): void {
    this.domainText = query.domain ?? '';
    // A shared draft is shown even when it does not parse, so the person sees and fixes it.
    this.#show(spfDraftFromText(query.record ?? STARTER));
  }

  /** Each lookup-costing term of the draft with its cost and the running total. */
  get costs(): SpfTermCost[] {
    const draft = this.analysis('draft');
    return draft ? spfTermCosts(draft) : [];
  }

  /** RFC 7208 §4.6.4: over the limit, receivers return permerror. */
  get overLimit(): boolean {
    const draft = this.analysis('draft');
    return draft ? draft.lookups.rfc > draft.limits.lookups : false;
  }

  /** The terms that cost more than one lookup, most expensive first. */
  get expensive(): SpfTermCost[] {
    return this.costs.filter((c) => c.cost > 1).sort((a, b) => b.cost - a.cost);
  }
}
