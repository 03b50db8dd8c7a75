// What every record parser reports (SPF, DMARC, DKIM, MTA-STS, TLS-RPT, BIMI): one Issue shape, with the tag or
// the span of text it is about, so a generator can mark the field and a report can quote the record.

export type IssueSeverity = 'error' | 'warning' | 'info';

export interface Issue<Code extends string = string> {
  severity: IssueSeverity;
  /** Stable identifier, typed per parser as a union. */
  code: Code;
  message: string;
  fix?: string;
  /** The tag (DMARC p, MTA-STS id …) or term the issue is about. */
  tag?: string;
  /** Offsets into the parsed text: the issue covers [start, end). */
  start?: number;
  end?: number;
}

/** An issue, leaving out the optional parts that are not given (exactOptionalPropertyTypes). */
export function makeIssue<Code extends string>(
  severity: IssueSeverity,
  code: Code,
  message: string,
  extra: { fix?: string | undefined; tag?: string | undefined; start?: number; end?: number } = {},
): Issue<Code> {
  const issue: Issue<Code> = { severity, code, message };
  if (extra.fix !== undefined) issue.fix = extra.fix;
  if (extra.tag !== undefined) issue.tag = extra.tag;
  if (extra.start !== undefined) issue.start = extra.start;
  if (extra.end !== undefined) issue.end = extra.end;
  return issue;
}

const ISSUE_ORDER: Record<IssueSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then notes; equal severities keep their order. */
export function sortIssues<T extends { severity: IssueSeverity }>(issues: readonly T[]): T[] {
  return [...issues].sort((a, b) => ISSUE_ORDER[a.severity] - ISSUE_ORDER[b.severity]);
}

export function hasErrors(issues: readonly { severity: IssueSeverity }[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** The issues about one tag (a generator shows them next to that field). */
export function issuesForTag<T extends Issue>(issues: readonly T[], tag: string): T[] {
  return issues.filter((i) => i.tag === tag);
}

/**
 * What every record parser returns: the record when receivers can use it, and the issues either way (errors make
 * `ok` false). Parsers add their own fields beside these (the tags as published, DMARC's effective policy).
 */
export type RecordParse<Rec, Code extends string, Extra extends object = object> =
  ({ ok: true; record: Rec; issues: Issue<Code>[] } & Extra) | ({ ok: false; issues: Issue<Code>[] } & Extra);
