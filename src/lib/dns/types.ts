// DNS-over-HTTPS JSON message shape (Google / Cloudflare "application/dns-json") and the Resolver seam.

export interface DohRecord {
  name: string;
  type: number;
  TTL: number;
  data: string;
}

export interface DohResponse {
  /** RCODE: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED … */
  Status: number;
  TC?: boolean;
  RD?: boolean;
  RA?: boolean;
  AD?: boolean;
  CD?: boolean;
  Question?: Array<{ name: string; type: number }>;
  /** May hold CNAME records (type 5) before the target's records. */
  Answer?: DohRecord[];
  Authority?: DohRecord[];
  Additional?: DohRecord[];
  Comment?: string | string[];
}

export interface Resolver {
  /**
   * Ask for `name` / `type` (the mnemonic: 'A', 'TXT', …). Rejects with an Error on transport failure or
   * timeout; never resolves such a failure as "no records".
   */
  query(name: string, type: string, signal?: AbortSignal): Promise<DohResponse>;
}

/** RFC 1035 §3.2.2 and later registries: the record types this tool asks for. */
export const RR_TYPES = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SPF: 99,
  DS: 43,
  RRSIG: 46,
  DNSKEY: 48,
  TLSA: 52,
  HTTPS: 65,
  CAA: 257,
} as const;

export type RrTypeName = keyof typeof RR_TYPES;

export function typeNumber(type: string): number | null {
  const upper = type.toUpperCase();
  if (upper in RR_TYPES) return RR_TYPES[upper as RrTypeName];
  // RFC 3597 §5: TYPEnnn
  const m = /^TYPE(\d{1,5})$/.exec(upper);
  if (m) {
    const n = Number(m[1]);
    return n <= 65535 ? n : null;
  }
  return null;
}

export function typeName(type: number): string {
  for (const [name, value] of Object.entries(RR_TYPES)) if (value === type) return name;
  return `TYPE${type}`;
}

/** RFC 1035 §4.1.1 and RFC 6895 §2.3: response codes by number. */
export const RCODE_NAMES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
};

export function rcodeName(status: number): string {
  return RCODE_NAMES[status] ?? `RCODE${status}`;
}
