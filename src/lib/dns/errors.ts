// Transport failures of a DNS query: these are "could not ask", never "no record".

export type DnsFailureCode =
  | 'timeout' // no answer within the time limit
  | 'network' // fetch rejected: offline, DNS of the DoH host failed, CORS, TLS
  | 'http' // the DoH endpoint answered with an HTTP error status
  | 'bad-response' // the endpoint answered with something that is not DoH JSON
  | 'aborted' // the caller cancelled the query
  | 'invalid-name' // the name cannot be asked at all (too long, empty label)
  | 'query-limit'; // the check already asked as many questions as it may (query-budget.ts)

export class DnsTransportError extends Error {
  override readonly name = 'DnsTransportError';
  readonly code: DnsFailureCode;
  /** Which provider(s) failed, for messages such as "Cloudflare and Google did not answer". */
  readonly providers: readonly string[];
  readonly httpStatus: number | undefined;
  /** Asking again gives the same failure (a limit the question meets every time), unlike a timeout or an outage. */
  readonly lasting: boolean;

  constructor(
    code: DnsFailureCode,
    message: string,
    options: { providers?: readonly string[]; httpStatus?: number; cause?: unknown; lasting?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.providers = options.providers ?? [];
    this.httpStatus = options.httpStatus;
    this.lasting = options.lasting ?? false;
  }
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof DnsTransportError && error.code === 'aborted') ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
  );
}

/** A short, plain description of why a query failed, for any error a Resolver may reject with. */
export function describeDnsError(error: unknown): {
  code: DnsFailureCode;
  message: string;
  lasting: boolean;
} {
  if (error instanceof DnsTransportError)
    return { code: error.code, message: error.message, lasting: error.lasting };
  if (isAbortError(error)) return { code: 'aborted', message: 'The query was cancelled.', lasting: false };
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'network', message: text || 'The DNS query failed.', lasting: false };
}
