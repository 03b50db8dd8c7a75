// Header analysis: tolerant header splitting, RFC 2047, Received hops, Authentication-Results, DKIM-Signature,
// ARC, alignment and the verdict.

// The Authentication-Results parser lives in lib/authres (ARC reads it too); CONTRACT.md names it here.
export * from '../authres';
export { analyzeHeaders, MAX_INPUT_CHARS } from './analyze';
export type {
  AnalyzeHeadersOptions,
  HeaderAnalysis,
  Hop,
  Summary,
  SignatureInfo,
  ReceiverResults,
  DecodedValue,
} from './types';
export { type AlignmentRow, type DmarcPolicyHint, type Verdict } from './alignment';
export { computeAlignment } from './verdict';
export { verdictHeadline } from './verdict-headline';
export {
  verdictWithVerification,
  type VerifiedSignature,
  type VerifiedVerdictInput,
} from './verified-verdict';
export { splitHeaders, decodeMessageBytes, type HeaderField } from './split';
export { decodeEncodedWords } from './rfc2047';
export { parseReceived, type Received } from './received';
export { parseMailDate, formatDuration } from './date';
export { parseAddressList, type Mailbox } from './address';
export { visibleControls } from './text';
export { explainCompauth } from './compauth';
export { classifyAuthResults, type AuthResField, type Trust } from './trust';
