// A finding: what an evaluator says about one rule, with a severity, a plain explanation and a fix.

import { SEVERITY_ORDER, type AreaStatus, type Severity } from './severity';

export interface Finding<Code extends string = string> {
  severity: Severity;
  /** Stable identifier (tests and exports key on it), typed per protocol as a union. */
  code: Code;
  title: string;
  detail: string;
  fix?: string;
  /** The rule's source, e.g. "RFC 7208 §4.6.4". */
  spec?: string;
  /** Details too many for one sentence (each a line). */
  items?: string[];
  /** The record (domain) and term the finding is about. */
  domain?: string;
  term?: string;
}

export function sortFindings<T extends { severity: Severity }>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** An area's status from its findings: any error fails, DNS trouble is unknown, warnings warn. */
export function statusFromFindings(findings: readonly { severity: Severity }[]): AreaStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'unknown')) return 'unknown';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

/** A finding with its rule's source; `fix` is left out when there is none (exactOptionalPropertyTypes). */
export function makeFinding<Code extends string>(
  severity: Severity,
  code: Code,
  title: string,
  detail: string,
  fix: string | undefined,
  spec: string,
): Finding<Code> {
  return fix === undefined
    ? { severity, code, title, detail, spec }
    : { severity, code, title, detail, fix, spec };
}

/**
 * The finding for a lookup that failed (SERVFAIL, REFUSED, timeout, provider down): "could not check", never
 * "missing". One wording for every area so the distinction reads the same everywhere.
 */
export function dnsFailureFinding<Code extends string>(
  code: Code,
  title: string,
  message: string,
  domain: string,
): Finding<Code> {
  return {
    severity: 'unknown',
    code,
    title,
    detail: `${message.replace(/\.?\s*$/, '.')} This is a DNS failure, not a missing record: try again later.`,
    domain,
  };
}
