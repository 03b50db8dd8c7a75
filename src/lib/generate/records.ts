// Builders for the smaller records: TLS-RPT (RFC 8460), MTA-STS TXT and policy (RFC 8461), BIMI.

export interface TlsRptOptions {
  rua: string[];
}

export function generateTlsRpt(o: TlsRptOptions): string {
  return `v=TLSRPTv1; rua=${o.rua.join(',')}`;
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
