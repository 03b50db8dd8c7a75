import { describe, expect, it } from 'vitest';
import { bimiNotes, MIN_ENFORCE_MAX_AGE, mtaStsNotes } from './draft-notes';

describe('generator notes', () => {
  it('MTA-STS: a short max_age is worth a note only in enforce mode', () => {
    const base = { mx: ['mx.example.com'], id: '1' };
    expect(mtaStsNotes({ ...base, mode: 'enforce', maxAge: 86_400 }).map((i) => i.code)).toEqual([
      'mtasts-short-max-age',
    ]);
    expect(mtaStsNotes({ ...base, mode: 'enforce', maxAge: MIN_ENFORCE_MAX_AGE })).toEqual([]);
    expect(mtaStsNotes({ ...base, mode: 'testing', maxAge: 86_400 })).toEqual([]);
  });

  it('BIMI: a logo without a certificate gets a warning; declining (both empty) does not', () => {
    expect(bimiNotes({ logo: 'https://e.example/l.svg', authority: '' })[0]).toMatchObject({
      severity: 'warning',
      code: 'bimi-no-certificate',
      tag: 'a',
    });
    expect(bimiNotes({ logo: '', authority: '' })).toEqual([]);
    expect(bimiNotes({ logo: 'https://e.example/l.svg', authority: 'https://e.example/v.pem' })).toEqual([]);
  });
});
