// RFC 7208 §4.6: how the SPF parser and lint word an issue — the Issue of findings/issue.ts, always positioned.

import { makeIssue, type IssueSeverity } from '../findings/issue';
import type { SpfIssue, SpfIssueCode } from './types';

/** An issue covering [start, end) of the record text; `fix` is left out when there is none. */
export function spfIssue(
  severity: IssueSeverity,
  code: SpfIssueCode,
  message: string,
  start: number,
  end: number,
  fix?: string,
): SpfIssue {
  return { ...makeIssue(severity, code, message, { fix }), start, end };
}

/** Long terms are cut in messages so a hostile record cannot produce a huge message. */
export function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** A character as a person reads it in a message: “x”, a tab, a line break, control character 0x07. */
export function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x09) return 'a tab';
  if (code === 0x0a || code === 0x0d) return 'a line break';
  if (code < 0x20 || code === 0x7f) return `control character 0x${code.toString(16).padStart(2, '0')}`;
  return `“${c}”`;
}
