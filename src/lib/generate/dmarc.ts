// DMARC record builder (RFC 9989 tags, RFC 7489 historic ones marked), round-tripping through parseDmarcRecord.

import { reportAuthorizationName } from '../dmarc/authorization';
import { parseDmarcRecord, type DmarcParse, type DmarcRequest } from '../dmarc/parse';

export { reportUriList } from './report-uris';

export interface DmarcOptions {
  p?: DmarcRequest;
  sp?: DmarcRequest;
  np?: DmarcRequest;
  adkim?: 'r' | 's';
  aspf?: 'r' | 's';
  rua: string[];
  ruf: string[];
  fo?: string[];
  psd?: 'y' | 'n' | 'u';
  t?: 'y' | 'n';
  /** Historic (RFC 7489 only). */
  pct?: number;
  rf?: string[];
  ri?: number;
}

/** The order tags are written in: p first (RFC 7489 receivers require it), then the rest. */
const ORDER = ['p', 'sp', 'np', 'adkim', 'aspf', 'pct', 'fo', 'rua', 'ruf', 'rf', 'ri', 'psd', 't'] as const;

export function generateDmarc(o: DmarcOptions): string {
  const parts = ['v=DMARC1'];
  for (const tag of ORDER) {
    const v = o[tag];
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      parts.push(`${tag}=${v.join(tag === 'rua' || tag === 'ruf' ? ',' : ':')}`);
    } else parts.push(`${tag}=${v}`);
  }
  return `${parts.join('; ')};`;
}

/** Options from an existing record (only the tags it has). Unknown tags are dropped, with a note. */
export function dmarcOptionsFromRecord(
  text: string,
):
  | { ok: true; options: DmarcOptions; dropped: string[]; parse: DmarcParse }
  | { ok: false; parse: DmarcParse } {
  const parse = parseDmarcRecord(text.trim());
  if (!parse.ok && !parse.tags.v) return { ok: false, parse };
  const t = parse.tags;
  const list = (v: string | undefined, sep: string) =>
    v === undefined
      ? []
      : v
          .split(sep)
          .map((s) => s.trim())
          .filter(Boolean);
  const options: DmarcOptions = { rua: list(t.rua, ','), ruf: list(t.ruf, ',') };
  const lower = (v: string | undefined) => v?.trim().toLowerCase();
  if (t.p !== undefined) options.p = lower(t.p) as DmarcRequest;
  if (t.sp !== undefined) options.sp = lower(t.sp) as DmarcRequest;
  if (t.np !== undefined) options.np = lower(t.np) as DmarcRequest;
  if (t.adkim !== undefined) options.adkim = lower(t.adkim) as 'r' | 's';
  if (t.aspf !== undefined) options.aspf = lower(t.aspf) as 'r' | 's';
  if (t.fo !== undefined) options.fo = list(t.fo, ':');
  if (t.psd !== undefined) options.psd = lower(t.psd) as 'y' | 'n' | 'u';
  if (t.t !== undefined) options.t = lower(t.t) as 'y' | 'n';
  if (t.pct !== undefined && /^\d+$/.test(t.pct)) options.pct = Number(t.pct);
  if (t.rf !== undefined) options.rf = list(t.rf, ':');
  if (t.ri !== undefined && /^\d+$/.test(t.ri)) options.ri = Number(t.ri);
  const known = new Set(['v', ...ORDER]);
  return { ok: true, options, dropped: Object.keys(t).filter((k) => !known.has(k)), parse };
}

/**
 * The authorization record a report destination in another organization must publish (RFC 9990 §3); policyDomain is
 * where the DMARC record is published (or found, when it is inherited).
 */
export function reportAuthorizationRecord(
  policyDomain: string,
  destinationDomain: string,
): { name: string; value: string } {
  return { name: reportAuthorizationName(policyDomain, destinationDomain), value: 'v=DMARC1;' };
}
