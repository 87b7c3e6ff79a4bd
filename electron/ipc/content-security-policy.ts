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
    `connect-src ${connectSelf ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
