// The states of a step a person starts on a page (a DNS lookup, a re-check, a verification): not started, running,
// done, or stopped by an error; each state carries the fields its view needs.

export type Step<Running extends object, Done extends object, Failed extends object | null = null> =
  | { state: 'idle' }
  | ({ state: 'running' } & Running)
  | ({ state: 'done' } & Done)
  | (Failed extends object ? { state: 'error'; message: string } & Failed : never);
