import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createValidationEngine } from '../../../electron/services/validation/index';
import { DerivedPanel } from '../../../renderer/features/identity-browser/DerivedPanel';
import { DerivedView } from '../../../renderer/features/schema-editor/DerivedView';
import { schemaWithTraits } from '../../fixtures/hostile-data';

/**
 * Issue 17 §10: the identity view's derived panel and the schema editor's "try it" view warn under an identifier or
 * address with invisible, bidi-control or mixed-script characters. Real engine output, rendered to markup.
 */
const schema = schemaWithTraits({ username: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } } });
const engine = createValidationEngine();
const derive = (traits: unknown) => engine.compile(schema).validate({ traits }, 'kratos-v26');
const warnings = (html: string) => [...html.matchAll(/data-warnings="([^"]*)"/g)].map((m) => m[1]);

describe('identifier warnings in the views', () => {
  it('DerivedPanel warns under the homoglyph e-mail (identifier, verifiable and recovery) and the zero-width username', () => {
    const html = renderToStaticMarkup(<DerivedPanel derived={derive({ email: 'p\u0430ypal@example.com', username: 'ad\u200bmin' })} pending={false} />);
    expect(warnings(html).sort()).toEqual(['identifier/invisible', 'identifier/mixed-script', 'identifier/mixed-script', 'identifier/mixed-script']);
    expect(html).toContain('ad⟨U+200B⟩min');
  });

  it('DerivedView (try it) warns the same way, and not at all for ordinary traits', () => {
    expect(warnings(renderToStaticMarkup(<DerivedView result={derive({ email: 'user\u202e@example.com' })} heading="kratos-v26" />))).toContain('identifier/bidi-control');
    expect(warnings(renderToStaticMarkup(<DerivedView result={derive({ email: 'alice@example.com', username: 'alice' })} heading="kratos-v26" />))).toEqual([]);
  });
});
