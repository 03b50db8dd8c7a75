// ARC (RFC 8617): chain structure and cryptographic validation.

export { verifyArc, type ArcResult, type ArcVerification, type ArcVerifyOptions } from './verify';
export { analyzeArcStructure, MAX_ARC_SETS, type ArcSet, type ArcStructure } from './structure';
// The prepared message verifyArc and verifyDkim share (read once, body hashed once per canonicalization).
export { prepareMessage, PreparedMessage } from '../dkim/message';
