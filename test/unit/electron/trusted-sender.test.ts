import { describe, expect, it } from 'vitest';
import { isTrustedSender, type FrameLike } from '../../../electron/ipc/trusted-sender';

const top = (url: string): FrameLike => ({ url, parent: null });
const sub = (url: string): FrameLike => ({ url, parent: top('app://identity-desk/') });

describe('isTrustedSender', () => {
  it.each([
    ['the app root', top('app://identity-desk/')],
    ['a client route with a query', top('app://identity-desk/identities?q=alice')],
    ['a fragment', top('app://identity-desk/#x')],
  ])('trusts %s', (_name, frame) => expect(isTrustedSender(frame)).toBe(true));

  it.each<[string, FrameLike | null | undefined]>([
    ['a null frame (destroyed or navigated)', null],
    ['an undefined frame', undefined],
    ['a subframe of the app', sub('app://identity-desk/')],
    ['a subframe on a foreign origin', sub('https://evil.example/')],
    ['a foreign https origin', top('https://evil.example/')],
    ['loopback http', top('http://127.0.0.1:1234/')],
    ['a file: page', top('file:///etc/passwd')],
    ['a data: page', top('data:text/html,<script>1</script>')],
    ['devtools', top('devtools://devtools/bundled/inspector.html')],
    ['about:blank', top('about:blank')],
    ['a look-alike host', top('app://identity-desk.evil.example/')],
    ['a host prefix trick', top('app://identity-deskx/')],
    ['userinfo that looks like the host', top('app://identity-desk@evil.example/')],
    ['userinfo on our host', top('app://user:pass@identity-desk/')],
    ['an explicit port', top('app://identity-desk:8080/')],
    ['another scheme with our host', top('apps://identity-desk/')],
    ['javascript:', top('javascript:alert(1)')],
    ['an unparsable URL', top('not a url')],
    ['an empty URL', top('')],
    ['blob: from our origin', top('blob:app://identity-desk/0f7e')],
  ])('refuses %s', (_name, frame) => expect(isTrustedSender(frame)).toBe(false));
});
