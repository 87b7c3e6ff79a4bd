import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy, FORM_FRAME_PATH, frameContentSecurityPolicy } from '../../shared/content-security-policy';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/**
 * The opaque-origin form frame loads its module scripts and styles in CORS mode (Origin "null"), so
 * they need an Access-Control-Allow-Origin. A `*` on every asset let any web page read them and so
 * detect a running Identity Desk. Instead the frame's document is served with its asset URLs moved
 * under this prefix plus a per-launch key; only those URLs are CORS-readable. Another site cannot
 * learn the key: it cannot read the frame's document (no CORS on it) nor embed it (frame-ancestors).
 */
export const FRAME_ASSETS_PREFIX = '/frame-assets/';

export interface StaticOptions {
  /** The per-launch key of the frame's asset URLs. */
  frameKey: string;
}

const sameKey = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Serves the built renderer; unknown paths fall back to index.html so client routes survive reload.
 * `urlPath` is already percent-decoded (the caller answers 400 to a malformed encoding).
 */
export const serveStatic = (root: string, urlPath: string, res: ServerResponse, options: StaticOptions): void => {
  let frameAsset = false;
  let path = urlPath;
  if (path.startsWith(FRAME_ASSETS_PREFIX)) {
    const rest = path.slice(FRAME_ASSETS_PREFIX.length);
    const slash = rest.indexOf('/');
    if (slash === -1 || !sameKey(rest.slice(0, slash), options.frameKey)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end('Not found');
      return;
    }
    path = `/assets/${rest.slice(slash + 1)}`;
    frameAsset = true;
  }
  const relative = normalize(path).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(400).end();
    return;
  }
  if (frameAsset && (!relative.startsWith(`assets${sep}`) || !existsSync(file) || !statSync(file).isFile())) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end('Not found');
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The renderer is not built. Run `npm run build:renderer` (npm run serve does it for you).');
    return;
  }
  const isFrame = file === join(root, FORM_FRAME_PATH);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': isFrame ? frameContentSecurityPolicy() : contentSecurityPolicy({ connectSelf: true }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
    // No other site may even load these no-cors (a <script src> probe); the frame's keyed URLs are CORS reads.
    ...(frameAsset ? { 'access-control-allow-origin': '*' } : { 'cross-origin-resource-policy': 'same-origin' }),
  });
  if (isFrame) {
    res.end(readFileSync(file, 'utf8').replaceAll('"/assets/', `"${FRAME_ASSETS_PREFIX}${options.frameKey}/`));
    return;
  }
  createReadStream(file).pipe(res);
};
