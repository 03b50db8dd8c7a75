// RFC 7208: every SPF limit this library enforces or warns at, each with its source. Views read them from the
// analysis result (`SpfAnalysis.limits`), never from their own copies.

/** RFC 7208 §4.6.4: at most 10 terms that cause DNS queries (include a mx ptr exists redirect) per evaluation. */
export const MAX_DNS_LOOKUPS = 10;
/** RFC 7208 §4.6.4: at most 2 void lookups (NODATA or NXDOMAIN answers); the third is a permerror. */
export const MAX_VOID_LOOKUPS = 2;
/** RFC 7208 §4.6.4: an mx mechanism may look up the addresses of at most 10 MX names. */
export const MAX_MX_NAMES = 10;
/** RFC 7208 §4.6.4: ptr and %{p} check the addresses of at most 10 PTR names. */
export const MAX_PTR_NAMES = 10;
/** RFC 7208 §4.6.4 allows 10; from 8 on, one more provider include (or one added inside theirs) tips it over. */
export const LOOKUP_WARNING_AT = 8;
/** RFC 7208 §3.4: an SPF answer should fit one 512-octet UDP DNS message. */
export const UDP_ANSWER_LIMIT = 512;
/** RFC 7208 §3.4: warn at 450 octets of record text, leaving room for the rest of the answer. */
export const RECORD_SIZE_WARNING = 450;
/** Input cap (RFC 7208 sets none): no SPF record is anywhere near this long; longer text is refused unscanned. */
export const MAX_RECORD_LENGTH = 65_536;
/** Analysis cap (receivers stop at 10 lookups, RFC 7208 §4.6.4): a tree past 60 records is not followed further. */
export const MAX_TREE_NODES = 60;

/** The limits a view shows next to the counts (meters, "over the limit" marks). */
export interface SpfLimits {
  /** MAX_DNS_LOOKUPS */
  lookups: number;
  /** LOOKUP_WARNING_AT: the count from which the lookup meter warns. */
  warnAt: number;
  /** MAX_VOID_LOOKUPS */
  voidLookups: number;
}

export const SPF_LIMITS: Readonly<SpfLimits> = Object.freeze({
  lookups: MAX_DNS_LOOKUPS,
  warnAt: LOOKUP_WARNING_AT,
  voidLookups: MAX_VOID_LOOKUPS,
});
