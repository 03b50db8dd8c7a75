// One asynchronous job at a time (a domain check, a key generation, a DNS lookup): a new run aborts the old one,
// whose outcome is dropped, so a late answer never overwrites a newer one; Cancel stops the run.

export type RunOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Task {
  /** `cancelled`: the last run was stopped by the person (Cancel), a status, not an error. */
  #status = $state<'idle' | 'running' | 'cancelled'>('idle');
  #error = $state<string | null>(null);
  #controller: AbortController | null = null;

  /** Whether the newest run is still going. */
  get running(): boolean {
    return this.#status === 'running';
  }
  /** What went wrong, in words (see `run` and `fail`). */
  get error(): string | null {
    return this.#error;
  }
  get cancelled(): boolean {
    return this.#status === 'cancelled';
  }

  /**
   * Run `job`, aborting an earlier run, with the error and "cancelled" cleared. Resolves to its outcome (a throw
   * becomes `ok: false`, and `failed` of it, when given, the error), or to null when a newer run or Cancel replaced
   * it. The job may also set its results itself before it returns, once it sees that `signal` is not aborted.
   */
  async run<T>(
    job: (signal: AbortSignal) => Promise<T>,
    failed?: (message: string, error: unknown) => string | null,
  ): Promise<RunOutcome<T> | null> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#status = 'running';
    this.#error = null;
    try {
      const value = await job(controller.signal);
      return this.#controller === controller ? { ok: true, value } : null;
    } catch (error) {
      if (this.#controller !== controller) return null;
      const message = messageOf(error);
      if (failed) this.#error = failed(message, error);
      return { ok: false, message };
    } finally {
      if (this.#controller === controller) {
        this.#status = 'idle';
        this.#controller = null;
      }
    }
  }

  /** Say what went wrong outside a throw (the input was refused, the job answered with a failure). */
  fail(message: string): void {
    this.#error = message;
  }

  /** Forget the error and the "cancelled" status (a new input). */
  reset(): void {
    this.#error = null;
    if (this.#status === 'cancelled') this.#status = 'idle';
  }

  /** Stop the running job; its outcome is dropped. */
  cancel(): void {
    if (this.#status === 'running') this.#status = 'cancelled';
    this.#controller?.abort();
    this.#controller = null;
  }
}
