import { describe, expect, it } from 'vitest';
import { identifierWarnings, revealIdentifier } from '../../../shared/kratos/identifier-warnings';

/** Issue 17 §10: identifiers that are not what they look like. */
const ids = (value: string) => identifierWarnings(value).map((w) => w.id);

describe('identifierWarnings', () => {
  it('says nothing about ordinary identifiers in one script, with accents, or in CJK combinations', () => {
    for (const ok of ['alice@example.com', 'müller@example.de', 'josé.núñez@example.es', 'иван@пример.рф', 'γιώργος@παράδειγμα.gr', '山田太郎@example.jp', 'やまだタロウ123', '김민준@example.kr', 'cafe\u0301', '+49 176 1234567', 'user_name-1']) {
      expect(identifierWarnings(ok), ok).toEqual([]);
    }
  });

  it('flags a Cyrillic letter inside a Latin label (homoglyph) and names it', () => {
    const [w] = identifierWarnings('p\u0430ypal@example.com');
    expect(w).toMatchObject({ id: 'identifier/mixed-script', kind: 'mixed-script', codePoints: ['U+0430'] });
    expect(w?.message).toContain('Latin and Cyrillic');
    expect(ids('\u03bfpen@example.com')).toEqual(['identifier/mixed-script']);
    expect(ids('admin@ex\u0430mple.com')).toEqual(['identifier/mixed-script']);
  });

  it('flags invisible characters: zero-width space, soft hyphen, BOM, tag characters, no-break space', () => {
    for (const c of ['\u200b', '\u00ad', '\ufeff', '\u{e0061}', '\u00a0', '\u2060', '\u200d']) {
      const [w] = identifierWarnings(`ad${c}min@example.com`);
      expect(w?.id, JSON.stringify(c)).toBe('identifier/invisible');
      expect(w?.codePoints).toEqual([`U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`]);
    }
  });

  it('flags bidi controls separately from other invisible characters', () => {
    expect(ids('user\u202emoc.live@example.com')).toEqual(['identifier/bidi-control']);
    expect(ids('a\u2066b\u200bc')).toEqual(['identifier/bidi-control', 'identifier/invisible']);
  });

  it('spells out hidden characters', () => {
    expect(revealIdentifier('ad\u200bmin')).toBe('ad⟨U+200B⟩min');
    expect(revealIdentifier('alice')).toBe('alice');
  });
});
