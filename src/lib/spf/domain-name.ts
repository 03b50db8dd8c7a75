// RFC 7208 §4.3: which names check_host() can evaluate.

/** RFC 1035 §2.3.4 limits: a name of at most 253 octets in labels of 1–63. */
const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** RFC 7208 §4.3: a domain check_host() can evaluate (multi-label, labels 1–63, not an address literal). */
export function isEvaluableDomain(domain: string): boolean {
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || name.startsWith('[')) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  return labels.every((l) => l.length > 0 && l.length <= MAX_LABEL_LENGTH);
}
