/**
 * The Content Security Policies both hosts serve (the desktop app's protocol handler and the web
 * host), and the path of the one document with its own policy, which the renderer frames. Pure
 * strings, so the hosts and the renderer share them from here.
 */

/**
 * The privileged window's policy: no eval, no inline script, nothing from the network. Schema
 * titles and trait values are attacker-controlled text, so a slip in rendering must find no
 * script to run. `connectSelf` is for the web host, whose API lives on the page's own origin.
 */
export const contentSecurityPolicy = ({ connectSelf }: { connectSelf: boolean }): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // Only our own documents may be framed: the sandboxed form frame (FORM_FRAME_PATH).
    "frame-src 'self'",
    `connect-src ${connectSelf ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    // Trusted Types: no string may reach a script sink (innerHTML, script src, eval), and no policy may
    // be made to launder one. React and CodeMirror render through DOM APIs only, so neither needs a policy.
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');

/** The one document served with `frameContentSecurityPolicy` instead of the window's policy. */
export const FORM_FRAME_PATH = '/form-frame.html';

/**
 * The form frame's policy. @rjsf/validator-ajv8 compiles schemas to code, so this document alone
 * allows `unsafe-eval`; the `sandbox` directive gives it an opaque origin even when opened
 * directly (no storage, no token, no cookies), `connect-src 'none'` keeps it off the API, and only
 * our own window may embed it.
 */
export const frameContentSecurityPolicy = (): string =>
  [
    "default-src 'none'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    'sandbox allow-scripts',
  ].join('; ');
