import { describe, expect, it } from 'vitest';
import { generateSpf, spfOptionsFromRecord, termValueText, type SpfTermOption } from './spf';

describe('termValueText', () => {
  const t = (o: Partial<SpfTermOption>): SpfTermOption => ({
    qualifier: '+',
    mechanism: 'ip4',
    value: '',
    ...o,
  });

  it('is the text after “mechanism:” that the term editor shows, prefix lengths included', () => {
    expect(termValueText(t({ value: '192.0.2.0', cidr4: 24 }))).toBe('192.0.2.0/24');
    expect(termValueText(t({ mechanism: 'ip6', value: '2001:db8::', cidr6: 32 }))).toBe('2001:db8::/32');
    expect(termValueText(t({ mechanism: 'a', value: 'h.example', cidr4: 24, cidr6: 64 }))).toBe(
      'h.example/24//64',
    );
    expect(termValueText(t({ mechanism: 'mx', cidr6: 64 }))).toBe('//64');
    // RFC 7208 §5.2: include takes no prefix length.
    expect(termValueText(t({ mechanism: 'include', value: '_spf.example', cidr4: 24 }))).toBe('_spf.example');
  });

  it('every imported term shows as the text that generates the same term again', () => {
    const record = 'v=spf1 a/24 mx:m.example//64 ip4:192.0.2.1 ip6:2001:db8::/48 ~include:x.example -all';
    const imported = spfOptionsFromRecord(record);
    if (!imported.ok) throw new Error('must parse');
    const terms = imported.options.terms.map((term) => ({
      qualifier: term.qualifier,
      mechanism: term.mechanism,
      value: termValueText(term),
    }));
    expect(generateSpf({ ...imported.options, terms })).toBe(record);
  });
});
