// One aggregate record as the report writes it (RFC 9990 §3 / RFC 7489 appendix C element names), for the raw
// record view: text only, with control characters made visible, never markup.

import { describeOutcome } from '../findings';
import { visibleControls } from '../headers/text';
import type { ExportRow } from './export';

export interface RecordField {
  /** The report's element name: source_ip, header_from, dkim … */
  name: string;
  value: string;
}

export interface RecordFieldGroup {
  /** The element the fields sit in: row, policy_evaluated, identifiers, auth_results, report_metadata. */
  name: string;
  fields: RecordField[];
}

const NOT_GIVEN = '(not given)';
/** "2026-03-01T00:00:00.000Z" as "2026-03-01 00:00:00 UTC". */
const utc = (iso: string) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : NOT_GIVEN);
const text = (value: string | null) => (value === null || value === '' ? NOT_GIVEN : visibleControls(value));

/**
 * An auth_results result as written, with what it means in the one outcome vocabulary when that says more:
 * "temperror (could not check)", "unknown (permanent error)", "hardfail (fail)"; "pass" and unknown words as written.
 */
export function resultText(result: string): string {
  const shown = text(result);
  if (shown === NOT_GIVEN) return shown;
  const label = describeOutcome(result).label;
  return label.toLowerCase() === result.trim().toLowerCase() ? shown : `${shown} (${label.toLowerCase()})`;
}

/** The record's fields by element, in the report's order; absent optional elements say "(not given)". */
export function recordFieldGroups(row: ExportRow): RecordFieldGroup[] {
  const field = (name: string, value: string | number | null): RecordField => ({
    name,
    value: typeof value === 'number' ? value.toLocaleString('en-US') : text(value),
  });
  const evaluated = [
    field('disposition', row.disposition),
    // policy_evaluated dkim/spf: the aligned result DMARC used (RFC 9990 §3.2).
    field('dkim', row.dkimAligned ? 'pass' : 'fail'),
    field('spf', row.spfAligned ? 'pass' : 'fail'),
    ...row.reasons.map((r) => field('reason', r.comment ? `${r.type}: ${r.comment}` : r.type)),
  ];
  const auth = [
    ...row.dkim.map((d) =>
      field('dkim', `${text(d.domain)}, selector ${text(d.selector)}: ${resultText(d.result)}`),
    ),
    ...row.spf.map((s) => field('spf', `${text(s.domain)}, scope ${text(s.scope)}: ${resultText(s.result)}`)),
  ];
  return [
    { name: 'row', fields: [field('source_ip', row.sourceIp), field('count', row.count)] },
    { name: 'policy_evaluated', fields: evaluated },
    {
      name: 'identifiers',
      fields: [
        field('header_from', row.headerFrom),
        field('envelope_from', row.envelopeFrom),
        field('envelope_to', row.envelopeTo),
      ],
    },
    { name: 'auth_results', fields: auth.length > 0 ? auth : [{ name: 'results', value: NOT_GIVEN }] },
    {
      name: 'report_metadata',
      fields: [
        field('org_name', row.reporter),
        field('report_id', row.reportId),
        field('date_range', `${utc(row.begin)} to ${utc(row.end)}`),
        field('policy_published', `domain ${text(row.policyDomain)}, p=${text(row.policyP)}`),
        field('file', row.file),
      ],
    },
  ];
}
