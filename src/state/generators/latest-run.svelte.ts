// One asynchronous task at a time for a generator (load the published record, read the MX hosts, look up a
// selector): a new run aborts the old one, whose outcome is dropped, so a late answer never overwrites a newer one.

export type RunOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

export class LatestRun {
  #busy = $state(false);
  #controller: AbortController | null = null;

  /** Whether the newest run is still going. */
  get busy(): boolean {
    return this.#busy;
  }

  /** Run `task`, aborting an earlier run: its outcome (a throw becomes `ok: false`), or null when a newer run
   * replaced it. */
  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<RunOutcome<T> | null> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#busy = true;
    try {
      const value = await task(controller.signal);
      return this.#controller === controller ? { ok: true, value } : null;
    } catch (error) {
      if (this.#controller !== controller) return null;
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    } finally {
      if (this.#controller === controller) {
        this.#busy = false;
        this.#controller = null;
      }
    }
  }

  /** Drop the running task's outcome. */
  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.#busy = false;
  }
}
