// SPF record builder: ordered terms and the all qualifier, round-tripping through parseSpf.

import type { Issue } from '../findings/issue';
import { parseSpf, spfErrors, type MechanismName, type Qualifier } from '../spf';

export interface SpfTermOption {
  qualifier: Qualifier;
  mechanism: Exclude<MechanismName, 'all'>;
  /** Domain (a, mx, include, exists, ptr) or address (ip4, ip6); "" for a bare a/mx/ptr. */
  value: string;
  cidr4?: number;
  cidr6?: number;
}

export interface SpfOptions {
  terms: SpfTermOption[];
  /** The all qualifier, or null for no all (then redirect usually applies). */
  all: Qualifier | null;
  redirect: string | null;
  exp: string | null;
}

export { mailFromAdvice, misplacedIncludeNotes, SPF_PRESETS, type SpfPreset } from './spf-presets';

/**
 * What follows the mechanism name and ":" in a term: the domain or address with its prefix lengths. RFC 7208 §5.6:
 * ip4 takes an IPv4 prefix, ip6 an IPv6 one; §5.3/§5.4: a and mx take both (`a:host/24//64`); the others none.
 * The generator's term editor shows and edits exactly this text.
 */
export function termValueText(t: SpfTermOption): string {
  let s = t.value;
  if (t.mechanism === 'ip4' && t.cidr4 !== undefined) s += `/${t.cidr4}`;
  else if (t.mechanism === 'ip6' && t.cidr6 !== undefined) s += `/${t.cidr6}`;
  else if (t.mechanism === 'a' || t.mechanism === 'mx') {
    if (t.cidr4 !== undefined) s += `/${t.cidr4}`;
    if (t.cidr6 !== undefined) s += `//${t.cidr6}`;
  }
  return s;
}

function termText(t: SpfTermOption): string {
  const q = t.qualifier === '+' ? '' : t.qualifier;
  const value = termValueText(t);
  // A bare a/mx with a prefix length is written a/24, not a:/24.
  if (value === '') return `${q}${t.mechanism}`;
  return `${q}${t.mechanism}${value.startsWith('/') ? value : `:${value}`}`;
}

export function generateSpf(o: SpfOptions): string {
  const parts = ['v=spf1', ...o.terms.map(termText)];
  if (o.redirect) parts.push(`redirect=${o.redirect}`);
  if (o.exp) parts.push(`exp=${o.exp}`);
  if (o.all) parts.push(`${o.all === '+' ? '+' : o.all}all`);
  return parts.join(' ');
}

/** The issues about each part of the record generateSpf builds, so the editor marks the field: by where the issue
 * starts in the text (parser and lint issues) or by the term it names (the live check's findings). */
export interface SpfFieldIssues<I> {
  /** One list per term, in order. */
  terms: I[][];
  redirect: I[];
  exp: I[];
  all: I[];
}

export function spfFieldIssues<I extends Issue>(o: SpfOptions, issues: readonly I[]): SpfFieldIssues<I> {
  let start = 'v=spf1 '.length;
  /** The issues about the next part of the record, written as `text`. */
  const next = (text: string | null): I[] => {
    if (text === null) return [];
    const [from, to] = [start, start + text.length];
    start = to + 1;
    return issues.filter(
      (i) =>
        (i.start !== undefined && i.start >= from && i.start < to) ||
        i.tag?.toLowerCase() === text.toLowerCase(),
    );
  };
  // The order generateSpf writes them in.
  const terms = o.terms.map((t) => next(termText(t)));
  const redirect = next(o.redirect ? `redirect=${o.redirect}` : null);
  const exp = next(o.exp ? `exp=${o.exp}` : null);
  const all = next(o.all ? `${o.all}all` : null);
  return { terms, redirect, exp, all };
}

/** Options from an existing record. What the editor cannot hold is left out and listed: `dropped` as written,
 * `notes` saying why each went (a second record pasted after the first, terms after "all", unknown modifiers). */
export function spfOptionsFromRecord(
  text: string,
): { ok: true; options: SpfOptions; dropped: string[]; notes: string[] } | { ok: false; errors: string[] } {
  const parsed = parseSpf(text.trim());
  if (!parsed.ok) return { ok: false, errors: spfErrors(parsed).map((e) => e.message) };
  const options: SpfOptions = { terms: [], all: null, redirect: null, exp: null };
  const dropped: string[] = [];
  const notes: string[] = [];
  const terms = parsed.record.terms;
  for (const [i, term] of terms.entries()) {
    if (term.kind === 'modifier' && term.name === 'v') {
      // RFC 7208 §3.2: one record per domain. "v=spf1 …" again is a second record pasted after the first.
      const rest = terms.slice(i).map((t) => t.text);
      dropped.push(...rest);
      notes.push(
        `“${rest.join(' ')}” is a second SPF record pasted after the first and was left out: a domain publishes one, so add the terms you need to this one.`,
      );
      break;
    }
    if (term.kind === 'modifier') {
      if (term.name === 'redirect') options.redirect = term.value;
      else if (term.name === 'exp') options.exp = term.value;
      else {
        dropped.push(term.text);
        notes.push(`“${term.text}” is not a modifier receivers use and was left out.`);
      }
      continue;
    }
    if (options.all !== null) {
      dropped.push(term.text);
      notes.push(`“${term.text}” comes after “all”, so receivers never read it; it was left out.`);
      continue;
    }
    if (term.name === 'all') {
      options.all = term.qualifier;
      continue;
    }
    const value =
      term.name === 'ip4' || term.name === 'ip6'
        ? term.text.slice(term.text.indexOf(':') + 1).split('/')[0]!
        : (term.domainSpec ?? '');
    const option: SpfTermOption = { qualifier: term.qualifier, mechanism: term.name, value };
    if (term.cidr4 !== null) option.cidr4 = term.cidr4;
    if (term.cidr6 !== null) option.cidr6 = term.cidr6;
    options.terms.push(option);
  }
  return { ok: true, options, dropped, notes };
}

const LENIENT_TERM = /^([+\-~?]?)(include|ip4|ip6|a|mx|exists|ptr)(?:[:/](.*))?$/i;

/**
 * A draft as the editor last held it (from a shared link), even when it does not parse: each term is kept as
 * typed so the person sees and fixes it rather than losing it. Valid records give the same as spfOptionsFromRecord.
 */
export function spfDraftFromText(text: string): SpfOptions {
  const strict = spfOptionsFromRecord(text);
  if (strict.ok) return strict.options;
  const options: SpfOptions = { terms: [], all: null, redirect: null, exp: null };
  for (const token of text.trim().split(/\s+/).slice(1)) {
    const all = /^([+\-~?]?)all$/i.exec(token);
    const modifier = /^(redirect|exp)=(.*)$/i.exec(token);
    const term = LENIENT_TERM.exec(token);
    if (all) options.all = (all[1] || '+') as Qualifier;
    else if (modifier) options[modifier[1]!.toLowerCase() as 'redirect' | 'exp'] = modifier[2]!;
    else if (term) {
      const slash = token.slice(term[1]!.length + term[2]!.length).startsWith('/');
      options.terms.push({
        qualifier: (term[1] || '+') as Qualifier,
        mechanism: term[2]!.toLowerCase() as SpfTermOption['mechanism'],
        value: slash ? `/${term[3] ?? ''}` : (term[3] ?? ''),
      });
    }
    // Anything else cannot be shown as a term; it is left out rather than turned into something it was not.
  }
  return options;
}
