// DKIM (RFC 6376, RFC 8301, RFC 8463): signature and key parsing, verification and signing, selector discovery.

export {
  verifyDkim,
  signDkim,
  type DkimResult,
  type DkimVerification,
  type VerifyOptions,
  type SignOptions,
} from './verify';
export { prepareMessage, PreparedMessage } from './message';
export { BODY_SLICE_BYTES, type BodyHashOptions, type BodyHashProgress } from './body-hash';
export { parseDkimSignature, lintDkimSignature, type DkimSignature } from './signature';
export { parseDkimKeyRecord, type DkimKey, MIN_RSA_BITS, RECOMMENDED_RSA_BITS } from './key-record';
export { analyzeDkim, type DkimAnalysis, type SelectorResult } from './discover';
export { parseTagList } from '../syntax/tag-list';
