// RFC 5322 §3.6 and the IANA Permanent Message Header Field Names registry (RFC 3864): the field names mail
// systems write, so a paste of body text whose first line reads "Thanks: Bob" is not taken for a header section.

/** Registered and widely written header field names (lower case). */
const KNOWN_FIELDS = new Set([
  // RFC 5322 §3.6: origination, destination, identification, informational, trace and resent fields.
  'from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'message-id', 'in-reply-to', 'references', 'subject',
  'comments', 'keywords', 'date', 'received', 'return-path', 'resent-date', 'resent-from', 'resent-sender',
  'resent-to', 'resent-cc', 'resent-bcc', 'resent-message-id',
  // RFC 2045 / RFC 2183 / RFC 3282: MIME.
  'mime-version', 'content-type', 'content-transfer-encoding', 'content-id', 'content-description',
  'content-disposition', 'content-language',
  // Authentication: RFC 6376, RFC 8601, RFC 8617, RFC 7208 §9.1, BIMI.
  'dkim-signature', 'domainkey-signature', 'authentication-results', 'arc-seal', 'arc-message-signature',
  'arc-authentication-results', 'received-spf', 'bimi-selector', 'bimi-location', 'bimi-indicator',
  // RFC 2369, RFC 2919, RFC 8058: lists.
  'list-id', 'list-unsubscribe', 'list-unsubscribe-post', 'list-post', 'list-help', 'list-subscribe',
  'list-owner', 'list-archive', 'mailing-list', 'precedence',
  // Delivery and other registered or common fields.
  'delivered-to', 'envelope-to', 'auto-submitted', 'importance', 'priority', 'sensitivity', 'thread-topic',
  'thread-index', 'user-agent', 'organization', 'feedback-id', 'disposition-notification-to',
  'original-recipient', 'archived-at', 'autocrypt', 'tls-required', 'errors-to', 'return-receipt-to',
  'accept-language', 'expires', 'supersedes', 'require-recipient-valid-since', 'mt-priority',
]); // prettier-ignore

/** A field name mail systems write: a registered or common one, or an experimental "X-" field (RFC 822 §4.7.4). */
export function isHeaderFieldName(lname: string): boolean {
  return KNOWN_FIELDS.has(lname) || lname.startsWith('x-');
}

/**
 * A header section names at least one field mail systems write. Body text shaped like "Word: text" ("Thanks:
 * Bob", "Note: …") names none, so it is not analysed as headers.
 */
export function looksLikeHeaderSection(fields: ReadonlyArray<{ lname: string }>): boolean {
  return fields.some((f) => isHeaderFieldName(f.lname));
}
