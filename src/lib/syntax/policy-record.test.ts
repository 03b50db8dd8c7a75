import { describe, expect, it } from 'vitest';
import { fieldIssues, scanPolicyRecord, tagObject } from './policy-record';

describe('scanPolicyRecord', () => {
  it('reads every field with its position, after a bad one too', () => {
    const text = 'v=X1; bad ;; a = 1 ; a=2;';
    const scan = scanPolicyRecord(text, { lowerCaseNames: true });
    expect(
      scan.fields.map((f) => [f.problem, f.tag?.name ?? null, f.repeated, text.slice(f.start, f.end)]),
    ).toEqual([
      [null, 'v', false, 'v=X1'],
      ['syntax', null, false, 'bad'],
      ['empty', null, false, ''],
      [null, 'a', false, 'a = 1'],
      [null, 'a', true, 'a=2'],
    ]);
    expect(scan.map.get('a')).toBe('1');
    const a = scan.fields[3]!.tag!;
    expect(text.slice(a.valueStart, a.valueEnd)).toBe('1');
  });

  it('words the field problems in the grammar’s terms', () => {
    const scan = scanPolicyRecord('v=1;; x; v=2');
    const codes = { empty: 'empty', syntax: 'syntax', repeated: 'again' } as const;
    expect(fieldIssues(scan.fields, codes, 'field').map((i) => `${i.code}: ${i.message}`)).toEqual([
      'empty: Two “;” in a row: a field is missing between them.',
      'syntax: “x” is not a key=value field.',
      'again: The field “v” appears twice.',
    ]);
  });

  it('keeps names such as constructor as own properties of a null-prototype object', () => {
    const tags = tagObject(
      new Map([
        ['constructor', 'x'],
        ['__proto__', 'y'],
      ]),
    );
    expect(Object.getPrototypeOf(tags)).toBeNull();
    expect(Object.keys(tags)).toEqual(['constructor', '__proto__']);
  });
});
