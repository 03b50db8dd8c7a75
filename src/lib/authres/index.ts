// Authentication-Results (RFC 8601, RFC 8616): the field parser shared by header analysis and ARC.

export {
  parseAuthenticationResults,
  type AuthResParse,
  type AuthResResult,
  type AuthResProperty,
  type AuthResOptions,
} from './parse';
export { MAX_AUTHRES_LENGTH, MAX_COMMENT_DEPTH } from './scanner';
export { RESULT_NAMES, PTYPES } from './result-names';
