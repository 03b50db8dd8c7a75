// Builders for the smaller records: TLS-RPT (RFC 8460), MTA-STS TXT and policy (RFC 8461), BIMI; and reading a
// published or pasted record back into a form leniently, so a broken value is shown and fixed rather than lost.

import { scanTags } from '../syntax/tag-list';

export interface TlsRptOptions {
  rua: string[];
}

export function generateTlsRpt(o: TlsRptOptions): string {
  return `v=TLSRPTv1; rua=${o.rua.join(',')}`;
}

/** The tags of a record as written (RFC 8460 §3 and BIMI are tag=value lists); tags after a syntax error are lost. */
function recordTags(text: string): Map<string, string> {
  return scanTags(text.trim().replace(/^"|"$/g, ''), { lowerCaseNames: true, duplicates: 'keep-first' }).map;
}

/** RFC 8460 §3: rua is a comma-separated list of URIs. Every URI is kept, valid or not, for the parser to judge. */
export function tlsRptOptionsFromRecord(text: string): TlsRptOptions {
  const rua = recordTags(text).get('rua') ?? '';
  return {
    rua: rua
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
  };
}

export interface MtaStsOptions {
  mode: 'enforce' | 'testing' | 'none';
  mx: string[];
  maxAge: number;
  /** 1–32 letters or digits; change it with every policy update. */
  id: string;
}

/** A fresh policy id from the clock: YYYYMMDDhhmmss (RFC 8461 §3.1 allows 1–32 alphanumerics). */
export function freshStsId(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** RFC 8461 §3.2 mx patterns as typed (one per line, or commas): lower-cased, without the root's final dot. */
export function mtaStsMxList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase().replace(/\.$/, ''))
    .filter(Boolean);
}

export function generateMtaStsTxt(o: MtaStsOptions): string {
  return `v=STSv1; id=${o.id};`;
}

/** RFC 8461 §3.2: the policy file, CRLF line ends. */
export function generateMtaStsPolicy(o: MtaStsOptions): string {
  return [
    'version: STSv1',
    `mode: ${o.mode}`,
    ...o.mx.map((m) => `mx: ${m}`),
    `max_age: ${o.maxAge}`,
    '',
  ].join('\r\n');
}

export interface BimiOptions {
  logo: string;
  authority: string;
  avp?: 'brand' | 'personal';
  lps?: string;
}

export function generateBimi(o: BimiOptions): string {
  const parts = ['v=BIMI1', `l=${o.logo}`, `a=${o.authority}`];
  if (o.avp) parts.push(`avp=${o.avp}`);
  if (o.lps) parts.push(`lps=${o.lps}`);
  return `${parts.join('; ')};`;
}

/** A BIMI record's l=, a= and avp= as published; an avp that is neither brand nor personal is left unset. */
export function bimiOptionsFromRecord(text: string): BimiOptions {
  const tags = recordTags(text);
  const options: BimiOptions = { logo: tags.get('l') ?? '', authority: tags.get('a') ?? '' };
  const avp = tags.get('avp')?.toLowerCase();
  if (avp === 'brand' || avp === 'personal') options.avp = avp;
  return options;
}
