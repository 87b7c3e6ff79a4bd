import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, frameContentSecurityPolicy } from '../../../shared/content-security-policy';

const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values]),
  );

describe('the privileged window CSP', () => {
  for (const connectSelf of [false, true]) {
    const policy = contentSecurityPolicy({ connectSelf });
    const map = directives(policy);

    it(`never allows eval or inline script (connectSelf=${connectSelf})`, () => {
      expect(policy).not.toContain('unsafe-eval');
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('wasm-unsafe-eval');
      expect(map.get('script-src')).toEqual(["'self'"]);
    });

    it(`defaults to nothing and forbids framing, plugins, base and forms (connectSelf=${connectSelf})`, () => {
      expect(map.get('default-src')).toEqual(["'none'"]);
      expect(map.get('object-src')).toEqual(["'none'"]);
      expect(map.get('base-uri')).toEqual(["'none'"]);
      expect(map.get('frame-ancestors')).toEqual(["'none'"]);
      expect(map.get('form-action')).toEqual(["'none'"]);
    });

    it(`enforces Trusted Types with no policy allowed (connectSelf=${connectSelf})`, () => {
      expect(map.get('require-trusted-types-for')).toEqual(["'script'"]);
      expect(map.get('trusted-types')).toEqual(["'none'"]);
    });
  }

  it('lets only the web host talk to its own origin', () => {
    expect(directives(contentSecurityPolicy({ connectSelf: false })).get('connect-src')).toEqual(["'none'"]);
    expect(directives(contentSecurityPolicy({ connectSelf: true })).get('connect-src')).toEqual(["'self'"]);
  });
});

describe('the form frame CSP', () => {
  const policy = frameContentSecurityPolicy();
  const map = directives(policy);

  it('allows eval for ajv in this document only, never inline script', () => {
    expect(map.get('script-src')).toEqual(["'self'", "'unsafe-eval'"]);
    expect(policy).not.toContain('unsafe-inline');
    for (const connectSelf of [false, true]) expect(contentSecurityPolicy({ connectSelf })).not.toContain('unsafe-eval');
  });

  it('is sandboxed to an opaque origin with no network and no API', () => {
    expect(map.get('sandbox')).toEqual(['allow-scripts']);
    expect(map.get('connect-src')).toEqual(["'none'"]);
    expect(map.get('default-src')).toEqual(["'none'"]);
    expect(map.get('form-action')).toEqual(["'none'"]);
    expect(map.get('frame-src')).toEqual(["'none'"]);
  });

  it('may be embedded by our own window only, and the window may frame only our own documents', () => {
    expect(map.get('frame-ancestors')).toEqual(["'self'"]);
    expect(directives(contentSecurityPolicy({ connectSelf: true })).get('frame-src')).toEqual(["'self'"]);
    expect(directives(contentSecurityPolicy({ connectSelf: false })).get('frame-src')).toEqual(["'self'"]);
  });
});
