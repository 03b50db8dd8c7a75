// The severities every finding, issue and outcome maps to, and the status an area of a report shows.

export type Severity = 'error' | 'warning' | 'info' | 'ok' | 'unknown';

/** pass: configured well; warn: works with problems; fail: broken or missing; info: not applicable; unknown: could not check. */
export type AreaStatus = 'pass' | 'warn' | 'fail' | 'info' | 'unknown';

/** Worst severity first. */
export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, unknown: 1, warning: 2, info: 3, ok: 4 };
