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
  /** For a check that could not be made (severity unknown): why, in a few words ("timed out", "SERVFAIL"). */
  cause?: string;
  /**
   * With `cause`: checking again gives the same result (the answer is over this tool's cap, the check meets its query
   * limit), so only the domain's DNS operator can change it; absent or false, the failure may pass.
   */
  lasting?: boolean;
  /**
   * With `cause`: what the person running the check can do about it, when the cause is theirs (they named more DKIM
   * selectors than one check asks about), in place of the DNS operator (lasting) or a retry. Lower-case, a sentence.
   */
  advice?: string;
}

/** A failed lookup as findings report it: the sentence, the few words a summary shows, and whether it lasts. */
export interface DnsFailure {
  message: string;
  cause: string;
  lasting: boolean;
  /**
   * The DNS provider this tool asks (the user's, from Settings) could not be reached or answered with an HTTP error:
   * the failure is theirs, says nothing about the domain, and receivers never meet it.
   */
  atResolver?: boolean;
}

/** What the person running the check can do when their own DNS provider failed (a finding's `advice`). */
export const RESOLVER_FAILURE_ADVICE =
  'your DNS provider (Settings) did not answer, so this says nothing about the domain: check the DNS settings or your connection, then check again.';

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
  failure: DnsFailure,
  domain: string,
): Finding<Code> {
  // The party who can act: the user when their own provider failed, else the domain's DNS operator or time.
  if (failure.atResolver)
    return {
      severity: 'unknown',
      code,
      title,
      detail: `${sentence(failure.message)} Your DNS provider (Settings) did not answer, so this says nothing about ${domain}.`,
      fix: 'Check the DNS provider in Settings, or your connection, then check again.',
      domain,
      cause: failure.cause,
      lasting: false,
      advice: RESOLVER_FAILURE_ADVICE,
    };
  const then = failure.lasting
    ? 'This is not a missing record, and checking again gives the same answer: the domain’s DNS operator can fix it.'
    : 'This is a DNS failure, not a missing record: try again later.';
  return {
    severity: 'unknown',
    code,
    title,
    detail: `${sentence(failure.message)} ${then}`,
    domain,
    cause: failure.cause,
    lasting: failure.lasting,
  };
}

/**
 * A lookup whose answer held more records than this tool reads (the DNS layer's cap): the area judged only the
 * first ones, so it says it could not check completely, and how many there were.
 */
export function answerCapFinding<Code extends string>(
  code: Code,
  answer: { name: string; type: string; records: readonly unknown[] },
  count: number,
  domain: string,
): Finding<Code> {
  const read = answer.records.length.toLocaleString('en-US');
  return {
    severity: 'unknown',
    code,
    title: `The ${answer.type} answer for ${answer.name} was cut at ${read} records`,
    detail: `It held ${count.toLocaleString('en-US')} records; only the first ${read} were read (the limit this tool sets, since no real DNS answer is that large), so this part could not be checked completely.`,
    fix: 'Publish only the records you need; an answer this large usually means a misconfigured zone or wildcard.',
    domain,
    cause: `answer over ${read} records`,
    // The zone holds these records: every later check reads the same answer.
    lasting: true,
  };
}

/** Text ending in exactly one full stop (messages arrive with or without one: never "SERVFAIL).."). */
export function sentence(text: string): string {
  return text.replace(/[.\s]*$/, '') + '.';
}
