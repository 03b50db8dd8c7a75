// DNS layer: the Resolver seam (DoH JSON shape), the DoH client, caching, decoding and zone fixtures.

export type { DohRecord, DohResponse, Resolver } from './types';
export { RR_TYPES, typeName, typeNumber, rcodeName } from './types';
export { DnsTransportError, describeDnsError, isAbortError, type DnsFailureCode } from './errors';
export {
  canonicalName,
  sameName,
  toAsciiName,
  toUnicodeName,
  displayName,
  parseDomainInput,
  MAX_LABEL_LENGTH,
  MAX_NAME_LENGTH,
} from './names';
export { decodeTxtData, encodeTxtPresentation, splitTxtOctets, type TxtData } from './txt';
export {
  lookup,
  interpretResponse,
  txtRecords,
  parseMxData,
  isNegative,
  describeLookup,
  type Lookup,
  type MxData,
} from './lookup';
export {
  DohClient,
  CLOUDFLARE,
  GOOGLE,
  type DohProvider,
  type DohClientOptions,
  type FetchLike,
} from './doh-client';
export { CachingResolver } from './caching-resolver';
export { QueryLog, summarizeQueries, formatQuerySummary, type QueryLogEntry } from './query-log';
export { countTrouble, dnsNotices, type DnsNotice, type DnsTroubleCounts } from './trouble';
export {
  providersFor,
  checkCustomUrl,
  describeProviderTest,
  isLoopbackHttp,
  providerTestQuestion,
  providerWords,
  DEFAULT_DNS_SETTINGS,
  type DnsSettings,
  type ProviderChoice,
} from './providers';
export {
  ZoneResolver,
  answerFromZone,
  mergeZones,
  type Zone,
  type ZoneNode,
  type ProviderStyle,
} from './zone';
