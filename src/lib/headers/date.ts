// RFC 5322 §3.3 dates, plus the forms real Received headers use (ISO-like SendGrid dates, fractional seconds,
// no offset, Go's monotonic "m=+…" suffix, M/D/YYYY with AM/PM).

export interface ParsedDate {
  /** Milliseconds since the epoch (UTC). */
  epoch: number;
  /** The writer's UTC offset in minutes, as stated (0 when assumed). */
  offsetMinutes: number;
  /** No zone was given; UTC was assumed. */
  assumedUtc: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
/** RFC 5322 §4.3 obsolete zones. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return null;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const named = ZONES[zone.toLowerCase()];
  return named ?? null;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number | null,
): ParsedDate | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const year = y < 50 ? 2000 + y : y < 100 ? 1900 + y : y;
  const epoch = Date.UTC(year, mo, d, h, mi, s, ms) - (offset ?? 0) * 60_000;
  return Number.isFinite(epoch) ? { epoch, offsetMinutes: offset ?? 0, assumedUtc: offset === null } : null;
}

/** The RFC 5322 and ISO layouts below capture the time the same way: hours, minutes, seconds, fraction, zone (4–8). */
function buildWithTime(m: RegExpExecArray, year: number, month: number, day: number): ParsedDate | null {
  const ms = Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0'));
  return build(year, month, day, Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms, zoneOffset(m[8]));
}

/** Parse a date as found in Date: and Received: fields; null when it cannot be read. */
export function parseMailDate(input: string): ParsedDate | null {
  // Drop comments such as "(PDT)" and Go's monotonic clock reading.
  const text = input
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\bm=[+-][\d.]+/, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > 200) return null;
  // RFC 5322: [day ","] DD Mon YYYY HH:MM[:SS[.frac]] zone
  let m =
    /(?:[a-z]{3},?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?/i.exec(
      text,
    );
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) return null;
    return buildWithTime(m, Number(m[3]), month, Number(m[1]));
  }
  // ISO-like: 2018-04-22 02:54:17.028704749 +0000 UTC, or 2018-04-22T02:54:17Z
  m = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?/i.exec(
    text,
  );
  if (m) return buildWithTime(m, Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // US style: 4/22/2018 2:54:17 AM
  m = /(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?\s*([+-]\d{2}:?\d{2})?/i.exec(
    text,
  );
  if (m) {
    let hour = Number(m[4]);
    if (m[7]?.toUpperCase() === 'PM' && hour < 12) hour += 12;
    if (m[7]?.toUpperCase() === 'AM' && hour === 12) hour = 0;
    return build(
      Number(m[3]),
      Number(m[1]) - 1,
      Number(m[2]),
      hour,
      Number(m[5]),
      Number(m[6] ?? 0),
      0,
      zoneOffset(m[8]),
    );
  }
  return null;
}

/** "3 s", "2 min 5 s", "1 h 4 min", "2 d 3 h". */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}
