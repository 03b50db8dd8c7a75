// RFC 7208 §4.6.1 and Appendix A: one term of a record — a mechanism with its qualifier, or a modifier.

import { MECHANISMS } from './grammar';
import { clip, describeChar, spfIssue } from './issue';
import { parseMacroString } from './macro';
import { parseDomainSpec, parseMechanismArgs } from './mechanism-args';
import type { Mechanism, MechanismName, Modifier, Qualifier, SpfIssue, Term } from './types';

/** RFC 7208 §6 / Appendix A: modifier = name "=" macro-string; name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) */
function parseModifier(
  text: string,
  start: number,
  rawName: string,
  nameEnd: number,
  qualified: boolean,
  errors: SpfIssue[],
  notes: SpfIssue[],
): Modifier | null {
  const end = start + text.length;
  const fail = (code: 'qualified-modifier' | 'empty-modifier' | 'bad-modifier', message: string) => {
    errors.push(spfIssue('error', code, message, start, end));
    return null;
  };
  if (qualified)
    return fail('qualified-modifier', `“${clip(text)}”: a modifier cannot have a qualifier (${text[0]}).`);
  if (rawName === '') return fail('empty-modifier', `“${clip(text)}”: the name before “=” is missing.`);
  if (!/^[A-Za-z]/.test(rawName))
    return fail('bad-modifier', `“${clip(text)}”: a modifier name must start with a letter.`);
  const name = rawName.toLowerCase();
  const value = text.slice(nameEnd + 1);
  const modifier: Modifier = { kind: 'modifier', name, value, macro: null, start, end, text };
  if (name === 'redirect' || name === 'exp') {
    // RFC 7208 §6.1, §6.2: both take a domain-spec.
    if (value === '') {
      errors.push(spfIssue('error', 'empty-domain', `“${clip(text)}”: ${name}= needs a domain.`, start, end));
      return null;
    }
    modifier.macro = parseDomainSpec(value, start + nameEnd + 1, modifier, errors);
    return modifier.macro ? modifier : null;
  }
  const parsed = parseMacroString(value, 'domain');
  if (!parsed.ok) {
    errors.push(spfIssue('error', 'bad-macro', `In “${clip(text)}”: ${parsed.error}`, start, end));
    return null;
  }
  modifier.macro = parsed.tokens;
  // RFC 7208 §6: unknown modifiers are ignored.
  notes.push(
    spfIssue(
      'info',
      'unknown-modifier',
      `“${name}=” is not an SPF modifier; receivers ignore it.`,
      start,
      end,
      'Remove it unless another tool needs it.',
    ),
  );
  return modifier;
}

/** A hint for a name that is not a mechanism but looks like a common slip. */
function unknownMechanismHint(rawName: string): string | undefined {
  const lower = rawName.toLowerCase();
  if (lower === 'redirect' || lower === 'exp') return `${rawName} is a modifier: write ${lower}=domain.`;
  if (/^ip[46]?$/i.test(rawName) || lower === 'ipv4' || lower === 'ipv6')
    return 'Write ip4:192.0.2.1 or ip6:2001:db8::1.';
  return undefined;
}

/**
 * Parse one space-free term starting at `start` in the record. Errors go to `errors`, notes to `notes`; a term
 * with an error gives null.
 */
export function parseTerm(text: string, start: number, errors: SpfIssue[], notes: SpfIssue[]): Term | null {
  const end = start + text.length;
  // RFC 7208 §4.6.1: terms are separated by spaces and made of visible ASCII.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) {
      errors.push(
        spfIssue(
          'error',
          'bad-character',
          `“${clip(text).replace(/[\x00-\x1f\x7f]/g, '·')}” contains ${describeChar(text[i]!)}; terms are separated by single spaces only.`,
          start + i,
          start + i + 1,
        ),
      );
      return null;
    }
  }
  let i = 0;
  let qualifier: Qualifier = '+';
  const first = text[0]!;
  if (first === '+' || first === '-' || first === '~' || first === '?') {
    qualifier = first;
    i = 1;
  }
  let nameEnd = i;
  while (nameEnd < text.length && /[A-Za-z0-9_.-]/.test(text[nameEnd]!)) nameEnd++;
  const rawName = text.slice(i, nameEnd);
  if (text[nameEnd] === '=') return parseModifier(text, start, rawName, nameEnd, i > 0, errors, notes);
  const name = rawName.toLowerCase() as MechanismName;
  if (!MECHANISMS.includes(name)) {
    errors.push(
      spfIssue(
        'error',
        'unknown-mechanism',
        rawName === ''
          ? `“${clip(text)}” is not a mechanism or modifier.`
          : `“${rawName}” is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists).`,
        start,
        end,
        unknownMechanismHint(rawName),
      ),
    );
    return null;
  }
  const mech: Mechanism = {
    kind: 'mechanism',
    name,
    qualifier,
    domainSpec: null,
    macro: null,
    network: null,
    cidr4: null,
    cidr6: null,
    start,
    end,
    text,
  };
  const before = errors.length;
  parseMechanismArgs(name, text.slice(nameEnd), start + nameEnd, mech, errors);
  return errors.length === before ? mech : null;
}
