// RFC 7208 §4.5–§6 and Appendix A: the SPF record grammar, scanned term by term with positions.

import { isSpfRecord } from './grammar';
import { spfIssue } from './issue';
import { MAX_RECORD_LENGTH } from './limits';
import { parseTerm } from './term';
import type { SpfIssue, SpfParse, SpfRecord, Term } from './types';

function failed(record: SpfRecord, issue: SpfIssue): SpfParse {
  return { ok: false, record, issues: [issue] };
}

/**
 * Parse an SPF record. Every syntax error anywhere is reported with its position, as an issue of severity error,
 * before the notes (RFC 7208 §4.6: any syntax error means permerror). Linear in the text; never throws.
 */
export function parseSpf(text: string): SpfParse {
  const record: SpfRecord = { text, terms: [], mechanisms: [], redirect: null, exp: null };
  if (text.length > MAX_RECORD_LENGTH) {
    const message = `The record is ${text.length} characters long; that cannot be SPF.`;
    return failed(record, spfIssue('error', 'too-long', message, 0, 0));
  }
  if (!isSpfRecord(text)) {
    const message =
      text.trimStart() !== text && isSpfRecord(text.trimStart())
        ? 'The record starts with a space; it must start exactly with “v=spf1”.'
        : 'An SPF record must start with “v=spf1” followed by a space.';
    return failed(record, spfIssue('error', 'no-version', message, 0, Math.min(text.length, 6)));
  }
  // RFC 7208 §3.1 / §4.6.1: records are 7-bit ASCII.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7e) {
      const message = `The record contains a non-ASCII character at position ${i + 1}; SPF is ASCII only.`;
      return failed(record, spfIssue('error', 'non-ascii', message, i, i + 1));
    }
  }
  const errors: SpfIssue[] = [];
  const notes: SpfIssue[] = [];
  let i = 6;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x20) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && text.charCodeAt(j) !== 0x20) j++;
    const term = parseTerm(text.slice(i, j), i, errors, notes);
    if (term) addTerm(record, term, errors);
    i = j;
  }
  const issues = [...errors, ...notes];
  return errors.length > 0 ? { ok: false, record, issues } : { ok: true, record, issues };
}

function addTerm(record: SpfRecord, term: Term, errors: SpfIssue[]): void {
  record.terms.push(term);
  if (term.kind === 'mechanism') {
    record.mechanisms.push(term);
    return;
  }
  if (term.name !== 'redirect' && term.name !== 'exp') return;
  // RFC 7208 §6: redirect and exp each at most once.
  if (record[term.name]) {
    errors.push(
      spfIssue(
        'error',
        term.name === 'redirect' ? 'duplicate-redirect' : 'duplicate-exp',
        `“${term.name}=” appears more than once.`,
        term.start,
        term.end,
        `Keep one ${term.name}=.`,
      ),
    );
  } else record[term.name] = term;
}

/** The syntax errors of a parse (empty when it is ok). */
export function spfErrors(parse: SpfParse): SpfIssue[] {
  return parse.issues.filter((i) => i.severity === 'error');
}
