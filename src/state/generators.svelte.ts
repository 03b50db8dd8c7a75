// Generator state shared by the record builders: the draft check against live DNS (debounced, cancellable,
// with its own query log) and the URL that holds each draft.

import { untrack } from 'svelte';
import { parseDomainInput, type QueryLogEntry } from '../lib/dns';
import { checkDraft, type DraftComparison, type DraftKind } from '../lib/generate/draft-check';
import { dns } from './app';
import { router } from './router.svelte';
import type { GeneratorId, Route } from './routes';

/** Wait this long after the last keystroke before asking DNS. */
const DEBOUNCE_MS = 450;

export type DomainField = { ok: true; domain: string } | { ok: false; error: string | null };

/** The generators' domain box: empty is allowed (no live checks), anything else must be a valid name. */
export function readDomainField(text: string): DomainField {
  if (text.trim() === '') return { ok: false, error: null };
  const parsed = parseDomainInput(text);
  return parsed.ok ? { ok: true, domain: parsed.domain } : { ok: false, error: parsed.error };
}

export class DraftChecker {
  result = $state.raw<DraftComparison | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  /** What the shown result was computed for, so a stale result is never presented as current. */
  checkedFor = $state<string | null>(null);
  #mark = $state(0);
  #end = $state<number | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | null = null;

  get queries(): readonly QueryLogEntry[] {
    return dns.since(this.#mark).slice(0, this.#end ?? undefined);
  }

  /** Check `text` as the record of `kind` for `domain` once typing pauses; a newer call replaces an older one. */
  schedule(kind: DraftKind, domain: string, text: string): void {
    clearTimeout(this.#timer);
    this.#controller?.abort();
    this.#controller = null;
    const key = `${kind}\u0000${domain}\u0000${text}`;
    if (this.checkedFor === key && this.result) return;
    this.running = true;
    this.#timer = setTimeout(() => void this.#run(kind, domain, text, key), DEBOUNCE_MS);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#controller?.abort();
    this.#controller = null;
    this.running = false;
  }

  isCurrent(kind: DraftKind, domain: string | null, text: string): boolean {
    return domain !== null && this.checkedFor === `${kind}\u0000${domain}\u0000${text}`;
  }

  async #run(kind: DraftKind, domain: string, text: string, key: string): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    this.#mark = dns.mark();
    this.#end = null;
    this.error = null;
    try {
      const result = await checkDraft(kind, domain, text, dns.resolver, { signal: controller.signal });
      if (this.#controller !== controller) return;
      this.result = result;
      this.checkedFor = key;
    } catch (error) {
      if (this.#controller !== controller || controller.signal.aborted) return;
      this.error = `The draft could not be checked: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      if (this.#controller === controller) {
        this.#end = dns.entries.length - this.#mark;
        this.running = false;
        this.#controller = null;
      }
    }
  }
}

/**
 * Keeps a generator's draft in the URL (replacing history entries while the person types) and tells the
 * component when the URL changed from outside (back/forward, a pasted link) so it can load that draft.
 */
export class UrlDraft {
  #written = '';
  readonly #tool: GeneratorId;

  constructor(tool: GeneratorId) {
    this.#tool = tool;
  }

  write(query: Record<string, string | undefined>): void {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') clean[k] = v;
    router.go({ page: 'generate', tool: this.#tool, query: clean }, { replace: true });
    this.#written = router.hash;
  }

  /** True when the current URL is not the one this draft last wrote. */
  changedOutside(): boolean {
    return router.hash !== this.#written;
  }
}

/**
 * Keep a generator's draft in the URL both ways; call while the component initialises. `load` runs when the URL
 * changed from outside (first load, back/forward, a shared link); `save` is re-run whenever what it reads changes.
 */
export function syncDraftWithUrl(
  tool: GeneratorId,
  route: () => Route,
  load: (query: Record<string, string>) => void,
  save: () => Record<string, string | undefined>,
): void {
  const url = new UrlDraft(tool);
  $effect(() => {
    const r = route();
    const query = r.page === 'generate' ? r.query : {};
    if (!url.changedOutside()) return;
    untrack(() => load(query));
  });
  $effect(() => {
    const query = save();
    untrack(() => url.write(query));
  });
}

/** A DraftChecker that re-checks the draft (debounced) whenever the domain or the record text changes. */
export function liveDraftCheck(
  kind: DraftKind,
  input: () => { domain: string | null; text: string },
): DraftChecker {
  const checker = new DraftChecker();
  $effect(() => {
    const { domain, text } = input();
    untrack(() => (domain ? checker.schedule(kind, domain, text) : checker.cancel()));
  });
  return checker;
}
