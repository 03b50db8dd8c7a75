// The generators' live check: the draft run through the domain check's analysis against live DNS, debounced while
// the person types, one run at a time (a new draft aborts the old run; a stale answer is dropped).

import type { QueryLogEntry } from '../../lib/dns';
import type { DraftComparison, DraftKind } from '../../lib/generate/draft-check';

/** What a kind checks besides its DNS record: the MTA-STS policy file. */
export interface DraftExtras {
  policy?: string;
}
import type { DnsPort } from '../dns.svelte';
import { Task } from '../task.svelte';

export class DraftChecker {
  #result = $state.raw<DraftComparison | null>(null);
  readonly #task = new Task();
  /** A check is scheduled: typing has not paused long enough yet. */
  #waiting = $state(false);
  /** What the shown result was computed for, so a stale result is never presented as current. */
  #checkedFor = $state<string | null>(null);
  #mark = $state(0);
  #end = $state<number | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #dns: DnsPort;
  readonly #debounceMs: number;

  /** `debounceMs`: wait this long after the last keystroke before asking DNS. */
  constructor(dns: DnsPort, debounceMs: number) {
    this.#dns = dns;
    this.#debounceMs = debounceMs;
  }

  get result(): DraftComparison | null {
    return this.#result;
  }
  /** A check is scheduled or running. */
  get running(): boolean {
    return this.#waiting || this.#task.running;
  }
  get error(): string | null {
    return this.#task.error;
  }

  /** The DNS queries of the last run. */
  get queries(): readonly QueryLogEntry[] {
    return this.#dns.since(this.#mark).slice(0, this.#end ?? undefined);
  }

  /** Check `text` as the record of `kind` for `domain` once typing pauses; a newer call replaces an older one. */
  schedule(kind: DraftKind, domain: string, text: string, extras: DraftExtras = {}): void {
    this.#stop();
    if (this.#checkedFor === key(kind, domain, text, extras) && this.#result) return;
    this.#waiting = true;
    this.#timer = setTimeout(() => void this.check(kind, domain, text, extras), this.#debounceMs);
  }

  /** Stop any pending or running check (no domain, or the generator closed). */
  cancel(): void {
    this.#stop();
  }

  isCurrent(kind: DraftKind, domain: string | null, text: string, extras: DraftExtras = {}): boolean {
    return domain !== null && this.#checkedFor === key(kind, domain, text, extras);
  }

  /** Check now, aborting any earlier run. */
  async check(kind: DraftKind, domain: string, text: string, extras: DraftExtras = {}): Promise<void> {
    this.#stop();
    this.#mark = this.#dns.mark();
    this.#end = null;
    const outcome = await this.#task.run(
      async (signal) => {
        // The check's analyzers load with the first check, not with the generator page.
        const { checkDraft } = await import('../../lib/generate/draft-check');
        const result = await checkDraft(kind, domain, text, this.#dns.resolver, { signal, ...extras });
        if (signal.aborted) return;
        this.#result = result;
        this.#checkedFor = key(kind, domain, text, extras);
      },
      (message) => `The draft could not be checked: ${message}`,
    );
    if (outcome) this.#end = this.#dns.mark() - this.#mark;
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#waiting = false;
    this.#task.cancel();
  }
}

function key(kind: DraftKind, domain: string, text: string, extras: DraftExtras): string {
  return `${kind}\u0000${domain}\u0000${text}\u0000${extras.policy ?? ''}`;
}
