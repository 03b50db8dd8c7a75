// "Load the published record" and "paste a record" for a generator: the DNS lookup lives here, the form only
// shows the message. A DNS failure changes nothing in the form and says why; it is never "nothing published".

import { DRAFT_LABEL, type DraftKind } from '../../lib/generate/draft-kind';
import type { DnsPort } from '../dns.svelte';
import { Task } from '../task.svelte';

/** What loading a record into the form did: the notes say what the form could not hold. */
export type ImportOutcome = { ok: true; notes: string[] } | { ok: false; error: string };

export interface ImportMessage {
  tone: 'ok' | 'warn' | 'error';
  text: string;
}

export class RecordImport {
  /** The text in the "paste a record" box. */
  pasted = $state('');
  readonly #run = new Task();
  #message = $state.raw<ImportMessage | null>(null);
  #notes = $state.raw<readonly string[]>([]);
  readonly #kind: DraftKind;
  readonly #domain: () => string | null;
  readonly #load: (text: string) => ImportOutcome;
  readonly #dns: DnsPort;

  constructor(
    kind: DraftKind,
    domain: () => string | null,
    load: (text: string) => ImportOutcome,
    dns: DnsPort,
  ) {
    this.#kind = kind;
    this.#domain = domain;
    this.#load = load;
    this.#dns = dns;
  }

  /** Where the record is published for the typed domain (`_dmarc.example.com`), or null without a domain. */
  get name(): string | null {
    const domain = this.#domain();
    if (!domain) return null;
    const label = DRAFT_LABEL[this.#kind];
    return label ? `${label}.${domain}` : domain;
  }
  get loading(): boolean {
    return this.#run.running;
  }
  get message(): ImportMessage | null {
    return this.#message;
  }
  /** What the form could not hold from the last record loaded. */
  get notes(): readonly string[] {
    return this.#notes;
  }

  /** Load the record published today; a newer call aborts an older one. */
  async loadLive(): Promise<void> {
    const domain = this.#domain();
    if (!domain) return;
    this.#message = null;
    const outcome = await this.#run.run(async (signal) => {
      // The draft check's analyzers load with the first lookup, not with the page.
      const { fetchPublishedRecord } = await import('../../lib/generate/draft-check');
      return fetchPublishedRecord(this.#kind, domain, this.#dns.resolver, signal);
    });
    if (!outcome) return;
    if (!outcome.ok) {
      this.#message = { tone: 'error', text: `Could not load: ${outcome.message}` };
      return;
    }
    const found = outcome.value;
    if (found.kind === 'found') {
      const many = found.others.length > 0;
      this.#apply(
        found.text,
        many
          ? {
              tone: 'warn',
              text: `Loaded the first of ${found.others.length + 1} records at ${found.name}; publish only one.`,
            }
          : { tone: 'ok', text: `Loaded the record published at ${found.name}.` },
      );
    } else if (found.kind === 'none') {
      this.#message = {
        tone: 'warn',
        text: `Nothing is published at ${found.name} yet: start from the form.`,
      };
    } else {
      this.#message = {
        tone: 'error',
        text: `Could not read ${found.name}: ${found.message} Nothing was changed.`,
      };
    }
  }

  /** Load the pasted record (surrounding quotes from a zone file are dropped). */
  loadPasted(): void {
    const text = this.pasted.trim().replace(/^"|"$/g, '');
    if (!text) return;
    this.#apply(text, { tone: 'ok', text: 'Loaded the pasted record into the form.' });
  }

  #apply(text: string, success: ImportMessage): void {
    const outcome = this.#load(text);
    if (outcome.ok) {
      this.#message = success;
      this.#notes = outcome.notes;
    } else {
      this.#message = { tone: 'error', text: `${outcome.error} Nothing was changed.` };
      this.#notes = [];
    }
  }
}
