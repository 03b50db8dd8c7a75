// The severities every finding, issue and outcome maps to, and the status an area of a report shows.

export type Severity = 'error' | 'warning' | 'info' | 'ok' | 'unknown';

/** pass: configured well; warn: works with problems; fail: broken or missing; info: not applicable; unknown: could not check. */
export type AreaStatus = 'pass' | 'warn' | 'fail' | 'info' | 'unknown';

/** The words a finding's severity shows as, on the page and in every export. */
export const SEVERITY_WORDS: Record<Severity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
  ok: 'OK',
  unknown: 'Could not check',
};

/** An area's status as the severity it amounts to, and its words about the area (badge, summary, export). */
export const AREA_STATUS_LOOK: Record<AreaStatus, { severity: Severity; words: string }> = {
  pass: { severity: 'ok', words: 'Good' },
  warn: { severity: 'warning', words: 'Needs attention' },
  fail: { severity: 'error', words: 'Failing' },
  info: { severity: 'info', words: 'Not used' },
  unknown: { severity: 'unknown', words: 'Could not check' },
};

/** Worst severity first. */
export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, unknown: 1, warning: 2, info: 3, ok: 4 };
