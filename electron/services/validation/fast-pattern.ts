/**
 * RE2 (re2js) is the reference engine for `pattern`, but it costs ~0.6 µs per test, which dominates validating a
 * million identities. For a narrow, common subset both engines provably agree and native backtracking stays
 * linear, so a native RegExp is used instead:
 * - anchored with `^` … `$` (one start position; `$` means end of text in both Go and JS without flags);
 * - ASCII literals, `\d` `\w` `\D` `\W` (ASCII in both), escaped punctuation, and bracket classes of those;
 * - no groups, alternation, `.`, `\s` (Unicode in JS, ASCII in Go), flags or lazy quantifiers;
 * - at most one variable quantifier (`*`, `+`, `?`, `{n,m}`), so a failed match backtracks at most n times.
 * Everything else runs on RE2. The pattern has already passed RE2 compilation at this point.
 */
const LITERAL = /[A-Za-z0-9 !"#%&',\-/:;<=>@_`~]/;
const ESCAPED = /[dDwW.\-+*?^$()[\]{}|\\/]/;

const readClass = (p: string, i: number): number => {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') return -1;
  while (j < p.length && p[j] !== ']') {
    const c = p[j] as string;
    if (c === '\\') {
      if (!ESCAPED.test(p[j + 1] ?? '')) return -1;
      j += 2;
    } else if (c === '[' || c.charCodeAt(0) > 0x7e || c.charCodeAt(0) < 0x20) return -1;
    else j++;
  }
  return j < p.length ? j + 1 : -1;
};

/** Index after a quantifier at `i` (or `i` if none) and whether it is variable; -1 when unsupported. */
const readQuantifier = (p: string, i: number): [number, boolean] | null => {
  const c = p[i];
  if (c === '*' || c === '+' || c === '?') return p[i + 1] === '?' || p[i + 1] === '+' ? null : [i + 1, true];
  if (c !== '{') return [i, false];
  const m = /^\{(\d{1,3})(,(\d{0,3}))?\}/.exec(p.slice(i));
  if (!m) return null;
  const end = i + m[0].length;
  if (p[end] === '?' || p[end] === '+') return null;
  const variable = m[2] !== undefined && m[3] !== m[1];
  return [end, variable];
};

export const nativeEquivalent = (pattern: string): RegExp | null => {
  if (pattern.length < 2 || pattern[0] !== '^' || !pattern.endsWith('$') || pattern.endsWith('\\$')) return null;
  const body = pattern.slice(1, -1);
  let variable = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    let next: number;
    if (c === '[') next = readClass(body, i);
    else if (c === '\\') next = ESCAPED.test(body[i + 1] ?? '') ? i + 2 : -1;
    else next = LITERAL.test(c) ? i + 1 : -1;
    if (next < 0) return null;
    const q = readQuantifier(body, next);
    if (q === null) return null;
    if (q[1] && ++variable > 1) return null;
    i = q[0];
  }
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
};
