import { net, protocol } from 'electron';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, FORM_FRAME_PATH, frameContentSecurityPolicy } from '../../shared/content-security-policy';
import { APP_HOST, APP_SCHEME } from '../ipc/trusted-sender';

/** Must run before `app.ready`: a standard, secure scheme gives the window a real origin to check. */
export const registerAppScheme = (): void => {
  // corsEnabled: the form frame has an opaque origin, so its module scripts are CORS requests.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
};

/** Serves the built renderer on `app://identity-desk/` with the strict CSP on every response. */
export const serveAppScheme = (rendererDir: string): void => {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.hostname !== APP_HOST) return new Response('Not found', { status: 404 });
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    let file = join(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep)) return new Response('Bad request', { status: 400 });
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(rendererDir, 'index.html');
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    const isFrame = file === join(rendererDir, FORM_FRAME_PATH);
    headers.set('content-security-policy', isFrame ? frameContentSecurityPolicy() : contentSecurityPolicy({ connectSelf: false }));
    headers.set('x-content-type-options', 'nosniff');
    // The opaque-origin form frame fetches its module scripts in CORS mode (origin "null").
    if (relative.startsWith('assets/')) headers.set('access-control-allow-origin', '*');
    return new Response(response.body, { status: response.status, headers });
  });
};
