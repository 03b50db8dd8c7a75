// Resource limits for reading report files. RFC 9990 §8 (security considerations) names zip and XML bombs; every
// cap below is counted, and a file that reaches one becomes an error entry that names the cap.

const MiB = 1024 * 1024;

/** One dropped file, as it arrives (compressed or not): a month of a large domain's reports fits well below. */
export const MAX_FILE_BYTES = 256 * MiB;

/** One decompressed member (a .gz, a zip entry): Google's largest daily reports are tens of MB. */
export const MAX_INFLATED_BYTES = 128 * MiB;

/** All decompressed bytes of one run (one drop) together: bounds the time a run can take, whatever the input. */
export const MAX_TOTAL_INFLATED_BYTES = 2048 * MiB;

/**
 * Output per compressed byte. Deflate tops out near 1032:1, which is what zip bombs use; real aggregate reports
 * reach about 100:1 (thousands of near-identical records), so the cap sits well between the two.
 */
export const MAX_EXPANSION_RATIO = 400;

/** The ratio is judged only past this much output: tiny files have noisy ratios and cost nothing. */
export const RATIO_GRACE_BYTES = 4 * MiB;

/** Compressed input fed to the native inflater per step, so a bomb is stopped within ~16 MB of output. */
export const INFLATE_SLICE_BYTES = 16 * 1024;

/** Entries of one zip archive (a folder of a year of reports zipped together stays below). */
export const MAX_ZIP_MEMBERS = 10_000;

/** Containers inside containers (zip in eml in zip …): real mail needs two or three levels. */
export const MAX_CONTAINER_DEPTH = 5;

/** XML element nesting: an aggregate report is six levels deep; deep nesting only serves to exhaust memory. */
export const MAX_XML_DEPTH = 64;

/** Characters kept of one XML text value (a comment or human_result); longer values are cut with a warning. */
export const MAX_XML_VALUE_CHARS = 16 * 1024;

/** Records of one aggregate report (a 128 MB report holds about 300,000). */
export const MAX_RECORDS_PER_REPORT = 1_000_000;

/**
 * Records held at once, every drop together: they stay in memory for the views, about 700 bytes each (700 MB at
 * the cap).
 */
export const MAX_TOTAL_RECORDS = 1_000_000;

/** RFC 9990 §3.2: at most 100 DKIM results per row; SPF results and reasons are held to the same count. */
export const MAX_AUTH_RESULTS_PER_RECORD = 100;

/** Reports held at once, every drop together (skipped duplicates do not count). */
export const MAX_REPORTS = 200_000;

/** Messages in one mbox file (a mailbox export of report mail). */
export const MAX_MBOX_MESSAGES = 100_000;

/** One TLS-RPT JSON document (RFC 8460 reports are small; a large one is a few MB). */
export const MAX_JSON_BYTES = 64 * MiB;

/** RFC 8460 §4.4 sets no limit on policies or failure details; these keep a hostile array from filling memory. */
export const MAX_TLS_POLICIES = 10_000;
export const MAX_TLS_FAILURE_DETAILS = 100_000;

/** The original headers kept from one failure report (RFC 6591 §3: headers, and sometimes the whole message). */
export const MAX_ORIGINAL_HEADERS_CHARS = 256 * 1024;

/** Reports read with repairs that the read summary names one by one; the rest are counted. */
export const MAX_WARNED_LISTED = 20;

/**
 * Files and members that could not be read, listed one by one; the rest are counted. Past the report cap every
 * further report is an error (an mbox of 100,000 reports would list 100,000), and every entry is carried to the next
 * drop and rendered on the page's main thread.
 */
export const MAX_ERRORS_LISTED = 100;
