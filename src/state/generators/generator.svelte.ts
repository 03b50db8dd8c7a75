// What every record generator's state shares: the domain box, the draft kept in the URL (so it can be shared as a
// link and survives a reload), and for DNS records the live draft check. Each generator's class extends these.

import { untrack } from 'svelte';
import { parseDomainInput } from '../../lib/dns';
import { issuesForTag, type Issue } from '../../lib/findings/issue';
import type { DraftAnalysis, DraftComparison, DraftKind } from '../../lib/generate/draft-check';
import type { DraftIntent } from '../../lib/generate/draft-intent';
import { unreadLiveRecord, type UnreadRecord } from '../../lib/generate/draft-lookups';
import { draftValidity, type DraftPending, type DraftValidity } from '../../lib/generate/draft-validity';
import { dns } from '../app';
import type { DnsPort } from '../dns.svelte';
import { router } from '../router.svelte';
import type { GeneratorId, Route } from '../routes';
import { DraftChecker, type DraftExtras } from './draft-checker.svelte';
import { RecordImport, type ImportOutcome } from './record-import.svelte';

/** What a generator needs from outside, injected so tests can give a zone resolver, a fake URL and a fixed clock. */
export interface GeneratorServices {
  dns: DnsPort;
  router: { readonly hash: string; go(route: Route, options?: { replace?: boolean }): void };
  now: () => Date;
  /** Wait this long after the last keystroke before asking DNS. */
  debounceMs: number;
}

export function appServices(): GeneratorServices {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an injected clock, not reactive state
  return { dns, router, now: () => new Date(), debounceMs: 450 };
}

export type DomainField = { ok: true; domain: string } | { ok: false; error: string | null };

/** The generators' domain box: empty is allowed (no live checks), anything else must be a valid name. */
export function readDomainField(text: string): DomainField {
  if (text.trim() === '') return { ok: false, error: null };
  const parsed = parseDomainInput(text);
  return parsed.ok ? { ok: true, domain: parsed.domain } : { ok: false, error: parsed.error };
}

export type Query = Record<string, string | undefined>;

export abstract class GeneratorState {
  /** The domain box as typed. */
  domainText = $state('');
  protected readonly services: GeneratorServices;
  readonly #tool: GeneratorId;
  #domainField = $derived(readDomainField(this.domainText));
  /** The URL this draft last wrote; any other URL came from outside (back/forward, a pasted link). */
  #written = '';
  #validity = $derived.by(() =>
    draftValidity({ issues: this.issues, ...this.liveCheck(), intent: this.intent() }),
  );

  constructor(tool: GeneratorId, services: GeneratorServices) {
    this.#tool = tool;
    this.services = services;
  }

  /** The validated domain, or null while none (or an invalid one) is typed. */
  get domain(): string | null {
    return this.#domainField.ok ? this.#domainField.domain : null;
  }
  get domainError(): string | null {
    return this.#domainField.ok ? null : this.#domainField.error;
  }

  /** What is wrong with the draft itself: the parser's issues and the generator's notes. */
  abstract readonly issues: readonly Issue[];

  /** The live check of this exact draft, or why there is none; kinds without a live check have neither (they may
   * name a record their own lookup could not read). */
  protected liveCheck(): {
    check: DraftComparison | null;
    pending?: DraftPending;
    unread?: UnreadRecord | null;
  } {
    return { check: null };
  }

  /** What the draft means besides its syntax (a form still empty, a record that opts out); none by default. */
  protected intent(): DraftIntent | null {
    return null;
  }

  /** Whether the draft works (one rule for every generator, lib/generate/draft-validity). */
  get validity(): DraftValidity {
    return this.#validity;
  }

  /** The issues to show next to one field (a tag such as DMARC sp, or an SPF term). */
  fieldIssues(tag: string): Issue[] {
    return issuesForTag(this.#validity.issues, tag);
  }

  /** The draft as the URL holds it. */
  abstract get query(): Query;
  /** Fill the form from the URL (first load, back/forward, a shared link). */
  abstract loadQuery(query: Record<string, string>): void;

  /** Keep the draft in the URL both ways; call while the component initialises. */
  connect(route: () => Route): void {
    $effect(() => {
      const r = route();
      const query = r.page === 'generate' ? r.query : {};
      if (this.services.router.hash === this.#written) return;
      untrack(() => this.loadQuery(query));
    });
    $effect(() => {
      const query = this.query;
      untrack(() => this.writeUrl(query));
    });
  }

  /** Put the draft in the URL, replacing the history entry while the person types. */
  writeUrl(query: Query): void {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') clean[k] = v;
    this.services.router.go({ page: 'generate', tool: this.#tool, query: clean }, { replace: true });
    this.#written = this.services.router.hash;
  }
}

type AnalysisByKind = { [A in DraftAnalysis as A['kind']]: A['analysis'] };

/** A generator of a DNS record that is checked live, as the domain check would see it once published. */
export abstract class DraftGeneratorState<K extends DraftKind> extends GeneratorState {
  readonly checker: DraftChecker;
  readonly #kind: K;

  constructor(kind: K, services: GeneratorServices) {
    super(kind, services);
    this.#kind = kind;
    this.checker = new DraftChecker(services.dns, services.debounceMs);
  }

  /** The record text the live check runs on. */
  abstract readonly record: string;

  /** What the live check judges besides the record (the MTA-STS policy file); none by default. */
  protected get extras(): DraftExtras {
    return {};
  }

  /** Whether the shown check result belongs to the draft as it is now. */
  get current(): boolean {
    return this.checker.isCurrent(this.#kind, this.domain, this.record, this.extras);
  }

  get comparison(): DraftComparison | null {
    return this.checker.result;
  }

  /** The record published today, when the shown check could not read it (lib/generate/draft-lookups). */
  get unread(): UnreadRecord | null {
    const result = this.checker.result;
    return result ? unreadLiveRecord(result) : null;
  }

  protected override liveCheck(): { check: DraftComparison | null; pending?: DraftPending } {
    const result = this.checker.result;
    if (result && this.current) return { check: result };
    if (!this.domain) return { check: null, pending: 'no-domain' };
    return { check: null, pending: this.checker.running ? 'checking' : 'not-checked' };
  }

  /** The analysis as DNS answers today (`live`) or with the draft published (`draft`). */
  analysis(side: 'live' | 'draft'): AnalysisByKind[K] | null {
    const result: DraftAnalysis | undefined = this.checker.result?.[side];
    if (!result || result.kind !== this.#kind) return null;
    return result.analysis as AnalysisByKind[K];
  }

  /** Check the draft now (the live check does this once typing pauses). */
  checkNow(): Promise<void> {
    return this.domain
      ? this.checker.check(this.#kind, this.domain, this.record, this.extras)
      : Promise.resolve();
  }

  override connect(route: () => Route): void {
    super.connect(route);
    $effect(() => {
      const domain = this.domain;
      const text = this.record;
      const extras = this.extras;
      untrack(() =>
        domain ? this.checker.schedule(this.#kind, domain, text, extras) : this.checker.cancel(),
      );
    });
    // Leaving the generator stops its check.
    $effect(() => () => this.checker.cancel());
  }
}

/** A draft-checked generator that can also start from the record published today or a pasted one. */
export abstract class ImportingGeneratorState<K extends DraftKind> extends DraftGeneratorState<K> {
  readonly importer: RecordImport;

  constructor(kind: K, services: GeneratorServices) {
    super(kind, services);
    this.importer = new RecordImport(
      kind,
      () => this.domain,
      (text) => this.loadRecord(text),
      services.dns,
    );
  }

  /** Fill the form from a record; the outcome says what the form could not hold, or why nothing changed. */
  abstract loadRecord(text: string): ImportOutcome;
}
